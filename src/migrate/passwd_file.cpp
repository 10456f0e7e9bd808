#include "migrate/passwd_file.h"

namespace petrel::migrate {

std::vector<PasswdEntry> parse_passwd_file(std::string_view text) {
  std::vector<PasswdEntry> out;
  size_t number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') continue;
    PasswdEntry entry;
    entry.line = number;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      entry.problem = "no ':' after the user name";
    } else {
      entry.user = std::string(line.substr(0, colon));
      std::string_view rest = line.substr(colon + 1);
      entry.password = std::string(rest.substr(0, rest.find(':')));
      if (entry.user.empty())
        entry.problem = "empty user name";
      else if (entry.password.empty())
        entry.problem = "no password";
    }
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace petrel::migrate
