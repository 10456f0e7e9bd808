#include "imap/commands/message_common.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "imap/proto/writer.h"
#include "imap/session/flags_format.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

void write_number_set(std::string& out, const std::vector<std::uint32_t>& numbers) {
  std::size_t i = 0;
  while (i < numbers.size()) {
    std::size_t j = i;
    while (j + 1 < numbers.size() && numbers[j + 1] == numbers[j] + 1) ++j;
    if (i > 0) out += ',';
    write_number(out, numbers[i]);
    if (j > i) {
      out += ':';
      write_number(out, numbers[j]);
    }
    i = j + 1;
  }
}

SelectedMailbox* writable_mailbox(Session& session, const std::string& tag) {
  SelectedMailbox* view = session.selected();
  if (view && !view->read_only()) return view;
  // [READ-ONLY] restates why (RFC 9051 7.1). Dovecot instead answers OK
  // and ignores STORE/EXPUNGE, which hides the refusal from the client.
  session.tagged(tag, Status::No, "READ-ONLY", "Mailbox is read-only");
  return nullptr;
}

std::optional<store::UidSet> resolve_or_bad(Session& session, const std::string& tag,
                                            const SequenceSet& set, bool uid_mode) {
  auto uids = session.selected()->resolve(set, uid_mode);
  if (!uids) {
    session.tagged(tag, Status::Bad, "", uids.error().message);
    return std::nullopt;
  }
  return std::move(*uids);
}

void write_flag_responses(Session& session, const SelectedMailbox& view) {
  std::string& out = session.output();
  out += "* FLAGS ";
  write_flags(out, store::kAllSystemFlags, view.keywords());
  if (view.read_only()) {
    out += "\r\n* OK [PERMANENTFLAGS ()] Read-only mailbox\r\n";
    return;
  }
  out += "\r\n* OK [PERMANENTFLAGS ";
  write_flags(out, store::kAllSystemFlags, view.keywords());
  // "\*": new keywords may be created (RFC 9051 7.1 PERMANENTFLAGS).
  out.insert(out.size() - 1, " \\*");
  out += "] Flags permitted\r\n";
}

void announce_expunges(Session& session, const std::vector<store::Uid>& uids) {
  session.announce_expunged(uids);
}

std::optional<std::string> destination_name(Session& session, const std::string& tag,
                                            const std::string& wire) {
  auto name = decode_mailbox_name(wire, session.utf8_names());
  if (!name) {
    reply_store_error(session, tag, name.error());
    return std::nullopt;
  }
  return std::move(*name);
}

void reply_destination_error(Session& session, const std::string& tag, std::string_view destination,
                             const Error& error) {
  if (error.code == ErrorCode::NotFound) {
    auto status = session.mail().status(destination);
    if (!status && status.error().code == ErrorCode::NotFound) {
      session.tagged(tag, Status::No, "TRYCREATE", "Mailbox does not exist");
      return;
    }
  }
  reply_store_error(session, tag, error);
}

std::string copyuid_code(const store::CopyResult& copied) {
  std::string code = "COPYUID ";
  write_number(code, copied.uidvalidity);
  code += ' ';
  write_number_set(code, copied.source_uids);
  code += ' ';
  write_number_set(code, copied.dest_uids);
  return code;
}

void announce_new_messages(Session& session) { session.catch_up(); }

void tagged_ok_after_expunge(Session& session, const std::string& tag, bool report_modseq,
                             std::string_view text) {
  if (report_modseq) {
    session.catch_up();
    if (SelectedMailbox* now = session.selected(); now && session.state() == State::Selected) {
      session.tagged(tag, Status::Ok, "HIGHESTMODSEQ " + std::to_string(now->highest_modseq()),
                     text);
      return;
    }
  }
  session.tagged(tag, Status::Ok, "", text);
}

}  // namespace petrel::imap
