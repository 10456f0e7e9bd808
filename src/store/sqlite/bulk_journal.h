#pragma once
// Journal mode for bulk loads (`petrel import`).
//
// In WAL mode every page is written twice: to the WAL at commit, and again
// into the database at checkpoint. A rollback journal holds only the old
// contents of pages a transaction changes; pages appended past the end of
// the file (nearly all of an import: message bytes) are written once. With
// synchronous=FULL it is as durable as WAL, but readers wait for a commit,
// so it is only for a store no server is using: SQLite refuses to leave
// WAL while another connection has the database open, and a server that
// opens the store meanwhile switches it back to WAL (prepare_database()),
// which the importer then follows on its next transaction.
#include <filesystem>

#include "store/sqlite/connection.h"
#include "util/result.h"

namespace petrel::store::sqlite {

// Switches `db` (just prepared, in WAL mode) to a rollback journal. Returns
// false, leaving WAL, when another connection has the database open.
Result<bool> enter_bulk_journal(Connection& db);

// Puts the database back in WAL mode; call once every connection of this
// store is closed. A store left in rollback mode (the importer was killed)
// is switched back by the next prepare_database() anyway.
Result<void> leave_bulk_journal(const std::filesystem::path& db_path);

}  // namespace petrel::store::sqlite
