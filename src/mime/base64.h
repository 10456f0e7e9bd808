#pragma once
// Lenient base64 decoding for mail bodies (RFC 2045 section 6.8, RFC 4648).
// Real mail carries line breaks, stray spaces and the odd corrupt byte inside
// base64 bodies, so every byte outside the alphabet is skipped. Decoding stops
// at the first padding '=' that ends a group (what Python's non-strict
// binascii does), which drops trailing junk such as a list footer appended
// after the data; a '=' before a group has two characters is ignored. A
// dangling final group yields the whole bytes it holds.
#include <cstddef>
#include <string>
#include <string_view>

namespace petrel::mime {

void base64_decode(std::string_view in, std::string& out);
std::string base64_decode(std::string_view in);

}  // namespace petrel::mime
