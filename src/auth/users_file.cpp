#include "auth/users_file.h"

#include "auth/user_name.h"

namespace petrel::auth {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    // Tolerate a file edited on Windows.
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::string format_line(std::string_view name, std::string_view hash) {
  std::string line(name);
  line += ':';
  line += hash;
  return line;
}

}  // namespace

std::optional<UserEntry> parse_user_line(std::string_view line) {
  if (line.empty() || line.front() == '#') return std::nullopt;
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto name = normalize_user_name(line.substr(0, colon));
  std::string_view hash = line.substr(colon + 1);
  if (!name || hash.empty()) return std::nullopt;
  for (char c : hash) {
    // Whitespace or control bytes mean the line is damaged; an unknown but
    // clean hash (say a locked "!$y$...") still names an existing user.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return std::nullopt;
  }
  return UserEntry{std::move(*name), std::string(hash)};
}

UserTable parse_users(std::string_view text) {
  UserTable table;
  for (std::string_view line : split_lines(text)) {
    auto entry = parse_user_line(line);
    if (entry) table.try_emplace(std::move(entry->name), std::move(entry->hash));
  }
  return table;
}

UsersFileLines::UsersFileLines(std::string_view text) {
  for (std::string_view line : split_lines(text)) lines_.emplace_back(line);
}

bool UsersFileLines::contains(std::string_view canonical_name) const {
  for (const std::string& line : lines_) {
    auto entry = parse_user_line(line);
    if (entry && entry->name == canonical_name) return true;
  }
  return false;
}

void UsersFileLines::append(std::string_view canonical_name, std::string_view hash) {
  lines_.push_back(format_line(canonical_name, hash));
}

bool UsersFileLines::replace(std::string_view canonical_name, std::string_view hash) {
  bool found = false;
  for (auto it = lines_.begin(); it != lines_.end();) {
    auto entry = parse_user_line(*it);
    if (!entry || entry->name != canonical_name) {
      ++it;
    } else if (!found) {
      *it++ = format_line(canonical_name, hash);
      found = true;
    } else {
      it = lines_.erase(it);
    }
  }
  return found;
}

bool UsersFileLines::remove(std::string_view canonical_name) {
  size_t before = lines_.size();
  std::erase_if(lines_, [&](const std::string& line) {
    auto entry = parse_user_line(line);
    return entry && entry->name == canonical_name;
  });
  return lines_.size() != before;
}

std::string UsersFileLines::text() const {
  std::string out;
  for (const std::string& line : lines_) {
    out += line;
    out += '\n';
  }
  return out;
}

}  // namespace petrel::auth
