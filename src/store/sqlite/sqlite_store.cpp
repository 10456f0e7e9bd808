#include "store/sqlite/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/user_store.h"
#include "store/sqlite/user_store_cache.h"
#include "store/user_name.h"

namespace petrel::store {
namespace {

Result<void> ensure_private_dir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return Ok{};
  return Error{"mkdir " + dir.string() + ": " + std::strerror(errno), ErrorCode::Io};
}

sqlite::IdleStoreLimits idle_limits(const SqliteStoreOptions& options) {
  sqlite::IdleStoreLimits limits;
  limits.max_idle = options.max_idle_stores;
  limits.max_age = options.max_idle_time;
  return limits;
}

// Read-ahead jobs waiting at most: a few FETCHes' worth (each asks ~16).
constexpr size_t kReadAheadQueue = 64;

class SqliteStoreImpl final : public SqliteStore {
 public:
  SqliteStoreImpl(std::filesystem::path mail_dir, SqliteStoreOptions options)
      : mail_dir_(std::move(mail_dir)),
        options_(std::move(options)),
        checkpointer_(options_.before_checkpoint),
        read_ahead_(options_.read_ahead_threads, kReadAheadQueue),
        users_(idle_limits(options_), options_.clock) {}
  ~SqliteStoreImpl() override { close(); }

  Result<std::shared_ptr<UserStore>> open_user(std::string_view user) override {
    if (auto r = validate_user_name(user); !r) return r.error();
    std::string name(user);
    return users_.acquire(name, [&]() -> Result<std::shared_ptr<sqlite::SqliteUserStore>> {
      std::filesystem::path dir = mail_dir_ / name;
      if (auto r = ensure_private_dir(dir); !r) return r.error();
      sqlite::UserStoreOptions options;
      options.max_idle_readers = options_.max_idle_readers;
      options.writer.max_batch_operations = options_.max_batch_operations;
      options.default_quota = options_.default_quota;
      options.bulk_load = options_.bulk_load;
      options.wal_size_limit = options_.wal_size_limit;
      options.page_size = options_.page_size;
      options.mmap_size = options_.mmap_size;
      options.indexing = {options_.index_quiet, options_.index_max_wait, options_.index_batch};
      options.summary_layout.share = options_.summary_rewrite_percent / 100.0;
      options.summary_layout.min_rows = options_.summary_rewrite_min_rows;
      // An import leaves it to the server, like the full-text index.
      options.rewrite_summaries = options_.summary_rewrite_percent > 0 && !options_.bulk_load;
      options.checkpointer = &checkpointer_;
      options.read_ahead = &read_ahead_;
      options.checkpoint = {options_.checkpoint_pages, options_.checkpoint_fallback_pages};
      return sqlite::SqliteUserStore::open(name, dir / "store.db", options);
    });
  }

  Result<std::vector<std::string>> list_users() override {
    std::vector<std::string> users;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(mail_dir_, ec)) {
      if (std::filesystem::exists(entry.path() / "store.db")) {
        users.push_back(entry.path().filename().string());
      }
    }
    if (ec) return Error{"list " + mail_dir_.string() + ": " + ec.message(), ErrorCode::Io};
    std::sort(users.begin(), users.end());
    return users;
  }

  void close() override { users_.close(); }

  void close_idle() override { users_.close_expired(); }

  SqliteStoreCounts counts() const override {
    sqlite::UserStoreCounts c = users_.counts();
    sqlite::CheckpointerCounts k = checkpointer_.counts();
    return SqliteStoreCounts{c.in_use, c.idle, c.opened, k.checkpoints, k.failures};
  }

 private:
  std::filesystem::path mail_dir_;
  SqliteStoreOptions options_;
  // Before users_: every user store is closed (and has left it) first.
  sqlite::Checkpointer checkpointer_;
  sqlite::ReadAhead read_ahead_;
  sqlite::UserStoreCache users_;
};

}  // namespace

Result<std::unique_ptr<SqliteStore>> open_sqlite_store(const std::filesystem::path& data_dir,
                                                       const SqliteStoreOptions& options) {
  if (auto r = ensure_private_dir(data_dir); !r) return r.error();
  std::filesystem::path mail_dir = data_dir / "mail";
  if (auto r = ensure_private_dir(mail_dir); !r) return r.error();
  return std::unique_ptr<SqliteStore>(std::make_unique<SqliteStoreImpl>(mail_dir, options));
}

}  // namespace petrel::store
