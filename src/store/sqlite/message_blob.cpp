#include "store/sqlite/message_blob.h"

namespace petrel::store::sqlite {

Result<BlobHandle> open_message_blob(Connection& db, MailboxId mailbox, Uid uid) {
  auto stmt = db.prepare("SELECT content_id FROM message WHERE mailbox_id = ? AND uid = ?");
  if (!stmt) return stmt.error();
  auto row = stmt->bind_all(mailbox, uid).step();
  if (!row) return row.error();
  if (!*row) return Error{"no such message", ErrorCode::NotFound};
  int64_t content_id = stmt->int64(0);
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db.handle(), "main", "content", "data", content_id, 0, &blob);
  BlobHandle handle(blob, sqlite3_blob_close);  // closed on every way out
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(db.handle(), rc, "open message bytes");
    if (rc == SQLITE_ERROR) error.code = ErrorCode::Corrupt;
    return error;
  }
  return handle;
}

}  // namespace petrel::store::sqlite
