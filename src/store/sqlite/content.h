#pragma once
// Message bytes and the parse results stored once per message content: the
// `content` table, shared by every copy of a message.
#include <cstdint>

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

}  // namespace petrel::store::sqlite
