#include "store/user_name.h"

#include <algorithm>

namespace petrel::store {

Result<void> validate_user_name(std::string_view user) {
  bool ok = !user.empty() && user.size() <= 255 && user[0] != '.' &&
            std::none_of(user.begin(), user.end(), [](char c) {
              return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
            });
  if (!ok) return Error{"invalid user name", ErrorCode::InvalidArgument};
  return Ok{};
}

}  // namespace petrel::store
