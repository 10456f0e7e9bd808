#include "imap/session/selected_mailbox.h"

#include <strings.h>

#include <algorithm>

namespace petrel::imap {

SelectedMailbox::SelectedMailbox(const store::MailboxSnapshot& snapshot, bool read_only)
    : id_(snapshot.status.id),
      name_(snapshot.status.name),
      read_only_(read_only),
      uidvalidity_(snapshot.status.uidvalidity),
      highest_modseq_(snapshot.status.highest_modseq) {
  uids_.reserve(snapshot.messages.size());
  for (const auto& m : snapshot.messages) uids_.push_back(m.uid);
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

void SelectedMailbox::append(store::Uid uid) {
  if (uids_.empty() || uid > uids_.back()) uids_.push_back(uid);
}

std::uint32_t SelectedMailbox::remove(store::Uid uid) {
  std::uint32_t seq = seq_of(uid);
  if (seq) uids_.erase(uids_.begin() + (seq - 1));
  return seq;
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
  auto next = uids.begin();
  for (auto it = out; it != uids_.end(); ++it) {
    while (next != uids.end() && *next < *it) ++next;
    if (next != uids.end() && *next == *it) {
      seqs.push_back(static_cast<std::uint32_t>(it - uids_.begin()) + 1);
      continue;
    }
    *out++ = *it;
  }
  uids_.erase(out, uids_.end());
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
