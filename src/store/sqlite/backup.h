#pragma once
// Online backup of one user database: a consistent copy taken while the
// server keeps reading and writing (WAL lets a reader's snapshot coexist
// with the writer), written with VACUUM INTO so the copy is compact and a
// plain rollback-journal file that any SQLite can open.
#include <filesystem>

#include "util/result.h"

namespace petrel::store::sqlite {

// Copies the database at `source` to `destination` (which must not exist),
// then fsyncs it. Busy errors are retried for a few seconds.
Result<void> backup_database(const std::filesystem::path& source,
                             const std::filesystem::path& destination);

}  // namespace petrel::store::sqlite
