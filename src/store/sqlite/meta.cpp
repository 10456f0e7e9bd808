#include "store/sqlite/meta.h"

namespace petrel::store::sqlite {

Result<std::optional<int64_t>> read_meta(Connection& db, const char* key) {
  auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?");
  if (!stmt) return stmt.error();
  auto row = stmt->bind(1, key).step();
  if (!row) return row.error();
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(stmt->int64(0));
}

Result<void> write_meta(Connection& db, const char* key, int64_t value) {
  auto stmt = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = ?2");
  if (!stmt) return stmt.error();
  return stmt->bind_all(key, value).run();
}

Result<void> erase_meta(Connection& db, const char* key) {
  auto stmt = db.prepare("DELETE FROM meta WHERE key = ?");
  if (!stmt) return stmt.error();
  return stmt->bind(1, key).run();
}

}  // namespace petrel::store::sqlite
