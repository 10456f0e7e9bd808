#pragma once
// The text format of <data_dir>/users: one "name:hash" per line; blank lines
// and lines starting with '#' are comments. Parsing is pure (no I/O) so it
// can be tested on strings and shared by readers and writers.
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace petrel::auth {

// Canonical (lowercase) user name -> stored hash.
using UserTable = std::unordered_map<std::string, std::string>;

// One parsed line: the canonical name and hash, or nullopt for a comment, a
// blank line or a corrupt line.
struct UserEntry {
  std::string name;
  std::string hash;
};
std::optional<UserEntry> parse_user_line(std::string_view line);

// Builds the lookup table. Corrupt lines are skipped rather than fatal: one
// bad hand edit must not lock every user out. If a name appears twice, the
// first line wins (the same rule writers apply when editing).
UserTable parse_users(std::string_view text);

// The file as lines, for writers: editing line by line keeps the comments and
// the order an administrator wrote.
class UsersFileLines {
 public:
  explicit UsersFileLines(std::string_view text);

  bool contains(std::string_view canonical_name) const;
  void append(std::string_view canonical_name, std::string_view hash);
  // Replaces the first entry for the name and drops any later duplicates.
  // Returns false when there is no such entry.
  bool replace(std::string_view canonical_name, std::string_view hash);
  // Removes every entry for the name. Returns false when there was none.
  bool remove(std::string_view canonical_name);
  std::string text() const;

 private:
  std::vector<std::string> lines_;
};

}  // namespace petrel::auth
