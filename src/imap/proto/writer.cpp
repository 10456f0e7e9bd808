#include "imap/proto/writer.h"

#include <charconv>
#include <cstring>

#include "imap/proto/chars.h"
#include "imap/proto/date.h"
#include "imap/proto/mutf7.h"
#include "imap/proto/utf8.h"

namespace petrel::imap {
namespace {

bool is_flag(std::string_view f) {
  if (f == "\\*") return true;
  if (!f.empty() && f[0] == '\\') f.remove_prefix(1);
  return chars::all_of(f, chars::kAtom);
}

void literal_header(std::string& out, std::string_view prefix, std::size_t n) {
  out.append(prefix);
  write_number(out, n);
  out.append("}\r\n");
}

}  // namespace

bool can_quote(std::string_view s, bool utf8) {
  if (s.size() > kMaxQuoted) return false;
  bool eight_bit = false;
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return false;
    if (static_cast<unsigned char>(c) >= 0x80) eight_bit = true;
  }
  return !eight_bit || (utf8 && is_valid_utf8(s));
}

void write_quoted(std::string& out, std::string_view s) {
  out.push_back('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"' || s[i] == '\\') {
      out.append(s.data() + run, i - run);
      out.push_back('\\');
      run = i;
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void write_literal(std::string& out, std::string_view s) {
  literal_header(out, "{", s.size());
  std::size_t start = out.size();
  out.append(s);
  make_literal_safe(out.data() + start, s.size());
}

void write_literal_header(std::string& out, std::size_t n) { literal_header(out, "{", n); }

void make_literal_safe(char* data, std::size_t n) {
  // memchr finds the rare NUL fast; the loop runs only when there is one.
  // (memchr must not see the null data of an empty range.)
  if (n == 0 || std::memchr(data, 0, n) == nullptr) return;
  for (std::size_t i = 0; i < n; ++i) {
    if (data[i] == '\0') data[i] = static_cast<char>(0x80);
  }
}

void write_literal8(std::string& out, std::string_view s) {
  literal_header(out, "~{", s.size());
  out.append(s);
}

void write_string(std::string& out, std::string_view s, bool utf8) {
  if (can_quote(s, utf8)) {
    write_quoted(out, s);
  } else {
    write_literal(out, s);
  }
}

void write_atom_or_string(std::string& out, std::string_view s, bool utf8) {
  if (chars::all_of(s, chars::kAtom) && !chars::iequals(s, "NIL")) {
    out.append(s);
  } else {
    write_string(out, s, utf8);
  }
}

void write_astring(std::string& out, std::string_view s, bool utf8) {
  if (chars::all_of(s, chars::kAstring) && !chars::iequals(s, "NIL")) {
    out.append(s);
  } else {
    write_string(out, s, utf8);
  }
}

void write_nstring(std::string& out, std::optional<std::string_view> s, bool utf8) {
  if (!s) {
    out.append("NIL");
  } else {
    write_string(out, *s, utf8);
  }
}

void write_flag_list(std::string& out, const std::vector<std::string>& flags) {
  out.push_back('(');
  bool first = true;
  for (const std::string& f : flags) {
    if (!is_flag(f)) continue;
    if (!first) out.push_back(' ');
    out.append(f);
    first = false;
  }
  out.push_back(')');
}

void write_mailbox_name(std::string& out, std::string_view utf8_name, bool utf8_mode) {
  if (utf8_mode) {
    write_astring(out, utf8_name, true);
  } else {
    write_astring(out, mutf7_encode(utf8_name), false);
  }
}

void write_seq_set(std::string& out, const SequenceSet& set) { out.append(set.to_string()); }

void write_number(std::string& out, std::uint64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void write_internaldate(std::string& out, std::int64_t unix_seconds, int zone_minutes) {
  out.push_back('"');
  out.append(format_internaldate(unix_seconds, zone_minutes));
  out.push_back('"');
}

}  // namespace petrel::imap
