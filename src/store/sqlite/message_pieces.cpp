// UserStore::read_message_pieces for SQLite: one incremental blob handle
// read from start to end. A message's bytes are a chain of overflow pages;
// a blob handle opened at an offset must walk the chain from its start to
// get there, so reading a large message piece by piece with a fresh handle
// (read_message per piece) costs time quadratic in its size. One handle
// walks it once.
#include <sqlite3.h>

#include <algorithm>
#include <memory>

#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {

Result<uint64_t> SqliteUserStore::read_message_pieces(MailboxId mailbox, Uid uid, uint64_t offset,
                                                      uint64_t length, std::size_t piece_size,
                                                      const PieceSink& sink) {
  auto lease = read();
  if (!lease) return lease.error();
  Connection& db = lease->db();
  int64_t content_id = 0;
  {
    auto stmt = db.prepare("SELECT content_id FROM message WHERE mailbox_id = ? AND uid = ?");
    if (!stmt) return stmt.error();
    auto row = stmt->bind_all(mailbox, uid).step();
    if (!row) return row.error();
    if (!*row) return Error{"no such message", ErrorCode::NotFound};
    content_id = stmt->int64(0);
  }
  sqlite3_blob* blob = nullptr;
  int rc = sqlite3_blob_open(db.handle(), "main", "content", "data", content_id, 0, &blob);
  // Closes the handle on every way out.
  std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)> handle(blob, sqlite3_blob_close);
  if (rc != SQLITE_OK) {
    Error error = sqlite_error(db.handle(), rc, "open message bytes");
    // The message row exists but its bytes do not: damage for check().
    if (rc == SQLITE_ERROR) error.code = ErrorCode::Corrupt;
    return error;
  }
  const auto size = static_cast<uint64_t>(sqlite3_blob_bytes(blob));
  if (offset >= size) return uint64_t{0};
  const uint64_t total = std::min(length, size - offset);
  const std::size_t step =
      static_cast<std::size_t>(std::min<uint64_t>(std::max<std::size_t>(piece_size, 1), total));
  auto buffer = std::make_unique_for_overwrite<char[]>(step);
  uint64_t done = 0;
  while (done < total) {
    const auto n = static_cast<std::size_t>(std::min<uint64_t>(step, total - done));
    rc =
        sqlite3_blob_read(blob, buffer.get(), static_cast<int>(n), static_cast<int>(offset + done));
    if (rc != SQLITE_OK) return sqlite_error(db.handle(), rc, "read message bytes");
    if (!sink(total, std::span<char>(buffer.get(), n))) break;
    done += n;
  }
  return done;
}

}  // namespace petrel::store::sqlite
