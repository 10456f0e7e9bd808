#pragma once
// The `meta` table: small integer values a store keeps by key (schema
// salt, the full-text backlog's start, the summary layout's progress).
#include <cstdint>
#include <optional>

#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// The value at `key`; nullopt when there is none.
Result<std::optional<int64_t>> read_meta(Connection& db, const char* key);

// Sets the value at `key`, adding the key when missing.
Result<void> write_meta(Connection& db, const char* key, int64_t value);

// Removes `key` (nothing when there is none).
Result<void> erase_meta(Connection& db, const char* key);

}  // namespace petrel::store::sqlite
