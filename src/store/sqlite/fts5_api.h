#pragma once
// Registers a custom FTS5 tokenizer on a connection, through SQLite's FTS5
// API of that connection.
#include <sqlite3.h>

#include "util/result.h"

namespace petrel::store::sqlite {

Result<void> register_fts5_tokenizer(sqlite3* db, const char* name, fts5_tokenizer tokenizer);

}  // namespace petrel::store::sqlite
