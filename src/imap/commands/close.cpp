// CLOSE (RFC 9051 6.4.1): expunge silently, then deselect.
#include "imap/commands/registry.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

Outcome handle_close(Session& session, const Command& command) {
  SelectedMailbox& view = *session.selected();
  // No EXPUNGE responses (RFC 9051 6.4.1), and nothing is removed when the
  // mailbox was opened with EXAMINE.
  if (!view.read_only()) {
    auto expunged = session.mail().expunge(view.id());
    // A mailbox deleted meanwhile (NotFound) has nothing left to expunge;
    // a storage failure is reported, yet the mailbox is closed either way.
    if (!expunged && expunged.error().code != ErrorCode::NotFound) {
      session.deselect();
      reply_store_error(session, command.tag, expunged.error());
      return {};
    }
  }
  session.deselect();
  session.tagged(command.tag, Status::Ok, "", "CLOSE completed");
  return {};
}

}  // namespace petrel::imap
