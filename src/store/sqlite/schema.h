#pragma once
// The per-user database schema, versioned with PRAGMA user_version.
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

inline constexpr int kSchemaVersion = 9;

// Brings the database to kSchemaVersion inside one write transaction: a new
// database gets the schema, the per-user salt and UIDVALIDITY seed, and the
// default mailboxes; an older one runs each migration step in turn. A
// database newer than this program is refused (Corrupt) rather than guessed
// at. Sets the connection pragmas (WAL, synchronous=FULL, foreign keys).
Result<void> prepare_database(Connection& db);

// Per-connection settings for readers; `mmap_size` bytes of the file are
// read through a memory map (0: none).
Result<void> configure_reader(Connection& db, uint64_t mmap_size);

}  // namespace petrel::store::sqlite
