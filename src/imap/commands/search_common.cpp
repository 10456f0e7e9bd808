#include "imap/commands/search_common.h"

#include <strings.h>

#include <ctime>

#include "imap/proto/writer.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

bool accept_charset(Session& session, const std::string& tag, const std::string& charset) {
  if (strcasecmp(charset.c_str(), "UTF-8") == 0 || strcasecmp(charset.c_str(), "US-ASCII") == 0) {
    return true;
  }
  session.tagged(tag, Status::No, "BADCHARSET (UTF-8 US-ASCII)", "Unsupported charset");
  return false;
}

namespace {

search::View view_of(const SelectedMailbox& view) {
  return search::View{view.uids(), &view.saved_result(), &view.recent()};
}

search::Options search_options() {
  search::Options options;
  options.now = static_cast<int64_t>(std::time(nullptr));
  return options;
}

}  // namespace

std::optional<std::vector<search::Match>> search_selected(Session& session, const std::string& tag,
                                                          const SearchKey& key) {
  SelectedMailbox& view = *session.selected();
  auto matches =
      search::run_search(session.mail(), view.id(), view_of(view), key, search_options());
  if (!matches) {
    reply_store_error(session, tag, matches.error());
    return std::nullopt;
  }
  return std::move(*matches);
}

std::optional<search::SortTable> sort_table_selected(Session& session, const std::string& tag,
                                                     const SearchKey& key,
                                                     store::SortColumns columns) {
  SelectedMailbox& view = *session.selected();
  auto table = search::read_sort_table(session.mail(), view.id(), view_of(view), key, columns,
                                       search_options());
  if (!table) {
    reply_store_error(session, tag, table.error());
    return std::nullopt;
  }
  return std::move(*table);
}

bool enable_condstore_for(Session& session, const SearchKey& key) {
  if (!search::uses_modseq(key)) return false;
  if (!session.is_enabled("CONDSTORE")) {
    session.enable("CONDSTORE");
    session.untagged("OK [HIGHESTMODSEQ " + std::to_string(session.selected()->highest_modseq()) +
                     "] Highest");
  }
  return true;
}

store::ModSeq highest_modseq(const std::vector<search::Match>& matches) {
  store::ModSeq m = 0;
  for (const auto& match : matches) m = std::max(m, match.modseq);
  return m;
}

void write_modseq_suffix(std::string& out, bool modseq, const std::vector<search::Match>& matches) {
  if (!modseq || matches.empty()) return;
  out += " (MODSEQ ";
  write_number(out, highest_modseq(matches));
  out += ')';
}

}  // namespace petrel::imap
