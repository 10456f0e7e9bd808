// STORE (RFC 9051 6.4.6) with the UNCHANGEDSINCE modifier (RFC 7162 3.1.3):
//   store = "STORE" SP sequence-set [store-modifiers] SP store-att-flags
//   store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP
//                     (flag-list / (flag *(SP flag)))
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {

bool parse_store(Lexer& lx, Command& cmd) {
  StoreArgs a;
  if (!lx.sp() || !lx.seq_set(a.set) || !lx.sp()) return false;
  if (lx.try_char('(')) {
    // store-modifiers = "(" store-modifier *(SP store-modifier) ")"
    do {
      std::string_view name;
      if (!lx.atom(name)) return false;
      if (!chars::iequals(name, "UNCHANGEDSINCE") || a.unchanged_since) {
        return lx.fail("unknown or repeated STORE modifier");
      }
      // mod-sequence-valzer: 0 is allowed here.
      if (!lx.sp() || !lx.number64(a.unchanged_since.emplace())) return false;
    } while (lx.try_char(' '));
    if (!lx.expect(')') || !lx.sp()) return false;
  }
  std::string_view item;
  if (!lx.word(item)) return false;
  if (item[0] == '+' || item[0] == '-') {
    a.mode = item[0] == '+' ? StoreMode::Add : StoreMode::Remove;
    item.remove_prefix(1);
  }
  if (chars::iequals(item, "FLAGS.SILENT")) {
    a.silent = true;
  } else if (!chars::iequals(item, "FLAGS")) {
    return lx.fail("expected FLAGS, +FLAGS or -FLAGS");
  }
  if (!lx.sp()) return false;
  if (lx.peek() == '(') {
    if (!lx.flag_list(a.flags)) return false;
  } else {
    do {
      a.flags.emplace_back();
      if (!lx.flag(a.flags.back())) return false;
    } while (lx.try_char(' '));
  }
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
