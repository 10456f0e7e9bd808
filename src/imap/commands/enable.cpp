#include <algorithm>
#include <cctype>

#include "imap/commands/registry.h"

namespace petrel::imap {

namespace {

// Extensions a client can ENABLE. Each is listed only once it works.
// UTF8=ACCEPT (RFC 6855 3): mailbox names and quoted strings in UTF-8.
// CONDSTORE and QRESYNC (RFC 7162 3.1, 3.2.3); QRESYNC implies CONDSTORE.
constexpr std::string_view kEnableable[] = {"IMAP4rev2", "UTF8=ACCEPT", "CONDSTORE", "QRESYNC"};

}  // namespace

// RFC 5161 3.1, RFC 9051 6.3.1: unknown names are ignored; ENABLED lists only
// what this command newly enabled.
Outcome handle_enable(Session& session, const Command& command) {
  const auto& args = std::get<EnableArgs>(command.args);
  std::string line = "ENABLED";
  for (const std::string& requested : args.capabilities) {
    for (std::string_view known : kEnableable) {
      bool same = requested.size() == known.size() &&
                  std::equal(requested.begin(), requested.end(), known.begin(),
                             [](unsigned char a, unsigned char b) {
                               return std::toupper(a) == std::toupper(b);
                             });
      if (same && !session.is_enabled(known)) {
        session.enable(std::string(known));
        line += ' ';
        line += known;
      }
    }
  }
  // "ENABLE QRESYNC" and "ENABLE QRESYNC CONDSTORE" have identical results
  // (RFC 7162 3.2.3): CONDSTORE comes along, listed only when asked for.
  if (session.is_enabled("QRESYNC")) session.enable("CONDSTORE");
  session.untagged(line);
  session.tagged(command.tag, Status::Ok, "", "ENABLE completed");
  return {};
}

}  // namespace petrel::imap
