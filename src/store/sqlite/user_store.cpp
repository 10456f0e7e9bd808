#include "store/sqlite/user_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include "store/sqlite/bulk_journal.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/schema.h"

namespace petrel::store::sqlite {
namespace {

Error os_error(const std::string& what) {
  return Error{what + ": " + std::strerror(errno), ErrorCode::Io};
}

// Creates the database file with mode 0600 before SQLite opens it: SQLite
// gives its -wal and -shm files the database file's mode, so mail is never
// readable by other local users, whatever the umask.
Result<void> create_private_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return os_error("create " + path.string());
  ::close(fd);
  return Ok{};
}

// Makes the directory entries of a new database durable, so a power loss
// right after the first acknowledged write cannot lose the files themselves.
Result<void> sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return os_error("open " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return os_error("fsync " + dir.string());
  return Ok{};
}

// The writer's background work: the full-text index of new mail, then
// the layout of the summary rows.
DeferredWork background_work(const UserStoreOptions& options) {
  DeferredWork work;
  work.quiet = options.indexing.quiet;
  work.max_wait = options.indexing.max_wait;
  size_t batch = std::max<size_t>(1, options.indexing.batch);
  std::optional<SummaryLayoutPolicy> layout;
  if (options.rewrite_summaries) layout = options.summary_layout;
  work.step = [batch, layout](Connection& db,
                              const DeferredWork::ShouldGiveWay& give_way) -> Result<bool> {
    auto left = index_backlog(db, batch, &give_way);
    if (!left) return left.error();
    if (*left > 0) return true;
    if (!layout) return false;
    return rewrite_summary_step(db, *layout, &give_way);
  };
  return work;
}

BetweenBatches between_batches(WalWatch* watch) {
  if (!watch) return {};
  return [watch](Connection& db) { watch->between_batches(db); };
}

}  // namespace

Result<std::shared_ptr<SqliteUserStore>> SqliteUserStore::open(std::string user,
                                                               const std::filesystem::path& db_path,
                                                               const UserStoreOptions& options) {
  std::error_code ec;
  bool fresh = !std::filesystem::exists(db_path, ec);
  if (fresh) {
    if (auto r = create_private_file(db_path); !r) return r.error();
  }
  auto db = Connection::open(db_path, true);
  if (!db) return db.error();
  // Only an empty database takes a page size; it must be set before WAL
  // mode and the first table.
  if (fresh) {
    if (auto r = db->exec(("PRAGMA page_size = " + std::to_string(options.page_size)).c_str());
        !r) {
      return r.error();
    }
  }
  if (auto r = prepare_database(*db); !r) return r.error();
  if (fresh) {
    if (auto r = sync_directory(db_path.parent_path()); !r) return r.error();
  }
  // The writer resets the WAL after checkpoints; without a limit the file
  // keeps the size of the largest burst until the store closes.
  if (auto r = db->exec(
          ("PRAGMA journal_size_limit = " + std::to_string(options.wal_size_limit)).c_str());
      !r) {
    return r.error();
  }
  std::unique_ptr<WalWatch> wal_watch;
  if (options.checkpointer) {
    wal_watch = std::make_unique<WalWatch>(*options.checkpointer, db_path, options.checkpoint);
    wal_watch->watch(*db);
  }
  bool bulk_journal = false;
  if (options.bulk_load) {
    auto entered = enter_bulk_journal(*db);
    if (!entered) return entered.error();
    bulk_journal = *entered;
  }
  auto salt = db->query_int("SELECT value FROM meta WHERE key = 'object_salt'");
  if (!salt) return salt.error();
  auto backlog = backlog_start(*db);
  if (!backlog) return backlog.error();
  bool rewrite_due = false;
  if (options.rewrite_summaries) {
    auto due = summary_rewrite_due(*db, options.summary_layout);
    if (!due) return due.error();
    rewrite_due = *due;
  }
  auto store = std::shared_ptr<SqliteUserStore>(
      new SqliteUserStore(std::move(user), db_path, static_cast<uint32_t>(*salt), std::move(*db),
                          std::move(wal_watch), options));
  store->bulk_journal_ = bulk_journal;
  // Mail imported, or delivered before a restart, and not indexed yet; or
  // summary rows to lay out again.
  if (*backlog || rewrite_due) store->writer_.defer_work();
  return store;
}

SqliteUserStore::SqliteUserStore(std::string user, std::filesystem::path db_path, uint32_t salt,
                                 Connection db, std::unique_ptr<WalWatch> wal_watch,
                                 const UserStoreOptions& options)
    : user_(std::move(user)),
      db_path_(std::move(db_path)),
      salt_(salt),
      default_quota_(options.default_quota),
      readers_(db_path_, options.max_idle_readers),
      read_ahead_(options.read_ahead),
      stream_readers_(db_path_, 1, options.mmap_size),
      wal_watch_(std::move(wal_watch)),
      writer_(std::move(db), hub_, options.writer, background_work(options),
              between_batches(wal_watch_.get())) {}

void SqliteUserStore::close() {
  writer_.stop();
  // Nothing asks for checkpoints once the writer has stopped; a round in
  // progress is waited for, so the store's files are ours alone again: the
  // last connection to close checkpoints the WAL and removes it, and
  // leave_bulk_journal() needs the store to itself.
  if (wal_watch_) wal_watch_->detach();
  readers_.close();
  stream_readers_.close();
  if (std::exchange(bulk_journal_, false)) {
    // Best effort: the next prepare_database() returns it to WAL anyway.
    (void)leave_bulk_journal(db_path_);
  }
}

}  // namespace petrel::store::sqlite
