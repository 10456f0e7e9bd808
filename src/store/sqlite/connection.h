#pragma once
// Small RAII wrappers over the SQLite C API: a connection that caches its
// prepared statements, and a statement handle that resets itself when it
// goes out of scope, so a cached statement is always ready for reuse.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "util/result.h"

namespace petrel::store::sqlite {

// An Error for a failed SQLite call, with the ErrorCode callers map to IMAP
// response codes (BUSY -> Busy, CORRUPT -> Corrupt, the rest -> Io).
Error sqlite_error(sqlite3* db, int rc, std::string_view what);

// One use of a cached prepared statement. Bindings are 1-based like SQLite's.
// Text and blobs are bound without copying: they must outlive the use.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, uint32_t value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, uint64_t value) { return bind(index, static_cast<int64_t>(value)); }
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  // Binds every argument in order, from index 1.
  template <class... Args>
  Statement& bind_all(const Args&... args) {
    int index = 0;
    (bind(++index, args), ...);
    return *this;
  }

  // Rewinds for another run with new bindings.
  void reset() { sqlite3_reset(stmt_); }
  // Advances: true with a row to read, false when done.
  Result<bool> step();
  // Runs to completion, ignoring rows.
  Result<void> run();

  int64_t int64(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  // Valid until the next step.
  std::string_view text(int column) const;
  std::string string(int column) const { return std::string(text(column)); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if asked) the database at `path` for use by one thread
  // at a time, with a busy timeout so another process's lock is waited for.
  static Result<Connection> open(const std::filesystem::path& path, bool create);
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // The cached statement for `sql`, prepared on first use. A statement must
  // not be used twice at once (no nesting of the same SQL).
  Result<Statement> prepare(const std::string& sql);
  // Runs one or more statements without caching (pragmas, BEGIN, schema).
  Result<void> exec(const char* sql);
  // The single integer a query like "PRAGMA user_version" returns.
  Result<int64_t> query_int(const std::string& sql);

  int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
  int changes() const { return sqlite3_changes(db_); }
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }
  sqlite3* handle() const { return db_; }
  // Finalizes the cached statements and closes; the last connection to
  // close checkpoints and removes the WAL file.
  void close();

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace petrel::store::sqlite
