#pragma once
// SQLite's FTS5 API of a connection, which custom tokenizers register with.
#include <sqlite3.h>

#include "util/result.h"

namespace petrel::store::sqlite {

Result<fts5_api*> fts5_api_of(sqlite3* db);

}  // namespace petrel::store::sqlite
