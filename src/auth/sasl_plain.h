#pragma once
// The message of the SASL PLAIN mechanism (RFC 4616).
#include <optional>
#include <string>
#include <string_view>

namespace petrel::auth {

struct PlainCredentials {
  std::string authzid;  // empty when the client did not ask to act as someone else
  std::string authcid;
  std::string password;
};

// Parses message = [authzid] NUL authcid NUL passwd. Returns nullopt unless
// there are exactly two NULs and authcid and passwd are non-empty.
std::optional<PlainCredentials> parse_sasl_plain(std::string_view decoded);

}  // namespace petrel::auth
