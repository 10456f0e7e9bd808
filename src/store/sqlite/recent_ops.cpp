// SqliteUserStore: \Recent (RFC 3501 2.3.2) kept across restarts. Per
// mailbox, the highest UID some IMAP4rev1 session has claimed is a row of
// the meta table ("recent_uid/<mailbox id>"), written by the writer so that
// exactly one session owns each UID, and durable like every other write: a
// restart neither shows old mail as recent again nor loses a claim.
#include <string>

#include "store/sqlite/rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {

std::string recent_mark_key(MailboxId mailbox) { return "recent_uid/" + std::to_string(mailbox); }

Result<Uid> read_recent_mark(Connection& db, MailboxId mailbox) {
  auto stmt = db.prepare("SELECT value FROM meta WHERE key = ?");
  if (!stmt) return stmt.error();
  std::string key = recent_mark_key(mailbox);  // bound without a copy
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) return row.error();
  Uid mark = *row ? static_cast<Uid>(stmt->int64(0)) : 0;
  stmt->reset();
  return mark;
}

Result<void> forget_recent_mark(Connection& db, MailboxId mailbox) {
  auto stmt = db.prepare("DELETE FROM meta WHERE key = ?");
  if (!stmt) return stmt.error();
  return stmt->bind(1, recent_mark_key(mailbox)).run();
}

Result<Uid> SqliteUserStore::claim_recent(MailboxId mailbox, Uid upto) {
  {
    // Most calls claim nothing new (no mail since the last claim): a read
    // answers them without a write transaction.
    auto lease = read();
    if (!lease) return lease.error();
    if (auto box = selectable_mailbox(lease->db(), mailbox); !box) return box.error();
    auto mark = read_recent_mark(lease->db(), mailbox);
    if (!mark) return mark.error();
    if (upto <= *mark) return *mark;
  }
  return write<Uid>([&](WriteContext& ctx) -> Result<Uid> {
    if (auto box = selectable_mailbox(ctx.db, mailbox); !box) return box.error();
    auto before = read_recent_mark(ctx.db, mailbox);
    if (!before) return before.error();
    if (upto <= *before) return *before;
    auto stmt = ctx.db.prepare(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt) return stmt.error();
    if (auto r = stmt->bind_all(recent_mark_key(mailbox), upto).run(); !r) return r.error();
    return *before;
  });
}

}  // namespace petrel::store::sqlite
