#include "store/sqlite/read_ahead.h"

#include "store/sqlite/connection.h"
#include "store/sqlite/schema.h"

namespace petrel::store::sqlite {

std::vector<std::pair<Uid, Uid>> read_ahead_parts(const UidSet& uids, uint64_t skip,
                                                  uint64_t part) {
  std::vector<std::pair<Uid, Uid>> parts;
  uint64_t index = 0;     // of the current range's first message
  uint64_t start = skip;  // index of the next part's first message
  Uid first = 0;          // that message's UID once found (UIDs start at 1)
  for (const auto& r : uids.ranges()) {
    const uint64_t n = uint64_t{r.last} - r.first + 1;
    while (true) {
      if (first == 0) {
        if (start >= index + n) break;
        first = static_cast<Uid>(r.first + (start - index));
      }
      const uint64_t end = start + part - 1;
      if (end >= index + n) break;  // the part ends in a later range
      parts.emplace_back(first, static_cast<Uid>(r.first + (end - index)));
      first = 0;
      start = end + 1;
    }
    index += n;
  }
  if (first != 0) parts.emplace_back(first, uids.ranges().back().last);
  return parts;
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

bool ReadAhead::request(const std::filesystem::path& db_path, MailboxId mailbox, Uid first,
                        Uid last) {
  {
    std::lock_guard lock(mutex_);
    if (threads_ == 0 || stopping_ || queue_.size() >= max_queued_) return false;
    if (workers_.empty()) {
      for (size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { loop(); });
    }
    queue_.push_back(Job{db_path, mailbox, first, last});
  }
  wake_.notify_one();
  return true;
}

uint64_t ReadAhead::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void ReadAhead::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    run(job);
    lock.lock();
    ++completed_;
  }
}

void ReadAhead::run(const Job& job) {
  auto db = Connection::open(job.db_path, false);
  if (!db || !configure_reader(*db, 0)) return;
  // length() of a TEXT value reads all of it, overflow pages included: the
  // pages the FETCH will read, read here first.
  auto stmt = db->prepare(
      "SELECT sum(length(s.envelope) + length(s.bodystructure)) FROM message m "
      "JOIN content_summary s ON s.content_id = m.content_id "
      "WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ?");
  if (!stmt) return;
  (void)stmt->bind_all(job.mailbox, job.first, job.last).step();
}

}  // namespace petrel::store::sqlite
