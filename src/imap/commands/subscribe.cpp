// SUBSCRIBE and UNSUBSCRIBE (RFC 9051 6.3.7, 6.3.8).
#include "imap/commands/registry.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

// The name need not exist (RFC 9051 6.3.7 lets a server check but does not
// ask it to; a subscription may name a mailbox that comes back later).
Outcome handle_subscribe(Session& session, const Command& command) {
  const auto& args = std::get<MailboxArgs>(command.args);
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  if (auto r = session.mail().subscribe(*name); !r) {
    reply_store_error(session, command.tag, r.error());
    return {};
  }
  session.tagged(command.tag, Status::Ok, "", "SUBSCRIBE completed");
  return {};
}

// RFC 9051 6.3.8: OK also when the name was not subscribed.
Outcome handle_unsubscribe(Session& session, const Command& command) {
  const auto& args = std::get<MailboxArgs>(command.args);
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  if (auto r = session.mail().unsubscribe(*name); !r && r.error().code != ErrorCode::NotFound) {
    reply_store_error(session, command.tag, r.error());
    return {};
  }
  session.tagged(command.tag, Status::Ok, "", "UNSUBSCRIBE completed");
  return {};
}

}  // namespace petrel::imap
