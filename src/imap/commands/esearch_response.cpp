#include "imap/commands/esearch_response.h"

#include <algorithm>

#include "imap/commands/message_common.h"
#include "imap/commands/search_common.h"
#include "imap/proto/writer.h"

namespace petrel::imap {
namespace {

// The numbers the client sees: UIDs for UID SEARCH, else message numbers.
std::vector<std::uint32_t> numbers_of(const std::vector<search::Match>& matches, bool uid) {
  std::vector<std::uint32_t> out;
  out.reserve(matches.size());
  for (const auto& m : matches) out.push_back(uid ? m.uid : m.seq);
  return out;
}

// RFC 5182 2.4: SAVE keeps what MIN and/or MAX return when only they are
// asked for, otherwise every match.
void save_result(SelectedMailbox& view, const SearchReturn& ret,
                 const std::vector<search::Match>& matches) {
  store::UidSet saved;
  if ((ret.min || ret.max) && !ret.all && !ret.count) {
    if (!matches.empty() && ret.min) saved.add(matches.front().uid);
    if (!matches.empty() && ret.max) saved.add(matches.back().uid);
  } else {
    for (const auto& m : matches) saved.add(m.uid);
  }
  view.save_result(std::move(saved));
}

}  // namespace

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
      if (ret.min) highest = std::max(highest, matches.front().modseq);
      if (ret.max) highest = std::max(highest, matches.back().modseq);
    }
    out += " MODSEQ ";
    write_number(out, highest);
  }
  session.untagged(out);
}

void answer_with_esearch(Session& session, const Command& command, SearchReturn ret,
                         const std::vector<search::Match>& matches, bool modseq) {
  if (!ret.min && !ret.max && !ret.count && !ret.all && !ret.save) ret.all = true;
  if (ret.save) save_result(*session.selected(), ret, matches);
  // SAVE alone answers no ESEARCH (RFC 5182 2.4).
  if (ret.min || ret.max || ret.count || ret.all) {
    write_esearch(session, command, ret, matches, modseq);
  }
}

}  // namespace petrel::imap
