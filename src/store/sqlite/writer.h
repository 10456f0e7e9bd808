#pragma once
// Group commit: every write of a user store goes to one writer thread, which
// runs whatever is queued as one transaction with one fsync, then wakes each
// caller. Ten sessions appending at once cost one sync, not ten, and a
// caller is only answered once its change is on disk.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "store/change_hub.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// What a write operation sees: the writer's connection, inside a transaction
// (and a savepoint of its own), and a way to say which mailboxes it changed.
class WriteContext {
 public:
  explicit WriteContext(Connection& db) : db(db) {}
  Connection& db;
  void notify(ChangeNotice notice) { notices.push_back(notice); }
  // Says the operation left deferred work (DeferredWork) to do.
  void defer_work() { deferred = true; }
  std::vector<ChangeNotice> notices;
  bool deferred = false;
};

// Work the writer does later, in transactions of its own, when the store is
// not in use: the full-text index of new mail (fulltext_backlog.h). Done in
// batches after the writes stop, it costs a fraction of doing it in each
// APPEND's transaction, and no APPEND waits for it; messages expunged
// before then are never indexed at all. Reads count as use too: a client
// syncing a large mailbox after an import should not share the disk and
// the CPU with the indexing of that same mail.
struct DeferredWork {
  // Says whether a caller's write is waiting for the writer, or a read has
  // begun since the step did.
  using ShouldGiveWay = std::function<bool()>;
  // One transaction's worth; returns whether more is left. A step told to
  // give way ends early (after some progress), so a write waits for a
  // fraction of a step, not a whole one.
  std::function<Result<bool>(Connection&, const ShouldGiveWay&)> step;
  // Starts once no write or read has come for `quiet`; under a steady
  // stream of them, one step runs every `max_wait`.
  std::chrono::milliseconds quiet{1000};
  std::chrono::milliseconds max_wait{10000};
};

struct WriterLimits {
  size_t max_batch_operations = 256;
  size_t max_batch_bytes = 64 << 20;  // a batch of large APPENDs commits early
};

// Runs on the writer's thread after each batch (its callers answered) and
// each deferred step, with no transaction open: the checkpoint safety net
// of wal_watch.h.
using BetweenBatches = std::function<void(Connection&)>;

class Writer {
 public:
  // Takes the connection (already prepared) and starts the thread.
  Writer(Connection db, ChangeHub& hub, WriterLimits limits = {}, DeferredWork deferred = {},
         BetweenBatches between_batches = {});
  ~Writer() { stop(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Runs `op` in the writer's next batch and blocks until the batch is
  // committed and synced (or failed). If `op` fails, only its own changes are
  // rolled back. `weight` is roughly the bytes it writes, to bound batches.
  template <class T>
  Result<T> run(std::function<Result<T>(WriteContext&)> op, size_t weight = 0) {
    std::optional<Result<T>> result;
    Job job;
    job.weight = weight;
    job.execute = [&](WriteContext& ctx) {
      result = op(ctx);
      return result->ok() ? nullptr : &result->error();
    };
    job.fail = [&](Error error) { result.emplace(std::move(error)); };
    submit(job);
    return std::move(*result);
  }

  // Finishes what is queued, then stops; later run() calls fail with Io.
  // Deferred work left undone stays for the next writer on the database.
  void stop();

  // There is deferred work (found when the store opened, say).
  void defer_work();

  // A read of the store begins: deferred work waits for the reads to stop,
  // as for writes. Cheap (one relaxed store), called for every read.
  void note_read() {
    last_read_.store(Clock::now().time_since_epoch().count(), std::memory_order_relaxed);
  }

 private:
  struct Job {
    size_t weight = 0;
    // Runs the operation; returns its error, or nullptr on success.
    std::function<const Error*(WriteContext&)> execute;
    std::function<void(Error)> fail;  // replaces the result with an error
    std::vector<ChangeNotice> notices;
    bool deferred = false;
    bool succeeded = false;
    bool finished = false;  // guarded by done_mutex_
  };

  void submit(Job& job);
  void loop();
  std::vector<Job*> take_batch(std::unique_lock<std::mutex>& lock);
  // Returns whether a committed job left deferred work.
  bool run_batch(const std::vector<Job*>& batch);
  bool run_job(Job& job);
  using Clock = std::chrono::steady_clock;
  // When the next deferred step may run; only while deferred_pending_.
  Clock::time_point next_deferred_step() const;
  // With mutex_ held: there is deferred work, waiting since `now` unless it
  // was already.
  void mark_deferred_pending(Clock::time_point now);
  // `may_give_way`: the step may end early when a write is queued or a
  // read begins.
  void run_deferred_step(bool may_give_way);

  Connection db_;
  ChangeHub& hub_;
  WriterLimits limits_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  std::atomic<size_t> queued_ = 0;  // queue_.size(), read without the mutex
  bool stopping_ = false;
  DeferredWork deferred_;
  BetweenBatches between_batches_;
  bool deferred_pending_ = false;  // guarded by mutex_, like the two below
  Clock::time_point last_write_;
  std::atomic<Clock::rep> last_read_{0};  // note_read(), without the mutex
  Clock::time_point deferred_since_;      // when the pending work last got a step
  Clock::time_point retry_after_;         // after a failed step
  // Callers wait here for their job to finish. Not a std::promise: the
  // caller frees the job as soon as it sees it finished, so the writer must
  // not touch the job after publishing that, which a mutex makes certain.
  std::mutex done_mutex_;
  std::condition_variable done_;
  std::once_flag stop_once_;
  std::thread thread_;
};

}  // namespace petrel::store::sqlite
