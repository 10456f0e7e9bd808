#pragma once
// The end of every login path (LOGIN, AUTHENTICATE): throttle, verify, move
// to the authenticated state or count the failure.
#include <string>
#include <string_view>

#include "imap/session/session.h"

namespace petrel::imap {

// Runs on a worker thread: verification hashes the password.
Outcome finish_login(Session& session, const std::string& tag, std::string_view user,
                     std::string_view password);

// A refused attempt that never reached verification still counts as a failure.
Outcome fail_login(Session& session, const std::string& tag, std::string_view user,
                   std::string_view reason);

// RFC 9051 6.2.3: refuse plaintext credentials when the link is not private.
bool refuse_without_privacy(Session& session, const std::string& tag);

}  // namespace petrel::imap
