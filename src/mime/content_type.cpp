#include "mime/content_type.h"

#include "mime/ascii.h"
#include "mime/rfc2231.h"

namespace petrel::mime {

namespace {

// tspecials of RFC 2045 section 5.1.
bool is_tspecial(char c) {
  switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
      return true;
    default:
      return false;
  }
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 32 && u != 127 && !is_tspecial(c);
}

class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return s_[i_]; }
  void advance() { ++i_; }

  // Skips whitespace (folding included) and nested comments (RFC 5322 CFWS).
  void skip_cfws() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (is_space(c)) {
        ++i_;
      } else if (c == '(') {
        int depth = 0;
        while (i_ < s_.size()) {
          const char d = s_[i_++];
          if (d == '\\' && i_ < s_.size()) {
            ++i_;
          } else if (d == '(') {
            ++depth;
          } else if (d == ')' && --depth == 0) {
            break;
          }
        }
      } else {
        break;
      }
    }
  }

  std::string_view token() {
    const std::size_t b = i_;
    while (i_ < s_.size() && is_token_char(s_[i_])) ++i_;
    return s_.substr(b, i_ - b);
  }

  // A quoted-string at the cursor (the opening quote is current), unescaped,
  // with folding removed. An unterminated string runs to the end.
  std::string quoted() {
    std::string out;
    ++i_;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') break;
      if (c == '\\' && i_ < s_.size()) {
        out.push_back(s_[i_++]);
      } else if (c != '\r' && c != '\n') {
        out.push_back(c);
      }
    }
    return out;
  }

  // An unquoted parameter value: lenient, anything up to ';', whitespace or
  // a comment, so that "boundary==_x" and "name=a/b" survive.
  std::string_view bare_value() {
    const std::size_t b = i_;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ';' || c == '(' || c == '"' || is_space(c)) break;
      ++i_;
    }
    return s_.substr(b, i_ - b);
  }

  std::size_t pos() const { return i_; }
  void seek(std::size_t p) { i_ = p; }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

// Parameters kept per field: real mail has a handful (a long RFC 2231 file
// name a few dozen segments); the bound keeps hostile headers cheap.
constexpr std::size_t kMaxParams = 512;

std::vector<RawParam> raw_params(Cursor& c) {
  std::vector<RawParam> out;
  while (out.size() < kMaxParams) {
    c.skip_cfws();
    if (c.done()) break;
    if (c.peek() == ';') {
      c.advance();
      continue;
    }
    const std::string_view name = c.token();
    if (name.empty()) {
      c.advance();  // stray special: skip it
      continue;
    }
    c.skip_cfws();
    if (c.done() || c.peek() != '=') continue;  // attribute without a value: ignored
    c.advance();
    c.skip_cfws();
    RawParam p;
    p.name = name;
    if (!c.done() && c.peek() == '"') {
      p.value = c.quoted();
      p.quoted = true;
    } else if (!c.done()) {
      p.value = std::string(c.bare_value());
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::vector<Param> parse_params(std::string_view value) {
  Cursor c(value);
  auto raw = raw_params(c);
  return decode_rfc2231(raw);
}

ContentType parse_content_type(std::string_view value) {
  ContentType ct;
  Cursor c(value);
  c.skip_cfws();
  const std::string_view type = c.token();
  c.skip_cfws();
  if (!type.empty() && !c.done() && c.peek() == '/') {
    c.advance();
    c.skip_cfws();
    const std::string_view subtype = c.token();
    if (!subtype.empty()) {
      ct.type = type;
      ct.subtype = subtype;
    }
  }
  // Parameters follow the first ';' (even after an invalid type, so that a
  // charset can still be used).
  const std::size_t semi = value.find(';', c.pos());
  if (semi == std::string_view::npos) return ct;
  c.seek(semi);
  auto raw = raw_params(c);
  ct.params = decode_rfc2231(raw);
  return ct;
}

Disposition parse_disposition(std::string_view value) {
  Disposition d;
  Cursor c(value);
  c.skip_cfws();
  d.type = c.token();
  const std::size_t semi = value.find(';', c.pos());
  if (semi != std::string_view::npos) {
    c.seek(semi);
    auto raw = raw_params(c);
    d.params = decode_rfc2231(raw);
  }
  return d;
}

std::vector<std::string_view> parse_language(std::string_view value) {
  std::vector<std::string_view> out;
  Cursor c(value);
  while (true) {
    c.skip_cfws();
    if (c.done()) break;
    if (c.peek() == ',') {
      c.advance();
      continue;
    }
    const std::string_view tag = c.token();
    if (tag.empty()) {
      c.advance();
      continue;
    }
    out.push_back(tag);
  }
  return out;
}

std::string_view cte_token(std::string_view value) {
  Cursor c(value);
  c.skip_cfws();
  return c.token();
}

Cte classify_cte(std::string_view token) {
  if (token.empty() || iequals(token, "7bit")) return Cte::SevenBit;
  if (iequals(token, "8bit")) return Cte::EightBit;
  if (iequals(token, "binary")) return Cte::Binary;
  if (iequals(token, "base64")) return Cte::Base64;
  if (iequals(token, "quoted-printable")) return Cte::QuotedPrintable;
  return Cte::Unknown;
}

const std::string* find_param(const std::vector<Param>& params, std::string_view name) {
  for (const auto& p : params) {
    if (iequals(p.name, name)) return &p.value;
  }
  return nullptr;
}

}  // namespace petrel::mime
