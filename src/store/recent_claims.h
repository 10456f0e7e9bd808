#pragma once
// \Recent bookkeeping of the in-memory backend (RFC 3501 2.3.2: a message is
// recent to exactly one session). Per mailbox, the highest UID some session
// has already claimed; kept by the one UserStore object all of a user's
// sessions share. The SQLite backend keeps the same mark in its meta table
// (sqlite/recent_ops.cpp), so that it survives a restart.
#include <mutex>
#include <unordered_map>

#include "store/types.h"

namespace petrel::store {

class RecentClaims {
 public:
  // Raises the claimed mark to `upto` (never lowers it) and returns the mark
  // before: the caller owns the UIDs in (before, upto].
  Uid claim(MailboxId mailbox, Uid upto) {
    std::lock_guard lock(mutex_);
    Uid& mark = marks_[mailbox];
    Uid before = mark;
    if (upto > mark) mark = upto;
    return before;
  }

  // The mark: messages above it are recent to the next session to claim them.
  Uid mark(MailboxId mailbox) const {
    std::lock_guard lock(mutex_);
    auto it = marks_.find(mailbox);
    return it == marks_.end() ? 0 : it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<MailboxId, Uid> marks_;
};

}  // namespace petrel::store
