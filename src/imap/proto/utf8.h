#pragma once
// Strict UTF-8 (RFC 3629 section 4): no overlong forms, no surrogates,
// nothing above U+10FFFF. IMAP4rev2 allows UTF-8 in quoted strings and
// mailbox names (RFC 9051 sections 4.3 and 5.1), so the parser validates it.
#include <cstddef>
#include <string>
#include <string_view>

namespace petrel::imap {

bool is_valid_utf8(std::string_view s);

// Decodes the code point starting at s[i] into `cp`; returns its length in
// bytes, or 0 when the bytes there are not valid UTF-8.
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// Appends the UTF-8 form of `cp` (which must be a Unicode scalar value).
void append_utf8(std::string& out, char32_t cp);

}  // namespace petrel::imap
