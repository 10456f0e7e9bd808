#include <spdlog/spdlog.h>

#include "imap/commands/registry.h"
#include "imap/proto/writer.h"

namespace petrel::imap {

// RFC 2971. The client's fields are logged (they help debugging client quirks);
// the server answers with its own name and version.
Outcome handle_id(Session& session, const Command& command) {
  const auto& args = std::get<IdArgs>(command.args);
  if (args.fields) {
    std::string fields;
    for (const auto& [key, value] : *args.fields) {
      if (!fields.empty()) fields += ' ';
      fields += key + "=" + value.value_or("NIL");
    }
    spdlog::info("id peer={} {}", session.connection().peer_address, fields);
  }
  std::string line = "ID (";
  write_string(line, "name");
  line += ' ';
  write_string(line, "Petrel");
  line += ' ';
  write_string(line, "version");
  line += ' ';
  write_string(line, PETREL_VERSION);
  line += ')';
  session.untagged(line);
  session.tagged(command.tag, Status::Ok, "", "ID completed");
  return {};
}

}  // namespace petrel::imap
