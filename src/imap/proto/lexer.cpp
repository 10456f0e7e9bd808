#include "imap/proto/lexer.h"

#include <cstring>

#include "imap/proto/chars.h"
#include "imap/proto/utf8.h"

namespace petrel::imap {
namespace {

// QUOTED-CHAR bytes that need no special handling: TEXT-CHAR (CHAR except
// CR and LF) minus quoted-specials. 8-bit bytes are checked as UTF-8.
bool plain_quoted(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 0x01 && u < 0x80 && c != '"' && c != '\\' && c != '\r' && c != '\n';
}

bool seq_char(char c) { return chars::is_digit(c) || c == ':' || c == ',' || c == '*' || c == '$'; }

bool word_char(char c) { return chars::is_alpha(c) || chars::is_digit(c) || c == '.' || c == '-'; }

constexpr std::string_view kSystemFlags[] = {
    "\\Answered", "\\Flagged", "\\Deleted",  "\\Seen",        "\\Draft",       "\\Recent",
    "\\All",      "\\Archive", "\\Drafts",   "\\Junk",        "\\Sent",        "\\Trash",
    "\\Noselect", "\\Marked",  "\\Unmarked", "\\Noinferiors", "\\NonExistent",
};

}  // namespace

std::string_view canonical_system_flag(std::string_view flag) {
  for (std::string_view f : kSystemFlags) {
    if (chars::iequals(flag, f)) return f;
  }
  return flag;
}

bool Lexer::fail(std::string_view text, std::string_view code) {
  if (!failed_) {
    failed_ = true;
    error_.assign(text);
    code_.assign(code);
  }
  return false;
}

bool Lexer::try_char(char c) {
  if (failed_ || peek() != static_cast<unsigned char>(c)) return false;
  ++pos_;
  return true;
}

bool Lexer::expect(char c) {
  if (try_char(c)) return true;
  if (failed_) return false;
  switch (c) {
    case ' ':
      return fail(at_end() ? "missing argument" : "expected a single space");
    case '(':
      return fail("expected \"(\"");
    case ')':
      return fail("expected \")\"");
    case ']':
      return fail("expected \"]\"");
    default:
      return fail("unexpected character");
  }
}

bool Lexer::enter() {
  if (failed_) return false;
  if (depth_ >= max_depth_) return fail("too deeply nested", "LIMIT");
  ++depth_;
  return true;
}

bool Lexer::atom(std::string_view& out) {
  if (failed_) return false;
  std::size_t start = pos_;
  while (pos_ < in_.size() && chars::is_atom_char(in_[pos_])) ++pos_;
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected an atom");
  out = in_.substr(start, pos_ - start);
  return true;
}

bool Lexer::word(std::string_view& out) {
  if (failed_) return false;
  std::size_t start = pos_;
  if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;  // +FLAGS / -FLAGS
  while (pos_ < in_.size() && word_char(in_[pos_])) ++pos_;
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected a keyword");
  out = in_.substr(start, pos_ - start);
  return true;
}

bool Lexer::quoted(std::string& out) {
  if (!expect('"')) return false;
  out.clear();
  std::size_t i = pos_;
  const std::size_t n = in_.size();
  while (true) {
    std::size_t run = i;
    while (i < n && plain_quoted(in_[i])) ++i;
    out.append(in_.data() + run, i - run);
    if (i >= n) return fail("unterminated quoted string");
    char c = in_[i];
    if (c == '"') {
      pos_ = i + 1;
      return true;
    }
    if (c == '\\') {
      // Only quoted-specials may be escaped.
      if (i + 1 < n && (in_[i + 1] == '"' || in_[i + 1] == '\\')) {
        out.push_back(in_[i + 1]);
        i += 2;
        continue;
      }
      return fail("invalid escape in quoted string");
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      // UTF8-2 / UTF8-3 / UTF8-4 are QUOTED-CHARs in IMAP4rev2.
      char32_t cp;
      std::size_t len = decode_utf8(in_, i, cp);
      if (len == 0) return fail("invalid UTF-8 in quoted string");
      out.append(in_.data() + i, len);
      i += len;
      continue;
    }
    return fail("invalid character in quoted string");
  }
}

bool Lexer::literal_header(std::uint64_t& size, bool& was8, bool allow8) {
  was8 = false;
  if (peek() == '~') {
    if (!allow8) return fail("literal8 not allowed here");
    was8 = true;
    ++pos_;
  }
  if (!expect('{')) return false;
  std::size_t start = pos_;
  size = 0;
  while (pos_ < in_.size() && chars::is_digit(in_[pos_])) {
    if (pos_ - start >= 19) return fail("literal too big", "TOOBIG");
    size = size * 10 + static_cast<std::uint64_t>(in_[pos_++] - '0');
  }
  if (pos_ == start) return fail("invalid literal");
  try_char('+');  // non-synchronizing (RFC 7888)
  if (!try_char('}')) return fail("invalid literal");
  // CRLF, or a bare LF which the reader accepts as a line ending too.
  try_char('\r');
  if (!try_char('\n')) return fail("literal must end its line");
  return true;
}

bool Lexer::literal(std::string& out, bool allow8, bool* was8) {
  if (failed_) return false;
  std::uint64_t size;
  bool is8;
  if (!literal_header(size, is8, allow8)) return false;
  if (size > in_.size() - pos_) return fail("truncated literal");
  std::string_view data = in_.substr(pos_, static_cast<std::size_t>(size));
  // literal = ... *CHAR8: NUL only in literal8 (RFC 3516).
  if (!is8 && !data.empty() && std::memchr(data.data(), 0, data.size()) != nullptr) {
    return fail("NUL byte in literal");
  }
  out.assign(data);
  pos_ += data.size();
  if (was8 != nullptr) *was8 = is8;
  return true;
}

bool Lexer::string(std::string& out) {
  if (failed_) return false;
  int c = peek();
  if (c == '"') return quoted(out);
  if (c == '{' || c == '~') return literal(out);
  return fail(at_end() ? "missing argument" : "expected a string");
}

bool Lexer::astring(std::string& out) {
  if (failed_) return false;
  int c = peek();
  if (c == '"' || c == '{' || (c == '~' && peek(1) == '{')) return string(out);
  std::size_t start = pos_;
  while (pos_ < in_.size() && chars::is_astring_char(in_[pos_])) ++pos_;
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected an astring");
  out.assign(in_.data() + start, pos_ - start);
  return true;
}

bool Lexer::nstring(std::optional<std::string>& out) {
  if (failed_) return false;
  if (try_keyword("NIL")) {
    out.reset();
    return true;
  }
  out.emplace();
  return string(*out);
}

bool Lexer::list_mailbox(std::string& out) {
  if (failed_) return false;
  int c = peek();
  if (c == '"' || c == '{' || (c == '~' && peek(1) == '{')) return string(out);
  std::size_t start = pos_;
  while (pos_ < in_.size() && chars::is_list_char(in_[pos_])) ++pos_;
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected a mailbox pattern");
  out.assign(in_.data() + start, pos_ - start);
  return true;
}

bool Lexer::mailbox(std::string& out) {
  if (!astring(out)) return false;
  if (chars::iequals(out, "INBOX")) out = "INBOX";  // RFC 9051 section 5.1
  return true;
}

bool Lexer::number64(std::uint64_t& out) {
  if (failed_) return false;
  std::size_t start = pos_;
  std::uint64_t v = 0;
  while (pos_ < in_.size() && chars::is_digit(in_[pos_])) {
    auto d = static_cast<std::uint64_t>(in_[pos_] - '0');
    if (v > (0x7FFFFFFFFFFFFFFFull - d) / 10) return fail("number too big");
    v = v * 10 + d;
    ++pos_;
  }
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected a number");
  out = v;
  return true;
}

bool Lexer::nz_number64(std::uint64_t& out) {
  if (failed_) return false;
  if (peek() == '0') return fail("expected a non-zero number");
  return number64(out);
}

bool Lexer::number(std::uint32_t& out) {
  std::uint64_t v = 0;
  if (!number64(v)) return false;
  if (v > 0xFFFFFFFFull) return fail("number too big");
  out = static_cast<std::uint32_t>(v);
  return true;
}

bool Lexer::nz_number(std::uint32_t& out) {
  if (failed_) return false;
  if (peek() == '0') return fail("expected a non-zero number");
  return number(out);
}

bool Lexer::seq_set(SequenceSet& out) {
  if (failed_) return false;
  std::size_t start = pos_;
  while (pos_ < in_.size() && seq_char(in_[pos_])) ++pos_;
  if (pos_ == start) return fail(at_end() ? "missing argument" : "expected a sequence set");
  std::string_view text = in_.substr(start, pos_ - start);
  auto set = parse_sequence_set(text, max_ranges_);
  if (!set.ok()) {
    bool limit = set.error().message.find("too many") != std::string::npos;
    return fail(limit ? "too many ranges in sequence set" : "invalid sequence set",
                limit ? "LIMIT" : "");
  }
  out = std::move(set).value();
  return true;
}

bool Lexer::flag(std::string& out) {
  if (failed_) return false;
  std::string_view a;
  if (try_char('\\')) {
    if (peek() == '*') return fail("\\* is not a flag");
    if (!atom(a)) return false;
    // Built aside: assigning a view of `out` to `out` itself would alias.
    std::string spelled = "\\";
    spelled.append(a);
    out = std::string(canonical_system_flag(spelled));
    return true;
  }
  if (!atom(a)) return fail("expected a flag");
  out.assign(a);
  return true;
}

bool Lexer::flag_list(std::vector<std::string>& out) {
  if (!expect('(')) return false;
  out.clear();
  if (try_char(')')) return true;
  while (true) {
    out.emplace_back();
    if (!flag(out.back())) return false;
    if (try_char(')')) return true;
    if (!sp()) return false;
  }
}

bool Lexer::date(Date& out) {
  if (failed_) return false;
  std::string text;
  std::optional<Date> d;
  if (peek() == '"') {
    if (!quoted(text)) return false;
    d = parse_date(text);
  } else {
    std::string_view a;
    if (!atom(a)) return fail("expected a date");
    d = parse_date(a);
  }
  if (!d) return fail("invalid date");
  out = *d;
  return true;
}

bool Lexer::date_time(DateTime& out) {
  if (failed_) return false;
  std::string text;
  if (peek() != '"') return fail("expected a quoted date-time");
  if (!quoted(text)) return false;
  auto t = parse_date_time(text);
  if (!t) return fail("invalid date-time");
  out = *t;
  return true;
}

bool Lexer::charset(std::string& out) {
  if (failed_) return false;
  if (peek() == '"') return quoted(out);
  std::string_view a;
  if (!atom(a)) return fail("expected a charset");
  out.assign(a);
  return true;
}

bool Lexer::try_keyword(std::string_view kw) {
  if (failed_) return false;
  std::string_view r = rest();
  if (!chars::istarts_with(r, kw)) return false;
  if (r.size() > kw.size() && chars::is_atom_char(r[kw.size()])) return false;
  pos_ += kw.size();
  return true;
}

}  // namespace petrel::imap
