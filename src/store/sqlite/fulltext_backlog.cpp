#include "store/sqlite/fulltext_backlog.h"

#include <algorithm>
#include <string>
#include <utility>

#include "store/search_text.h"
#include "store/sqlite/content.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/meta.h"
#include "store/sqlite/rows.h"

namespace petrel::store::sqlite {
namespace {

constexpr const char* kKey = "fulltext_backlog";

// The columns search_text_of_row() reads, after `id`.
std::string text_columns() { return "c.id, " + search_text_columns("c."); }

Result<bool> has_entry(Connection& db, int64_t content_id) {
  auto stmt = db.prepare("SELECT 1 FROM content_fts WHERE rowid = ?");
  if (!stmt) return stmt.error();
  return stmt->bind(1, content_id).step();
}

Result<void> set_start(Connection& db, int64_t start) { return write_meta(db, kKey, start); }

}  // namespace

Result<void> note_unindexed(Connection& db, int64_t content_id) {
  auto stmt = db.prepare(
      "INSERT INTO meta (key, value) VALUES (?1, ?2) "
      "ON CONFLICT(key) DO UPDATE SET value = min(value, ?2)");
  if (!stmt) return stmt.error();
  return stmt->bind_all(kKey, content_id).run();
}

Result<std::optional<int64_t>> backlog_start(Connection& db) { return read_meta(db, kKey); }

Result<UidSet> backlog_uids(Connection& db, MailboxId mailbox) {
  auto start = backlog_start(db);
  if (!start) return start.error();
  if (!*start) return UidSet{};
  auto stmt = db.prepare("SELECT uid FROM message WHERE mailbox_id = ? AND content_id >= ?");
  if (!stmt) return stmt.error();
  stmt->bind_all(mailbox, **start);
  return read_uid_set(*stmt);
}

Result<void> fill_unindexed_search_text(Connection& db, MailboxId mailbox,
                                        std::vector<MessageMeta>& metas) {
  auto start = backlog_start(db);
  if (!start) return start.error();
  if (!*start || metas.empty()) return Ok{};
  // First the (uid, content) pairs that may lack an entry, cheaply; the
  // bytes are read only for those the caller asked for.
  auto pairs = db.prepare(
      "SELECT uid, content_id FROM message WHERE mailbox_id = ? AND content_id >= ? "
      "ORDER BY uid");
  if (!pairs) return pairs.error();
  pairs->bind_all(mailbox, **start);
  std::vector<std::pair<Uid, int64_t>> wanted;
  while (true) {
    auto more = pairs->step();
    if (!more) return more.error();
    if (!*more) break;
    wanted.emplace_back(static_cast<Uid>(pairs->int64(0)), pairs->int64(1));
  }
  auto row = db.prepare("SELECT " + text_columns() + " FROM content c WHERE c.id = ?");
  if (!row) return row.error();
  for (auto& [uid, content_id] : wanted) {
    auto meta = std::lower_bound(metas.begin(), metas.end(), uid,
                                 [](const MessageMeta& m, Uid u) { return m.state.uid < u; });
    if (meta == metas.end() || meta->state.uid != uid) continue;
    auto indexed = has_entry(db, content_id);
    if (!indexed) return indexed.error();
    if (*indexed) continue;
    auto found = row->bind(1, content_id).step();
    if (!found) return found.error();
    if (*found) meta->search = search_text_of_row(*row, 1);
    row->reset();
  }
  return Ok{};
}

Result<void> clear_backlog(Connection& db) { return erase_meta(db, kKey); }

Result<size_t> index_backlog(Connection& db, size_t limit,
                             const std::function<bool()>* stop_early) {
  auto start = backlog_start(db);
  if (!start) return start.error();
  if (!*start) return size_t{0};
  auto rows = db.prepare("SELECT " + text_columns() +
                         " FROM content c WHERE c.id >= ? ORDER BY c.id LIMIT ?");
  if (!rows) return rows.error();
  rows->bind_all(**start, static_cast<int64_t>(limit));
  int64_t last = **start - 1;
  while (true) {
    auto more = rows->step();
    if (!more) return more.error();
    if (!*more) break;
    last = rows->int64(0);
    auto indexed = has_entry(db, last);
    if (!indexed) return indexed.error();
    if (*indexed) continue;  // by reindex() meanwhile
    if (auto r = index_content(db, last, search_text_of_row(*rows, 1)); !r) return r.error();
    if (stop_early && (*stop_early)()) break;  // `last` has its entry: progress kept
  }
  rows->reset();
  // An upper bound, from the primary key alone: count(*) would read every
  // row's pages (message bytes included).
  auto max_id = db.query_int("SELECT coalesce(max(id), 0) FROM content");
  if (!max_id) return max_id.error();
  int64_t left = std::max<int64_t>(0, *max_id - last);
  if (left == 0) {
    if (auto r = clear_backlog(db); !r) return r.error();
    return size_t{0};
  }
  if (auto r = set_start(db, last + 1); !r) return r.error();
  return static_cast<size_t>(left);
}

}  // namespace petrel::store::sqlite
