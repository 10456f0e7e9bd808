#pragma once
// Message bytes and the parse results stored once per message content: the
// `content` table, shared by every copy of a message.
#include <cstdint>

#include "store/message.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// Stores the bytes and parse results of `message` and assigns its THREADID
// (see thread_links()). Returns the content id, which is also its EMAILID.
// Without `index_text` the full-text entry is left to index_backlog()
// (fulltext_backlog.h), which the caller must note_unindexed().
Result<int64_t> insert_content(Connection& db, const NewMessage& message, bool index_text = true);

// The column names of HeaderFields in `content`, in the order
// header_columns() lists them, and the matching members.
struct HeaderColumn {
  const char* raw;
  const char* text;
  HeaderText HeaderFields::*member;
};
const std::vector<HeaderColumn>& header_columns();

}  // namespace petrel::store::sqlite
