#include "imap/commands/registry.h"

namespace petrel::imap {

// RFC 9051 6.1.1
Outcome handle_capability(Session& session, const Command& command) {
  session.untagged("CAPABILITY " + session.capabilities());
  session.tagged(command.tag, Status::Ok, "", "CAPABILITY completed");
  return {};
}

}  // namespace petrel::imap
