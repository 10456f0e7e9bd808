#include "store/sqlite/checkpointer.h"

#include <chrono>
#include <thread>

#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {
namespace {

// A checkpoint never waits for a lock (PASSIVE); opening the store may, for
// a moment, when another process holds it. Not for long: the other stores
// in line wait meanwhile, and the next commit asks again anyway.
constexpr int kBusyTimeoutMs = 100;

}  // namespace

Checkpointer::Checkpointer(BeforeCheckpoint before) : before_(std::move(before)) {
  thread_ = std::thread([this] { loop(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Checkpointer::Id Checkpointer::add(std::filesystem::path db_path) {
  std::lock_guard lock(mutex_);
  Id id = next_id_++;
  entries_[id].db_path = std::move(db_path);
  return id;
}

void Checkpointer::request(Id id) {
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(id);
    if (it == entries_.end() || it->second.queued || it->second.removed) return;
    it->second.queued = true;
    queue_.push_back(id);
  }
  wake_.notify_one();
}

void Checkpointer::remove(Id id) {
  std::unique_lock lock(mutex_);
  auto found = entries_.find(id);
  if (found == entries_.end()) return;
  found->second.removed = true;
  finished_.wait(lock, [&] {
    auto it = entries_.find(id);
    return it == entries_.end() || !it->second.running;
  });
  entries_.erase(id);  // a queued request is skipped when its turn comes
}

CheckpointerCounts Checkpointer::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void Checkpointer::loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Id id = queue_.front();
    queue_.pop_front();
    auto it = entries_.find(id);
    if (it == entries_.end() || it->second.removed) continue;
    it->second.queued = false;
    it->second.running = true;
    std::filesystem::path db_path = it->second.db_path;
    lock.unlock();
    if (before_) before_(db_path);
    std::optional<CheckpointRound> round = checkpoint(db_path);
    lock.lock();
    ++(round ? counts_.checkpoints : counts_.failures);
    // remove() waits while running, so the entry is still there.
    Entry& entry = entries_[id];
    entry.running = false;
    if (round) entry.last = *round;
    finished_.notify_all();
  }
}

CheckpointRound Checkpointer::last_round(Id id) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  return it == entries_.end() ? CheckpointRound{} : it->second.last;
}

std::optional<CheckpointRound> Checkpointer::checkpoint(const std::filesystem::path& db_path) {
  auto db = Connection::open(db_path, false);
  if (!db) return std::nullopt;
  sqlite3_busy_timeout(db->handle(), kBusyTimeoutMs);
  // The checkpoint syncs as the connection is set to: FULL syncs the WAL
  // before copying and the database after, so the WAL is never started
  // over while a page exists only in the kernel's cache. The read opens
  // the WAL; before it the connection does not know the store is in WAL
  // mode, and a checkpoint would do nothing.
  if (!db->exec("PRAGMA synchronous = FULL") || !db->query_int("PRAGMA schema_version")) {
    return std::nullopt;
  }
  CheckpointRound round;
  int rc = sqlite3_wal_checkpoint_v2(db->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &round.log,
                                     &round.backfilled);
  if (rc != SQLITE_OK) return std::nullopt;
  return round;
}

bool Checkpointer::copy_whole_wal(const std::filesystem::path& db_path) {
  // A round fails or stops short while this thread runs its own; the next
  // try finds the WAL copied by it.
  for (int attempt = 0; attempt < 50; ++attempt) {
    auto round = checkpoint(db_path);
    if (round && round->backfilled == round->log) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace petrel::store::sqlite
