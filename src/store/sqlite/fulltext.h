#pragma once
// The full-text index: an FTS5 table holding each content row's SearchText
// (store/search_text.h), keyed by content id, indexed by the distinct
// trigrams of each text (trigram_set.h). The texts are casefolded before
// they are indexed and the tokenizer is case sensitive, so the rows holding
// every trigram of a folded string of three or more characters include
// every row whose folded text contains it: candidates that SEARCH then
// checks exactly, reading only index pages to find them. A trigger drops a
// content row's entry with the row.
#include <optional>
#include <string_view>

#include "store/message.h"
#include "store/sqlite/connection.h"
#include "store/uid_set.h"

namespace petrel::store::sqlite {

// The schema step that adds the index (schema version 2) and fills it.
Result<void> create_fulltext_index(Connection& db);

// The schema step (version 5) that moves an index of the older form
// (positional trigrams) to the distinct-trigram form; nothing when it has it.
Result<void> upgrade_fulltext_index(Connection& db);

// Indexes one content row.
Result<void> index_content(Connection& db, int64_t content_id, const SearchText& text);

// Builds the index anew (the table too) from every content row.
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
