#include "imap/session/mailbox_name.h"

#include <algorithm>
#include <vector>

#include "imap/proto/mutf7.h"
#include "imap/proto/utf8.h"

namespace petrel::imap {

namespace {

constexpr std::size_t kMaxNameBytes = 1000;

Error invalid(std::string message) { return Error{std::move(message), ErrorCode::InvalidArgument}; }

bool has_8bit(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

bool is_inbox(std::string_view s) {
  if (s.size() != 5) return false;
  static constexpr char kInbox[] = "INBOX";
  for (std::size_t i = 0; i < 5; ++i)
    if ((s[i] & ~0x20) != kInbox[i]) return false;
  return true;
}

// Normalises the INBOX prefix: "inbox/x" names a child of INBOX.
std::string canonical_inbox(std::string name) {
  auto slash = name.find(kHierarchyDelimiter);
  std::string_view first = std::string_view(name).substr(0, slash);
  if (is_inbox(first)) name.replace(0, 5, "INBOX");
  return name;
}

}  // namespace

Result<std::string> decode_mailbox_name(std::string_view wire, bool utf8_mode) {
  if (wire.empty()) return invalid("Empty mailbox name");
  if (wire.size() > kMaxNameBytes) return invalid("Mailbox name is too long");
  std::string name;
  // A rev1 client that sends raw UTF-8 (several do) is understood rather than
  // refused; "&" is only special for rev1 clients.
  if (utf8_mode || has_8bit(wire)) {
    if (!is_valid_utf8(wire)) return invalid("Mailbox name is not valid UTF-8");
    name = std::string(wire);
  } else {
    auto decoded = mutf7_decode(wire);
    if (!decoded) return invalid("Mailbox name is not valid modified UTF-7");
    name = std::move(*decoded);
  }
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return invalid("Mailbox name contains a control character");
  std::size_t begin = 0;
  while (begin <= name.size()) {
    std::size_t end = name.find(kHierarchyDelimiter, begin);
    if (end == std::string::npos) end = name.size();
    std::string_view level(name.data() + begin, end - begin);
    if (level.empty()) return invalid("Mailbox name has an empty hierarchy level");
    if (level == "." || level == "..") return invalid("Mailbox name has a '.' or '..' level");
    begin = end + 1;
  }
  return canonical_inbox(std::move(name));
}

std::string encode_mailbox_name(std::string_view utf8, bool utf8_mode) {
  return utf8_mode ? std::string(utf8) : mutf7_encode(utf8);
}

bool list_pattern_matches(std::string_view pattern, std::string_view name) {
  std::string canonical_pattern = canonical_inbox(std::string(pattern));
  pattern = canonical_pattern;
  // An NFA simulation over pattern positions: O(|pattern| * |name|) whatever
  // the pattern, so no wildcard sequence can make it backtrack exponentially.
  const std::size_t m = pattern.size();
  std::vector<char> live(m + 1, 0), next(m + 1, 0);
  auto close = [&](std::vector<char>& states) {
    for (std::size_t i = 0; i < m; ++i)
      if (states[i] && (pattern[i] == '*' || pattern[i] == '%')) states[i + 1] = 1;
  };
  live[0] = 1;
  close(live);
  for (char c : name) {
    std::fill(next.begin(), next.end(), 0);
    bool any = false;
    for (std::size_t i = 0; i < m; ++i) {
      if (!live[i]) continue;
      char pc = pattern[i];
      if (pc == '*' || (pc == '%' && c != kHierarchyDelimiter)) {
        next[i] = 1;
        any = true;
      } else if (pc == c) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    close(next);
    live.swap(next);
  }
  return live[m] != 0;
}

}  // namespace petrel::imap
