// SELECT and EXAMINE (RFC 9051 6.3.2, 6.3.3; RFC 3501 6.3.1, 6.3.2 for
// IMAP4rev1 clients).
#include <fmt/format.h>

#include <iterator>
#include <memory>

#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/proto/writer.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/special_use.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// The rev2 LIST response of SELECT, "whose attributes MUST be accurate"
// (RFC 9051 6.3.2): children (as a plain LIST reports them, 6.3.9) and the
// special use. A failed listing only drops the children attributes.
void write_list_response(Session& session, const store::MailboxSnapshot& snapshot) {
  const std::string& name = snapshot.status.name;
  std::string& out = session.output();
  out += "* LIST (";
  bool first = true;
  auto add = [&](std::string_view attr) {
    if (!first) out += ' ';
    out += attr;
    first = false;
  };
  if (auto all = session.mail().list_mailboxes()) {
    bool children = false;
    for (const store::MailboxInfo& m : *all) {
      if (m.name.size() > name.size() && m.name[name.size()] == kHierarchyDelimiter &&
          m.name.compare(0, name.size(), name) == 0) {
        children = true;
        break;
      }
    }
    add(children ? "\\HasChildren" : "\\HasNoChildren");
  }
  for (const SpecialUseName& s : kSpecialUseNames)
    if (snapshot.special_use & s.bit) add(s.name);
  out += ") \"/\" ";
  write_mailbox_name(out, name, session.utf8_names());
  out += "\r\n";
}

// The untagged responses of a successful SELECT/EXAMINE, in the order of
// RFC 9051's examples (RFC 9051 6.3.2 says the order does not matter).
void write_select_responses(Session& session, const store::MailboxSnapshot& snapshot,
                            const SelectedMailbox& view) {
  std::string& out = session.output();
  auto put = std::back_inserter(out);
  const store::MailboxStatus& st = snapshot.status;
  fmt::format_to(put, "* {} EXISTS\r\n", view.exists());
  // RFC 3501 6.3.1: RECENT is required for IMAP4rev1; the messages this
  // SELECT claimed (Session::claim_recent).
  if (!session.rev2()) fmt::format_to(put, "* {} RECENT\r\n", view.recent_count());
  write_flag_responses(session, view);
  if (!session.rev2()) {
    // RFC 3501 6.3.1: the first unseen message, only if there is one
    // (deprecated in RFC 9051, Appendix E item 11).
    for (std::size_t i = 0; i < snapshot.messages.size(); ++i) {
      if (!(snapshot.messages[i].flags & store::kSeen)) {
        fmt::format_to(put, "* OK [UNSEEN {}] First unseen\r\n", i + 1);
        break;
      }
    }
  }
  fmt::format_to(put, "* OK [UIDVALIDITY {}] UIDs valid\r\n", st.uidvalidity);
  fmt::format_to(put, "* OK [UIDNEXT {}] Predicted next UID\r\n", st.uidnext);
  // RFC 8474 4.2.
  fmt::format_to(put, "* OK [MAILBOXID ({})] Mailbox id\r\n", st.object_id);
  // RFC 7162 3.1.2.1: after a CONDSTORE enabling command.
  if (session.is_enabled("CONDSTORE"))
    fmt::format_to(put, "* OK [HIGHESTMODSEQ {}] Highest\r\n", st.highest_modseq);
  if (session.rev2()) write_list_response(session, snapshot);
}

// SELECT (QRESYNC (uidvalidity modseq [known-uids [seq-match]])), RFC 7162
// 3.2.5: with the client's UIDVALIDITY, the UIDs expunged since its MODSEQ
// (VANISHED (EARLIER), limited to known-uids) and the messages changed
// since (FETCH). Tombstones are kept for good, so the seq-match data, a
// hint for servers that forget expunges, is not needed.
bool resync(Session& session, const QresyncParams& params, const SelectedMailbox& view) {
  if (params.uidvalidity != view.uidvalidity() || params.modseq == 0) return true;
  std::optional<store::UidSet> known;
  if (params.known_uids) {
    auto uids = params.known_uids->normalized(UINT32_MAX);
    known.emplace();
    for (auto [lo, hi] : uids) known->add(lo, hi);
  }
  return session.report_changes_since(params.modseq, known ? &*known : nullptr);
}

Outcome open_mailbox(Session& session, const Command& command, bool read_only) {
  const auto& args = std::get<SelectArgs>(command.args);
  // RFC 7162 3.2.5: QRESYNC as a SELECT parameter needs ENABLE QRESYNC.
  if (args.qresync && !session.is_enabled("QRESYNC")) {
    session.tagged(command.tag, Status::Bad, "", "QRESYNC is not enabled");
    return {};
  }
  // RFC 9051 6.3.2: the current mailbox is deselected before the attempt,
  // so a failed SELECT leaves none selected; [CLOSED] (7.1) marks where
  // responses stop being about the old mailbox. Dovecot sends it to
  // IMAP4rev1 clients too; they ignore response codes they do not know.
  if (session.selected()) {
    session.deselect();
    session.untagged("OK [CLOSED] Previous mailbox closed");
  }
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  auto snapshot = session.mail().select(*name);
  if (!snapshot) {
    // NotFound (missing or \Noselect) becomes NO [NONEXISTENT].
    reply_store_error(session, command.tag, snapshot.error());
    return {};
  }
  // RFC 7162 3.1.8: SELECT (CONDSTORE) is a CONDSTORE enabling command.
  if (args.condstore) session.enable("CONDSTORE");
  session.select(std::make_unique<SelectedMailbox>(*snapshot, read_only));
  SelectedMailbox& view = *session.selected();
  if (!snapshot->messages.empty())
    session.claim_recent(snapshot->messages.front().uid, snapshot->messages.back().uid);
  write_select_responses(session, *snapshot, view);
  if (args.qresync && !resync(session, *args.qresync, view)) {
    // The selection stands (its responses are out); only the resync failed.
    session.tagged(command.tag, Status::No, "SERVERBUG", "Could not read the changes");
    return {};
  }
  session.tagged(command.tag, Status::Ok, read_only ? "READ-ONLY" : "READ-WRITE",
                 read_only ? "EXAMINE completed" : "SELECT completed");
  return {};
}

}  // namespace

Outcome handle_select(Session& session, const Command& command) {
  return open_mailbox(session, command, false);
}

Outcome handle_examine(Session& session, const Command& command) {
  return open_mailbox(session, command, true);
}

}  // namespace petrel::imap
