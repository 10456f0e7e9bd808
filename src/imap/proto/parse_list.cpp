// LIST (RFC 9051 6.3.9 with RFC 5258 LIST-EXTENDED, RFC 6154 SPECIAL-USE,
// RFC 5819 LIST-STATUS, RFC 8440 MYRIGHTS) and LSUB (RFC 3501 6.3.9).
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

// list-select-opts = "(" [list-select-opt *(SP list-select-opt)] ")"
// Unknown options are refused (RFC 5258 section 3: a server MUST return BAD
// for a selection option it does not support).
bool parse_select_opts(Lexer& lx, ListArgs& a) {
  if (!lx.expect('(')) return false;
  if (lx.try_char(')')) return true;
  do {
    std::string_view opt;
    if (!lx.atom(opt)) return false;
    if (chars::iequals(opt, "SUBSCRIBED")) {
      a.select_subscribed = true;
    } else if (chars::iequals(opt, "REMOTE")) {
      a.select_remote = true;
    } else if (chars::iequals(opt, "RECURSIVEMATCH")) {
      a.select_recursive_match = true;
    } else if (chars::iequals(opt, "SPECIAL-USE")) {
      a.select_special_use = true;
    } else {
      return lx.fail("unknown LIST selection option");
    }
  } while (lx.try_char(' '));
  if (!lx.expect(')')) return false;
  // RECURSIVEMATCH modifies a base option; alone it is a syntax error
  // (RFC 5258 list-select-opts). SUBSCRIBED is the only base option here.
  if (a.select_recursive_match && !a.select_subscribed) {
    return lx.fail("RECURSIVEMATCH needs a base selection option");
  }
  return true;
}

// list-return-opts = "RETURN" SP "(" [return-option *(SP return-option)] ")"
bool parse_return_opts(Lexer& lx, ListArgs& a) {
  if (!lx.try_keyword("RETURN")) return lx.fail("expected RETURN");
  if (!lx.sp() || !lx.expect('(')) return false;
  if (lx.try_char(')')) return true;
  do {
    std::string_view opt;
    if (!lx.atom(opt)) return false;
    if (chars::iequals(opt, "SUBSCRIBED")) {
      a.return_subscribed = true;
    } else if (chars::iequals(opt, "CHILDREN")) {
      a.return_children = true;
    } else if (chars::iequals(opt, "SPECIAL-USE")) {
      a.return_special_use = true;
    } else if (chars::iequals(opt, "MYRIGHTS")) {
      a.return_myrights = true;
    } else if (chars::iequals(opt, "STATUS") && !a.return_status) {
      // status-option = "STATUS" SP "(" status-att *(SP status-att) ")"
      if (!lx.sp() || !parse_status_items(lx, a.return_status.emplace())) return false;
    } else {
      return lx.fail("unknown or repeated LIST return option");
    }
  } while (lx.try_char(' '));
  return lx.expect(')');
}

}  // namespace

// list = "LIST" [SP list-select-opts] SP mailbox SP mbox-or-pat
//        [SP list-return-opts]
bool parse_list(Lexer& lx, Command& cmd) {
  ListArgs a;
  if (!lx.sp()) return false;
  if (lx.peek() == '(') {
    a.extended = true;
    if (!parse_select_opts(lx, a) || !lx.sp()) return false;
  }
  // The reference is a prefix, not a mailbox: no INBOX normalisation.
  if (!lx.astring(a.reference) || !lx.sp()) return false;
  if (lx.try_char('(')) {
    // patterns = "(" list-mailbox *(SP list-mailbox) ")"
    a.extended = true;
    do {
      a.patterns.emplace_back();
      if (!lx.list_mailbox(a.patterns.back())) return false;
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  } else {
    a.patterns.emplace_back();
    if (!lx.list_mailbox(a.patterns.back())) return false;
  }
  if (lx.try_char(' ')) {
    a.extended = true;
    if (!parse_return_opts(lx, a)) return false;
  }
  cmd.args = std::move(a);
  return true;
}

// lsub = "LSUB" SP mailbox SP list-mailbox
bool parse_lsub(Lexer& lx, Command& cmd) {
  ListArgs a;
  a.patterns.emplace_back();
  if (!lx.sp() || !lx.astring(a.reference) || !lx.sp() || !lx.list_mailbox(a.patterns.back())) {
    return false;
  }
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
