// MemUserStore: APPEND, SELECT, FETCH, STORE, COPY, MOVE, EXPUNGE and the
// change log.
#include <algorithm>
#include <chrono>
#include <set>

#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/mem/mem_op.h"
#include "store/mem/mem_user_store.h"
#include "store/object_id.h"
#include "store/search_text.h"
#include "store/sort_keys.h"

namespace petrel::store::mem {
namespace {

int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::vector<Message*> MemUserStore::messages_in(Mailbox& box, const UidSet& uids) {
  std::vector<Message*> out;
  for (const auto& range : uids.ranges()) {
    for (auto it = box.messages.lower_bound(range.first);
         it != box.messages.end() && it->first <= range.last; ++it) {
      out.push_back(&it->second);
    }
  }
  return out;
}

int64_t MemUserStore::assign_thread(const HeaderFields& headers, int64_t content_id) {
  std::vector<std::string> links = thread_links(headers);
  int64_t thread = 0;
  for (const auto& link : links) {
    auto it = thread_links_.find(link);
    if (it != thread_links_.end() && (thread == 0 || it->second < thread)) thread = it->second;
  }
  if (thread == 0) thread = content_id;
  for (const auto& link : links) thread_links_.emplace(link, thread);
  return thread;
}

Result<AppendResult> MemUserStore::append(std::string_view mailbox,
                                          std::vector<NewMessage> messages) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (messages.empty()) return Error{"nothing to append", ErrorCode::InvalidArgument};
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(*name);
  if (!box) return box.error();
  Mailbox& b = **box;
  if (UINT32_MAX - b.uidnext < messages.size()) {
    return Error{"mailbox has used up its UIDs", ErrorCode::Forbidden};
  }
  uint64_t bytes = 0;
  for (const auto& m : messages) {
    for (const auto& k : m.keywords) {
      if (auto r = validate_keyword(k); !r) return r.error();
    }
    bytes += m.bytes.size();
  }
  if (auto r = check_quota(messages.size(), bytes); !r) return r.error();
  AppendResult result{b.id, b.uidvalidity, {}, b.highest_modseq + 1};
  int64_t now = now_seconds();
  for (auto& m : messages) {
    auto content = std::make_shared<Content>();
    content->id = next_content_id_++;
    content->thread = assign_thread(m.parsed.headers, content->id);
    content->bytes = std::move(m.bytes);
    content->parsed = std::move(m.parsed);
    content->search = make_search_text(content->parsed.headers, content->bytes);
    content->sort = make_sort_keys(content->parsed.headers);
    Message message;
    message.state.uid = b.uidnext++;
    message.state.modseq = result.modseq;
    message.state.flags = m.flags & kAllSystemFlags;
    message.state.keywords = canonical_keywords(m.keywords, true).value();
    message.content = std::move(content);
    message.internal_date = m.internal_date;
    message.internal_date_tz = m.internal_date_tz;
    message.save_date = now;
    result.uids.push_back(message.state.uid);
    count_in(message);
    b.messages.emplace(message.state.uid, std::move(message));
  }
  b.highest_modseq = result.modseq;
  op.notify({b.id, result.modseq, ChangeNotice::Kind::Messages});
  return result;
}

Result<MailboxSnapshot> MemUserStore::select(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(*name);
  if (!box) return box.error();
  MailboxSnapshot snap;
  snap.status = status_of(**box);
  snap.special_use = (*box)->special_use;
  std::set<std::string> keywords;
  for (const auto& [uid, m] : (*box)->messages) {
    snap.messages.push_back(m.state);
    keywords.insert(m.state.keywords.begin(), m.state.keywords.end());
  }
  snap.keywords.assign(keywords.begin(), keywords.end());
  return snap;
}

Result<std::vector<MessageMeta>> MemUserStore::fetch(MailboxId mailbox, const UidSet& uids,
                                                     FetchFields fields) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  auto selected = messages_in(**box, uids);
  std::vector<MessageMeta> out;
  out.reserve(selected.size());
  for (const Message* m : selected) {
    MessageMeta meta;
    meta.state = m->state;
    const Content& c = *m->content;
    if (fields & kFetchInternalDate) {
      meta.internal_date = m->internal_date;
      meta.internal_date_tz = m->internal_date_tz;
    }
    if (fields & kFetchSize) meta.size = c.bytes.size();
    if (fields & kFetchSaveDate) meta.save_date = m->save_date;
    if (fields & kFetchEmailId) meta.email_id = object_id('M', salt_, c.id);
    if (fields & kFetchThreadId) meta.thread_id = object_id('T', salt_, c.thread);
    if (fields & kFetchEnvelope) meta.parsed.envelope = c.parsed.envelope;
    if (fields & kFetchBody) meta.parsed.body = c.parsed.body;
    if (fields & kFetchBodyStructure) meta.parsed.bodystructure = c.parsed.bodystructure;
    if (fields & kFetchPartTree) meta.parsed.part_tree = c.parsed.part_tree;
    if (fields & kFetchPreview) meta.parsed.preview = c.parsed.preview;
    if (fields & kFetchHeaders) meta.parsed.headers = c.parsed.headers;
    if (fields & kFetchSearchText) meta.search = c.search;
    if (fields & kFetchSortKeys) meta.sort = c.sort;
    out.push_back(std::move(meta));
  }
  return out;
}

Result<SortRows> MemUserStore::sort_rows(MailboxId mailbox, const UidSet& uids,
                                         SortColumns columns) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  SortRows rows;
  rows.columns = columns;
  for (const Message* m : messages_in(**box, uids)) {
    append_sort_row(rows, m->state.uid, m->internal_date, m->content->bytes.size(),
                    m->content->sort);
  }
  return rows;
}

Result<std::string> MemUserStore::read_message(MailboxId mailbox, Uid uid, uint64_t offset,
                                               uint64_t length) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto it = mailboxes_.find(mailbox);
  if (it == mailboxes_.end() || !it->second.messages.count(uid)) {
    return Error{"no such message", ErrorCode::NotFound};
  }
  const std::string& bytes = it->second.messages.at(uid).content->bytes;
  if (offset >= bytes.size()) return std::string();
  return bytes.substr(offset, std::min<uint64_t>(length, bytes.size() - offset));
}

Result<uint64_t> MemUserStore::read_message_pieces(MailboxId mailbox, Uid uid, uint64_t offset,
                                                   uint64_t length, std::size_t piece_size,
                                                   const PieceSink& sink) {
  // A copy taken under the lock: the sink runs without it.
  auto bytes = read_message(mailbox, uid, offset, length);
  if (!bytes) return bytes.error();
  const std::size_t step = std::max<std::size_t>(piece_size, 1);
  uint64_t done = 0;
  while (done < bytes->size()) {
    const std::size_t n = std::min<std::size_t>(step, bytes->size() - done);
    if (!sink(bytes->size(), std::span<char>(bytes->data() + done, n))) break;
    done += n;
  }
  return done;
}

Result<StoreResult> MemUserStore::store_flags(MailboxId mailbox, const UidSet& uids,
                                              const FlagChange& change) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  auto keywords = canonical_keywords(change.keywords, change.op != FlagChange::Op::Remove);
  if (!keywords) return keywords.error();
  StoreResult result;
  ModSeq modseq = (*box)->highest_modseq + 1;
  bool any = false;
  for (Message* m : messages_in(**box, uids)) {
    if (change.unchanged_since && m->state.modseq > *change.unchanged_since) {
      result.modified.add(m->state.uid);
      continue;
    }
    bool changed = apply_flag_change(change, *keywords, m->state);
    if (changed) {
      m->state.modseq = modseq;
      any = true;
    }
    result.messages.push_back({m->state, changed});
  }
  if (any) {
    (*box)->highest_modseq = modseq;
    op.notify({mailbox, modseq, ChangeNotice::Kind::Messages});
  }
  result.highest_modseq = (*box)->highest_modseq;
  return result;
}

Result<CopyResult> MemUserStore::copy(MailboxId mailbox, const UidSet& uids,
                                      std::string_view destination) {
  return copy_or_move(mailbox, uids, destination, false);
}

Result<CopyResult> MemUserStore::move(MailboxId mailbox, const UidSet& uids,
                                      std::string_view destination) {
  return copy_or_move(mailbox, uids, destination, true);
}

Result<CopyResult> MemUserStore::copy_or_move(MailboxId mailbox, const UidSet& uids,
                                              std::string_view destination, bool move) {
  auto dest_name = canonical_mailbox_name(destination);
  if (!dest_name) return dest_name.error();
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto src = selectable(mailbox);
  if (!src) return src.error();
  auto dst = selectable(*dest_name);
  if (!dst) return dst.error();
  Mailbox& s = **src;
  Mailbox& d = **dst;
  // Copies of the sources, taken before inserting: the destination may be
  // the source itself.
  std::vector<Message> sources;
  for (const Message* m : messages_in(s, uids)) sources.push_back(*m);
  CopyResult result{d.id, d.uidvalidity, {}, {}, s.highest_modseq};
  if (sources.empty()) return result;
  if (UINT32_MAX - d.uidnext < sources.size()) {
    return Error{"destination has used up its UIDs", ErrorCode::Forbidden};
  }
  if (!move) {
    uint64_t bytes = 0;
    for (const Message& m : sources) bytes += m.content->bytes.size();
    if (auto r = check_quota(sources.size(), bytes); !r) return r.error();
  }
  ModSeq dst_modseq = d.highest_modseq + 1;
  int64_t now = now_seconds();
  for (Message m : sources) {
    result.source_uids.push_back(m.state.uid);
    m.state.uid = d.uidnext++;
    m.state.modseq = dst_modseq;
    m.save_date = now;
    result.dest_uids.push_back(m.state.uid);
    count_in(m);
    d.messages.emplace(m.state.uid, std::move(m));
  }
  d.highest_modseq = dst_modseq;
  op.notify({d.id, dst_modseq, ChangeNotice::Kind::Messages});
  if (!move) return result;
  // Moving within one mailbox: one operation, one MODSEQ.
  ModSeq src_modseq = &s == &d ? dst_modseq : s.highest_modseq + 1;
  remove_messages(s, result.source_uids, src_modseq);
  s.highest_modseq = src_modseq;
  op.notify({s.id, src_modseq, ChangeNotice::Kind::Messages});
  result.source_modseq = src_modseq;
  return result;
}

Result<ExpungeResult> MemUserStore::expunge(MailboxId mailbox, const UidSet* only) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  ExpungeResult result;
  for (const Message* m : messages_in(**box, only ? *only : UidSet::all())) {
    if (m->state.flags & kDeleted) result.uids.push_back(m->state.uid);
  }
  if (!result.uids.empty()) {
    remove_messages(**box, result.uids, ++(*box)->highest_modseq);
    op.notify({mailbox, (*box)->highest_modseq, ChangeNotice::Kind::Messages});
  }
  result.highest_modseq = (*box)->highest_modseq;
  return result;
}

Result<Changes> MemUserStore::changes_since(MailboxId mailbox, ModSeq since) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  const Mailbox& b = **box;
  Changes changes{b.name, b.uidvalidity, b.uidnext, b.highest_modseq, {}, {}};
  for (const auto& [uid, m] : b.messages) {
    if (m.state.modseq > since) changes.changed.push_back(m.state);
  }
  for (const auto& [uid, modseq] : b.tombstones) {
    if (modseq > since) changes.vanished.push_back(uid);
  }
  return changes;
}

}  // namespace petrel::store::mem

namespace petrel::store::mem {

// The fake has no index: it answers by scanning, exactly for the fields
// that hold one text each (HEADER names a field inside the header section,
// which the caller checks).
Result<std::optional<TextCandidates>> MemUserStore::text_candidates(MailboxId mailbox,
                                                                    TextField field,
                                                                    std::string_view folded) {
  Op op(*this);
  if (auto r = op.check_open(); !r) return r.error();
  auto box = selectable(mailbox);
  if (!box) return box.error();
  TextCandidates out;
  out.exact = field != TextField::Header;
  for (const auto& [uid, m] : (*box)->messages) {
    if (text_contains(m.content->search, field, folded)) out.uids.add(uid);
  }
  return std::optional<TextCandidates>(std::move(out));
}

Result<void> MemUserStore::reindex() {
  Op op(*this);
  return op.check_open();
}

Result<Uid> MemUserStore::claim_recent(MailboxId mailbox, Uid upto) {
  {
    Op op(*this);
    if (auto r = op.check_open(); !r) return r.error();
    if (auto box = selectable(mailbox); !box) return box.error();
  }
  return recent_.claim(mailbox, upto);
}

}  // namespace petrel::store::mem
