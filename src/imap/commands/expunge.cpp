// EXPUNGE (RFC 9051 6.4.3) and UID EXPUNGE (RFC 4315 2.1, RFC 9051 6.4.9).
#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

Outcome handle_expunge(Session& session, const Command& command) {
  SelectedMailbox* view = writable_mailbox(session, command.tag);
  if (!view) return {};
  std::optional<store::UidSet> only;
  if (command.uid) {
    const auto& args = std::get<UidExpungeArgs>(command.args);
    only = resolve_or_bad(session, command.tag, args.uids, true);
    if (!only) return {};
    if (only->empty()) {
      session.tagged(command.tag, Status::Ok, "", "EXPUNGE completed");
      return {};
    }
  }
  auto expunged = session.mail().expunge(view->id(), only ? &*only : nullptr);
  if (!expunged) {
    reply_store_error(session, command.tag, expunged.error());
    return {};
  }
  announce_expunges(session, expunged->uids);
  // RFC 7162 3.2.7: with QRESYNC on and something expunged, the tagged OK
  // carries the new HIGHESTMODSEQ.
  tagged_ok_after_expunge(session, command.tag,
                          session.is_enabled("QRESYNC") && !expunged->uids.empty(),
                          "EXPUNGE completed");
  return {};
}

}  // namespace petrel::imap
