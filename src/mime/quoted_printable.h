#pragma once
// Lenient quoted-printable decoding (RFC 2045 section 6.7). "=XX" with hex
// digits of either case becomes the byte; a '=' not followed by two hex
// digits is kept as a literal '=' (rule 1's "robust" suggestion); a line
// ending in '=' (after trailing whitespace, which rule 3 says to drop) is a
// soft line break; hard line breaks are kept as they were written (CRLF or LF).
#include <string>
#include <string_view>

namespace petrel::mime {

void qp_decode(std::string_view in, std::string& out);
std::string qp_decode(std::string_view in);

}  // namespace petrel::mime
