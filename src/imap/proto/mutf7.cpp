#include "imap/proto/mutf7.h"

#include <cstdint>

#include "imap/proto/utf8.h"

namespace petrel::imap {
namespace {

// RFC 3501 5.1.3: modified BASE64 uses "," instead of "/".
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == ',') return 63;
  return -1;
}

bool is_printable(char32_t c) { return c >= 0x20 && c <= 0x7E; }

// Decodes one base64 run (between "&" and "-") and appends its UTF-8 form.
bool decode_run(std::string_view run, std::string& out) {
  std::uint32_t bits = 0;
  int nbits = 0;
  char32_t high = 0;  // pending high surrogate
  std::size_t units = 0;
  for (char c : run) {
    int v = b64_value(c);
    if (v < 0) return false;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    nbits += 6;
    if (nbits < 16) continue;
    nbits -= 16;
    char32_t u = (bits >> nbits) & 0xFFFF;
    bits &= (1u << nbits) - 1;
    ++units;
    if (high != 0) {
      if (u < 0xDC00 || u > 0xDFFF) return false;
      append_utf8(out, 0x10000 + ((high - 0xD800) << 10) + (u - 0xDC00));
      high = 0;
    } else if (u >= 0xD800 && u <= 0xDBFF) {
      high = u;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return false;
    } else {
      // Printable ASCII must represent itself; NUL is never a name byte.
      if (u == 0 || is_printable(u)) return false;
      append_utf8(out, u);
    }
  }
  // At most 5 padding bits, all zero: a sixth bit would mean a superfluous
  // base64 character.
  return units > 0 && high == 0 && nbits < 6 && bits == 0;
}

}  // namespace

std::optional<std::string> mutf7_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool after_run = false;  // the previous token was a non-empty base64 run
  std::size_t i = 0;
  while (i < in.size()) {
    char c = in[i];
    if (!is_printable(static_cast<unsigned char>(c))) return std::nullopt;
    if (c != '&') {
      out.push_back(c);
      after_run = false;
      ++i;
      continue;
    }
    std::size_t dash = in.find('-', i + 1);
    if (dash == std::string_view::npos) return std::nullopt;  // unterminated
    if (dash == i + 1) {
      out.push_back('&');  // "&-"
      after_run = false;
    } else {
      // Two adjacent runs would have been one run from a correct encoder.
      if (after_run) return std::nullopt;
      if (!decode_run(in.substr(i + 1, dash - i - 1), out)) return std::nullopt;
      after_run = true;
    }
    i = dash + 1;
  }
  return out;
}

std::string mutf7_encode(std::string_view in) {
  std::string out;
  out.reserve(in.size() + in.size() / 2);
  std::uint32_t bits = 0;
  int nbits = 0;
  bool in_run = false;
  auto push_unit = [&](std::uint32_t u) {
    bits = (bits << 16) | u;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out.push_back(kAlphabet[(bits >> nbits) & 0x3F]);
    }
    bits &= (1u << nbits) - 1;
  };
  auto end_run = [&] {
    if (nbits > 0) out.push_back(kAlphabet[(bits << (6 - nbits)) & 0x3F]);
    out.push_back('-');
    bits = 0;
    nbits = 0;
    in_run = false;
  };
  std::size_t i = 0;
  while (i < in.size()) {
    char32_t cp;
    std::size_t n = decode_utf8(in, i, cp);
    if (n == 0) {
      cp = 0xFFFD;
      n = 1;
    }
    i += n;
    if (is_printable(cp)) {
      if (in_run) end_run();
      out.push_back(static_cast<char>(cp));
      if (cp == '&') out.push_back('-');
      continue;
    }
    if (!in_run) {
      out.push_back('&');
      in_run = true;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      push_unit(0xD800 + (cp >> 10));
      push_unit(0xDC00 + (cp & 0x3FF));
    } else {
      push_unit(cp);
    }
  }
  if (in_run) end_run();
  return out;
}

}  // namespace petrel::imap
