// NAMESPACE (RFC 9051 6.3.10, RFC 2342).
#include "imap/commands/registry.h"

namespace petrel::imap {

// One personal namespace without a prefix, "/" as delimiter; no other
// users' or shared namespaces (yet: RFC 4314 ACL would add them).
Outcome handle_namespace(Session& session, const Command& command) {
  session.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
  session.tagged(command.tag, Status::Ok, "", "NAMESPACE completed");
  return {};
}

}  // namespace petrel::imap
