#pragma once
// The content_summary table (schema version 7): what a FETCH of message
// metadata reads per message (THREADID, ENVELOPE, BODY, BODYSTRUCTURE, the
// part tree of BODY[section], PREVIEW), keyed by content id, apart from the
// wide `content` rows. In `content` these columns shared a row with the
// message bytes, so each row spilled into overflow pages scattered through
// a file of gigabytes, and a full sync of a cold store read a few pages per
// message at random. Here a row is a few hundred bytes and the rows of
// messages delivered together lie in the same pages.
//
// The step that adds the table copies the columns out of `content` and
// leaves the old copies there (rewriting every row would rewrite every
// message's bytes); nothing reads them any more, and new rows store ''.
// A trigger drops a content row's summary with the row.
#include <cstdint>
#include <string>
#include <string_view>

#include "store/message.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// CREATE TABLE for a table of content_summary's form named `name`.
std::string summary_table_sql(std::string_view name);

// The trigger that drops a content row's summary with the row.
extern const char* const kSummaryDeleteTrigger;

// content_summary's columns in order, for statements that copy rows.
inline constexpr const char* kSummaryColumns =
    "content_id, thread_id, envelope, bodystructure, body, preview, part_tree";

// The schema step that adds the table (version 7) and fills it from
// `content`, in the caller's transaction.
Result<void> create_summary_table(Connection& db);

// Stores the summary of content row `content_id` (its THREADID `thread_id`).
Result<void> insert_summary(Connection& db, int64_t content_id, int64_t thread_id,
                            const ParsedMessage& parsed);

// Derives the summary of content row `content_id` from its bytes again, for
// a row whose summary is missing (petrel check --repair): the one place the
// store parses a message itself, with the default MIME limits. The thread
// is the one its message-ids already name, else a thread of its own.
Result<void> rebuild_summary(Connection& db, int64_t content_id);

}  // namespace petrel::store::sqlite
