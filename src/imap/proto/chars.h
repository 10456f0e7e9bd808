#pragma once
// Character classes of the IMAP grammar (RFC 9051 section 9). One table
// lookup per byte keeps the lexer and the framing layer branch-light.
#include <array>
#include <cstdint>
#include <string_view>

namespace petrel::imap::chars {

enum : std::uint8_t {
  kAtom = 1u << 0,     // ATOM-CHAR: CHAR except atom-specials
  kAstring = 1u << 1,  // ASTRING-CHAR: ATOM-CHAR / resp-specials ("]")
  kTag = 1u << 2,      // tag: ASTRING-CHAR except "+"
  kList = 1u << 3,     // list-char: ATOM-CHAR / list-wildcards / resp-specials
  kDigit = 1u << 4,
  kAlpha = 1u << 5,
  kBase64 = 1u << 6,  // base64-char and "=" padding (RFC 9051 base64)
};

constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0x21; c < 0x7f; ++c) {
    // atom-specials = "(" / ")" / "{" / SP / CTL / list-wildcards /
    //                 quoted-specials / resp-specials
    bool special = c == '(' || c == ')' || c == '{' || c == '%' || c == '*' || c == '"' ||
                   c == '\\' || c == ']';
    std::uint8_t bits = 0;
    if (!special) bits |= kAtom | kAstring | kTag | kList;
    if (c == ']') bits |= kAstring | kTag | kList;
    if (c == '%' || c == '*') bits |= kList;
    if (c == '+') bits &= static_cast<std::uint8_t>(~kTag);
    if (c >= '0' && c <= '9') bits |= kDigit | kBase64;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) bits |= kAlpha | kBase64;
    if (c == '+' || c == '/' || c == '=') bits |= kBase64;
    t[static_cast<std::size_t>(c)] = bits;
  }
  return t;
}

inline constexpr std::array<std::uint8_t, 256> kTable = make_table();

inline bool is(char c, std::uint8_t cls) {
  return (kTable[static_cast<unsigned char>(c)] & cls) != 0;
}
inline bool is_atom_char(char c) { return is(c, kAtom); }
inline bool is_astring_char(char c) { return is(c, kAstring); }
inline bool is_tag_char(char c) { return is(c, kTag); }
inline bool is_list_char(char c) { return is(c, kList); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return is(c, kAlpha); }

inline char to_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; }

// ASCII case-insensitive comparison; IMAP keywords are case-insensitive
// (RFC 9051 section 9, note 1).
inline bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_upper(a[i]) != to_upper(b[i])) return false;
  }
  return true;
}

inline bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// True when every byte of `s` belongs to `cls` and `s` is not empty.
inline bool all_of(std::string_view s, std::uint8_t cls) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is(c, cls)) return false;
  }
  return true;
}

}  // namespace petrel::imap::chars
