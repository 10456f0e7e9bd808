#pragma once
// A read handle on a message's bytes (the `data` column of its content
// row), for read_message() and read_message_pieces(). Incremental blob I/O
// reads only the pages of the range asked for, so 100 bytes of a 20 MB
// message cost a few pages, not 20 MB.
#include <sqlite3.h>

#include <memory>

#include "store/sqlite/connection.h"
#include "store/types.h"

namespace petrel::store::sqlite {

using BlobHandle = std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)>;

// NotFound when the message does not exist; Corrupt when its row exists but
// its bytes do not (damage for check()).
Result<BlobHandle> open_message_blob(Connection& db, MailboxId mailbox, Uid uid);

}  // namespace petrel::store::sqlite
