// SORT and UID SORT (RFC 5256 section 3; RFC 5957 DISPLAYFROM/DISPLAYTO),
// with ESORT's RETURN options (RFC 5267 3.1) and SAVE (RFC 5182 2.4).
#include "search/sort.h"

#include "imap/commands/esearch_response.h"
#include "imap/commands/registry.h"
#include "imap/commands/search_common.h"
#include "imap/proto/writer.h"

namespace petrel::imap {

Outcome handle_sort(Session& session, const Command& command) {
  const auto& args = std::get<SortArgs>(command.args);
  const bool save = args.ret && args.ret->save;
  if (!accept_charset(session, command.tag, args.charset)) {
    if (save) session.selected()->save_result({});  // a failed SAVE empties $
    return {};
  }
  const bool modseq = enable_condstore_for(session, args.key);
  auto table =
      sort_table_selected(session, command.tag, args.key, search::sort_columns(args.criteria));
  if (!table) {
    if (save) session.selected()->save_result({});
    return {};
  }
  auto matches = search::sort_matches(*table, args.criteria);
  if (args.ret) {
    answer_with_esearch(session, command, *args.ret, matches, modseq);
    session.tagged(command.tag, Status::Ok, "", "SORT completed");
    return {};
  }
  std::string out = "SORT";
  for (const auto& m : matches) {
    out += ' ';
    write_number(out, command.uid ? m.uid : m.seq);
  }
  write_modseq_suffix(out, modseq, matches);
  session.untagged(out);
  session.tagged(command.tag, Status::Ok, "", "SORT completed");
  return {};
}

}  // namespace petrel::imap
