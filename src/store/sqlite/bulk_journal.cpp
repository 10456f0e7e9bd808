#include "store/sqlite/bulk_journal.h"

#include <string>

namespace petrel::store::sqlite {
namespace {

// PRAGMA journal_mode answers with the mode in force afterwards: the old one
// when it could not change.
Result<std::string> set_journal_mode(Connection& db, const char* mode) {
  auto pragma = db.prepare(std::string("PRAGMA journal_mode = ") + mode);
  if (!pragma) return pragma.error();
  auto row = pragma->step();
  if (!row) return row.error();
  if (!*row) return Error{"PRAGMA journal_mode returned no row", ErrorCode::Io};
  return pragma->string(0);
}

}  // namespace

Result<bool> enter_bulk_journal(Connection& db) {
  // TRUNCATE rather than DELETE: the journal is emptied at each commit
  // instead of being created and unlinked again.
  auto mode = set_journal_mode(db, "TRUNCATE");
  if (!mode) {
    if (mode.error().code == ErrorCode::Busy) return false;  // another process has it open
    return mode.error();
  }
  return *mode == "truncate";
}

Result<void> leave_bulk_journal(const std::filesystem::path& db_path) {
  auto db = Connection::open(db_path, false);
  if (!db) return db.error();
  auto mode = set_journal_mode(*db, "WAL");
  if (!mode) return mode.error();
  if (*mode != "wal") return Error{"could not return " + db_path.string() + " to WAL mode"};
  return Ok{};
}

}  // namespace petrel::store::sqlite
