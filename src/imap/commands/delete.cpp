// DELETE (RFC 9051 6.3.5).
#include "imap/commands/registry.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

Outcome handle_delete(Session& session, const Command& command) {
  const auto& args = std::get<MailboxArgs>(command.args);
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  if (*name == "INBOX") {
    session.tagged(command.tag, Status::No, "CANNOT", "INBOX cannot be deleted");
    return {};
  }
  // A mailbox with children becomes a \Noselect placeholder; a placeholder
  // with children cannot be deleted, the store's only Forbidden here
  // (RFC 9051 6.3.5, 7.1 HASCHILDREN).
  auto deleted = session.mail().delete_mailbox(*name);
  if (!deleted) {
    if (deleted.error().code == ErrorCode::Forbidden) {
      session.tagged(command.tag, Status::No, "HASCHILDREN",
                     "Mailbox has inferior hierarchical names and is not selectable");
    } else {
      reply_store_error(session, command.tag, deleted.error());
    }
    return {};
  }
  // Deleting the selected mailbox closes it: the unsolicited CLOSED response
  // code moves the session to the authenticated state (RFC 9051 3, the
  // state diagram's transition 6).
  if (SelectedMailbox* selected = session.selected(); selected && selected->name() == *name) {
    session.deselect();
    session.untagged("OK [CLOSED] The selected mailbox was deleted");
  }
  session.tagged(command.tag, Status::Ok, "", "DELETE completed");
  return {};
}

}  // namespace petrel::imap
