// Commands about whole mailboxes: SELECT/EXAMINE, CREATE, DELETE, RENAME,
// (UN)SUBSCRIBE, STATUS, GETQUOTA(ROOT)/SETQUOTA, and COPY/MOVE.
#include <string>

#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"
#include "imap/proto/status_item_names.h"

namespace petrel::imap::detail {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = chars::to_upper(c);
  return out;
}

// A known-uids style set: "*" and "$" are not allowed (RFC 7162 3.2.5).
bool plain_set(Lexer& lx, SequenceSet& out) {
  if (!lx.seq_set(out)) return false;
  if (out.has_star() || out.last_result) return lx.fail("\"*\" and \"$\" not allowed here");
  return true;
}

// QRESYNC SP "(" uidvalidity SP mod-sequence-value [SP known-uids]
//   [SP seq-match-data] ")"   (RFC 7162 section 3.2.5)
bool parse_qresync(Lexer& lx, QresyncParams& q) {
  if (!lx.sp() || !lx.expect('(') || !lx.nz_number(q.uidvalidity) || !lx.sp() ||
      !lx.nz_number64(q.modseq)) {
    return false;
  }
  if (lx.try_char(' ') && lx.peek() != '(') {
    q.known_uids.emplace();
    if (!plain_set(lx, *q.known_uids)) return false;
    if (!lx.try_char(' ')) return lx.expect(')');
  }
  if (lx.peek() == '(') {
    // seq-match-data = "(" known-sequence-set SP known-uid-set ")"
    q.known_seqs.emplace();
    q.known_seq_uids.emplace();
    if (!lx.expect('(') || !plain_set(lx, *q.known_seqs) || !lx.sp() ||
        !plain_set(lx, *q.known_seq_uids) || !lx.expect(')')) {
      return false;
    }
  }
  return lx.expect(')');
}

}  // namespace

bool parse_status_items(Lexer& lx, std::vector<StatusItem>& out) {
  if (!lx.expect('(')) return false;
  out.clear();
  do {
    std::string_view name;
    if (!lx.atom(name)) return false;
    const StatusItemName* found = nullptr;
    for (const StatusItemName& s : kStatusItemNames) {
      if (chars::iequals(s.name, name)) found = &s;
    }
    if (found == nullptr) return lx.fail("unknown status item");
    out.push_back(found->item);
  } while (lx.try_char(' '));
  return lx.expect(')');
}

// select = "SELECT" SP mailbox [select-params]   (RFC 4466, RFC 7162)
bool parse_select(Lexer& lx, Command& cmd) {
  SelectArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox)) return false;
  if (lx.try_char(' ')) {
    if (!lx.expect('(')) return false;
    do {
      std::string_view name;
      if (!lx.atom(name)) return false;
      if (chars::iequals(name, "CONDSTORE") && !a.condstore) {
        a.condstore = true;
      } else if (chars::iequals(name, "QRESYNC") && !a.qresync) {
        if (!parse_qresync(lx, a.qresync.emplace())) return false;
      } else {
        return lx.fail("unknown or repeated select parameter");
      }
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  }
  cmd.args = std::move(a);
  return true;
}

// create = "CREATE" SP mailbox [create-params]  (RFC 4466)
// create-param =/ "USE" SP "(" [use-attr *(SP use-attr)] ")"  (RFC 6154 6)
bool parse_create(Lexer& lx, Command& cmd) {
  CreateArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox)) return false;
  if (lx.try_char(' ')) {
    if (!lx.expect('(')) return false;
    bool seen_use = false;
    do {
      std::string_view name;
      if (!lx.atom(name)) return false;
      if (!chars::iequals(name, "USE") || seen_use) {
        return lx.fail("unknown or repeated CREATE parameter");
      }
      seen_use = true;
      if (!lx.sp() || !lx.expect('(')) return false;
      if (!lx.try_char(')')) {
        do {
          std::string attr;
          if (lx.peek() != '\\') return lx.fail("expected a special-use attribute");
          if (!lx.flag(attr)) return false;
          a.special_use.push_back(std::move(attr));
        } while (lx.try_char(' '));
        if (!lx.expect(')')) return false;
      }
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  }
  cmd.args = std::move(a);
  return true;
}

// DELETE / SUBSCRIBE / UNSUBSCRIBE / GETQUOTAROOT SP mailbox
bool parse_mailbox_only(Lexer& lx, Command& cmd) {
  MailboxArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox)) return false;
  cmd.args = std::move(a);
  return true;
}

// rename = "RENAME" SP mailbox SP mailbox
bool parse_rename(Lexer& lx, Command& cmd) {
  RenameArgs a;
  if (!lx.sp() || !lx.mailbox(a.from) || !lx.sp() || !lx.mailbox(a.to)) return false;
  cmd.args = std::move(a);
  return true;
}

// status = "STATUS" SP mailbox SP "(" status-att *(SP status-att) ")"
bool parse_status(Lexer& lx, Command& cmd) {
  StatusArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox) || !lx.sp() || !parse_status_items(lx, a.items)) {
    return false;
  }
  cmd.args = std::move(a);
  return true;
}

// copy = "COPY" SP sequence-set SP mailbox; move likewise (RFC 6851 4.1)
bool parse_copy(Lexer& lx, Command& cmd) {
  CopyArgs a;
  if (!lx.sp() || !lx.seq_set(a.set) || !lx.sp() || !lx.mailbox(a.mailbox)) return false;
  cmd.args = std::move(a);
  return true;
}

// getquota = "GETQUOTA" SP quota-root-name   (RFC 9208 section 7)
bool parse_getquota(Lexer& lx, Command& cmd) {
  QuotaRootArgs a;
  if (!lx.sp() || !lx.astring(a.root)) return false;
  cmd.args = std::move(a);
  return true;
}

// setquota = "SETQUOTA" SP quota-root-name SP setquota-list
// setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")"
bool parse_setquota(Lexer& lx, Command& cmd) {
  SetQuotaArgs a;
  if (!lx.sp() || !lx.astring(a.root) || !lx.sp() || !lx.expect('(')) return false;
  if (!lx.try_char(')')) {
    do {
      std::string_view name;
      QuotaLimit q;
      if (!lx.atom(name) || !lx.sp() || !lx.number64(q.limit)) return false;
      q.resource = upper(name);
      a.limits.push_back(std::move(q));
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  }
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
