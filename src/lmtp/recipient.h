#pragma once
// Which user (and folder) an envelope address means.
//
// User names may themselves contain "@" and "+" (auth/user_name.h), so the
// address is tried whole first, then without its +detail, then by its local
// part alone, then by the local part without detail:
//   alice@example.com     -> user "alice@example.com" if it exists, else "alice"
//   alice+lists@host      -> user "alice" (or "alice@host"), folder "lists"
// Names compare case-insensitively, as user names do. The detail names a
// mailbox, used when it exists (else INBOX, see delivery.h).
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace petrel::lmtp {

struct Recipient {
  std::string address;  // as the client gave it, for Delivered-To
  std::string user;     // canonical user name
  std::string folder;   // from +detail; empty for INBOX
};

// `exists` says whether a (canonical) user exists.
std::optional<Recipient> resolve_recipient(std::string_view address,
                                           const std::function<bool(const std::string&)>& exists);

}  // namespace petrel::lmtp
