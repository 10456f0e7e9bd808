#include "mime/imap_string.h"

#include "mime/utf8.h"

namespace petrel::mime {

namespace {

// What a value contains, found in one scan.
struct Scan {
  std::size_t nuls = 0;
  bool escapes = false;  // '"' or '\\'
  bool line_break = false;
  bool eight_bit = false;
};

Scan scan(std::string_view s) {
  Scan r;
  for (char c : s) {
    switch (c) {
      case '\0':
        ++r.nuls;
        break;
      case '"':
      case '\\':
        r.escapes = true;
        break;
      case '\r':
      case '\n':
        r.line_break = true;
        break;
      default:
        r.eight_bit = r.eight_bit || static_cast<unsigned char>(c) >= 0x80;
    }
  }
  return r;
}

void append_without_nuls(std::string& out, std::string_view s, std::size_t nuls) {
  if (nuls == 0) {
    out.append(s);
    return;
  }
  for (char c : s) {
    if (c != '\0') out.push_back(c);
  }
}

}  // namespace

void append_imap_string(std::string& out, std::string_view s) {
  const Scan sc = scan(s);
  const bool quote = !sc.line_break && (!sc.eight_bit || (kQuoteUtf8 && is_valid_utf8(s)));
  if (!quote) {
    out.push_back('{');
    out.append(std::to_string(s.size() - sc.nuls));
    out.append("}\r\n");
    append_without_nuls(out, s, sc.nuls);
    return;
  }
  out.push_back('"');
  if (!sc.escapes) {
    append_without_nuls(out, s, sc.nuls);
  } else {
    for (char c : s) {
      if (c == '\0') continue;
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void append_imap_nstring(std::string& out, std::optional<std::string_view> s) {
  if (!s) {
    append_nil(out);
  } else {
    append_imap_string(out, *s);
  }
}

}  // namespace petrel::mime
