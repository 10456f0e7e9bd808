#include "imap/commands/registry.h"

namespace petrel::imap {

// RFC 9051 6.1.2. Mailbox updates are reported here once a store exists.
Outcome handle_noop(Session& session, const Command& command) {
  session.tagged(command.tag, Status::Ok, "", "NOOP completed");
  return {};
}

}  // namespace petrel::imap
