// Commands with no or simple arguments: CAPABILITY NOOP LOGOUT STARTTLS IDLE
// CLOSE UNSELECT CHECK NAMESPACE UNAUTHENTICATE, LOGIN, AUTHENTICATE, ENABLE,
// ID, COMPRESS and EXPUNGE / UID EXPUNGE.
#include <string>

#include "imap/proto/chars.h"
#include "imap/proto/parser_internal.h"

namespace petrel::imap::detail {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = chars::to_upper(c);
  return out;
}

// RFC 2971 section 3.3: field strings at most 30 octets, values at most
// 1024, at most 30 pairs. Enforcing them bounds what a pre-login client can
// make the server keep and log.
constexpr std::size_t kIdMaxPairs = 30;
constexpr std::size_t kIdMaxField = 30;
constexpr std::size_t kIdMaxValue = 1024;

}  // namespace

bool parse_no_args(Lexer&, Command& cmd) {
  cmd.args = NoArgs{};
  return true;
}

// login = "LOGIN" SP userid SP password
bool parse_login(Lexer& lx, Command& cmd) {
  LoginArgs a;
  if (!lx.sp() || !lx.astring(a.user) || !lx.sp() || !lx.astring(a.password)) return false;
  cmd.args = std::move(a);
  return true;
}

// authenticate = "AUTHENTICATE" SP auth-type [SP initial-resp] (RFC 9051,
// SASL-IR RFC 4959); initial-resp = base64 / "=".
bool parse_authenticate(Lexer& lx, Command& cmd) {
  AuthenticateArgs a;
  std::string_view mech;
  if (!lx.sp() || !lx.atom(mech)) return false;
  a.mechanism = upper(mech);
  if (lx.try_char(' ')) {
    std::string_view r = lx.rest();
    std::size_t n = 0;
    while (n < r.size() && chars::is(r[n], chars::kBase64)) ++n;
    std::string_view b64 = r.substr(0, n);
    // "=" alone means an empty response; otherwise "=" only as final padding.
    std::size_t pad = b64.find('=');
    bool ok = !b64.empty() &&
              (b64 == "=" || pad == std::string_view::npos ||
               (b64.size() - pad <= 2 &&
                b64.find_first_not_of('=', pad) == std::string_view::npos && b64.size() % 4 == 0));
    if (!ok) return lx.fail("invalid initial response");
    a.initial_response.emplace(b64);
    lx.advance(n);
  }
  cmd.args = std::move(a);
  return true;
}

// enable = "ENABLE" 1*(SP capability)   (RFC 5161, RFC 9051 6.3.1)
bool parse_enable(Lexer& lx, Command& cmd) {
  EnableArgs a;
  do {
    std::string_view cap;
    if (!lx.sp() || !lx.atom(cap)) return false;
    a.capabilities.push_back(upper(cap));
  } while (!lx.at_end());
  cmd.args = std::move(a);
  return true;
}

// id = "ID" SP id_params_list; id_params_list = "(" #(string SP nstring) ")" / nil
bool parse_id(Lexer& lx, Command& cmd) {
  IdArgs a;
  if (!lx.sp()) return false;
  if (!lx.try_keyword("NIL")) {
    if (!lx.expect('(')) return false;
    a.fields.emplace();
    if (!lx.try_char(')')) {
      while (true) {
        std::string field;
        std::optional<std::string> value;
        if (!lx.string(field) || !lx.sp() || !lx.nstring(value)) return false;
        if (field.size() > kIdMaxField || (value && value->size() > kIdMaxValue)) {
          return lx.fail("ID field or value too long", "LIMIT");
        }
        if (a.fields->size() >= kIdMaxPairs) return lx.fail("too many ID fields", "LIMIT");
        a.fields->emplace_back(std::move(field), std::move(value));
        if (lx.try_char(')')) break;
        if (!lx.sp()) return false;
      }
    }
  }
  cmd.args = std::move(a);
  return true;
}

// compress = "COMPRESS" SP algorithm   (RFC 4978 section 5)
bool parse_compress(Lexer& lx, Command& cmd) {
  std::string_view mech;
  if (!lx.sp() || !lx.atom(mech)) return false;
  cmd.args = CompressArgs{upper(mech)};
  return true;
}

// "EXPUNGE" / uid-expunge = "EXPUNGE" SP sequence-set (RFC 4315 2.1)
bool parse_expunge(Lexer& lx, Command& cmd) {
  if (!cmd.uid) {
    cmd.args = NoArgs{};
    return true;
  }
  UidExpungeArgs a;
  if (!lx.sp() || !lx.seq_set(a.uids)) return false;
  cmd.args = std::move(a);
  return true;
}

}  // namespace petrel::imap::detail
