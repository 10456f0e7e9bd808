#include "auth/user_name.h"

namespace petrel::auth {

namespace {

constexpr size_t kMaxNameLength = 64;

bool allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '@' || c == '+' || c == '-';
}

}  // namespace

std::optional<std::string> normalize_user_name(std::string_view name) {
  // A leading '.' is refused because names may become directory names in a
  // store, where ".", ".." and hidden files are trouble.
  if (name.empty() || name.size() > kMaxNameLength || name.front() == '.') return std::nullopt;
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (!allowed(c)) return std::nullopt;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace petrel::auth
