#include "net/open_store.h"

namespace petrel::net {

store::QuotaLimits default_quota(const QuotaSettings& settings) {
  store::QuotaLimits limits;
  if (settings.storage != 0) limits.storage = settings.storage;
  if (settings.messages != 0) limits.messages = settings.messages;
  return limits;
}

Result<std::unique_ptr<store::SqliteStore>> open_configured_store(const Config& config) {
  store::SqliteStoreOptions options;
  options.default_quota = default_quota(config.quota);
  options.index_quiet = config.search.index_delay;
  options.index_max_wait = config.search.index_max_wait;
  options.index_batch = config.search.index_batch;
  options.max_idle_stores = config.store.idle_stores;
  options.max_idle_time = config.store.idle_store_time;
  options.wal_size_limit = config.store.wal_size_limit;
  options.page_size = config.store.page_size;
  options.mmap_size = config.store.mmap_size;
  options.read_ahead_threads = config.store.read_ahead_threads;
  options.summary_rewrite_percent = config.store.summary_rewrite_percent;
  options.summary_rewrite_min_rows = static_cast<int64_t>(config.store.summary_rewrite_min_rows);
  // validate() keeps both within 2^30.
  options.checkpoint_pages = static_cast<uint32_t>(config.store.checkpoint_pages);
  options.checkpoint_fallback_pages = static_cast<uint32_t>(config.store.checkpoint_fallback_pages);
  return store::open_sqlite_store(config.data_dir, options);
}

}  // namespace petrel::net
