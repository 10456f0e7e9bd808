// SqliteUserStore::check(): find damage and, when asked, repair it without
// ever renumbering a UID.
#include <map>

#include "store/sqlite/rows.h"
#include "store/sqlite/summary_table.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

class Checker {
 public:
  Checker(Connection& db, WriteContext* repair, CheckReport& report)
      : db_(db), repair_(repair), report_(report) {}

  Result<void> run() {
    for (auto step : {&Checker::storage, &Checker::counters, &Checker::missing_mailboxes,
                      &Checker::missing_content, &Checker::orphaned_content,
                      &Checker::missing_summaries, &Checker::sizes, &Checker::quota_usage}) {
      if (auto r = (this->*step)(); !r) return r;
    }
    return Ok{};
  }

 private:
  // The rows of `sql`, each as its first `columns` integer columns.
  Result<std::vector<std::vector<int64_t>>> rows(const std::string& sql, int columns) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.error();
    std::vector<std::vector<int64_t>> out;
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      std::vector<int64_t> values;
      for (int i = 0; i < columns; ++i) values.push_back(stmt->int64(i));
      out.push_back(std::move(values));
    }
    return out;
  }

  Result<void> exec(const std::string& sql, std::initializer_list<int64_t> args) {
    auto stmt = db_.prepare(sql);
    if (!stmt) return stmt.error();
    int i = 0;
    for (int64_t a : args) stmt->bind(++i, a);
    return stmt->run();
  }

  void problem(std::string text) { report_.problems.push_back(std::move(text)); }
  void repaired(std::string text) { report_.repairs.push_back(std::move(text)); }

  // SQLite's own structural check: pages, indexes, records.
  Result<void> storage() {
    auto stmt = db_.prepare("PRAGMA quick_check");
    if (!stmt) return stmt.error();
    while (true) {
      auto row = stmt->step();
      if (!row) return row.error();
      if (!*row) break;
      if (stmt->text(0) != "ok") problem("storage: " + stmt->string(0));
    }
    return Ok{};
  }

  // UIDNEXT must be above every UID ever used (messages and tombstones),
  // HIGHESTMODSEQ at least every MODSEQ. Repair only raises them.
  Result<void> counters() {
    auto found = rows(
        "SELECT b.id, b.uidnext, b.highest_modseq, "
        "max(coalesce((SELECT max(uid) FROM message WHERE mailbox_id = b.id), 0), "
        "    coalesce((SELECT max(uid) FROM tombstone WHERE mailbox_id = b.id), 0)), "
        "max(coalesce((SELECT max(modseq) FROM message WHERE mailbox_id = b.id), 0), "
        "    coalesce((SELECT max(modseq) FROM tombstone WHERE mailbox_id = b.id), 0)) "
        "FROM mailbox b",
        5);
    if (!found) return found.error();
    for (const auto& r : *found) {
      int64_t id = r[0], uidnext = r[1], modseq = r[2], max_uid = r[3], max_modseq = r[4];
      if (uidnext > max_uid && modseq >= max_modseq) continue;
      problem("mailbox " + std::to_string(id) + ": UIDNEXT " + std::to_string(uidnext) +
              " / HIGHESTMODSEQ " + std::to_string(modseq) + " not above UID " +
              std::to_string(max_uid) + " / MODSEQ " + std::to_string(max_modseq));
      if (!repair_) continue;
      if (auto e = exec("UPDATE mailbox SET uidnext = max(uidnext, ?), "
                        "highest_modseq = max(highest_modseq, ?) WHERE id = ?",
                        {max_uid + 1, max_modseq, id});
          !e) {
        return e;
      }
      repaired("mailbox " + std::to_string(id) + ": raised UIDNEXT/HIGHESTMODSEQ");
    }
    return Ok{};
  }

  // Messages or tombstones of a mailbox that no longer exists.
  Result<void> missing_mailboxes() {
    for (const char* table : {"message", "tombstone"}) {
      std::string where = std::string(" FROM ") + table +
                          " WHERE NOT EXISTS (SELECT 1 FROM mailbox b WHERE b.id = mailbox_id)";
      auto found = rows("SELECT count(*)" + where, 1);
      if (!found) return found.error();
      int64_t n = (*found)[0][0];
      if (n == 0) continue;
      problem(std::to_string(n) + " " + table + " rows of missing mailboxes");
      if (!repair_) continue;
      if (auto e = exec("DELETE" + where, {}); !e) return e;
      repaired("removed " + std::to_string(n) + " " + table + " rows of missing mailboxes");
    }
    return Ok{};
  }

  // Messages whose bytes are gone cannot be served: expunge them with a
  // tombstone and a new MODSEQ, so clients drop them too.
  Result<void> missing_content() {
    auto found = rows(
        "SELECT m.mailbox_id, m.uid FROM message m "
        "WHERE NOT EXISTS (SELECT 1 FROM content c WHERE c.id = m.content_id)",
        2);
    if (!found) return found.error();
    std::map<MailboxId, std::vector<DoomedMessage>> doomed;
    for (const auto& r : *found) {
      problem("mailbox " + std::to_string(r[0]) + " UID " + std::to_string(r[1]) +
              ": message bytes are missing");
      doomed[r[0]].push_back({static_cast<Uid>(r[1]), 0});
    }
    if (!repair_) return Ok{};
    for (const auto& [mailbox, messages] : doomed) {
      auto box = find_mailbox(db_, mailbox);
      if (!box) return box.error();
      if (!*box) continue;
      ModSeq modseq = (*box)->highest_modseq + 1;
      if (auto r = remove_messages(db_, mailbox, messages, modseq); !r) return r;
      if (auto r = save_counters(db_, mailbox, (*box)->uidnext, modseq); !r) return r;
      repair_->notify({mailbox, modseq, ChangeNotice::Kind::Messages});
      repaired("mailbox " + std::to_string(mailbox) + ": expunged " +
               std::to_string(messages.size()) + " messages without bytes");
    }
    return Ok{};
  }

  Result<void> orphaned_content() {
    auto found = rows(
        "SELECT id FROM content c "
        "WHERE NOT EXISTS (SELECT 1 FROM message m WHERE m.content_id = c.id)",
        1);
    if (!found) return found.error();
    for (const auto& r : *found) {
      problem("content " + std::to_string(r[0]) + ": bytes no message refers to");
      if (!repair_) continue;
      if (auto e = exec("DELETE FROM content WHERE id = ?", {r[0]}); !e) return e;
      repaired("content " + std::to_string(r[0]) + ": removed");
    }
    return Ok{};
  }

  // A stored message whose content_summary row is gone is left out of
  // every FETCH of metadata: derive the row from the bytes again.
  Result<void> missing_summaries() {
    auto found = rows(
        "SELECT c.id FROM content c "
        "WHERE NOT EXISTS (SELECT 1 FROM content_summary s WHERE s.content_id = c.id) "
        "AND EXISTS (SELECT 1 FROM message m WHERE m.content_id = c.id)",
        1);
    if (!found) return found.error();
    for (const auto& r : *found) {
      problem("content " + std::to_string(r[0]) + ": FETCH summary is missing");
      if (!repair_) continue;
      if (auto e = rebuild_summary(db_, r[0]); !e) return e;
      repaired("content " + std::to_string(r[0]) + ": FETCH summary derived from the bytes");
    }
    return Ok{};
  }

  // RFC822.SIZE must be the length of the bytes served.
  Result<void> sizes() {
    auto found = rows(
        "SELECT c.id, length(c.data) FROM content c WHERE c.size != length(c.data) "
        "OR EXISTS (SELECT 1 FROM message m WHERE m.content_id = c.id AND m.size != c.size)",
        2);
    if (!found) return found.error();
    for (const auto& r : *found) {
      problem("content " + std::to_string(r[0]) + ": recorded size differs from the bytes");
      if (!repair_) continue;
      if (auto e = exec("UPDATE content SET size = ?1 WHERE id = ?2", {r[1], r[0]}); !e) return e;
      if (auto e = exec("UPDATE message SET size = ?1 WHERE content_id = ?2", {r[1], r[0]}); !e) {
        return e;
      }
      repaired("content " + std::to_string(r[0]) + ": size set to " + std::to_string(r[1]));
    }
    return Ok{};
  }

  // The quota counters (kept by triggers) against a count of the messages;
  // last, since the repairs above may change sizes.
  Result<void> quota_usage() {
    auto found = rows(
        "SELECT u.storage, u.messages, (SELECT coalesce(sum(size), 0) FROM message), "
        "(SELECT count(*) FROM message) FROM quota_usage u WHERE u.id = 1",
        4);
    if (!found) return found.error();
    if (!found->empty() && (*found)[0][0] == (*found)[0][2] && (*found)[0][1] == (*found)[0][3]) {
      return Ok{};
    }
    problem("quota usage counters differ from the messages");
    if (!repair_) return Ok{};
    if (auto e = exec("INSERT OR REPLACE INTO quota_usage (id, storage, messages) "
                      "SELECT 1, coalesce(sum(size), 0), count(*) FROM message",
                      {});
        !e) {
      return e;
    }
    repaired("quota usage counters recomputed");
    return Ok{};
  }

  Connection& db_;
  WriteContext* repair_;
  CheckReport& report_;
};

}  // namespace

Result<CheckReport> SqliteUserStore::check(bool repair) {
  if (!repair) {
    auto lease = read();
    if (!lease) return lease.error();
    CheckReport report;
    if (auto r = Checker(lease->db(), nullptr, report).run(); !r) return r.error();
    return report;
  }
  return write<CheckReport>([&](WriteContext& ctx) -> Result<CheckReport> {
    CheckReport report;
    if (auto r = Checker(ctx.db, &ctx, report).run(); !r) return r.error();
    return report;
  });
}

}  // namespace petrel::store::sqlite
