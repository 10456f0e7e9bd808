#include "store/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace petrel::store::sqlite {
namespace {

Result<void> sync_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"cannot open " + path.string(), ErrorCode::Io};
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Error{"cannot sync " + path.string(), ErrorCode::Io};
  return Ok{};
}

}  // namespace

Result<void> backup_database(const std::filesystem::path& source,
                             const std::filesystem::path& destination) {
  sqlite3* db = nullptr;
  // Read-write open without writing: a read-only connection could not
  // recover the WAL index if the server is not running.
  int rc =
      sqlite3_open_v2(source.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error{"cannot open " + source.string() + ": " + why, ErrorCode::Io};
  }
  sqlite3_busy_timeout(db, 10000);
  sqlite3_stmt* stmt = nullptr;
  rc = sqlite3_prepare_v2(db, "VACUUM INTO ?", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(stmt, 1, destination.c_str(), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(stmt);
  }
  std::string why = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  if (rc != SQLITE_DONE) {
    return Error{"cannot back up " + source.string() + ": " + why, ErrorCode::Io};
  }
  return sync_file(destination);
}

}  // namespace petrel::store::sqlite
