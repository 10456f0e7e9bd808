#pragma once
// The full-text index: an FTS5 table holding each content row's SearchText
// (store/search_text.h), keyed by content id, indexed by the runs of word
// and separator characters of each text and their suffixes, with positions
// (word_tokens.h). The texts are casefolded before they are indexed, so a
// phrase query of a folded string of three or more characters finds
// exactly the rows whose folded text contains it, reading only index
// pages. Entries are written after delivery (fulltext_backlog.h). A
// trigger drops a content row's entry with the row.
#include <optional>
#include <string_view>

#include "store/message.h"
#include "store/sqlite/connection.h"
#include "store/uid_set.h"

namespace petrel::store::sqlite {

// An empty index of the current form (a new table, dropping any old one,
// which also mends damaged pages), every content row in the backlog for
// index_backlog() to fill: the schema step that adds the index (schema
// version 2), and the start of petrel check --reindex.
Result<void> create_fulltext_index(Connection& db);

// The schema step (versions 5, 6 and 9) that replaces an index of an older
// form with an empty one of the current form, every content row in the
// backlog; nothing when it has the current form.
Result<void> upgrade_fulltext_index(Connection& db);

// Indexes one content row.
Result<void> index_content(Connection& db, int64_t content_id, const SearchText& text);

// The UIDs of `mailbox` whose `field` contains `folded`; nullopt when the
// string is under three characters. Exact for every field but Header, and
// for strings without a run too long for a token (words_answer_exactly()):
// the phrase query on the folded text is a substring test on the very
// strings text_contains() reads (HEADER name value wants the string in one
// named field, the index only knows the whole header).
Result<std::optional<TextCandidates>> fulltext_candidates(Connection& db, MailboxId mailbox,
                                                          TextField field, std::string_view folded);

// The column list of the index in SearchText order, for fetch().
inline constexpr const char* kFulltextColumns =
    "f.subject, f.addr_from, f.addr_to, f.addr_cc, f.addr_bcc, f.body, f.header";

}  // namespace petrel::store::sqlite
