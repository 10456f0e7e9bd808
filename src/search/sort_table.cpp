#include "search/sort_table.h"

#include <algorithm>

namespace petrel::search {
namespace {

using K = imap::SearchKeyKind;

// ALL: the rows of the view's UID range, less those not in the view (mail
// that arrived after the session last announced EXISTS). Both are in UID
// order, so one merge gives every row its message number.
Result<SortTable> read_all(store::UserStore& store, store::MailboxId mailbox, const View& view,
                           store::SortColumns columns) {
  SortTable table;
  table.rows.columns = columns;
  if (view.uids.empty()) return table;
  auto rows =
      store.sort_rows(mailbox, store::UidSet{{view.uids.front(), view.uids.back()}}, columns);
  if (!rows) return rows.error();
  table.rows = std::move(*rows);
  table.matches.reserve(table.rows.size());
  table.row.reserve(table.rows.size());
  size_t seq = 0;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const store::Uid uid = table.rows.uids[r];
    while (seq < view.uids.size() && view.uids[seq] < uid) ++seq;
    if (seq == view.uids.size()) break;
    if (view.uids[seq] != uid) continue;
    table.matches.push_back(Match{static_cast<uint32_t>(seq + 1), uid, 0});
    table.row.push_back(static_cast<uint32_t>(r));
  }
  return table;
}

}  // namespace

bool is_all(const imap::SearchKey& key) {
  if (key.kind == K::All) return true;
  return key.kind == K::And && !key.children.empty() &&
         std::all_of(key.children.begin(), key.children.end(), is_all);
}

Result<SortTable> read_sort_table(store::UserStore& store, store::MailboxId mailbox,
                                  const View& view, const imap::SearchKey& key,
                                  store::SortColumns columns, const Options& options) {
  if (is_all(key)) return read_all(store, mailbox, view, columns);
  auto found = run_search(store, mailbox, view, key, options);
  if (!found) return found.error();
  SortTable table;
  table.rows.columns = columns;
  if (found->empty()) return table;
  std::vector<store::Uid> uids;
  uids.reserve(found->size());
  for (const Match& m : *found) uids.push_back(m.uid);
  auto rows = store.sort_rows(mailbox, store::UidSet::of(uids), columns);
  if (!rows) return rows.error();
  table.rows = std::move(*rows);
  // A match expunged between the search and this read has no row: it is
  // left out, as if the search had not found it.
  table.matches.reserve(found->size());
  table.row.reserve(found->size());
  size_t r = 0;
  for (const Match& m : *found) {
    while (r < table.rows.size() && table.rows.uids[r] < m.uid) ++r;
    if (r == table.rows.size()) break;
    if (table.rows.uids[r] != m.uid) continue;
    table.matches.push_back(m);
    table.row.push_back(static_cast<uint32_t>(r));
  }
  return table;
}

}  // namespace petrel::search
