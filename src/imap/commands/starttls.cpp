#include "imap/commands/registry.h"

namespace petrel::imap {

// RFC 9051 6.2.1. The connection loop discards every byte the client sent
// after this command and before the handshake (a STARTTLS injection defence).
Outcome handle_starttls(Session& session, const Command& command) {
  if (session.connection().tls) {
    session.tagged(command.tag, Status::Bad, "", "TLS is already active");
    return {};
  }
  if (!session.connection().starttls_offered) {
    session.tagged(command.tag, Status::Bad, "", "STARTTLS is not offered on this port");
    return {};
  }
  session.tagged(command.tag, Status::Ok, "", "Begin TLS negotiation now");
  return {Next::StartTls};
}

}  // namespace petrel::imap
