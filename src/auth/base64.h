#pragma once
// Base64 (RFC 4648 section 4, with padding) for SASL exchanges.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::auth {

std::string base64_encode(std::string_view data);

// Strict decoding, as SASL needs a single unambiguous reading of what the
// client sent: the length must be a multiple of 4; only the base64 alphabet,
// with at most two '=' and only at the end; no whitespace; and the unused
// bits before the padding must be zero. Otherwise nullopt. "" decodes to "".
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace petrel::auth
