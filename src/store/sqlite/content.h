#pragma once
// Message bytes and the parse results stored once per message content: the
// `content` table, shared by every copy of a message.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/message.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// Stores the bytes and parse results of `message` and assigns its THREADID
// (see thread_links()). Returns the content id, which is also its EMAILID.
// The full-text entry is left to index_backlog() (fulltext_backlog.h): the
// caller must note_unindexed() the first id it stores.
Result<int64_t> insert_content(Connection& db, const NewMessage& message);

// The thread of the oldest of `links` (thread_links()) already known, or 0
// for a new thread.
Result<int64_t> known_thread(Connection& db, const std::vector<std::string>& links);

// The column names of HeaderFields in `content`, in the order
// header_columns() lists them, and the matching members.
struct HeaderColumn {
  const char* raw;
  const char* text;
  HeaderText HeaderFields::*member;
};
const std::vector<HeaderColumn>& header_columns();

// The columns of `content` search_text_of_row() reads (the decoded header
// fields, then `data`), each name after `prefix` ("c." or "").
std::string search_text_columns(std::string_view prefix);

// The SearchText of the content row `stmt` is on, with the columns of
// search_text_columns() from `first`: the strings the full-text index holds.
// The body text is derived from the message bytes (a MIME parse per row;
// `body_text`, written until schema version 7, is not read).
SearchText search_text_of_row(const Statement& stmt, int first);

}  // namespace petrel::store::sqlite
