#include "lmtp/smtp_syntax.h"

#include <cctype>

namespace petrel::lmtp {
namespace {

char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

bool valid_path_char(char c) {
  auto u = static_cast<unsigned char>(c);
  // No controls, no space, no brackets inside the path; 8-bit is allowed
  // (SMTPUTF8 addresses pass through unharmed).
  return u > 32 && u != 127 && c != '<' && c != '>';
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

std::optional<PathArgument> parse_path_argument(std::string_view args, std::string_view keyword) {
  if (args.size() < keyword.size() + 1 || !iequals(args.substr(0, keyword.size()), keyword) ||
      args[keyword.size()] != ':') {
    return std::nullopt;
  }
  std::string_view rest = args.substr(keyword.size() + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  PathArgument out;
  std::string_view path;
  if (!rest.empty() && rest.front() == '<') {
    auto close = rest.find('>');
    if (close == std::string_view::npos) return std::nullopt;
    path = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    // Source routes "@a,@b:user@c" are obsolete; RFC 5321 4.1.2 says to
    // accept and ignore them.
    if (!path.empty() && path.front() == '@') {
      auto colon = path.find(':');
      if (colon == std::string_view::npos) return std::nullopt;
      path = path.substr(colon + 1);
    }
  } else {
    auto space = rest.find(' ');
    path = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space);
    if (path.empty()) return std::nullopt;
  }
  for (char c : path)
    if (!valid_path_char(c)) return std::nullopt;
  out.path = std::string(path);
  while (!rest.empty()) {
    if (rest.front() != ' ') return std::nullopt;
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty()) break;
    auto end = rest.find(' ');
    std::string_view param = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    auto eq = param.find('=');
    std::string name(param.substr(0, eq));
    if (name.empty()) return std::nullopt;
    for (char& c : name) c = upper(c);
    std::string value = eq == std::string_view::npos ? "" : std::string(param.substr(eq + 1));
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace petrel::lmtp
