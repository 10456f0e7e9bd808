// APPEND (RFC 9051 6.3.12) with MULTIAPPEND (RFC 3502), literal8 (RFC 3516
// section 4.4) and the UTF8 data extension (RFC 6855 section 4):
//   append         = "APPEND" SP mailbox 1*append-message
//   append-message = [SP flag-list] [SP date-time] SP append-data
//   append-data    = literal / literal8 / "UTF8" SP "(" literal8 ")"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {

bool parse_append(Lexer& lx, Command& cmd) {
  AppendArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox)) return false;
  do {
    AppendMessage m;
    if (!lx.sp()) return false;
    if (lx.peek() == '(') {
      if (!lx.flag_list(m.flags) || !lx.sp()) return false;
    }
    if (lx.peek() == '"') {
      if (!lx.date_time(m.internal_date.emplace()) || !lx.sp()) return false;
    }
    if (lx.try_keyword("UTF8")) {
      m.utf8 = true;
      // RFC 6855 says literal8; a plain literal is accepted too, as the
      // content is the same octets.
      if (!lx.sp() || !lx.expect('(') || !lx.literal(m.data, true, &m.literal8) ||
          !lx.expect(')')) {
        return false;
      }
    } else if (lx.peek() == '{' || lx.peek() == '~') {
      if (!lx.literal(m.data, true, &m.literal8)) return false;
    } else {
      return lx.fail("expected a message literal");
    }
    a.messages.push_back(std::move(m));
  } while (!lx.at_end());
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
