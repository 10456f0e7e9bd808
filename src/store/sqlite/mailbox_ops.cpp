// SqliteUserStore: the mailbox list, STATUS, CREATE, DELETE, RENAME and
// subscriptions.
#include "store/mailbox_path.h"
#include "store/object_id.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {

Result<std::vector<MailboxInfo>> SqliteUserStore::list_mailboxes() {
  auto lease = read();
  if (!lease) return lease.error();
  auto stmt = lease->db().prepare(
      "SELECT m.id, m.name, m.special_use, m.noselect, s.name IS NOT NULL "
      "FROM mailbox m LEFT JOIN subscription s ON s.name = m.name ORDER BY m.name");
  if (!stmt) return stmt.error();
  std::vector<MailboxInfo> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    MailboxInfo info;
    info.id = stmt->int64(0);
    info.name = stmt->string(1);
    info.object_id = object_id('F', salt_, info.id);
    info.special_use = static_cast<SpecialUse>(stmt->int64(2));
    info.noselect = stmt->int64(3) != 0;
    info.subscribed = stmt->int64(4) != 0;
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<std::string>> SqliteUserStore::list_subscriptions() {
  auto lease = read();
  if (!lease) return lease.error();
  auto stmt = lease->db().prepare("SELECT name FROM subscription ORDER BY name");
  if (!stmt) return stmt.error();
  std::vector<std::string> out;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    out.push_back(stmt->string(0));
  }
  return out;
}

Result<MailboxStatus> SqliteUserStore::status(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  auto lease = read();
  if (!lease) return lease.error();
  auto row = selectable_mailbox(lease->db(), *name);
  if (!row) return row.error();
  return mailbox_status(lease->db(), *row, salt_);
}

Result<MailboxInfo> SqliteUserStore::create_mailbox(std::string_view mailbox, SpecialUse use) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if ((use & ~kAllSpecialUse) != 0) {
    return Error{"unknown special-use attribute", ErrorCode::InvalidArgument};
  }
  return write<MailboxInfo>([&](WriteContext& ctx) -> Result<MailboxInfo> {
    auto existing = find_mailbox(ctx.db, *name);
    if (!existing) return existing.error();
    if (*existing && !(*existing)->noselect) {
      return Error{"mailbox already exists", ErrorCode::AlreadyExists};
    }
    if (*existing) {
      // Creating over a \Noselect placeholder is a new incarnation: a new
      // row, so a new id and UIDVALIDITY, and nothing of the old one.
      auto del = ctx.db.prepare("DELETE FROM mailbox WHERE id = ?");
      if (!del) return del.error();
      if (auto r = del->bind(1, (*existing)->id).run(); !r) return r.error();
    }
    if (auto r = create_superiors(ctx.db, *name); !r) return r.error();
    auto id = insert_mailbox(ctx.db, *name, use);
    if (!id) return id.error();
    MailboxInfo info;
    info.id = *id;
    info.name = *name;
    info.object_id = object_id('F', salt_, *id);
    info.special_use = use;
    auto sub = ctx.db.prepare("SELECT 1 FROM subscription WHERE name = ?");
    if (!sub) return sub.error();
    auto subscribed = sub->bind(1, *name).step();
    if (!subscribed) return subscribed.error();
    info.subscribed = *subscribed;
    return info;
  });
}

Result<void> SqliteUserStore::delete_mailbox(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (is_inbox(*name)) return Error{"INBOX cannot be deleted", ErrorCode::Forbidden};
  return write<void>([&](WriteContext& ctx) -> Result<void> {
    auto row = find_mailbox(ctx.db, *name);
    if (!row) return row.error();
    if (!*row) return Error{"no such mailbox", ErrorCode::NotFound};
    auto children = inferior_mailboxes(ctx.db, *name);
    if (!children) return children.error();
    MailboxId id = (*row)->id;
    if (!children->empty() && (*row)->noselect) {
      // RFC 9051 6.3.4: deleting a \Noselect name with inferiors is an error.
      return Error{"mailbox has inferior hierarchical names", ErrorCode::Forbidden};
    }
    if (auto r = clear_mailbox(ctx.db, id); !r) return r;
    if (auto r = forget_recent_mark(ctx.db, id); !r) return r;
    if (children->empty()) {
      auto del = ctx.db.prepare("DELETE FROM mailbox WHERE id = ?");
      if (!del) return del.error();
      if (auto r = del->bind(1, id).run(); !r) return r;
    } else {
      auto hide = ctx.db.prepare("UPDATE mailbox SET noselect = 1, special_use = 0 WHERE id = ?");
      if (!hide) return hide.error();
      if (auto r = hide->bind(1, id).run(); !r) return r;
    }
    ctx.notify({id, 0, ChangeNotice::Kind::Removed});
    return Ok{};
  });
}

namespace {

// RFC 9051 6.3.6: renaming INBOX moves its messages to a new mailbox and
// leaves INBOX empty. The new mailbox is a new incarnation (new UIDVALIDITY)
// so the messages keep their UIDs there; INBOX keeps its UIDVALIDITY and
// UIDNEXT, and its messages leave tombstones, so nothing is reused.
Result<void> rename_inbox(WriteContext& ctx, const std::string& to) {
  auto inbox = selectable_mailbox(ctx.db, kInbox);
  if (!inbox) return inbox.error();
  auto target = insert_mailbox(ctx.db, to, 0);
  if (!target) return target.error();
  auto copy = ctx.db.prepare(
      "INSERT INTO message (mailbox_id, uid, modseq, flags, keywords, content_id, size, "
      "internal_date, internal_date_tz, save_date) "
      "SELECT ?, uid, modseq, flags, keywords, content_id, size, internal_date, "
      "internal_date_tz, save_date FROM message WHERE mailbox_id = ?");
  if (!copy) return copy.error();
  if (auto r = copy->bind_all(*target, inbox->id).run(); !r) return r;
  if (auto r = save_counters(ctx.db, *target, inbox->uidnext, inbox->highest_modseq); !r) return r;

  std::vector<DoomedMessage> doomed;
  {
    auto list = ctx.db.prepare("SELECT uid, content_id FROM message WHERE mailbox_id = ?");
    if (!list) return list.error();
    list->bind(1, inbox->id);
    while (true) {
      auto row = list->step();
      if (!row) return row.error();
      if (!*row) break;
      doomed.push_back({static_cast<Uid>(list->int64(0)), list->int64(1)});
    }
  }
  if (doomed.empty()) return Ok{};
  ModSeq modseq = inbox->highest_modseq + 1;
  if (auto r = remove_messages(ctx.db, inbox->id, doomed, modseq); !r) return r;
  if (auto r = save_counters(ctx.db, inbox->id, inbox->uidnext, modseq); !r) return r;
  ctx.notify({inbox->id, modseq, ChangeNotice::Kind::Messages});
  return Ok{};
}

}  // namespace

Result<void> SqliteUserStore::rename_mailbox(std::string_view from_name, std::string_view to_name) {
  auto from = canonical_mailbox_name(from_name);
  if (!from) return from.error();
  auto to = canonical_mailbox_name(to_name);
  if (!to) return to.error();
  // INBOX's children stay where they are when INBOX is renamed, so only
  // other mailboxes cannot move below themselves.
  if (!is_inbox(*from) && is_inferior(*to, *from)) {
    return Error{"cannot move a mailbox below itself", ErrorCode::InvalidArgument};
  }
  return write<void>([&](WriteContext& ctx) -> Result<void> {
    auto row = find_mailbox(ctx.db, *from);
    if (!row) return row.error();
    if (!*row) return Error{"no such mailbox", ErrorCode::NotFound};
    auto clash = find_mailbox(ctx.db, *to);
    if (!clash) return clash.error();
    if (*clash) return Error{"target mailbox already exists", ErrorCode::AlreadyExists};
    if (auto r = create_superiors(ctx.db, *to); !r) return r;
    if (is_inbox(*from)) return rename_inbox(ctx, *to);

    auto children = inferior_mailboxes(ctx.db, *from);
    if (!children) return children.error();
    std::vector<MailboxRow> moving = std::move(*children);
    moving.push_back(std::move(**row));
    for (const auto& m : moving) {
      std::string new_name = renamed(m.name, *from, *to);
      auto taken = find_mailbox(ctx.db, new_name);
      if (!taken) return taken.error();
      if (*taken) return Error{"mailbox " + new_name + " already exists", ErrorCode::AlreadyExists};
      auto update = ctx.db.prepare("UPDATE mailbox SET name = ? WHERE id = ?");
      if (!update) return update.error();
      if (auto r = update->bind_all(new_name, m.id).run(); !r) return r;
      ctx.notify({m.id, 0, ChangeNotice::Kind::Renamed});
    }
    return Ok{};
  });
}

Result<void> SqliteUserStore::subscribe(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  return write<void>([&](WriteContext& ctx) { return set_subscribed(ctx.db, *name, true); });
}

Result<void> SqliteUserStore::unsubscribe(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  return write<void>([&](WriteContext& ctx) -> Result<void> {
    if (auto r = set_subscribed(ctx.db, *name, false); !r) return r;
    if (ctx.db.changes() == 0) return Error{"not subscribed", ErrorCode::NotFound};
    return Ok{};
  });
}

}  // namespace petrel::store::sqlite
