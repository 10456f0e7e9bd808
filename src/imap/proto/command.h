#pragma once
// Typed IMAP commands as produced by the parser. One struct per command
// family; Command::args holds exactly one of them.
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace petrel::imap {

// CAPABILITY, NOOP, LOGOUT, STARTTLS, IDLE, CLOSE, UNSELECT, CHECK,
// NAMESPACE, EXPUNGE (without UID) take no arguments.
struct NoArgs {};

struct LoginArgs {
  std::string user;
  std::string password;
};

struct AuthenticateArgs {
  std::string mechanism;                   // upper-cased
  std::optional<std::string> initial_response;  // SASL-IR, still base64; "=" means empty
};

struct EnableArgs {
  std::vector<std::string> capabilities;  // upper-cased
};

// ID (RFC 2971): NIL or a list of field/value pairs; a value may be NIL.
struct IdArgs {
  std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> fields;
};

// ---- The parser adds the remaining argument structs below (see parser.h). ----

}  // namespace petrel::imap
