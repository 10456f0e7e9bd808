// APPEND (RFC 9051 6.3.12) with MULTIAPPEND (RFC 3502), APPENDUID (RFC 4315
// 3), literal8 (RFC 3516 4.4) and APPENDLIMIT / TOOBIG (RFC 7889 4).
#include <ctime>

#include "imap/commands/message_builder.h"
#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/proto/writer.h"
#include "imap/session/flags_format.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

// The server's offset from UTC at `t`, in minutes: INTERNALDATE defaults to
// "now" (RFC 9051 6.3.12) shown in the server's zone, as Dovecot does.
int local_zone_minutes(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return static_cast<int>(tm.tm_gmtoff / 60);
}

// The checks that need no parsing, for every message before any is parsed
// (RFC 3502 6: all or nothing). False once the command was answered.
bool validate(Session& session, const std::string& tag, const AppendMessage& m,
              ParsedFlags& flags) {
  // Dovecot: "Can't save a zero byte message"; an empty message is no
  // RFC 5322 message and no client means to store one.
  if (m.data.empty()) {
    session.tagged(tag, Status::No, "", "Cannot append an empty message");
    return false;
  }
  // The reader refuses bigger literals before reading them; this also
  // covers a limit lowered by a configuration reload.
  if (m.data.size() > session.context().config.limits.max_literal) {
    session.tagged(tag, Status::No, "TOOBIG", "Message exceeds APPENDLIMIT");
    return false;
  }
  auto parsed = parse_flags(m.flags);
  if (!parsed) {
    session.tagged(tag, Status::Bad, "", parsed.error().message);
    return false;
  }
  flags = std::move(*parsed);
  return true;
}

// One message as the store takes it: bytes, their analysis, flags, date.
store::NewMessage prepare(const AppendMessage& m, ParsedFlags& flags, std::time_t now) {
  BuildOptions options;
  // literal8 may carry binary content (RFC 3516 4.4), which must be kept
  // byte for byte; the UTF8 form is still a text message (RFC 6855 4).
  options.normalize_line_endings = !m.literal8 || m.utf8;
  store::NewMessage out = build_message(m.data, options);
  out.flags = flags.system;  // \Recent is the server's to set: ignored
  out.keywords = std::move(flags.keywords);
  if (m.internal_date) {
    // The zone the client gave is kept for INTERNALDATE (RFC 9051 2.3.3).
    out.internal_date = m.internal_date->unix_time();
    out.internal_date_tz = m.internal_date->zone_minutes;
  } else {
    out.internal_date = now;
    out.internal_date_tz = local_zone_minutes(now);
  }
  return out;
}

}  // namespace

Outcome handle_append(Session& session, const Command& command) {
  const auto& args = std::get<AppendArgs>(command.args);
  auto mailbox = destination_name(session, command.tag, args.mailbox);
  if (!mailbox) return {};
  const std::time_t now = std::time(nullptr);
  std::vector<ParsedFlags> flags(args.messages.size());
  for (std::size_t i = 0; i < flags.size(); ++i)
    if (!validate(session, command.tag, args.messages[i], flags[i])) return {};
  std::vector<store::NewMessage> messages;
  messages.reserve(flags.size());
  for (std::size_t i = 0; i < flags.size(); ++i)
    messages.push_back(prepare(args.messages[i], flags[i], now));
  auto appended = session.mail().append(*mailbox, std::move(messages));
  if (!appended) {
    // NotFound: missing or \Noselect, which CREATE can fix: [TRYCREATE].
    reply_destination_error(session, command.tag, *mailbox, appended.error());
    return {};
  }
  SelectedMailbox* view = session.selected();
  if (view && appended->mailbox == view->id()) announce_new_messages(session);
  // RFC 4315 3: one APPENDUID with every new UID in order (a uid-set for
  // MULTIAPPEND).
  std::string code = "APPENDUID ";
  write_number(code, appended->uidvalidity);
  code += ' ';
  write_number_set(code, appended->uids);
  session.tagged(command.tag, Status::Ok, code, "APPEND completed");
  return {};
}

}  // namespace petrel::imap
