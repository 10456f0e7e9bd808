#include "store/mailbox_path.h"

namespace petrel::store {
namespace {

Error invalid(std::string message) { return Error{std::move(message), ErrorCode::InvalidArgument}; }

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not a valid,
// shortest-form encoding of a scalar value (RFC 3629).
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || c > 0xF4 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char c1 = byte(i + 1);
  if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
  if (c == 0xED && c1 >= 0xA0) return 0;  // surrogates
  if (c == 0xF0 && c1 < 0x90) return 0;   // overlong
  if (c == 0xF4 && c1 >= 0x90) return 0;  // above U+10FFFF
  return n;
}

bool equals_inbox_ignoring_case(std::string_view level) {
  if (level.size() != kInbox.size()) return false;
  for (size_t i = 0; i < level.size(); ++i) {
    char c = level[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != kInbox[i]) return false;
  }
  return true;
}

}  // namespace

Result<std::string> canonical_mailbox_name(std::string_view name) {
  if (name.empty()) return invalid("empty mailbox name");
  if (name.size() > kMaxMailboxNameBytes) return invalid("mailbox name too long");
  for (size_t i = 0; i < name.size();) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c == 0x7F) return invalid("control character in mailbox name");
    size_t n = utf8_sequence_length(name, i);
    if (n == 0) return invalid("mailbox name is not valid UTF-8");
    i += n;
  }
  std::string out;
  out.reserve(name.size());
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t end = name.find(kDelimiter, start);
    std::string_view level =
        name.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (level.empty()) return invalid("empty level in mailbox name");
    // "." and ".." levels would let an export to a directory tree escape it.
    if (level == "." || level == "..") return invalid("\".\" or \"..\" in mailbox name");
    if (!first) out += kDelimiter;
    out += first && equals_inbox_ignoring_case(level) ? kInbox : level;
    first = false;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool is_inbox(std::string_view canonical) { return canonical == kInbox; }

std::vector<std::string> superior_names(std::string_view canonical) {
  std::vector<std::string> out;
  for (size_t i = canonical.find(kDelimiter); i != std::string_view::npos;
       i = canonical.find(kDelimiter, i + 1)) {
    out.emplace_back(canonical.substr(0, i));
  }
  return out;
}

bool is_inferior(std::string_view name, std::string_view parent) {
  return name.size() > parent.size() + 1 && name.substr(0, parent.size()) == parent &&
         name[parent.size()] == kDelimiter;
}

std::string renamed(std::string_view name, std::string_view from, std::string_view to) {
  std::string out(to);
  out += name.substr(from.size());
  return out;
}

const std::vector<DefaultMailbox>& default_mailboxes() {
  static const std::vector<DefaultMailbox> kDefaults = {
      {"INBOX", 0},      {"Drafts", kDrafts}, {"Sent", kSent},
      {"Trash", kTrash}, {"Junk", kJunk},     {"Archive", kArchive},
  };
  return kDefaults;
}

}  // namespace petrel::store
