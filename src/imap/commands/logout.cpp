#include <spdlog/spdlog.h>

#include "imap/commands/registry.h"

namespace petrel::imap {

// RFC 9051 6.1.3: BYE first, then the tagged OK, then close.
Outcome handle_logout(Session& session, const Command& command) {
  session.untagged("BYE Logging out");
  session.tagged(command.tag, Status::Ok, "", "LOGOUT completed");
  session.set_state(State::Logout);
  spdlog::info("logout peer={} user={}", session.connection().peer_address, session.user());
  return {Next::Close};
}

}  // namespace petrel::imap
