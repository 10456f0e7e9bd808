// SqliteUserStore: the full-text index (fulltext.h) for SEARCH.
#include "store/sqlite/fulltext.h"
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
  return fulltext_candidates(lease->db(), mailbox, field, folded);
}

Result<void> SqliteUserStore::reindex() {
  return write<void>([](WriteContext& ctx) -> Result<void> {
    if (auto r = rebuild_fulltext_index(ctx.db); !r) return r;
    return rebuild_sort_keys(ctx.db);
  });
}

}  // namespace petrel::store::sqlite
