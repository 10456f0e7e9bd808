#pragma once
// One operation on a MemUserStore: holds the data lock for its duration and,
// when it ends, publishes the notices it gathered. The notify lock is taken
// before the data lock is released, so listeners hear of commits in the
// order they happened, as with the SQLite writer.
#include <mutex>
#include <vector>

#include "store/mem/mem_user_store.h"

namespace petrel::store::mem {

class MemUserStore::Op {
 public:
  explicit Op(MemUserStore& store) : store_(store), lock_(store.mutex_) {}
  ~Op() {
    if (notices_.empty()) return;
    std::unique_lock notify(store_.notify_mutex_);
    lock_.unlock();
    store_.hub_.publish(notices_);
  }
  Op(const Op&) = delete;
  Op& operator=(const Op&) = delete;

  Result<void> check_open() const {
    if (store_.closed_) return Error{"the store is closed", ErrorCode::Io};
    return Ok{};
  }
  void notify(ChangeNotice notice) { notices_.push_back(notice); }

 private:
  MemUserStore& store_;
  std::unique_lock<std::mutex> lock_;
  std::vector<ChangeNotice> notices_;
};

}  // namespace petrel::store::mem
