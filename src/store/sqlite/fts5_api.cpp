#include "store/sqlite/fts5_api.h"

#include <string>

namespace petrel::store::sqlite {

Result<void> register_fts5_tokenizer(sqlite3* db, const char* name, fts5_tokenizer tokenizer) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK || api == nullptr) return Error{"this SQLite has no FTS5", ErrorCode::Io};
  if (api->xCreateTokenizer(api, name, nullptr, &tokenizer, nullptr) != SQLITE_OK) {
    return Error{std::string("cannot register the tokenizer ") + name, ErrorCode::Io};
  }
  return Ok{};
}

}  // namespace petrel::store::sqlite
