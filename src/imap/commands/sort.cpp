// SORT and UID SORT (RFC 5256 section 3; RFC 5957 DISPLAYFROM/DISPLAYTO).
#include "search/sort.h"

#include "imap/commands/registry.h"
#include "imap/commands/search_common.h"
#include "imap/proto/writer.h"

namespace petrel::imap {

Outcome handle_sort(Session& session, const Command& command) {
  const auto& args = std::get<SortArgs>(command.args);
  if (args.ret) {
    // ESORT (RFC 5267) is not advertised.
    session.tagged(command.tag, Status::Bad, "", "SORT RETURN (ESORT) is not supported");
    return {};
  }
  if (!accept_charset(session, command.tag, args.charset)) return {};
  const bool modseq = enable_condstore_for(session, args.key);
  auto matches = search_selected(session, command.tag, args.key, search::kSortFields);
  if (!matches) return {};
  search::sort_matches(*matches, args.criteria);
  std::string out = "SORT";
  for (const auto& m : *matches) {
    out += ' ';
    write_number(out, command.uid ? m.meta.state.uid : m.seq);
  }
  write_modseq_suffix(out, modseq, *matches);
  session.untagged(out);
  session.tagged(command.tag, Status::Ok, "", "SORT completed");
  return {};
}

}  // namespace petrel::imap
