// SqliteUserStore: the full-text index (fulltext.h) for SEARCH.
#include "store/sqlite/fulltext.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sort_key_table.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {

Result<std::optional<TextCandidates>> SqliteUserStore::text_candidates(MailboxId mailbox,
                                                                       TextField field,
                                                                       std::string_view folded) {
  auto lease = read();
  if (!lease) return lease.error();
  if (auto box = selectable_mailbox(lease->db(), mailbox); !box) return box.error();
  auto found = fulltext_candidates(lease->db(), mailbox, field, folded);
  if (!found || !*found) return found;
  // Messages whose index entries are still to be written are candidates
  // too, which the caller must check.
  auto pending = backlog_uids(lease->db(), mailbox);
  if (!pending) return pending.error();
  if (pending->empty()) return found;
  for (const auto& range : pending->ranges()) (*found)->uids.add(range.first, range.last);
  (*found)->exact = false;
  return found;
}

Result<size_t> SqliteUserStore::index_backlog(size_t limit) {
  return write<size_t>([&](WriteContext& ctx) { return sqlite::index_backlog(ctx.db, limit); });
}

Result<void> SqliteUserStore::reindex() {
  return write<void>([](WriteContext& ctx) -> Result<void> {
    if (auto r = rebuild_fulltext_index(ctx.db); !r) return r;
    if (auto r = rebuild_sort_keys(ctx.db); !r) return r;
    return clear_backlog(ctx.db);  // every row has its entry now
  });
}

}  // namespace petrel::store::sqlite
