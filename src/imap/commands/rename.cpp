// RENAME (RFC 9051 6.3.6).
#include "imap/commands/registry.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// The selected mailbox keeps its identity across RENAME (the store keeps its
// id); the session follows its new name. Renaming INBOX moves only its
// messages, so a selected INBOX stays INBOX.
void follow_rename(Session& session, const std::string& from, const std::string& to) {
  SelectedMailbox* selected = session.selected();
  if (!selected || from == "INBOX") return;
  const std::string& name = selected->name();
  if (name == from) {
    selected->set_name(to);
  } else if (name.size() > from.size() && name.compare(0, from.size(), from) == 0 &&
             name[from.size()] == kHierarchyDelimiter) {
    selected->set_name(to + name.substr(from.size()));
  }
}

}  // namespace

Outcome handle_rename(Session& session, const Command& command) {
  const auto& args = std::get<RenameArgs>(command.args);
  const bool utf8 = session.utf8_names();
  auto from = decode_mailbox_name(args.from, utf8);
  if (!from) {
    reply_store_error(session, command.tag, from.error());
    return {};
  }
  auto to = decode_mailbox_name(args.to, utf8);
  if (!to) {
    reply_store_error(session, command.tag, to.error());
    return {};
  }
  // Children move along; missing superiors of the new name are created; a
  // missing source is NO [NONEXISTENT], an existing target NO
  // [ALREADYEXISTS], a move below itself NO [CANNOT]. Subscriptions stay
  // as they are (RFC 9051 6.3.6).
  auto renamed = session.mail().rename_mailbox(*from, *to);
  if (!renamed) {
    reply_store_error(session, command.tag, renamed.error());
    return {};
  }
  follow_rename(session, *from, *to);
  session.tagged(command.tag, Status::Ok, "", "RENAME completed");
  return {};
}

}  // namespace petrel::imap
