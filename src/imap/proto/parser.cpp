#include "imap/proto/parser.h"

#include <string>

#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap {
namespace {

using detail::ParseFn;

struct CommandSpec {
  std::string_view name;
  ParseFn parse;
  bool uid;  // also valid after "UID " (RFC 9051 6.4.9, RFC 4315, RFC 6851, RFC 5256)
};

// Every command of RFC 9051 and RFC 3501 plus the extensions Petrel parses.
constexpr CommandSpec kCommands[] = {
    {"CAPABILITY", detail::parse_no_args, false},
    {"NOOP", detail::parse_no_args, false},
    {"LOGOUT", detail::parse_no_args, false},
    {"STARTTLS", detail::parse_no_args, false},
    {"AUTHENTICATE", detail::parse_authenticate, false},
    {"LOGIN", detail::parse_login, false},
    {"ENABLE", detail::parse_enable, false},  // RFC 5161
    {"ID", detail::parse_id, false},          // RFC 2971
    {"SELECT", detail::parse_select, false},
    {"EXAMINE", detail::parse_select, false},
    {"CREATE", detail::parse_create, false},
    {"DELETE", detail::parse_mailbox_only, false},
    {"RENAME", detail::parse_rename, false},
    {"SUBSCRIBE", detail::parse_mailbox_only, false},
    {"UNSUBSCRIBE", detail::parse_mailbox_only, false},
    {"LIST", detail::parse_list, false},
    {"LSUB", detail::parse_lsub, false},          // RFC 3501
    {"NAMESPACE", detail::parse_no_args, false},  // RFC 2342
    {"STATUS", detail::parse_status, false},
    {"APPEND", detail::parse_append, false},
    {"IDLE", detail::parse_no_args, false},   // RFC 2177
    {"CHECK", detail::parse_no_args, false},  // RFC 3501
    {"CLOSE", detail::parse_no_args, false},
    {"UNSELECT", detail::parse_no_args, false},  // RFC 3691
    {"EXPUNGE", detail::parse_expunge, true},
    {"SEARCH", detail::parse_search, true},
    {"FETCH", detail::parse_fetch, true},
    {"STORE", detail::parse_store, true},
    {"COPY", detail::parse_copy, true},
    {"MOVE", detail::parse_copy, true},           // RFC 6851
    {"SORT", detail::parse_sort, true},           // RFC 5256
    {"THREAD", detail::parse_thread, true},       // RFC 5256
    {"GETQUOTA", detail::parse_getquota, false},  // RFC 9208
    {"GETQUOTAROOT", detail::parse_mailbox_only, false},
    {"SETQUOTA", detail::parse_setquota, false},
    {"COMPRESS", detail::parse_compress, false},        // RFC 4978
    {"GETMETADATA", detail::parse_getmetadata, false},  // RFC 5464
    {"SETMETADATA", detail::parse_setmetadata, false},
    {"UNAUTHENTICATE", detail::parse_no_args, false},  // RFC 8437
};

const CommandSpec* find_spec(std::string_view name) {
  for (const CommandSpec& spec : kCommands) {
    if (chars::iequals(spec.name, name)) return &spec;
  }
  return nullptr;
}

CommandError error(std::string tag, std::string text, std::string code = {}) {
  CommandError e;
  e.tag = std::move(tag);
  e.kind = ErrorKind::Bad;
  e.code = std::move(code);
  e.text = std::move(text);
  return e;
}

}  // namespace

bool is_known_command(std::string_view name, bool uid) {
  const CommandSpec* spec = find_spec(name);
  return spec != nullptr && (!uid || spec->uid);
}

ParseOutcome parse_command(std::string_view framed, const ReaderLimits& limits) {
  // tag = 1*<any ASTRING-CHAR except "+">
  std::size_t n = 0;
  while (n < framed.size() && chars::is_tag_char(framed[n])) ++n;
  if (n == 0 || (n < framed.size() && framed[n] != ' ')) {
    return error({}, n == 0 ? "Missing or invalid tag" : "Invalid tag");
  }
  if (n > limits.max_tag) return error({}, "Tag too long", "LIMIT");
  std::string tag(framed.substr(0, n));
  if (n == framed.size()) return error(std::move(tag), "Missing command");

  Lexer lx(framed.substr(n + 1), limits.max_depth > 1000 ? 1000 : limits.max_depth,
           limits.max_sequence_ranges);
  Command cmd;
  std::string_view name;
  if (!lx.atom(name)) return error(std::move(tag), "Missing command");
  if (chars::iequals(name, "UID")) {
    cmd.uid = true;
    if (!lx.sp() || !lx.atom(name)) return error(std::move(tag), "Missing command after UID");
  }
  const CommandSpec* spec = find_spec(name);
  if (spec == nullptr) return error(std::move(tag), "Unknown command");
  if (cmd.uid && !spec->uid) return error(std::move(tag), "Command has no UID form");
  cmd.name = spec->name;
  if (spec->parse(lx, cmd) && !lx.at_end()) lx.fail("unexpected extra arguments");
  if (lx.failed()) {
    std::string text = cmd.uid ? "Invalid UID " : "Invalid ";
    text.append(spec->name);
    text.append(" arguments: ");
    text.append(lx.error());
    return error(std::move(tag), std::move(text), lx.error_code());
  }
  cmd.tag = std::move(tag);
  return cmd;
}

}  // namespace petrel::imap
