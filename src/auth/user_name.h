#pragma once
// The rules for user names, kept in one place so that the CLI, the server and
// the users file all agree on what a name is.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::auth {

// Returns the canonical form of a user name, or nullopt when it is invalid.
// A valid name has 1..64 characters from [A-Za-z0-9._@+-] and does not start
// with '.'. Names are case-insensitive: the canonical form is lowercase, so
// "Alice" and "alice" are the same user (IMAP clients and people are careless
// about case; two accounts differing only in case would be a trap).
std::optional<std::string> normalize_user_name(std::string_view name);

}  // namespace petrel::auth
