#pragma once
// \Recent bookkeeping shared by the backends (RFC 3501 2.3.2: a message is
// recent to exactly one session). Per mailbox, the highest UID some session
// has already claimed; kept in memory by the one UserStore object all of a
// user's sessions share. After a restart nothing is claimed, so the first
// IMAP4rev1 SELECT sees the unclaimed messages as recent: no session misses
// new mail, at the price of old mail looking recent once.
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

 private:
  std::mutex mutex_;
  std::unordered_map<MailboxId, Uid> marks_;
};

}  // namespace petrel::store
