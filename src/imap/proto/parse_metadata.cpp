// GETMETADATA and SETMETADATA (RFC 5464 section 5):
//   getmetadata = "GETMETADATA" [SP getmetadata-options] SP mailbox SP entries
//   setmetadata = "SETMETADATA" SP mailbox SP entry-values
// The RFC's own examples put the options after the mailbox
// ("GETMETADATA "INBOX" (MAXSIZE 1024) ..."), so both positions are accepted.
#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

// getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")"
bool options(Lexer& lx, GetMetadataArgs& a, bool& seen) {
  if (seen) return lx.fail("repeated GETMETADATA options");
  seen = true;
  if (!lx.expect('(')) return false;
  bool max_seen = false;
  bool depth_seen = false;
  do {
    std::string_view name;
    if (!lx.atom(name)) return false;
    if (chars::iequals(name, "MAXSIZE") && !max_seen) {
      max_seen = true;
      if (!lx.sp() || !lx.number(a.max_size.emplace())) return false;
    } else if (chars::iequals(name, "DEPTH") && !depth_seen) {
      // scope-opt = "DEPTH" SP ("0" / "1" / "infinity")
      depth_seen = true;
      std::string_view d;
      if (!lx.sp() || !lx.atom(d)) return false;
      if (d == "0") {
        a.depth = MetadataDepth::Zero;
      } else if (d == "1") {
        a.depth = MetadataDepth::One;
      } else if (chars::iequals(d, "infinity")) {
        a.depth = MetadataDepth::Infinity;
      } else {
        return lx.fail("invalid DEPTH");
      }
    } else {
      return lx.fail("unknown or repeated GETMETADATA option");
    }
  } while (lx.try_char(' '));
  return lx.expect(')');
}

// An options list starts with an option name; an entries list with "/".
bool options_follow(const Lexer& lx) {
  std::string_view r = lx.rest();
  return r.size() > 1 && r[0] == '(' &&
         (chars::istarts_with(r.substr(1), "MAXSIZE") || chars::istarts_with(r.substr(1), "DEPTH"));
}

}  // namespace

bool parse_getmetadata(Lexer& lx, Command& cmd) {
  GetMetadataArgs a;
  bool seen = false;
  if (!lx.sp()) return false;
  if (lx.peek() == '(' && (!options(lx, a, seen) || !lx.sp())) return false;
  if (!lx.mailbox(a.mailbox) || !lx.sp()) return false;
  if (options_follow(lx) && (!options(lx, a, seen) || !lx.sp())) return false;
  // entries = entry / "(" entry *(SP entry) ")"
  if (lx.try_char('(')) {
    do {
      a.entries.emplace_back();
      if (!lx.astring(a.entries.back())) return false;
    } while (lx.try_char(' '));
    if (!lx.expect(')')) return false;
  } else {
    a.entries.emplace_back();
    if (!lx.astring(a.entries.back())) return false;
  }
  cmd.args = std::move(a);
  return true;
}

// entry-values = "(" entry-value *(SP entry-value) ")"
// entry-value = entry SP value; value = nstring / literal8
bool parse_setmetadata(Lexer& lx, Command& cmd) {
  SetMetadataArgs a;
  if (!lx.sp() || !lx.mailbox(a.mailbox) || !lx.sp() || !lx.expect('(')) return false;
  do {
    MetadataEntry e;
    if (!lx.astring(e.entry) || !lx.sp()) return false;
    if (lx.peek() == '~') {
      if (!lx.literal(e.value.emplace(), true)) return false;
    } else if (!lx.nstring(e.value)) {
      return false;
    }
    a.entries.push_back(std::move(e));
  } while (lx.try_char(' '));
  if (!lx.expect(')')) return false;
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
