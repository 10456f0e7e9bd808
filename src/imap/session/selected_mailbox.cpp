#include "imap/session/selected_mailbox.h"

#include <strings.h>

#include <algorithm>
#include <iterator>

namespace petrel::imap {

SelectedMailbox::SelectedMailbox(const store::MailboxSnapshot& snapshot, bool read_only)
    : id_(snapshot.status.id),
      name_(snapshot.status.name),
      read_only_(read_only),
      uidvalidity_(snapshot.status.uidvalidity),
      highest_modseq_(snapshot.status.highest_modseq) {
  uids_.reserve(snapshot.messages.size());
  modseqs_.reserve(snapshot.messages.size());
  for (const auto& m : snapshot.messages) {
    uids_.push_back(m.uid);
    modseqs_.push_back(m.modseq);
  }
  keywords_ = snapshot.keywords;
}

std::uint32_t SelectedMailbox::seq_of(store::Uid uid) const {
  auto it = std::lower_bound(uids_.begin(), uids_.end(), uid);
  if (it == uids_.end() || *it != uid) return 0;
  return static_cast<std::uint32_t>(it - uids_.begin()) + 1;
}

Result<store::UidSet> SelectedMailbox::resolve(const SequenceSet& set, bool uid_mode) const {
  if (set.last_result) return saved_;
  store::UidSet out;
  if (uid_mode) {
    // "*" is the largest UID in use; in an empty mailbox nothing matches,
    // but "n:*" still names n (RFC 9051 6.4.8), which cannot exist here.
    store::Uid largest = largest_uid();
    for (auto [lo, hi] : set.normalized(largest == 0 ? 1 : largest)) {
      auto first = std::lower_bound(uids_.begin(), uids_.end(), lo);
      auto last = std::upper_bound(first, uids_.end(), hi);
      for (auto it = first; it != last; ++it) out.add(*it);
    }
    return out;
  }
  if (exists() == 0 || set.max_number() > exists())
    return Error{"Invalid message sequence number", ErrorCode::InvalidArgument};
  for (auto [lo, hi] : set.normalized(exists())) {
    for (std::uint32_t seq = lo; seq <= hi; ++seq) out.add(uids_[seq - 1]);
  }
  return out;
}

void SelectedMailbox::append(store::Uid uid, store::ModSeq modseq) {
  if (uids_.empty() || uid > uids_.back()) {
    uids_.push_back(uid);
    modseqs_.push_back(modseq);
  }
}

std::uint32_t SelectedMailbox::remove(store::Uid uid) {
  std::uint32_t seq = seq_of(uid);
  if (seq) {
    uids_.erase(uids_.begin() + (seq - 1));
    modseqs_.erase(modseqs_.begin() + (seq - 1));
    forget_pending({uid});
  }
  return seq;
}

void SelectedMailbox::note_modseq(store::Uid uid, store::ModSeq modseq) {
  if (std::uint32_t seq = seq_of(uid)) modseqs_[seq - 1] = modseq;
}

void SelectedMailbox::defer_expunges(const std::vector<store::Uid>& uids) {
  std::vector<store::Uid> merged;
  merged.reserve(pending_expunges_.size() + uids.size());
  std::vector<store::Uid> known;
  for (store::Uid uid : uids)
    if (seq_of(uid) != 0) known.push_back(uid);
  std::set_union(pending_expunges_.begin(), pending_expunges_.end(), known.begin(), known.end(),
                 std::back_inserter(merged));
  pending_expunges_ = std::move(merged);
}

std::vector<store::Uid> SelectedMailbox::take_pending_expunges() {
  std::vector<store::Uid> out;
  out.swap(pending_expunges_);
  return out;
}

bool SelectedMailbox::is_pending_expunge(store::Uid uid) const {
  return std::binary_search(pending_expunges_.begin(), pending_expunges_.end(), uid);
}

void SelectedMailbox::forget_pending(const std::vector<store::Uid>& uids) {
  if (pending_expunges_.empty()) return;
  std::vector<store::Uid> rest;
  std::set_difference(pending_expunges_.begin(), pending_expunges_.end(), uids.begin(), uids.end(),
                      std::back_inserter(rest));
  pending_expunges_ = std::move(rest);
}

void SelectedMailbox::add_recent(store::Uid first, store::Uid last) { recent_.add(first, last); }

std::uint32_t SelectedMailbox::recent_count() const {
  std::uint32_t n = 0;
  for (const store::UidRange& r : recent_.ranges()) {
    auto first = std::lower_bound(uids_.begin(), uids_.end(), r.first);
    auto last = std::upper_bound(first, uids_.end(), r.last);
    n += static_cast<std::uint32_t>(last - first);
  }
  return n;
}

std::vector<std::uint32_t> SelectedMailbox::seqs_of(const store::UidSet& uids) const {
  std::vector<std::uint32_t> out;
  for (const auto& range : uids.ranges()) {
    auto first = std::lower_bound(uids_.begin(), uids_.end(), range.first);
    auto last = std::upper_bound(first, uids_.end(), range.last);
    for (auto it = first; it != last; ++it)
      out.push_back(static_cast<std::uint32_t>(it - uids_.begin()) + 1);
  }
  return out;
}

std::vector<std::uint32_t> SelectedMailbox::remove_all(const std::vector<store::Uid>& uids) {
  std::vector<std::uint32_t> seqs;
  if (uids.empty()) return seqs;
  seqs.reserve(uids.size());
  // Nothing below the first UID moves: start there, compact the rest once.
  auto out = std::lower_bound(uids_.begin(), uids_.end(), uids.front());
  auto mod_out = modseqs_.begin() + (out - uids_.begin());
  auto next = uids.begin();
  for (auto it = out; it != uids_.end(); ++it) {
    while (next != uids.end() && *next < *it) ++next;
    const auto index = it - uids_.begin();
    if (next != uids.end() && *next == *it) {
      seqs.push_back(static_cast<std::uint32_t>(index) + 1);
      continue;
    }
    *out++ = *it;
    *mod_out++ = modseqs_[static_cast<std::size_t>(index)];
  }
  uids_.erase(out, uids_.end());
  modseqs_.erase(mod_out, modseqs_.end());
  forget_pending(uids);
  return seqs;
}

bool SelectedMailbox::learn_keywords(const std::vector<std::string>& keywords) {
  bool added = false;
  for (const std::string& k : keywords) {
    bool known = std::any_of(keywords_.begin(), keywords_.end(), [&](const std::string& x) {
      return strcasecmp(x.c_str(), k.c_str()) == 0;
    });
    if (!known) {
      keywords_.push_back(k);
      added = true;
    }
  }
  return added;
}

}  // namespace petrel::imap
