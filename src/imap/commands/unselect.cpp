// UNSELECT (RFC 3691, RFC 9051 6.4.2): like CLOSE but expunges nothing.
#include "imap/commands/registry.h"

namespace petrel::imap {

Outcome handle_unselect(Session& session, const Command& command) {
  session.deselect();
  session.tagged(command.tag, Status::Ok, "", "UNSELECT completed");
  return {};
}

}  // namespace petrel::imap
