// SEARCH and UID SEARCH (RFC 9051 6.4.4, 6.4.9) with ESEARCH result options
// (RFC 4731), SEARCHRES (RFC 5182) and CONDSTORE's MODSEQ (RFC 7162 3.1.5).
#include <algorithm>

#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/commands/search_common.h"
#include "imap/proto/writer.h"

namespace petrel::imap {
namespace {

// The numbers the client sees: UIDs for UID SEARCH, else message numbers.
std::vector<std::uint32_t> numbers_of(const std::vector<search::Match>& matches, bool uid) {
  std::vector<std::uint32_t> out;
  out.reserve(matches.size());
  for (const auto& m : matches) out.push_back(uid ? m.meta.state.uid : m.seq);
  return out;
}

// RFC 5182 2.4: SAVE keeps what MIN and/or MAX return when only they are
// asked for, otherwise every match.
void save_result(SelectedMailbox& view, const SearchReturn& ret,
                 const std::vector<search::Match>& matches) {
  store::UidSet saved;
  if ((ret.min || ret.max) && !ret.all && !ret.count) {
    if (!matches.empty() && ret.min) saved.add(matches.front().meta.state.uid);
    if (!matches.empty() && ret.max) saved.add(matches.back().meta.state.uid);
  } else {
    for (const auto& m : matches) saved.add(m.meta.state.uid);
  }
  view.save_result(std::move(saved));
}

// "* ESEARCH (TAG "t") [UID] [MIN n] [MAX n] [COUNT n] [ALL set] [MODSEQ m]"
// (RFC 4731 3.1; empty MIN/MAX/ALL are left out, COUNT 0 is sent).
void write_esearch(Session& session, const Command& command, const SearchReturn& ret,
                   const std::vector<search::Match>& matches, bool modseq) {
  std::vector<std::uint32_t> numbers = numbers_of(matches, command.uid);
  std::string out = "ESEARCH (TAG ";
  write_quoted(out, command.tag);
  out += ')';
  if (command.uid) out += " UID";
  if (ret.min && !numbers.empty()) {
    out += " MIN ";
    write_number(out, numbers.front());
  }
  if (ret.max && !numbers.empty()) {
    out += " MAX ";
    write_number(out, numbers.back());
  }
  if (ret.count) {
    out += " COUNT ";
    write_number(out, numbers.size());
  }
  if (ret.all && !numbers.empty()) {
    out += " ALL ";
    write_number_set(out, numbers);
  }
  if (modseq && !matches.empty()) {
    // RFC 7162 3.1.10 (4731 extension): the highest MODSEQ of what is
    // returned: every match, or only the MIN/MAX ones.
    store::ModSeq highest = 0;
    if (ret.all || ret.count) {
      highest = highest_modseq(matches);
    } else {
      if (ret.min) highest = std::max(highest, matches.front().meta.state.modseq);
      if (ret.max) highest = std::max(highest, matches.back().meta.state.modseq);
    }
    out += " MODSEQ ";
    write_number(out, highest);
  }
  session.untagged(out);
}

// "* SEARCH n n n [(MODSEQ m)]" for IMAP4rev1 clients (RFC 3501 7.2.5).
void write_search(Session& session, const Command& command,
                  const std::vector<search::Match>& matches, bool modseq) {
  std::string out = "SEARCH";
  for (const auto& m : matches) {
    out += ' ';
    write_number(out, command.uid ? m.meta.state.uid : m.seq);
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
  auto matches = search_selected(session, command.tag, args.key, 0);
  if (!matches) {
    if (save) view.save_result({});
    return {};
  }
  if (args.ret) {
    SearchReturn ret = *args.ret;
    // RETURN () means ALL (RFC 4731 3.1).
    if (!ret.min && !ret.max && !ret.count && !ret.all && !ret.save) ret.all = true;
    if (ret.save) save_result(view, ret, *matches);
    // SAVE alone answers no ESEARCH (RFC 5182 2.4).
    if (ret.min || ret.max || ret.count || ret.all) {
      write_esearch(session, command, ret, *matches, modseq);
    }
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
