#pragma once
// The embedded default backend: one SQLite database per user at
// <data_dir>/mail/<user>/store.db (directories 0700, files 0600), WAL mode,
// each acknowledged write fsynced, writes group-committed per user.
#include <chrono>
#include <filesystem>
#include <memory>

#include "store/store.h"

namespace petrel::store {

struct SqliteStoreOptions {
  size_t max_idle_readers = 4;        // per user store
  size_t max_batch_operations = 256;  // per group commit
  QuotaLimits default_quota;          // limits of users who have none of their own
  // New mail gets its full-text entries in batches of `index_batch` once no
  // write has come for `index_quiet`, or every `index_max_wait` under
  // steady writes (fulltext_backlog.h).
  std::chrono::milliseconds index_quiet{1000};
  std::chrono::milliseconds index_max_wait{10000};
  size_t index_batch = 50;
};

// Opens the store on `data_dir`, creating <data_dir>/mail if missing.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& data_dir,
                                                 const SqliteStoreOptions& options = {});

}  // namespace petrel::store
