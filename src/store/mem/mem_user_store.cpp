// MemUserStore: shared helpers, the mailbox list, CREATE, DELETE, RENAME,
// subscriptions and check().
#include "store/mem/mem_user_store.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <random>

#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/mem/mem_op.h"
#include "store/object_id.h"

namespace petrel::store::mem {

MemUserStore::MemUserStore(std::string user, QuotaLimits default_quota)
    : user_(std::move(user)), default_quota_(default_quota) {
  std::random_device random;
  salt_ = static_cast<uint32_t>(random());
  for (const auto& mailbox : default_mailboxes()) {
    insert_mailbox(std::string(mailbox.name), mailbox.special_use);
    subscriptions_.insert(std::string(mailbox.name));
  }
}

void MemUserStore::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

Mailbox* MemUserStore::find(std::string_view canonical) {
  auto it = names_.find(std::string(canonical));
  return it == names_.end() ? nullptr : &mailboxes_.at(it->second);
}

Result<Mailbox*> MemUserStore::selectable(std::string_view canonical) {
  Mailbox* box = find(canonical);
  if (!box || box->noselect) return Error{"no such mailbox", ErrorCode::NotFound};
  return box;
}

Result<Mailbox*> MemUserStore::selectable(MailboxId id) {
  auto it = mailboxes_.find(id);
  if (it == mailboxes_.end() || it->second.noselect) {
    return Error{"no such mailbox", ErrorCode::NotFound};
  }
  return &it->second;
}

Mailbox& MemUserStore::insert_mailbox(const std::string& name, SpecialUse use) {
  using namespace std::chrono;
  int64_t now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  last_uidvalidity_ = std::max(last_uidvalidity_ + 1, now);
  Mailbox box;
  box.id = next_mailbox_id_++;
  box.name = name;
  box.uidvalidity = static_cast<UidValidity>(last_uidvalidity_);
  box.special_use = use;
  names_[name] = box.id;
  return mailboxes_[box.id] = std::move(box);
}

void MemUserStore::create_superiors(const std::string& name) {
  for (const auto& superior : superior_names(name)) {
    if (!find(superior)) insert_mailbox(superior, 0);
  }
}

MailboxStatus MemUserStore::status_of(const Mailbox& box) const {
  MailboxStatus status;
  status.id = box.id;
  status.name = box.name;
  status.object_id = object_id('F', salt_, box.id);
  status.uidvalidity = box.uidvalidity;
  status.uidnext = box.uidnext;
  status.highest_modseq = box.highest_modseq;
  status.messages = static_cast<uint32_t>(box.messages.size());
  for (const auto& [uid, m] : box.messages) {
    if (!(m.state.flags & kSeen)) ++status.unseen;
    if (m.state.flags & kDeleted) {
      ++status.deleted;
      status.deleted_size += m.content->bytes.size();
    }
    status.size += m.content->bytes.size();
  }
  Uid mark = recent_.mark(box.id);
  status.unclaimed_recent =
      static_cast<uint32_t>(std::distance(box.messages.upper_bound(mark), box.messages.end()));
  return status;
}

Result<std::vector<std::string>> MemUserStore::canonical_keywords(
    const std::vector<std::string>& keywords, bool create) {
  for (const auto& k : keywords) {
    if (auto r = validate_keyword(k); !r) return r.error();
  }
  std::vector<std::string> out;
  for (const auto& k : keywords) {
    std::string folded = fold_keyword(k);
    auto it = keywords_.find(folded);
    if (it != keywords_.end()) {
      out.push_back(it->second);
      continue;
    }
    if (create) keywords_.emplace(folded, k);
    out.push_back(k);
  }
  normalize_keywords(out);
  return out;
}

void MemUserStore::count_in(const Message& m) {
  usage_.storage += m.content->bytes.size();
  ++usage_.messages;
}

void MemUserStore::count_out(const Message& m) {
  usage_.storage -= m.content->bytes.size();
  --usage_.messages;
}

void MemUserStore::count_out_all(const Mailbox& box) {
  for (const auto& [uid, m] : box.messages) count_out(m);
}

Result<void> MemUserStore::check_quota(uint64_t messages, uint64_t bytes) const {
  if (exceeds(usage_, effective_limits(own_quota_, default_quota_), messages, bytes)) {
    return Error{"Quota exceeded (mailbox for user is full)", ErrorCode::OverQuota};
  }
  return Ok{};
}

Result<QuotaInfo> MemUserStore::quota() {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  return QuotaInfo{usage_, effective_limits(own_quota_, default_quota_), own_quota_};
}

Result<void> MemUserStore::set_quota(const QuotaOverride& limits) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  own_quota_ = limits;
  return Ok{};
}

void MemUserStore::remove_messages(Mailbox& box, const std::vector<Uid>& uids, ModSeq modseq) {
  for (Uid uid : uids) {
    auto it = box.messages.find(uid);
    if (it == box.messages.end()) continue;
    count_out(it->second);
    box.messages.erase(it);
    box.tombstones[uid] = modseq;
  }
}

Result<std::vector<MailboxInfo>> MemUserStore::list_mailboxes() {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  std::vector<MailboxInfo> out;
  for (const auto& [name, id] : names_) {
    const Mailbox& box = mailboxes_.at(id);
    out.push_back({box.id, box.name, object_id('F', salt_, box.id), box.special_use, box.noselect,
                   subscriptions_.count(name) > 0});
  }
  return out;
}

Result<std::vector<std::string>> MemUserStore::list_subscriptions() {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  return std::vector<std::string>(subscriptions_.begin(), subscriptions_.end());
}

Result<MailboxStatus> MemUserStore::status(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(*name);
  if (!box) return box.error();
  return status_of(**box);
}

Result<MailboxInfo> MemUserStore::create_mailbox(std::string_view mailbox, SpecialUse use) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if ((use & ~kAllSpecialUse) != 0) {
    return Error{"unknown special-use attribute", ErrorCode::InvalidArgument};
  }
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  if (Mailbox* existing = find(*name)) {
    if (!existing->noselect) return Error{"mailbox already exists", ErrorCode::AlreadyExists};
    // A new incarnation over a \Noselect placeholder: new id and UIDVALIDITY.
    names_.erase(*name);
    mailboxes_.erase(existing->id);
  }
  create_superiors(*name);
  Mailbox& box = insert_mailbox(*name, use);
  return MailboxInfo{box.id, box.name, object_id('F', salt_, box.id),
                     use,    false,    subscriptions_.count(*name) > 0};
}

Result<void> MemUserStore::delete_mailbox(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (is_inbox(*name)) return Error{"INBOX cannot be deleted", ErrorCode::Forbidden};
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  Mailbox* box = find(*name);
  if (!box) return Error{"no such mailbox", ErrorCode::NotFound};
  // Children sort right after "<name>/" ("a b" sorts between "a" and "a/x").
  auto next = names_.lower_bound(*name + kDelimiter);
  bool children = next != names_.end() && is_inferior(next->first, *name);
  if (children && box->noselect) {
    return Error{"mailbox has inferior hierarchical names", ErrorCode::Forbidden};
  }
  MailboxId id = box->id;
  if (children) {
    box->noselect = true;
    box->special_use = 0;
    count_out_all(*box);
    box->messages.clear();
    box->tombstones.clear();
  } else {
    count_out_all(*box);
    names_.erase(*name);
    mailboxes_.erase(id);
  }
  op.notify({id, 0, ChangeNotice::Kind::Removed});
  return Ok{};
}

Result<void> MemUserStore::rename_mailbox(std::string_view from_name, std::string_view to_name) {
  auto from = canonical_mailbox_name(from_name);
  if (!from) return from.error();
  auto to = canonical_mailbox_name(to_name);
  if (!to) return to.error();
  if (!is_inbox(*from) && is_inferior(*to, *from)) {
    return Error{"cannot move a mailbox below itself", ErrorCode::InvalidArgument};
  }
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  if (!find(*from)) return Error{"no such mailbox", ErrorCode::NotFound};
  if (find(*to)) return Error{"target mailbox already exists", ErrorCode::AlreadyExists};
  std::vector<MailboxId> moving;
  for (const auto& [name, id] : names_) {
    if (name == *from || (!is_inbox(*from) && is_inferior(name, *from))) moving.push_back(id);
  }
  for (MailboxId id : moving) {
    if (find(renamed(mailboxes_.at(id).name, *from, *to))) {
      return Error{"a renamed mailbox would clash", ErrorCode::AlreadyExists};
    }
  }
  create_superiors(*to);
  if (is_inbox(*from)) {
    // See SqliteUserStore: INBOX keeps its counters; its messages move with
    // their UIDs to a new incarnation named `to` and leave tombstones.
    Mailbox& inbox = mailboxes_.at(names_.at(std::string(kInbox)));
    Mailbox& target = insert_mailbox(*to, 0);
    target.messages = inbox.messages;
    for (const auto& [uid, m] : target.messages) count_in(m);
    target.uidnext = inbox.uidnext;
    target.highest_modseq = inbox.highest_modseq;
    if (inbox.messages.empty()) return Ok{};
    std::vector<Uid> uids;
    for (const auto& [uid, m] : inbox.messages) uids.push_back(uid);
    remove_messages(inbox, uids, ++inbox.highest_modseq);
    op.notify({inbox.id, inbox.highest_modseq, ChangeNotice::Kind::Messages});
    return Ok{};
  }
  for (MailboxId id : moving) {
    Mailbox& box = mailboxes_.at(id);
    names_.erase(box.name);
    box.name = renamed(box.name, *from, *to);
    names_[box.name] = id;
    op.notify({id, 0, ChangeNotice::Kind::Renamed});
  }
  return Ok{};
}

Result<void> MemUserStore::subscribe(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  subscriptions_.insert(*name);
  return Ok{};
}

Result<void> MemUserStore::unsubscribe(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  if (subscriptions_.erase(*name) == 0) return Error{"not subscribed", ErrorCode::NotFound};
  return Ok{};
}

Result<CheckReport> MemUserStore::check(bool repair) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  // Nothing outside this object can damage it; check the counters anyway,
  // so a bug in the fake shows up the same way as in the real store.
  CheckReport report;
  for (auto& [id, box] : mailboxes_) {
    Uid max_uid = 0;
    ModSeq max_modseq = 0;
    for (const auto& [uid, m] : box.messages) {
      max_uid = std::max(max_uid, uid);
      max_modseq = std::max(max_modseq, m.state.modseq);
    }
    for (const auto& [uid, modseq] : box.tombstones) {
      max_uid = std::max(max_uid, uid);
      max_modseq = std::max(max_modseq, modseq);
    }
    if (box.uidnext > max_uid && box.highest_modseq >= max_modseq) continue;
    report.problems.push_back("mailbox " + box.name + ": counters below its messages");
    if (!repair) continue;
    box.uidnext = std::max<Uid>(box.uidnext, max_uid + 1);
    box.highest_modseq = std::max(box.highest_modseq, max_modseq);
    report.repairs.push_back("mailbox " + box.name + ": raised UIDNEXT/HIGHESTMODSEQ");
  }
  return report;
}

}  // namespace petrel::store::mem
