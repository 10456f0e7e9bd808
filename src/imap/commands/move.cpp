// MOVE and UID MOVE (RFC 6851, RFC 9051 6.4.8): COPY, then expunge the
// originals, atomically in the store.
#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "store/store.h"

namespace petrel::imap {

Outcome handle_move(Session& session, const Command& command) {
  const auto& args = std::get<CopyArgs>(command.args);
  // MOVE expunges from the source, which EXAMINE forbids (RFC 9051 6.3.3).
  SelectedMailbox* view = writable_mailbox(session, command.tag);
  if (!view) return {};
  auto uids = resolve_or_bad(session, command.tag, args.set, command.uid);
  if (!uids) return {};
  auto destination = destination_name(session, command.tag, args.mailbox);
  if (!destination) return {};
  if (uids->empty()) {
    session.tagged(command.tag, Status::Ok, "", "No messages found");
    return {};
  }
  auto moved = session.mail().move(view->id(), *uids, *destination);
  if (!moved) {
    reply_destination_error(session, command.tag, *destination, moved.error());
    return {};
  }
  if (moved->source_uids.empty()) {
    session.tagged(command.tag, Status::Ok, "", "No messages found");
    return {};
  }
  // RFC 6851 4.3: with UIDPLUS, COPYUID goes in an untagged OK before the
  // expunges, since the tagged OK comes after them.
  session.untagged("OK [" + copyuid_code(*moved) + "] Moved UIDs");
  announce_expunges(session, moved->source_uids);
  if (moved->destination == view->id()) announce_new_messages(session);
  // RFC 6851 4.4: the source's new mod-sequence, in the tagged OK, for a
  // client that follows mod-sequences (CONDSTORE, or QRESYNC which implies
  // it).
  tagged_ok_after_expunge(session, command.tag, session.is_enabled("CONDSTORE"), "MOVE completed");
  return {};
}

}  // namespace petrel::imap
