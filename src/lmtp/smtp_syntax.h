#pragma once
// The argument syntax of MAIL FROM and RCPT TO (RFC 5321 4.1.2):
// "FROM:<path> [SP param[=value]]...". Lenient where real MTAs are (a space
// after the colon, no brackets around a bare address), strict about the rest.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace petrel::lmtp {

struct PathArgument {
  std::string path;  // without angle brackets; "" for the null path "<>"
  std::vector<std::pair<std::string, std::string>> params;  // keyword upper-cased
};

// `keyword` is "FROM" or "TO". nullopt on a syntax error.
std::optional<PathArgument> parse_path_argument(std::string_view args, std::string_view keyword);

// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

}  // namespace petrel::lmtp
