// COPY and UID COPY (RFC 9051 6.4.7, 6.4.9) with COPYUID (RFC 4315 3).
#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "store/store.h"

namespace petrel::imap {

Outcome handle_copy(Session& session, const Command& command) {
  const auto& args = std::get<CopyArgs>(command.args);
  SelectedMailbox& view = *session.selected();
  auto uids = resolve_or_bad(session, command.tag, args.set, command.uid);
  if (!uids) return {};
  auto destination = destination_name(session, command.tag, args.mailbox);
  if (!destination) return {};
  // A UID set naming no message copies nothing and is no error (RFC 4315
  // example A005), whatever the destination.
  if (uids->empty()) {
    session.tagged(command.tag, Status::Ok, "", "No messages found");
    return {};
  }
  auto copied = session.mail().copy(view.id(), *uids, *destination);
  if (!copied) {
    reply_destination_error(session, command.tag, *destination, copied.error());
    return {};
  }
  if (copied->source_uids.empty()) {
    session.tagged(command.tag, Status::Ok, "", "No messages found");
    return {};
  }
  if (copied->destination == view.id()) announce_new_messages(session);
  session.tagged(command.tag, Status::Ok, copyuid_code(*copied), "COPY completed");
  return {};
}

}  // namespace petrel::imap
