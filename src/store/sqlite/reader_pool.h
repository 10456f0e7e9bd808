#pragma once
// Read connections for one user store. Reads never go through the writer:
// in WAL mode each read transaction sees the last commit and never waits for
// the one in progress. Connections are opened on demand and kept for reuse.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

class ReaderPool;

// A read connection inside a read transaction (one consistent snapshot for
// every query made through it). Returned to the pool when destroyed.
class ReadLease {
 public:
  ReadLease(ReaderPool* pool, std::unique_ptr<Connection> db) : pool_(pool), db_(std::move(db)) {}
  ReadLease(ReadLease&&) noexcept = default;
  ReadLease& operator=(ReadLease&&) = delete;
  ReadLease(const ReadLease&) = delete;
  ~ReadLease();
  Connection& db() { return *db_; }

 private:
  ReaderPool* pool_;
  std::unique_ptr<Connection> db_;
};

class ReaderPool {
 public:
  // Keeps at most `max_idle` idle connections; more may be open at once
  // under load, and are closed when returned.
  // Each connection maps the first `mmap_size` bytes of the file (0: none).
  ReaderPool(std::filesystem::path path, size_t max_idle, uint64_t mmap_size = 0)
      : path_(std::move(path)), max_idle_(max_idle), mmap_size_(mmap_size) {}
  Result<ReadLease> acquire();
  // Closes idle connections; later acquire() calls fail.
  void close();

 private:
  friend class ReadLease;
  void release(std::unique_ptr<Connection> db);

  std::filesystem::path path_;
  size_t max_idle_;
  uint64_t mmap_size_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
  bool closed_ = false;
};

}  // namespace petrel::store::sqlite
