// SqliteUserStore: STORE, COPY, MOVE, EXPUNGE and the change log.
#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/sqlite/quota_rows.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

// Runs `stmt` (bound by `bind` for each range of `uids`) and hands each row
// to `row`. For queries of the form "... uid BETWEEN ? AND ?".
template <class Bind, class Row>
Result<void> for_each_in(Statement& stmt, const UidSet& uids, Bind bind, Row row) {
  for (const auto& range : uids.ranges()) {
    stmt.reset();
    bind(stmt, range);
    while (true) {
      auto more = stmt.step();
      if (!more) return more.error();
      if (!*more) break;
      row(stmt);
    }
  }
  return Ok{};
}

struct SourceMessage {
  Uid uid = 0;
  SystemFlags flags = 0;
  std::string keywords;
  int64_t content_id = 0;
  int64_t size = 0;
  int64_t internal_date = 0;
  int64_t internal_date_tz = 0;
};

}  // namespace

Result<StoreResult> SqliteUserStore::store_flags(MailboxId mailbox, const UidSet& uids,
                                                 const FlagChange& change) {
  return write<StoreResult>([&](WriteContext& ctx) -> Result<StoreResult> {
    auto box = selectable_mailbox(ctx.db, mailbox);
    if (!box) return box.error();
    // Removing keywords never records a new spelling.
    auto keywords =
        canonical_keywords(ctx.db, change.keywords, change.op != FlagChange::Op::Remove);
    if (!keywords) return keywords.error();
    auto select = ctx.db.prepare(std::string("SELECT ") + kStateColumns +
                                 " FROM message WHERE mailbox_id = ? AND uid BETWEEN ? AND ?"
                                 " ORDER BY uid");
    if (!select) return select.error();
    std::vector<MessageState> states;
    auto read = for_each_in(
        *select, uids, [&](Statement& s, UidRange r) { s.bind_all(mailbox, r.first, r.last); },
        [&](Statement& s) { states.push_back(read_state(s, 0)); });
    if (!read) return read.error();

    StoreResult result;
    ModSeq modseq = box->highest_modseq + 1;
    bool any = false;
    for (auto& state : states) {
      if (change.unchanged_since && state.modseq > *change.unchanged_since) {
        result.modified.add(state.uid);
        continue;
      }
      bool changed = apply_flag_change(change, *keywords, state);
      if (changed) {
        state.modseq = modseq;
        any = true;
        auto update = ctx.db.prepare(
            "UPDATE message SET flags = ?, keywords = ?, modseq = ? "
            "WHERE mailbox_id = ? AND uid = ?");
        if (!update) return update.error();
        auto r =
            update->bind_all(state.flags, join_keywords(state.keywords), modseq, mailbox, state.uid)
                .run();
        if (!r) return r.error();
      }
      result.messages.push_back({std::move(state), changed});
    }
    result.highest_modseq = any ? modseq : box->highest_modseq;
    if (any) {
      if (auto r = save_counters(ctx.db, mailbox, box->uidnext, modseq); !r) return r.error();
      ctx.notify({mailbox, modseq, ChangeNotice::Kind::Messages});
    }
    return result;
  });
}

Result<CopyResult> SqliteUserStore::copy(MailboxId mailbox, const UidSet& uids,
                                         std::string_view destination) {
  return copy_or_move(mailbox, uids, destination, false);
}

Result<CopyResult> SqliteUserStore::move(MailboxId mailbox, const UidSet& uids,
                                         std::string_view destination) {
  return copy_or_move(mailbox, uids, destination, true);
}

Result<CopyResult> SqliteUserStore::copy_or_move(MailboxId mailbox, const UidSet& uids,
                                                 std::string_view destination, bool move) {
  auto dest_name = canonical_mailbox_name(destination);
  if (!dest_name) return dest_name.error();
  int64_t now = now_seconds();
  return write<CopyResult>([&](WriteContext& ctx) -> Result<CopyResult> {
    auto src = selectable_mailbox(ctx.db, mailbox);
    if (!src) return src.error();
    auto dst = selectable_mailbox(ctx.db, *dest_name);
    if (!dst) return dst.error();
    auto select = ctx.db.prepare(
        "SELECT uid, flags, keywords, content_id, size, internal_date, internal_date_tz "
        "FROM message WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid");
    if (!select) return select.error();
    std::vector<SourceMessage> sources;
    auto read = for_each_in(
        *select, uids, [&](Statement& s, UidRange r) { s.bind_all(mailbox, r.first, r.last); },
        [&](Statement& s) {
          sources.push_back({static_cast<Uid>(s.int64(0)), static_cast<SystemFlags>(s.int64(1)),
                             s.string(2), s.int64(3), s.int64(4), s.int64(5), s.int64(6)});
        });
    if (!read) return read.error();

    CopyResult result;
    result.destination = dst->id;
    result.uidvalidity = dst->uidvalidity;
    result.source_modseq = src->highest_modseq;
    if (sources.empty()) return result;
    if (UINT32_MAX - dst->uidnext < sources.size()) {
      return Error{"destination has used up its UIDs", ErrorCode::Forbidden};
    }
    if (!move) {
      uint64_t bytes = 0;
      for (const auto& m : sources) bytes += static_cast<uint64_t>(m.size);
      if (auto r = check_quota(ctx.db, default_quota_, sources.size(), bytes); !r) {
        return r.error();
      }
    }
    const bool same = src->id == dst->id;
    ModSeq dst_modseq = dst->highest_modseq + 1;
    Uid uid = dst->uidnext;
    // The copy shares the content row: bytes are stored once.
    auto insert = ctx.db.prepare(
        "INSERT INTO message (mailbox_id, uid, modseq, flags, keywords, content_id, size, "
        "internal_date, internal_date_tz, save_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return insert.error();
    for (const auto& m : sources) {
      insert->reset();
      auto r = insert
                   ->bind_all(dst->id, uid, dst_modseq, m.flags, m.keywords, m.content_id, m.size,
                              m.internal_date, m.internal_date_tz, now)
                   .run();
      if (!r) return r.error();
      result.source_uids.push_back(m.uid);
      result.dest_uids.push_back(uid++);
    }
    if (auto r = save_counters(ctx.db, dst->id, uid, dst_modseq); !r) return r.error();
    ctx.notify({dst->id, dst_modseq, ChangeNotice::Kind::Messages});
    if (!move) return result;

    // Moving within one mailbox: one operation, one MODSEQ, one UIDNEXT.
    ModSeq src_modseq = same ? dst_modseq : src->highest_modseq + 1;
    std::vector<DoomedMessage> doomed;
    for (const auto& m : sources) doomed.push_back({m.uid, m.content_id});
    if (auto r = remove_messages(ctx.db, src->id, doomed, src_modseq); !r) return r.error();
    if (auto r = save_counters(ctx.db, src->id, same ? uid : src->uidnext, src_modseq); !r) {
      return r.error();
    }
    ctx.notify({src->id, src_modseq, ChangeNotice::Kind::Messages});
    result.source_modseq = src_modseq;
    return result;
  });
}

Result<ExpungeResult> SqliteUserStore::expunge(MailboxId mailbox, const UidSet* only) {
  UidSet scope = only ? *only : UidSet::all();
  return write<ExpungeResult>([&](WriteContext& ctx) -> Result<ExpungeResult> {
    auto box = selectable_mailbox(ctx.db, mailbox);
    if (!box) return box.error();
    auto select = ctx.db.prepare(
        "SELECT uid, content_id FROM message "
        "WHERE mailbox_id = ? AND uid BETWEEN ? AND ? AND (flags & 8) != 0 ORDER BY uid");
    if (!select) return select.error();
    std::vector<DoomedMessage> doomed;
    auto read = for_each_in(
        *select, scope, [&](Statement& s, UidRange r) { s.bind_all(mailbox, r.first, r.last); },
        [&](Statement& s) {
          doomed.push_back({static_cast<Uid>(s.int64(0)), s.int64(1)});
        });
    if (!read) return read.error();
    ExpungeResult result;
    result.highest_modseq = box->highest_modseq;
    if (doomed.empty()) return result;
    ModSeq modseq = box->highest_modseq + 1;
    if (auto r = remove_messages(ctx.db, mailbox, doomed, modseq); !r) return r.error();
    if (auto r = save_counters(ctx.db, mailbox, box->uidnext, modseq); !r) return r.error();
    ctx.notify({mailbox, modseq, ChangeNotice::Kind::Messages});
    for (const auto& d : doomed) result.uids.push_back(d.uid);
    result.highest_modseq = modseq;
    return result;
  });
}

Result<Changes> SqliteUserStore::changes_since(MailboxId mailbox, ModSeq since) {
  auto lease = read();
  if (!lease) return lease.error();
  Connection& db = lease->db();
  auto box = selectable_mailbox(db, mailbox);
  if (!box) return box.error();
  Changes changes;
  changes.name = box->name;
  changes.uidvalidity = box->uidvalidity;
  changes.uidnext = box->uidnext;
  changes.highest_modseq = box->highest_modseq;
  if (since >= box->highest_modseq) return changes;  // the common case while idle
  auto changed = db.prepare(std::string("SELECT ") + kStateColumns +
                            " FROM message WHERE mailbox_id = ? AND modseq > ? ORDER BY uid");
  if (!changed) return changed.error();
  changed->bind_all(mailbox, since);
  while (true) {
    auto row = changed->step();
    if (!row) return row.error();
    if (!*row) break;
    changes.changed.push_back(read_state(*changed, 0));
  }
  auto vanished =
      db.prepare("SELECT uid FROM tombstone WHERE mailbox_id = ? AND modseq > ? ORDER BY uid");
  if (!vanished) return vanished.error();
  vanished->bind_all(mailbox, since);
  while (true) {
    auto row = vanished->step();
    if (!row) return row.error();
    if (!*row) break;
    changes.vanished.push_back(static_cast<Uid>(vanished->int64(0)));
  }
  return changes;
}

}  // namespace petrel::store::sqlite
