#include "store/sqlite/reader_pool.h"

#include "store/sqlite/schema.h"

namespace petrel::store::sqlite {

ReadLease::~ReadLease() {
  if (!db_) return;
  // Ends the read transaction, so the snapshot does not pin old WAL frames.
  if (db_->in_transaction()) (void)db_->exec("COMMIT");
  pool_->release(std::move(db_));
}

Result<ReadLease> ReaderPool::acquire() {
  std::unique_ptr<Connection> db;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return Error{"the store is closed", ErrorCode::Io};
    if (!idle_.empty()) {
      db = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!db) {
    auto opened = Connection::open(path_, false);
    if (!opened) return opened.error();
    if (auto r = configure_reader(*opened, mmap_size_); !r) return r.error();
    db = std::make_unique<Connection>(std::move(*opened));
  }
  // BEGIN is deferred: the snapshot starts at the first read.
  if (auto r = db->exec("BEGIN"); !r) return r.error();
  return ReadLease(this, std::move(db));
}

void ReaderPool::release(std::unique_ptr<Connection> db) {
  std::lock_guard lock(mutex_);
  if (!closed_ && idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

void ReaderPool::close() {
  std::vector<std::unique_ptr<Connection>> idle;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    idle.swap(idle_);
  }
}

}  // namespace petrel::store::sqlite
