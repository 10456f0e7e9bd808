// STATUS (RFC 9051 6.3.11) and the STATUS response it shares with
// LIST-STATUS (RFC 5819).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "imap/commands/registry.h"
#include "imap/commands/status_response.h"
#include "imap/proto/status_item_names.h"
#include "imap/proto/writer.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/selected_mailbox.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// What the STATUS items say beyond the store's MailboxStatus.
struct SessionValues {
  std::uint64_t append_limit = 0;
  std::uint32_t recent = 0;
};

void write_item_value(std::string& out, StatusItem item, const store::MailboxStatus& status,
                      const SessionValues& values) {
  switch (item) {
    case StatusItem::Messages:
      return write_number(out, status.messages);
    case StatusItem::Recent:
      // RFC 3501 only.
      return write_number(out, values.recent);
    case StatusItem::UidNext:
      return write_number(out, status.uidnext);
    case StatusItem::UidValidity:
      return write_number(out, status.uidvalidity);
    case StatusItem::Unseen:
      return write_number(out, status.unseen);
    case StatusItem::Deleted:
      return write_number(out, status.deleted);
    case StatusItem::Size:  // RFC 8438
      return write_number(out, status.size);
    case StatusItem::HighestModSeq:  // RFC 7162 3.1.2
      return write_number(out, status.highest_modseq);
    case StatusItem::AppendLimit:  // RFC 7889 4: the same for every mailbox
      return write_number(out, values.append_limit);
    case StatusItem::MailboxId:  // RFC 8474 4: "MAILBOXID" SP "(" objectid ")"
      out += '(';
      out += status.object_id;
      out += ')';
      return;
    case StatusItem::DeletedStorage:  // RFC 9208 4.1.4: what EXPUNGE would free
      return write_number(out, status.deleted_size);
  }
}

}  // namespace

const char* unsupported_status_item(const std::vector<StatusItem>&) { return nullptr; }

void note_status_items(Session& session, const std::vector<StatusItem>& items) {
  if (std::find(items.begin(), items.end(), StatusItem::HighestModSeq) != items.end() &&
      !session.is_enabled("CONDSTORE")) {
    session.enable("CONDSTORE");
  }
}

void write_status_response(Session& session, std::string_view utf8_name,
                           const store::MailboxStatus& status,
                           const std::vector<StatusItem>& items) {
  SessionValues values;
  // APPENDLIMIT is a number (RFC 7889 6), at most 2^32 - 1.
  values.append_limit =
      std::min<std::uint64_t>(session.context().config.limits.max_literal, UINT32_MAX);
  // RECENT: the messages no session has claimed yet (the next IMAP4rev1
  // SELECT will), plus those this session holds if it has the mailbox
  // selected (RFC 3501 2.3.2).
  values.recent = status.unclaimed_recent;
  if (const SelectedMailbox* view = session.selected(); view && view->id() == status.id)
    values.recent += view->recent_count();
  std::string& out = session.output();
  out += "* STATUS ";
  write_mailbox_name(out, utf8_name, session.utf8_names());
  out += " (";
  unsigned written = 0;  // a repeated item is answered once
  for (StatusItem item : items) {
    unsigned bit = 1u << static_cast<unsigned>(item);
    if (written & bit) continue;
    if (written != 0) out += ' ';
    written |= bit;
    out += status_item_name(item);
    out += ' ';
    write_item_value(out, item, status, values);
  }
  out += ")\r\n";
}

// RFC 9051 6.3.11. The selected mailbox may be asked about too; a
// \Noselect or missing mailbox is NO [NONEXISTENT] (the store's NotFound).
Outcome handle_status(Session& session, const Command& command) {
  const auto& args = std::get<StatusArgs>(command.args);
  if (const char* item = unsupported_status_item(args.items)) {
    session.tagged(command.tag, Status::Bad, "", fmt::format("STATUS {} is not supported", item));
    return {};
  }
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  auto status = session.mail().status(*name);
  if (!status) {
    reply_store_error(session, command.tag, status.error());
    return {};
  }
  note_status_items(session, args.items);
  write_status_response(session, *name, *status, args.items);
  session.tagged(command.tag, Status::Ok, "", "STATUS completed");
  return {};
}

}  // namespace petrel::imap
