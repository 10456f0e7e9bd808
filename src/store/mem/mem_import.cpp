// MemUserStore: migration keeping the source's UIDVALIDITY and UIDs (the
// contract is in store.h, prepare_import and append_with_uids).
#include <algorithm>
#include <chrono>

#include "store/flags.h"
#include "store/import_uids.h"
#include "store/mailbox_path.h"
#include "store/mem/mem_op.h"
#include "store/mem/mem_user_store.h"
#include "store/search_text.h"
#include "store/sort_keys.h"

namespace petrel::store::mem {

Message MemUserStore::make_message(NewMessage&& m, Uid uid, ModSeq modseq, int64_t now) {
  auto content = std::make_shared<Content>();
  content->id = next_content_id_++;
  content->thread = assign_thread(m.parsed.headers, content->id);
  content->bytes = std::move(m.bytes);
  content->parsed = std::move(m.parsed);
  content->search = make_search_text(content->parsed.headers, content->bytes);
  content->sort = make_sort_keys(content->parsed.headers);
  Message message;
  message.state.uid = uid;
  message.state.modseq = modseq;
  message.state.flags = m.flags & kAllSystemFlags;
  message.state.keywords = canonical_keywords(m.keywords, true).value();
  message.content = std::move(content);
  message.internal_date = m.internal_date;
  message.internal_date_tz = m.internal_date_tz;
  message.save_date = now;
  return message;
}

Result<MailboxStatus> MemUserStore::prepare_import(std::string_view mailbox,
                                                   UidValidity uidvalidity) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (uidvalidity == 0) return Error{"UIDVALIDITY must not be 0", ErrorCode::InvalidArgument};
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  SpecialUse use = 0;
  if (Mailbox* existing = find(*name)) {
    if (!existing->noselect && existing->uidvalidity == uidvalidity) return status_of(*existing);
    if (!existing->noselect && existing->uidnext != 1) {
      return Error{"mailbox " + *name + " already has UIDs under another UIDVALIDITY",
                   ErrorCode::AlreadyExists};
    }
    // Never used: a new incarnation, so a session holding the old id gets
    // NotFound instead of a mailbox whose UIDVALIDITY changed under it.
    use = existing->special_use;
    MailboxId old = existing->id;
    names_.erase(*name);
    mailboxes_.erase(old);
    op.notify({old, 0, ChangeNotice::Kind::Removed});
  }
  create_superiors(*name);
  Mailbox& box = insert_mailbox(*name, use);
  box.uidvalidity = uidvalidity;
  last_uidvalidity_ = std::max<int64_t>(last_uidvalidity_, uidvalidity);
  return status_of(box);
}

Result<AppendResult> MemUserStore::append_with_uids(std::string_view mailbox,
                                                    UidValidity uidvalidity,
                                                    std::vector<NewMessage> messages,
                                                    const std::vector<Uid>& uids, Uid uidnext) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (uids.size() != messages.size()) {
    return Error{"one UID per message is needed", ErrorCode::InvalidArgument};
  }
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(*name);
  if (!box) return box.error();
  Mailbox& b = **box;
  if (uidvalidity != 0 && b.uidvalidity != uidvalidity) {
    return Error{"mailbox " + *name + " has another UIDVALIDITY", ErrorCode::AlreadyExists};
  }
  const std::vector<Uid> numbered = numbered_from(b.uidnext, uids);
  const std::vector<Uid>& given = numbered.empty() ? uids : numbered;
  Uid floor = b.uidnext;
  for (Uid uid : given) {
    if (uid < floor || uid == UINT32_MAX) {
      return Error{"UIDs must ascend from UIDNEXT", ErrorCode::InvalidArgument};
    }
    floor = uid + 1;
  }
  for (const auto& m : messages) {
    for (const auto& k : m.keywords) {
      if (auto r = validate_keyword(k); !r) return r.error();
    }
  }
  if (messages.empty()) {
    b.uidnext = std::max(b.uidnext, uidnext);
    return AppendResult{b.id, b.uidvalidity, {}, b.highest_modseq};
  }
  AppendResult result{b.id, b.uidvalidity, given, b.highest_modseq + 1};
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  for (size_t i = 0; i < messages.size(); ++i) {
    Message message = make_message(std::move(messages[i]), given[i], result.modseq, now);
    count_in(message);
    b.messages.emplace(given[i], std::move(message));
  }
  b.uidnext = std::max(floor, uidnext);
  b.highest_modseq = result.modseq;
  op.notify({b.id, result.modseq, ChangeNotice::Kind::Messages});
  return result;
}

}  // namespace petrel::store::mem
