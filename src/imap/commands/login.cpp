#include "imap/commands/login_common.h"
#include "imap/commands/registry.h"

namespace petrel::imap {

// RFC 9051 6.2.3
Outcome handle_login(Session& session, const Command& command) {
  const auto& args = std::get<LoginArgs>(command.args);
  if (refuse_without_privacy(session, command.tag)) return {};
  return finish_login(session, command.tag, args.user, args.password);
}

}  // namespace petrel::imap
