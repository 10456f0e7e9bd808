// LIST (RFC 9051 6.3.9 with RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE,
// RFC 5819 LIST-STATUS) and LSUB (RFC 3501 6.3.9).
#include <spdlog/spdlog.h>

#include <optional>

#include "imap/commands/list_select.h"
#include "imap/commands/registry.h"
#include "imap/commands/status_response.h"
#include "imap/proto/mutf7.h"
#include "imap/proto/utf8.h"
#include "imap/proto/writer.h"
#include "imap/session/special_use.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

struct ListStyle {
  bool lsub = false;
  bool utf8 = false;  // names in UTF-8, else modified UTF-7
  // The client knows \NonExistent: it used the extended syntax (RFC 5258 3)
  // or speaks IMAP4rev2, where it is a base attribute (RFC 9051 7.3.1).
  bool nonexistent = false;
  bool show_subscribed = false;  // SUBSCRIBED selection or return option
};

// Reference or pattern as sent -> UTF-8. Wildcards are plain ASCII in both
// encodings. A rev1 client's raw UTF-8 is understood, as in mailbox names.
std::optional<std::string> decode_list_text(std::string_view wire, bool utf8) {
  bool eight_bit = false;
  for (unsigned char c : wire) eight_bit |= c >= 0x80;
  if (utf8 || eight_bit) {
    if (!is_valid_utf8(wire)) return std::nullopt;
    return std::string(wire);
  }
  return mutf7_decode(wire);
}

// One LIST or LSUB response. Special-use attributes are always sent (RFC
// 6154 2 allows it on any LIST), and so is \HasChildren or \HasNoChildren
// (RFC 9051 6.3.9.5 allows it on any LIST; clients rely on it).
void write_list_line(std::string& out, const ListEntry& e, const ListStyle& style, bool noselect) {
  out += style.lsub ? "* LSUB (" : "* LIST (";
  std::size_t start = out.size();
  if (style.lsub) {
    // RFC 3501 6.3.9: a parent returned for "%" that is not subscribed.
    if (!e.meets_criteria) {
      out += " \\Noselect";
    } else if (e.mailbox) {
      append_special_use(out, e.mailbox->special_use);
    }
  } else {
    if (style.show_subscribed && e.subscribed) out += " \\Subscribed";
    if (!e.mailbox) {
      out += style.nonexistent ? " \\NonExistent" : " \\Noselect";
    } else if (noselect || e.mailbox->noselect) {
      out += " \\Noselect";
    }
    out += e.has_children ? " \\HasChildren" : " \\HasNoChildren";
    if (e.mailbox) append_special_use(out, e.mailbox->special_use);
  }
  if (out.size() > start) out.erase(start, 1);  // the first attribute's space
  out += ") \"/\" ";
  write_mailbox_name(out, e.name, style.utf8);
  // RFC 5258 3.5: the base selection option the descendant met.
  if (e.childinfo) out += " (\"CHILDINFO\" (\"SUBSCRIBED\"))";
  out += "\r\n";
}

// LIST-STATUS (RFC 5819 2): the STATUS follows its LIST response; a mailbox
// that turns out not to be selectable gets \Noselect and no STATUS.
void write_with_status(Session& session, const ListEntry& e, const ListStyle& style,
                       const std::vector<StatusItem>& items) {
  auto status = session.mail().status(e.name);
  if (!status) {
    if (status.error().code != ErrorCode::NotFound) {
      spdlog::warn("list-status user={} mailbox={} error={}", session.user(), e.name,
                   status.error().message);
    }
    write_list_line(session.output(), e, style, status.error().code == ErrorCode::NotFound);
    return;
  }
  write_list_line(session.output(), e, style, false);
  write_status_response(session, e.name, *status, items);
}

ListSelection make_selection(const ListArgs& args, bool lsub, bool utf8) {
  ListSelection sel;
  sel.lsub = lsub;
  sel.subscribed = args.select_subscribed;
  sel.special_use = args.select_special_use;
  sel.recursive_match = args.select_recursive_match;
  // RFC 9051 6.3.9: a pattern or reference that cannot name anything is
  // silently ignored.
  auto reference = decode_list_text(args.reference, utf8);
  if (!reference) return sel;
  for (const std::string& wire : args.patterns) {
    auto pattern = decode_list_text(wire, utf8);
    if (pattern && !pattern->empty())
      sel.patterns.push_back(join_list_pattern(*reference, *pattern));
  }
  return sel;
}

bool refuse_options(Session& session, const Command& command, const ListArgs& args) {
  if (args.return_myrights) {
    // RFC 8440 needs ACL (RFC 4314), which Petrel does not offer.
    session.tagged(command.tag, Status::Bad, "", "RETURN (MYRIGHTS) is not supported");
    return true;
  }
  if (args.return_status) {
    if (const char* item = unsupported_status_item(*args.return_status)) {
      session.tagged(command.tag, Status::Bad, "",
                     std::string("RETURN (STATUS (") + item + ")) is not supported");
      return true;
    }
  }
  return false;
}

}  // namespace

Outcome handle_list(Session& session, const Command& command) {
  const auto& args = std::get<ListArgs>(command.args);
  const bool lsub = command.name == "LSUB";
  const char* done = lsub ? "LSUB completed" : "LIST completed";
  if (refuse_options(session, command, args)) return {};
  // RFC 9051 6.3.9: in the basic syntax, an empty pattern asks for the
  // delimiter and the root; references here are never rooted, so the root
  // is "".
  if (!lsub && !args.extended && args.patterns.size() == 1 && args.patterns[0].empty()) {
    session.untagged("LIST (\\Noselect) \"/\" \"\"");
    session.tagged(command.tag, Status::Ok, "", done);
    return {};
  }
  ListSelection sel = make_selection(args, lsub, session.utf8_names());
  if (sel.patterns.empty()) {
    session.tagged(command.tag, Status::Ok, "", done);
    return {};
  }
  auto mailboxes = session.mail().list_mailboxes();
  if (!mailboxes) {
    reply_store_error(session, command.tag, mailboxes.error());
    return {};
  }
  std::vector<std::string> subscriptions;
  if (sel.lsub || sel.subscribed) {
    auto subs = session.mail().list_subscriptions();
    if (!subs) {
      reply_store_error(session, command.tag, subs.error());
      return {};
    }
    subscriptions = std::move(*subs);
  }
  ListStyle style;
  style.lsub = lsub;
  style.utf8 = session.utf8_names();
  style.nonexistent = args.extended || session.rev2();
  style.show_subscribed = args.select_subscribed || args.return_subscribed;
  if (args.return_status) note_status_items(session, *args.return_status);
  for (const ListEntry& e : select_list_entries(*mailboxes, subscriptions, sel)) {
    if (args.return_status && e.meets_criteria && e.selectable()) {
      write_with_status(session, e, style, *args.return_status);
    } else {
      write_list_line(session.output(), e, style, false);
    }
  }
  session.tagged(command.tag, Status::Ok, "", done);
  return {};
}

}  // namespace petrel::imap
