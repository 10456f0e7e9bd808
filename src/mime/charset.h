#pragma once
// Charset conversion to UTF-8 through ICU's ucnv (RFC 2045/2046 charset
// parameter, RFC 2047 encoded words, RFC 2231 values).
//
// Fallback for an unknown or empty charset: keep the bytes if they are valid
// UTF-8, else read them as ISO-8859-1 (every byte maps to a character, so
// nothing is lost and the result is always valid UTF-8). Labels that lie in
// practice are widened: "us-ascii" with 8-bit bytes gets the same fallback,
// and ISO-8859-1 is decoded as windows-1252 (as the WHATWG Encoding standard
// does), which differs only in 0x80-0x9F.
#include <string>
#include <string_view>

namespace petrel::mime {

// Converts `bytes` from `charset` and appends UTF-8 to `out`. Returns false,
// leaving `out` unchanged, when ICU does not know the charset. Invalid input
// sequences become U+FFFD.
bool charset_to_utf8(std::string_view charset, std::string_view bytes, std::string& out);

// Like charset_to_utf8 but never fails: unknown charsets get the fallback.
void to_utf8_lenient(std::string_view charset, std::string_view bytes, std::string& out);

// True when ICU can convert from `charset`.
bool charset_known(std::string_view charset);

}  // namespace petrel::mime
