#pragma once
// Which user names a store accepts. A user name becomes a directory name in
// the SQLite backend, so every backend refuses what could leave the data
// directory or hide a file.
#include <string_view>

#include "util/result.h"

namespace petrel::store {

// Non-empty, at most 255 bytes, no "/", "\" or control characters, not
// starting with ".". InvalidArgument otherwise.
Result<void> validate_user_name(std::string_view user);

}  // namespace petrel::store
