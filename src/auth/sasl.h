#pragma once
// SASL mechanisms as sans-I/O state machines: the IMAP session (AUTHENTICATE)
// moves bytes and base64; the exchange only decides what comes next. The
// session verifies the resulting user and password with the UserDirectory.
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "auth/base64.h"
#include "auth/sasl_plain.h"

namespace petrel::auth {

// One SASL exchange. The session feeds the client's (base64-decoded)
// responses and sends challenges.
class SaslExchange {
 public:
  // "PLAIN" or "LOGIN" (case-insensitive, as SASL mechanism names are);
  // nullptr if unsupported.
  static std::unique_ptr<SaslExchange> create(std::string_view mechanism);

  struct Step {
    enum Kind { Challenge, Done, Fail } kind;
    std::string challenge;  // raw; the session base64-encodes it
    std::string error;      // why it failed, for the log (never sent to the client)
  };

  virtual ~SaslExchange() = default;
  // The decoded SASL-IR initial response (RFC 4959), or nullopt.
  virtual Step start(std::optional<std::string> initial_response) = 0;
  virtual Step respond(std::string_view decoded_response) = 0;
  // The user to authenticate as; when the exchange failed, whatever the
  // client had claimed so far (possibly empty), for logging.
  virtual const std::string& user() const = 0;
  virtual const std::string& password() const = 0;  // when Done
  virtual const std::string& authzid() const = 0;   // when Done; empty or equal to user()
};

}  // namespace petrel::auth
