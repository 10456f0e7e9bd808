#pragma once
// Dovecot passwd-file lines: "user:{SCHEME}hash:uid:gid:gecos:home:shell:extra"
// (only the first two fields matter to Petrel). Blank lines and "#" comments
// are skipped.
#include <string>
#include <string_view>
#include <vector>

namespace petrel::migrate {

struct PasswdEntry {
  size_t line = 0;  // 1-based
  std::string user;
  std::string password;  // "{SCHEME}data" as in the file
  std::string problem;   // non-empty: the line is malformed
};

std::vector<PasswdEntry> parse_passwd_file(std::string_view text);

}  // namespace petrel::migrate
