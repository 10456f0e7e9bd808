// SqliteUserStore: the full-text index (fulltext.h) for SEARCH.
#include "store/sqlite/checkpointer.h"
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

Result<void> SqliteUserStore::reindex() { return reindex_in_batches(kReindexBatch); }

Result<void> SqliteUserStore::reindex_in_batches(size_t per_transaction) {
  // Emptied in one transaction, filled in many, the WAL copied after each
  // so that the next starts it over: the whole index in one transaction
  // wrote a WAL of 4-6 GB at 100,000 messages, and batches without the
  // copy 13.6 GB. Searches stay exact in between (every row not yet
  // indexed is in the backlog), and a run stopped half way leaves the rest
  // to the server's background work.
  auto emptied = write<void>([](WriteContext& ctx) -> Result<void> {
    if (auto r = create_fulltext_index(ctx.db); !r) return r;
    return rebuild_sort_keys(ctx.db);
  });
  if (!emptied) return emptied;
  while (true) {
    Checkpointer::copy_whole_wal(db_path_);
    auto left = index_backlog(per_transaction);
    if (!left) return left.error();
    if (*left == 0) return Ok{};
  }
}

}  // namespace petrel::store::sqlite
