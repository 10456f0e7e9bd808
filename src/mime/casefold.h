#pragma once
// The i;unicode-casemap comparator's canonical form (RFC 5051 section 2),
// which IMAP SEARCH and SORT use for case-insensitive matching (RFC 9051
// section 6.4.4, RFC 5256): each character is mapped to its Unicode titlecase
// (UnicodeData.txt simple mapping, through ICU's u_totitle) and the result is
// fully decomposed (NFKD). Two strings match case-insensitively when their
// casefold() forms are equal (substring search works on the forms too).
//
// The form is titlecase, not lowercase, and uses simple (one-to-one)
// mappings: casefold("Straße") is "STRAßE", casefold("é") is "E" U+0301.
// Input that is not valid UTF-8 is returned unchanged (RFC 5051 step 1b: the
// string is then compared as octets).
#include <string>
#include <string_view>

namespace petrel::mime {

std::string casefold(std::string_view utf8);

}  // namespace petrel::mime
