#include "store/sqlite/rows.h"

#include <algorithm>
#include <chrono>

#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/object_id.h"

namespace petrel::store::sqlite {
namespace {

constexpr const char* kMailboxColumns =
    "SELECT id, name, uidvalidity, uidnext, highest_modseq, special_use, noselect FROM mailbox ";

MailboxRow read_mailbox(const Statement& stmt) {
  MailboxRow row;
  row.id = stmt.int64(0);
  row.name = stmt.string(1);
  row.uidvalidity = static_cast<UidValidity>(stmt.int64(2));
  row.uidnext = static_cast<Uid>(stmt.int64(3));
  row.highest_modseq = static_cast<ModSeq>(stmt.int64(4));
  row.special_use = static_cast<SpecialUse>(stmt.int64(5));
  row.noselect = stmt.int64(6) != 0;
  return row;
}

template <class Key>
Result<std::optional<MailboxRow>> find_by(Connection& db, const std::string& where, Key key) {
  auto stmt = db.prepare(kMailboxColumns + where);
  if (!stmt) return stmt.error();
  stmt->bind(1, key);
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return std::optional<MailboxRow>();
  return std::optional<MailboxRow>(read_mailbox(*stmt));
}

Result<MailboxRow> selectable(Result<std::optional<MailboxRow>> found) {
  if (!found) return found.error();
  if (!*found || (*found)->noselect) return Error{"no such mailbox", ErrorCode::NotFound};
  return std::move(**found);
}

}  // namespace

int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

Result<std::optional<MailboxRow>> find_mailbox(Connection& db, std::string_view canonical) {
  return find_by(db, "WHERE name = ?", canonical);
}

Result<std::optional<MailboxRow>> find_mailbox(Connection& db, MailboxId id) {
  return find_by(db, "WHERE id = ?", id);
}

Result<MailboxRow> selectable_mailbox(Connection& db, std::string_view canonical) {
  return selectable(find_mailbox(db, canonical));
}

Result<MailboxRow> selectable_mailbox(Connection& db, MailboxId id) {
  return selectable(find_mailbox(db, id));
}

Result<std::vector<MailboxRow>> inferior_mailboxes(Connection& db, std::string_view parent) {
  // A range on the name index: "parent/" <= name < "parent0" ('0' follows '/').
  auto stmt =
      db.prepare(std::string(kMailboxColumns) + "WHERE name >= ? AND name < ? ORDER BY name");
  if (!stmt) return stmt.error();
  std::string low = std::string(parent) + "/";
  std::string high = std::string(parent) + "0";
  stmt->bind_all(low, high);
  std::vector<MailboxRow> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(read_mailbox(*stmt));
  }
  return out;
}

Result<UidValidity> next_uidvalidity(Connection& db) {
  auto last = db.prepare("SELECT value FROM meta WHERE key = 'last_uidvalidity'");
  if (!last) return last.error();
  auto row = last->step();
  if (!row) return row.error();
  int64_t previous = *row ? last->int64(0) : 0;
  int64_t next = std::max(previous + 1, now_seconds());
  if (next > UINT32_MAX) return Error{"UIDVALIDITY space exhausted", ErrorCode::Corrupt};
  auto save = db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_uidvalidity', ?)");
  if (!save) return save.error();
  if (auto r = save->bind(1, next).run(); !r) return r.error();
  return static_cast<UidValidity>(next);
}

Result<MailboxId> insert_mailbox(Connection& db, std::string_view name, SpecialUse use) {
  auto uidvalidity = next_uidvalidity(db);
  if (!uidvalidity) return uidvalidity.error();
  auto stmt = db.prepare(
      "INSERT INTO mailbox (name, uidvalidity, uidnext, highest_modseq, special_use) "
      "VALUES (?, ?, 1, 1, ?)");
  if (!stmt) return stmt.error();
  if (auto r = stmt->bind_all(name, *uidvalidity, use).run(); !r) return r.error();
  return db.last_insert_rowid();
}

Result<void> save_counters(Connection& db, MailboxId id, Uid uidnext, ModSeq highest_modseq) {
  auto stmt = db.prepare("UPDATE mailbox SET uidnext = ?, highest_modseq = ? WHERE id = ?");
  if (!stmt) return stmt.error();
  return stmt->bind_all(uidnext, highest_modseq, id).run();
}

Result<void> set_subscribed(Connection& db, std::string_view name, bool subscribed) {
  auto stmt = db.prepare(subscribed ? "INSERT OR IGNORE INTO subscription (name) VALUES (?)"
                                    : "DELETE FROM subscription WHERE name = ?");
  if (!stmt) return stmt.error();
  return stmt->bind(1, name).run();
}

Result<std::vector<std::string>> canonical_keywords(Connection& db,
                                                    const std::vector<std::string>& keywords,
                                                    bool create) {
  std::vector<std::string> out;
  for (const auto& keyword : keywords) {
    if (auto r = validate_keyword(keyword); !r) return r.error();
    std::string folded = fold_keyword(keyword);
    auto find = db.prepare("SELECT name FROM keyword WHERE folded = ?");
    if (!find) return find.error();
    find->bind(1, folded);
    auto row = find->step();
    if (!row) return row.error();
    if (*row) {
      out.push_back(find->string(0));
      continue;
    }
    if (create) {
      auto insert = db.prepare("INSERT INTO keyword (folded, name) VALUES (?, ?)");
      if (!insert) return insert.error();
      if (auto r = insert->bind_all(folded, keyword).run(); !r) return r.error();
    }
    out.push_back(keyword);
  }
  normalize_keywords(out);
  return out;
}

Result<void> drop_content_if_orphaned(Connection& db, int64_t content_id) {
  auto stmt = db.prepare(
      "DELETE FROM content WHERE id = ?1 AND NOT EXISTS "
      "(SELECT 1 FROM message WHERE content_id = ?1)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, content_id).run();
}

Result<void> remove_messages(Connection& db, MailboxId mailbox,
                             const std::vector<DoomedMessage>& messages, ModSeq modseq) {
  for (const auto& m : messages) {
    auto del = db.prepare("DELETE FROM message WHERE mailbox_id = ? AND uid = ?");
    if (!del) return del.error();
    if (auto r = del->bind_all(mailbox, m.uid).run(); !r) return r;
    auto tomb =
        db.prepare("INSERT OR REPLACE INTO tombstone (mailbox_id, uid, modseq) VALUES (?, ?, ?)");
    if (!tomb) return tomb.error();
    if (auto r = tomb->bind_all(mailbox, m.uid, modseq).run(); !r) return r;
    if (auto r = drop_content_if_orphaned(db, m.content_id); !r) return r;
  }
  return Ok{};
}

Result<void> clear_mailbox(Connection& db, MailboxId mailbox) {
  std::vector<int64_t> contents;
  {
    auto del = db.prepare("DELETE FROM message WHERE mailbox_id = ? RETURNING content_id");
    if (!del) return del.error();
    del->bind(1, mailbox);
    while (true) {
      auto row = del->step();
      if (!row) return row.error();
      if (!*row) break;
      contents.push_back(del->int64(0));
    }
  }
  std::sort(contents.begin(), contents.end());
  contents.erase(std::unique(contents.begin(), contents.end()), contents.end());
  for (int64_t id : contents) {
    if (auto r = drop_content_if_orphaned(db, id); !r) return r;
  }
  auto tombs = db.prepare("DELETE FROM tombstone WHERE mailbox_id = ?");
  if (!tombs) return tombs.error();
  return tombs->bind(1, mailbox).run();
}

Result<void> create_superiors(Connection& db, std::string_view canonical) {
  for (const auto& name : superior_names(canonical)) {
    auto found = find_mailbox(db, name);
    if (!found) return found.error();
    if (*found) continue;
    if (auto id = insert_mailbox(db, name, 0); !id) return id.error();
  }
  return Ok{};
}

Result<MailboxStatus> mailbox_status(Connection& db, const MailboxRow& row, uint32_t salt) {
  auto stmt = db.prepare(
      "SELECT count(*), coalesce(sum(flags & 1 = 0), 0), coalesce(sum((flags & 8) != 0), 0), "
      "coalesce(sum(size), 0), coalesce(sum(CASE WHEN (flags & 8) != 0 THEN size END), 0), "
      "coalesce(sum(uid > coalesce((SELECT value FROM meta WHERE key = ?2), 0)), 0) "
      "FROM message WHERE mailbox_id = ?1");
  if (!stmt) return stmt.error();
  std::string recent_key = recent_mark_key(row.id);  // bound without a copy
  stmt->bind_all(row.id, recent_key);
  auto r = stmt->step();
  if (!r) return r.error();
  MailboxStatus status;
  status.id = row.id;
  status.name = row.name;
  status.object_id = object_id('F', salt, row.id);
  status.uidvalidity = row.uidvalidity;
  status.uidnext = row.uidnext;
  status.highest_modseq = row.highest_modseq;
  status.messages = static_cast<uint32_t>(stmt->int64(0));
  status.unseen = static_cast<uint32_t>(stmt->int64(1));
  status.deleted = static_cast<uint32_t>(stmt->int64(2));
  status.size = static_cast<uint64_t>(stmt->int64(3));
  status.deleted_size = static_cast<uint64_t>(stmt->int64(4));
  status.unclaimed_recent = static_cast<uint32_t>(stmt->int64(5));
  return status;
}

MessageState read_state(const Statement& stmt, int column) {
  MessageState state;
  state.uid = static_cast<Uid>(stmt.int64(column));
  state.modseq = static_cast<ModSeq>(stmt.int64(column + 1));
  state.flags = static_cast<SystemFlags>(stmt.int64(column + 2));
  std::string_view keywords = stmt.text(column + 3);
  if (!keywords.empty()) state.keywords = split_keywords(keywords);
  return state;
}

Result<UidSet> read_uid_set(Statement& stmt) {
  std::vector<Uid> uids;
  while (true) {
    auto more = stmt.step();
    if (!more) return more.error();
    if (!*more) break;
    uids.push_back(static_cast<Uid>(stmt.int64(0)));
  }
  std::sort(uids.begin(), uids.end());
  return UidSet::of(uids);
}

size_t reserve_for(const UidSet& uids, size_t cap) {
  uint64_t most = 0;
  for (const auto& range : uids.ranges()) most += uint64_t{range.last} - range.first + 1;
  return static_cast<size_t>(std::min<uint64_t>(most, cap));
}

}  // namespace petrel::store::sqlite
