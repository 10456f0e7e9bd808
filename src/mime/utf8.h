#pragma once
// UTF-8 helpers (RFC 3629): validation, encoding, and the Latin-1 fallback
// used when a charset is unknown and the bytes are not UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace petrel::mime {

// True when `s` is well-formed UTF-8: no overlong forms, no surrogates,
// nothing above U+10FFFF (RFC 3629 section 4).
bool is_valid_utf8(std::string_view s);

// True when every byte is below 0x80.
bool is_ascii(std::string_view s);

// Decodes one code point at s[i], advancing i. Returns -1 (and advances one
// byte) on an ill-formed sequence.
int32_t next_code_point(std::string_view s, std::size_t& i);

// Appends the UTF-8 encoding of `cp` (U+FFFD for invalid values).
void append_utf8(std::string& out, uint32_t cp);

// Appends `s` read as ISO-8859-1 (every byte is the code point of that value).
void append_latin1_as_utf8(std::string& out, std::string_view s);

// Appends `s` unchanged if it is valid UTF-8, else as Latin-1. This is the
// fallback for unknown charsets and unlabelled 8-bit header bytes.
void append_utf8_or_latin1(std::string& out, std::string_view s);

// Length of the longest prefix of `s` (valid UTF-8) holding at most
// `max_chars` code points, and at most `max_bytes` bytes, ending on a
// character boundary.
std::size_t utf8_prefix(std::string_view s, std::size_t max_chars, std::size_t max_bytes);

}  // namespace petrel::mime
