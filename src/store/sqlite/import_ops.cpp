// SqliteUserStore: migration keeping the source's UIDVALIDITY and UIDs (the
// contract is in store.h, prepare_import and append_with_uids).
#include <algorithm>

#include "store/flags.h"
#include "store/import_uids.h"
#include "store/mailbox_path.h"
#include "store/sqlite/content.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

// Keeps the user's UIDVALIDITY counter above `imported`, so a mailbox
// created later never gets a value a migrated client may have cached.
Result<void> raise_last_uidvalidity(Connection& db, UidValidity imported) {
  auto stmt = db.prepare(
      "INSERT INTO meta (key, value) VALUES ('last_uidvalidity', ?1) "
      "ON CONFLICT(key) DO UPDATE SET value = max(value, ?1)");
  if (!stmt) return stmt.error();
  return stmt->bind(1, static_cast<int64_t>(imported)).run();
}

}  // namespace

Result<MailboxStatus> SqliteUserStore::prepare_import(std::string_view mailbox,
                                                      UidValidity uidvalidity) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (uidvalidity == 0) return Error{"UIDVALIDITY must not be 0", ErrorCode::InvalidArgument};
  return write<MailboxStatus>([&](WriteContext& ctx) -> Result<MailboxStatus> {
    auto existing = find_mailbox(ctx.db, *name);
    if (!existing) return existing.error();
    SpecialUse use = 0;
    if (*existing) {
      const MailboxRow& row = **existing;
      if (!row.noselect && row.uidvalidity == uidvalidity) {
        return mailbox_status(ctx.db, row, salt_);
      }
      if (!row.noselect && row.uidnext != 1) {
        return Error{"mailbox " + *name + " already has UIDs under another UIDVALIDITY",
                     ErrorCode::AlreadyExists};
      }
      // Never used: a new incarnation (new id), so a session holding the
      // old id gets NotFound rather than a UIDVALIDITY changing under it.
      use = row.special_use;
      auto del = ctx.db.prepare("DELETE FROM mailbox WHERE id = ?");
      if (!del) return del.error();
      if (auto r = del->bind(1, row.id).run(); !r) return r.error();
      ctx.notify({row.id, 0, ChangeNotice::Kind::Removed});
    }
    if (auto r = create_superiors(ctx.db, *name); !r) return r.error();
    auto id = insert_mailbox(ctx.db, *name, use);
    if (!id) return id.error();
    auto set = ctx.db.prepare("UPDATE mailbox SET uidvalidity = ? WHERE id = ?");
    if (!set) return set.error();
    if (auto r = set->bind_all(static_cast<int64_t>(uidvalidity), *id).run(); !r) {
      return r.error();
    }
    if (auto r = raise_last_uidvalidity(ctx.db, uidvalidity); !r) return r.error();
    auto row = selectable_mailbox(ctx.db, *id);
    if (!row) return row.error();
    return mailbox_status(ctx.db, *row, salt_);
  });
}

Result<AppendResult> SqliteUserStore::append_with_uids(std::string_view mailbox,
                                                       UidValidity uidvalidity,
                                                       std::vector<NewMessage> messages,
                                                       const std::vector<Uid>& uids, Uid uidnext) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (uids.size() != messages.size()) {
    return Error{"one UID per message is needed", ErrorCode::InvalidArgument};
  }
  size_t weight = 0;
  for (const auto& m : messages) weight += m.bytes.size();
  int64_t now = now_seconds();
  return write<AppendResult>(
      [&](WriteContext& ctx) -> Result<AppendResult> {
        auto box = selectable_mailbox(ctx.db, *name);
        if (!box) return box.error();
        if (uidvalidity != 0 && box->uidvalidity != uidvalidity) {
          return Error{"mailbox " + *name + " has another UIDVALIDITY", ErrorCode::AlreadyExists};
        }
        const std::vector<Uid> numbered = numbered_from(box->uidnext, uids);
        const std::vector<Uid>& given = numbered.empty() ? uids : numbered;
        Uid floor = box->uidnext;
        for (Uid uid : given) {
          if (uid < floor || uid == UINT32_MAX) {
            return Error{"UIDs must ascend from UIDNEXT", ErrorCode::InvalidArgument};
          }
          floor = uid + 1;
        }
        if (messages.empty()) {
          if (uidnext > box->uidnext) {
            auto r = save_counters(ctx.db, box->id, uidnext, box->highest_modseq);
            if (!r) return r.error();
          }
          return AppendResult{box->id, box->uidvalidity, {}, box->highest_modseq};
        }
        AppendResult result{box->id, box->uidvalidity, given, box->highest_modseq + 1};
        for (size_t i = 0; i < messages.size(); ++i) {
          const NewMessage& m = messages[i];
          auto keywords = canonical_keywords(ctx.db, m.keywords, true);
          if (!keywords) return keywords.error();
          // The text is indexed afterwards, in one pass (fulltext_backlog.h).
          auto content = insert_content(ctx.db, m);
          if (!content) return content.error();
          if (i == 0) {
            if (auto r = note_unindexed(ctx.db, *content); !r) return r.error();
          }
          auto insert = ctx.db.prepare(
              "INSERT INTO message (mailbox_id, uid, modseq, flags, keywords, content_id, size, "
              "internal_date, internal_date_tz, save_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          if (!insert) return insert.error();
          SystemFlags flags = m.flags & kAllSystemFlags;
          auto r = insert
                       ->bind_all(box->id, given[i], result.modseq, flags, join_keywords(*keywords),
                                  *content, static_cast<int64_t>(m.bytes.size()), m.internal_date,
                                  m.internal_date_tz, now)
                       .run();
          if (!r) return r.error();
        }
        Uid next = std::max(floor, uidnext);
        if (auto r = save_counters(ctx.db, box->id, next, result.modseq); !r) return r.error();
        ctx.notify({box->id, result.modseq, ChangeNotice::Kind::Messages});
        return result;
      },
      weight);
}

}  // namespace petrel::store::sqlite
