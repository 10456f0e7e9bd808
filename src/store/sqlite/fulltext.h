#pragma once
// The full-text index: an FTS5 table with the trigram tokenizer holding each
// content row's SearchText (store/search_text.h), keyed by content id. The
// texts are casefolded before they are indexed and the tokenizer is case
// sensitive, so a phrase query for a folded string of three or more
// characters finds exactly the rows whose folded text contains it: a
// substring search that reads only index pages. A trigger drops a content
// row's entry with the row.
#include <optional>
#include <string_view>

#include "store/message.h"
#include "store/sqlite/connection.h"
#include "store/uid_set.h"

namespace petrel::store::sqlite {

// The schema step that adds the index (schema version 2) and fills it.
Result<void> create_fulltext_index(Connection& db);

// Indexes one content row.
Result<void> index_content(Connection& db, int64_t content_id, const SearchText& text);

// Empties the index and indexes every content row again.
Result<void> rebuild_fulltext_index(Connection& db);

// The UIDs of `mailbox` whose `field` contains `folded`; nullopt when the
// string is too short for trigrams (under three characters). Exact for every
// field but Header: a trigram phrase query on the folded text is a substring
// test on the very strings text_contains() reads (HEADER name value wants
// the string in one named field, the index only knows the whole header).
Result<std::optional<TextCandidates>> fulltext_candidates(Connection& db, MailboxId mailbox,
                                                          TextField field, std::string_view folded);

// The column list of the index in SearchText order, for fetch().
inline constexpr const char* kFulltextColumns =
    "f.subject, f.addr_from, f.addr_to, f.addr_cc, f.addr_bcc, f.body, f.header";

}  // namespace petrel::store::sqlite
