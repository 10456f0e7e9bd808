// SEARCH and UID SEARCH (RFC 9051 6.4.4, 6.4.9) with ESEARCH result options
// (RFC 4731), SEARCHRES (RFC 5182) and CONDSTORE's MODSEQ (RFC 7162 3.1.5).
#include "imap/commands/esearch_response.h"
#include "imap/commands/registry.h"
#include "imap/commands/search_common.h"
#include "imap/proto/writer.h"

namespace petrel::imap {
namespace {

// "* SEARCH n n n [(MODSEQ m)]" for IMAP4rev1 clients (RFC 3501 7.2.5).
void write_search(Session& session, const Command& command,
                  const std::vector<search::Match>& matches, bool modseq) {
  std::string out = "SEARCH";
  for (const auto& m : matches) {
    out += ' ';
    write_number(out, command.uid ? m.uid : m.seq);
  }
  write_modseq_suffix(out, modseq, matches);
  session.untagged(out);
}

}  // namespace

Outcome handle_search(Session& session, const Command& command) {
  const auto& args = std::get<SearchArgs>(command.args);
  SelectedMailbox& view = *session.selected();
  const bool save = args.ret && args.ret->save;
  if (args.charset && !accept_charset(session, command.tag, *args.charset)) {
    if (save) view.save_result({});  // RFC 5182 2.4: a failed SEARCH empties $
    return {};
  }
  const bool modseq = enable_condstore_for(session, args.key);
  auto matches = search_selected(session, command.tag, args.key);
  if (!matches) {
    if (save) view.save_result({});
    return {};
  }
  if (args.ret) {
    answer_with_esearch(session, command, *args.ret, *matches, modseq);
  } else if (session.rev2()) {
    // IMAP4rev2 answers every SEARCH with ESEARCH (RFC 9051 6.4.4).
    SearchReturn all;
    all.all = true;
    write_esearch(session, command, all, *matches, modseq);
  } else {
    write_search(session, command, *matches, modseq);
  }
  session.tagged(command.tag, Status::Ok, "", "SEARCH completed");
  return {};
}

}  // namespace petrel::imap
