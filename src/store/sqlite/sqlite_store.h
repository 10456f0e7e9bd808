#pragma once
// The embedded default backend: one SQLite database per user at
// <data_dir>/mail/<user>/store.db (directories 0700, files 0600), WAL mode,
// each acknowledged write fsynced, writes group-committed per user.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "store/store.h"

namespace petrel::store {

struct SqliteStoreOptions {
  size_t max_idle_readers = 4;        // per user store
  size_t max_batch_operations = 256;  // per group commit
  QuotaLimits default_quota;          // limits of users who have none of their own
  // Bytes of WAL file kept after a checkpoint resets it (PRAGMA
  // journal_size_limit); more is truncated away.
  uint64_t wal_size_limit = 64 << 20;
  // Bytes per page of user stores created from now on (PRAGMA page_size).
  uint32_t page_size = 4096;
  // Threads reading a large FETCH's rows ahead of it (sqlite/read_ahead.h),
  // shared by all user stores; 0: none.
  size_t read_ahead_threads = 8;
  // Bytes of a store file mapped by the connections that stream large
  // messages from it (PRAGMA mmap_size; sqlite/message_pieces.cpp).
  uint64_t mmap_size = uint64_t{1} << 30;
  // The summary rows are rewritten into consecutive pages once those
  // written since the last rewrite are `summary_rewrite_min_rows` and
  // `summary_rewrite_percent` of the messages (sqlite/summary_layout.h);
  // percent 0: never.
  uint32_t summary_rewrite_percent = 25;
  int64_t summary_rewrite_min_rows = 2000;
  // WAL checkpoints run on one thread for all user stores, not on their
  // writers (sqlite/checkpointer.h): it is asked once a store's WAL holds
  // `checkpoint_pages` frames; past `checkpoint_fallback_pages` the writer
  // copies the small rest that thread left, so the WAL can start over
  // (sqlite/wal_watch.h).
  uint32_t checkpoint_pages = 1000;
  uint32_t checkpoint_fallback_pages = 4000;
  // Runs on the checkpoint thread before each checkpoint (tests hold it).
  std::function<void(const std::filesystem::path&)> before_checkpoint;
  // For `petrel import`: user stores write with a rollback journal while no
  // other process has them open (sqlite/bulk_journal.h).
  bool bulk_load = false;
  // New mail gets its full-text entries in batches of `index_batch` once no
  // write has come for `index_quiet`, or every `index_max_wait` under
  // steady writes (fulltext_backlog.h).
  std::chrono::milliseconds index_quiet{1000};
  std::chrono::milliseconds index_max_wait{10000};
  size_t index_batch = 50;
  // User stores kept open after their last session ends (user_store_cache.h).
  // Off unless both are above 0: one-shot CLI commands have no use for it.
  size_t max_idle_stores = 0;
  std::chrono::steady_clock::duration max_idle_time{};
  // The clock that ages idle stores; tests inject their own.
  std::function<std::chrono::steady_clock::time_point()> clock = std::chrono::steady_clock::now;
};

// How many user stores a SqliteStore holds open (for tests and metrics).
struct SqliteStoreCounts {
  size_t in_use = 0;                 // held by a session (or a delivery, a CLI command)
  size_t idle = 0;                   // kept open for the next session
  uint64_t opened = 0;               // user stores opened since the store was
  uint64_t checkpoints = 0;          // by the checkpoint thread
  uint64_t checkpoint_failures = 0;  // of the checkpoint thread
};

class SqliteStore : public Store {
 public:
  // Closes the idle user stores past max_idle_stores or max_idle_time
  // (open_user() checks too, lazily); the server calls it periodically.
  // Blocks while they finish their writes: call off I/O threads.
  virtual void close_idle() = 0;
  virtual SqliteStoreCounts counts() const = 0;
};

// Opens the store on `data_dir`, creating <data_dir>/mail if missing.
Result<std::unique_ptr<SqliteStore>> open_sqlite_store(const std::filesystem::path& data_dir,
                                                       const SqliteStoreOptions& options = {});

}  // namespace petrel::store
