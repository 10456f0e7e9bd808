#include "store/sqlite/writer.h"

#include <algorithm>
#include <map>

namespace petrel::store::sqlite {
namespace {

// One ChangeNotice per mailbox and kind for a whole batch: listeners only
// need the latest HIGHESTMODSEQ to know they must catch up.
std::vector<ChangeNotice> merge(std::vector<ChangeNotice> notices) {
  std::map<std::pair<MailboxId, ChangeNotice::Kind>, ModSeq> latest;
  std::vector<ChangeNotice> out;
  for (const auto& n : notices) {
    auto [it, fresh] = latest.try_emplace({n.mailbox, n.kind}, n.highest_modseq);
    if (fresh) {
      out.push_back(n);
    } else if (n.highest_modseq > it->second) {
      it->second = n.highest_modseq;
    }
  }
  for (auto& n : out) n.highest_modseq = latest[{n.mailbox, n.kind}];
  return out;
}

constexpr std::chrono::seconds kRetryPause{1};

}  // namespace

Writer::Writer(Connection db, ChangeHub& hub, WriterLimits limits, DeferredWork deferred,
               BetweenBatches between_batches)
    : db_(std::move(db)),
      hub_(hub),
      limits_(limits),
      deferred_(std::move(deferred)),
      between_batches_(std::move(between_batches)) {
  thread_ = std::thread([this] { loop(); });
}

void Writer::defer_work() {
  {
    std::lock_guard lock(mutex_);
    mark_deferred_pending(Clock::now());
  }
  wake_.notify_one();
}

void Writer::mark_deferred_pending(Clock::time_point now) {
  if (!deferred_.step || deferred_pending_) return;
  deferred_pending_ = true;
  deferred_since_ = now;
}

Writer::Clock::time_point Writer::next_deferred_step() const {
  Clock::time_point last_read{Clock::duration(last_read_.load(std::memory_order_relaxed))};
  Clock::time_point last_use = std::max(last_write_, last_read);
  return std::max(retry_after_,
                  std::min(last_use + deferred_.quiet, deferred_since_ + deferred_.max_wait));
}

void Writer::run_deferred_step(bool may_give_way) {
  Result<bool> more = false;
  if (auto r = db_.exec("BEGIN IMMEDIATE"); !r) {
    more = r.error();
  } else {
    const Clock::rep started = Clock::now().time_since_epoch().count();
    more = deferred_.step(db_, [&] {
      return may_give_way && (queued_.load(std::memory_order_relaxed) > 0 ||
                              last_read_.load(std::memory_order_relaxed) > started);
    });
    if (more) {
      if (auto c = db_.exec("COMMIT"); !c) more = c.error();
    }
    if (!more && db_.in_transaction()) (void)db_.exec("ROLLBACK");
  }
  std::lock_guard lock(mutex_);
  deferred_since_ = Clock::now();
  if (more) {
    deferred_pending_ = *more;
    return;
  }
  // A failure (the CLI holding the write lock, a full disk) is retried, but
  // not in a loop: the work keeps until then, like every backlog.
  retry_after_ = deferred_since_ + std::max<Clock::duration>(deferred_.quiet, kRetryPause);
}

void Writer::submit(Job& job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) {
      job.fail(Error{"the store is closed", ErrorCode::Io});
      return;
    }
    queue_.push_back(&job);
    queued_ = queue_.size();
  }
  wake_.notify_one();
  std::unique_lock lock(done_mutex_);
  done_.wait(lock, [&] { return job.finished; });
}

void Writer::stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  });
}

void Writer::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    auto ready = [&] { return stopping_ || !queue_.empty(); };
    if (deferred_pending_) {
      wake_.wait_until(lock, next_deferred_step(), ready);
    } else {  // until there is work, deferred work included (defer_work())
      wake_.wait(lock, [&] { return ready() || deferred_pending_; });
    }
    if (stopping_ && queue_.empty()) {  // everything queued is done
      db_.close();
      return;
    }
    // Queued writes go first. A step runs ahead of them only once the work
    // has waited max_wait (one step per max_wait under a steady stream),
    // and that step does not give way; a step taken in a pause does, when a
    // write comes. (Checking only that a step was due let the steps of a
    // large backlog run back to back while a write waited for all of them.)
    const Clock::time_point now = Clock::now();
    const bool starved = now >= std::max(retry_after_, deferred_since_ + deferred_.max_wait);
    if (!stopping_ && deferred_pending_ && now >= next_deferred_step() &&
        (queue_.empty() || starved)) {
      lock.unlock();
      run_deferred_step(!starved);
      if (between_batches_) between_batches_(db_);
      lock.lock();
      continue;
    }
    if (queue_.empty()) continue;
    std::vector<Job*> batch = take_batch(lock);
    lock.unlock();
    bool deferred = run_batch(batch);
    if (between_batches_) between_batches_(db_);
    lock.lock();
    last_write_ = Clock::now();
    if (deferred) mark_deferred_pending(last_write_);
  }
}

std::vector<Writer::Job*> Writer::take_batch(std::unique_lock<std::mutex>&) {
  std::vector<Job*> batch;
  size_t bytes = 0;
  while (!queue_.empty() && batch.size() < limits_.max_batch_operations) {
    Job* job = queue_.front();
    if (!batch.empty() && bytes + job->weight > limits_.max_batch_bytes) break;
    bytes += job->weight;
    batch.push_back(job);
    queue_.pop_front();
  }
  queued_ = queue_.size();
  return batch;
}

bool Writer::run_job(Job& job) {
  if (auto r = db_.exec("SAVEPOINT op"); !r) {
    job.fail(r.error());
    return false;
  }
  WriteContext ctx(db_);
  if (job.execute(ctx) == nullptr) {
    if (auto r = db_.exec("RELEASE op"); !r) {
      job.fail(r.error());
      return false;
    }
    job.notices = std::move(ctx.notices);
    job.deferred = ctx.deferred;
    job.succeeded = true;
    return true;
  }
  // Undo only this operation; the others in the batch stand.
  if (db_.in_transaction()) {
    (void)db_.exec("ROLLBACK TO op");
    (void)db_.exec("RELEASE op");
  }
  return false;
}

bool Writer::run_batch(const std::vector<Job*>& batch) {
  auto fail_succeeded = [&](const Error& error) {
    for (Job* job : batch) {
      if (!job->succeeded) continue;
      job->succeeded = false;
      job->notices.clear();
      job->fail(error);
    }
  };
  bool open = false;
  for (Job* job : batch) {
    if (!open) {
      // IMMEDIATE takes the write lock now, so another process writing the
      // same store (the CLI) makes us wait here, not fail mid-batch.
      if (auto r = db_.exec("BEGIN IMMEDIATE"); !r) {
        job->fail(r.error());
        continue;
      }
      open = true;
    }
    if (!run_job(*job) && !db_.in_transaction()) {
      // Some errors (I/O, disk full) make SQLite roll back the whole
      // transaction: the jobs before this one lost their changes too.
      fail_succeeded(Error{"transaction rolled back by an earlier error", ErrorCode::Io});
      open = false;
    }
  }
  if (open) {
    if (auto r = db_.exec("COMMIT"); !r) {
      (void)db_.exec("ROLLBACK");
      fail_succeeded(r.error());
    }
  }
  std::vector<ChangeNotice> notices;
  bool deferred = false;
  for (Job* job : batch) {
    if (!job->succeeded) continue;
    notices.insert(notices.end(), job->notices.begin(), job->notices.end());
    deferred = deferred || job->deferred;
  }
  // Listeners first: when a write returns, everyone watching has been told.
  hub_.publish(merge(std::move(notices)));
  {
    std::lock_guard lock(done_mutex_);
    for (Job* job : batch) job->finished = true;
  }
  done_.notify_all();
  return deferred;
}

}  // namespace petrel::store::sqlite
