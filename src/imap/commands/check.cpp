// CHECK (RFC 3501 6.4.1; removed from IMAP4rev2, RFC 9051 Appendix E, yet
// still accepted, as it asks for nothing a server must refuse). Every
// acknowledged write is already durable (DESIGN.md), so there is no
// checkpoint to take.
#include "imap/commands/registry.h"

namespace petrel::imap {

Outcome handle_check(Session& session, const Command& command) {
  session.tagged(command.tag, Status::Ok, "", "CHECK completed");
  return {};
}

}  // namespace petrel::imap
