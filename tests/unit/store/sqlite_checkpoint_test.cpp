// WAL checkpoints off the writer's thread (sqlite/checkpointer.h,
// sqlite/wal_watch.h). The writer's connection never checkpoints on its own
// below the fallback: with the checkpoint thread held inside a round, writes
// are still answered and the WAL grows past SQLite's automatic threshold
// (which would have checkpointed inline, on the writer). Once the round
// finishes the WAL starts over and is cut back to store.wal_size_limit.
// Past the fallback the writer checkpoints itself, which bounds the WAL when
// the checkpoint thread cannot keep up.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/user_store.h"
#include "store/sqlite/wal_watch.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

using namespace std::chrono_literals;

// Holds the checkpoint thread at the start of each round until opened.
// Every wait is bounded, so a broken store fails the test, never hangs it.
class Gate {
 public:
  void pass(const std::filesystem::path&) {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait_for(lock, 60s, [&] { return open_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool wait_entered(int n) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, 30s, [&] { return entered_ >= n; });
  }
  int entered() {
    std::lock_guard lock(mutex_);
    return entered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int entered_ = 0;
  bool open_ = false;
};

// A message of about `kib` KiB of incompressible-enough bytes.
NewMessage big_message(int n, size_t kib) {
  NewMessage m = message("big " + std::to_string(n));
  m.bytes.reserve(m.bytes.size() + kib * 1024);
  uint32_t x = 2463534242u + static_cast<uint32_t>(n);
  for (size_t i = 0; i < kib * 1024; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    m.bytes.push_back(static_cast<char>('a' + x % 26));
  }
  return m;
}

constexpr uint64_t kFrame = 4096 + 24;  // a page and its WAL frame header

class SqliteCheckpointTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open(uint32_t request_pages, uint32_t fallback_pages) {
    SqliteStoreOptions options;
    options.wal_size_limit = 1 << 20;
    options.checkpoint_pages = request_pages;
    options.checkpoint_fallback_pages = fallback_pages;
    options.before_checkpoint = [this](const std::filesystem::path& p) { gate_.pass(p); };
    auto store = open_sqlite_store(dir_.path(), options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store.value());
  }
  uint64_t wal_size() {
    std::error_code ec;
    auto size = std::filesystem::file_size(dir_.path() / "mail" / "alice" / "store.db-wal", ec);
    return ec ? 0 : size;
  }

  TempDir dir_;
  Gate gate_;
};

TEST_F(SqliteCheckpointTest, WritesAreAnsweredWhileACheckpointIsInProgress) {
  auto store = open(256, 1 << 20);  // the fallback out of reach
  auto user = store->open_user("alice").value();
  // About 6 MiB in 24 transactions: past 256 pages the checkpoint thread
  // is asked and held in its round; past 1000 SQLite would have
  // checkpointed inline, keeping the WAL near 4 MiB.
  for (int i = 0; i < 24; ++i) ASSERT_TRUE(user->append("INBOX", {big_message(i, 256)}).ok());
  ASSERT_TRUE(gate_.wait_entered(1)) << "the checkpoint thread was never asked";
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(user->append("INBOX", {message("small")}).ok());
  // Generous: an fsync on a loaded machine; the round it would otherwise
  // wait for never ends while the gate is shut.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
  EXPECT_GT(wal_size(), 1500 * kFrame) << "the writer checkpointed by itself";
  EXPECT_EQ(store->counts().checkpoints, 0u);

  gate_.open();
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (store->counts().checkpoints < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GE(store->counts().checkpoints, 1u);
  EXPECT_EQ(store->counts().checkpoint_failures, 0u);
  // The round copied everything, so a later write starts the WAL over and
  // its commit cuts the file back to the limit. Bounded: a round running
  // at that moment can make one write miss the restart.
  uint32_t after = 0;
  for (; after < 50 && wal_size() > (1u << 20); ++after) {
    ASSERT_TRUE(user->append("INBOX", {message("after")}).ok());
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_GE(after, 1u);
  EXPECT_LE(wal_size(), 1u << 20);
  EXPECT_EQ(user->status("INBOX").value().messages, 25 + after);
  user.reset();
  store->close();
}

TEST_F(SqliteCheckpointTest, TheWriterNeverCopiesABacklogTheCheckpointerHasNot) {
  auto store = open(64, 512);
  auto user = store->open_user("alice").value();
  // About 5 MiB, 1,300 pages, with the checkpoint thread held throughout:
  // past the fallback the writer may copy only a rest the checkpointer
  // left, and it has left everything.
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(user->append("INBOX", {big_message(i, 128)}).ok());
  EXPECT_EQ(store->counts().checkpoints, 0u);
  EXPECT_GT(wal_size(), 1000 * kFrame);
  gate_.open();  // so that close() does not wait for the held round
  user.reset();
  store->close();
}

// petrel check --reindex writes its batches back to back, which leaves the
// checkpoint thread no moment to copy the whole WAL: it copies it itself
// between batches (Checkpointer::copy_whole_wal), so each batch starts the
// WAL over. Here the thread is held throughout; without the copies the WAL
// would hold every page of the new index (and the messages before it).
TEST_F(SqliteCheckpointTest, AReindexStartsTheWalOverBetweenBatches) {
  auto store = open(64, 1u << 30);
  auto user = store->open_user("alice").value();
  for (int i = 0; i < 8; ++i) {
    NewMessage m = message("text " + std::to_string(i));
    m.bytes += "\r\n";
    for (int w = 0; w < 20000; ++w) m.bytes += "w" + std::to_string(i * 100000 + w) + " ";
    ASSERT_TRUE(user->append("INBOX", {std::move(m)}).ok());
  }
  auto* sqlite_user = dynamic_cast<sqlite::SqliteUserStore*>(user.get());
  ASSERT_NE(sqlite_user, nullptr);
  ASSERT_TRUE(sqlite_user->reindex_in_batches(1).ok());
  EXPECT_EQ(store->counts().checkpoints, 0u) << "the checkpoint thread was held";
  const uint64_t wal = wal_size();
  auto db = sqlite::Connection::open(dir_.path() / "mail" / "alice" / "store.db", false);
  ASSERT_TRUE(db.ok());
  auto index_bytes = db->query_int("SELECT sum(length(block)) FROM content_fts_data");
  ASSERT_TRUE(index_bytes.ok());
  EXPECT_GT(*index_bytes, 4 << 20);
  EXPECT_LT(wal, static_cast<uint64_t>(*index_bytes)) << "the WAL did not start over";
  gate_.open();
  user.reset();
  store->close();
}

TEST_F(SqliteCheckpointTest, UnderASteadyStreamTheWalStaysBounded) {
  gate_.open();
  auto store = open(128, 512);
  auto user = store->open_user("alice").value();
  // Two writers, so batches follow each other with little pause.
  auto write = [&](int first) {
    for (int i = first; i < first + 100; ++i) {
      EXPECT_TRUE(user->append("INBOX", {big_message(i, 64)}).ok());
    }
  };
  std::thread other(write, 1000);
  uint64_t largest = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(user->append("INBOX", {big_message(i, 64)}).ok());
    largest = std::max(largest, wal_size());
  }
  other.join();
  largest = std::max(largest, wal_size());
  // About 12.5 MiB (3,200 pages) written in all; the WAL never held much
  // more than the fallback. Not exactly the fallback and a batch: the
  // writer copies the rest only once the checkpointer has left little, and
  // the WAL starts over only at a write that finds no reader on it (the
  // checkpoint thread reads for a moment in each round).
  EXPECT_LE(largest, 2 * 512 * kFrame);
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (store->counts().checkpoints < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_GE(store->counts().checkpoints, 1u);
  EXPECT_EQ(user->status("INBOX").value().messages, 200u);
  user.reset();
  store->close();
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "mail" / "alice" / "store.db-wal"))
      << "closing checkpoints and removes the WAL";
}

}  // namespace
}  // namespace petrel::store::testing

namespace petrel::store::sqlite {
namespace {

using namespace std::chrono_literals;
using petrel::store::testing::TempDir;

Connection prepared(const std::filesystem::path& path) {
  auto db = Connection::open(path, true);
  EXPECT_TRUE(db.ok()) << db.error().message;
  EXPECT_TRUE(prepare_database(*db).ok());
  return std::move(*db);
}

// Fills `db` with about `pages` pages of WAL, one transaction.
void write_pages(Connection& db, int pages) {
  ASSERT_TRUE(db.exec("CREATE TABLE IF NOT EXISTS filler (x BLOB)").ok());
  auto insert = db.prepare("INSERT INTO filler VALUES (randomblob(?))");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE(insert->bind(1, pages * 4096).run().ok());
}

uint64_t db_size(const TempDir& dir) { return std::filesystem::file_size(dir.path() / "store.db"); }

TEST(WalWatchTest, TheWriterLeavesCheckpointsToTheCheckpointer) {
  TempDir dir;
  store::testing::Gate gate;  // holds the checkpoint thread until opened
  Checkpointer checkpointer([&](const std::filesystem::path& p) { gate.pass(p); });
  Connection db = prepared(dir.path() / "store.db");
  EXPECT_EQ(db.query_int("PRAGMA wal_autocheckpoint").value(), 1000) << "SQLite's default";
  WalWatch watch(checkpointer, dir.path() / "store.db", {100, 1000});
  watch.watch(db);
  EXPECT_EQ(db.query_int("PRAGMA wal_autocheckpoint").value(), 0);
  // Past SQLite's own threshold and the fallback: nothing was copied into
  // the database, by the commit or by the writer, since the checkpointer
  // has copied nothing yet.
  write_pages(db, 1500);
  EXPECT_TRUE(gate.wait_entered(1));
  watch.between_batches(db);
  EXPECT_EQ(watch.fallback_checkpoints(), 0u);
  EXPECT_LT(db_size(dir), 500u * 4096);
  // The checkpointer's round copies the 1,500 pages.
  gate.open();
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (checkpointer.counts().checkpoints < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(checkpointer.counts().checkpoints, 1u);
  EXPECT_GT(db_size(dir), 1400u * 4096);
  // Everything was copied while no write came: the next write starts the
  // WAL over, with no checkpoint on the writer.
  write_pages(db, 50);
  watch.between_batches(db);
  EXPECT_EQ(watch.fallback_checkpoints(), 0u);
  auto wal = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  ASSERT_TRUE(wal.ok());
  ASSERT_TRUE(wal->step().value());
  EXPECT_LT(wal->int64(1), 100) << "frames in the WAL after the restart";
  wal->reset();
  EXPECT_EQ(checkpointer.counts().checkpoints, 1u);
  watch.detach();
}

TEST(CheckpointerTest, RequestsWhileQueuedAreMergedAndRemoveWaitsForTheRound) {
  TempDir dir;
  std::mutex mutex;
  std::condition_variable cv;
  int entered = 0;
  bool open = false;
  Checkpointer checkpointer([&](const std::filesystem::path&) {
    std::unique_lock lock(mutex);
    ++entered;
    cv.notify_all();
    cv.wait_for(lock, 60s, [&] { return open; });
  });
  Connection db = prepared(dir.path() / "store.db");
  write_pages(db, 50);
  Checkpointer::Id id = checkpointer.add(dir.path() / "store.db");
  checkpointer.request(id);
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, 30s, [&] { return entered == 1; }));
  }
  for (int i = 0; i < 5; ++i) checkpointer.request(id);  // one more round, not five
  std::atomic<bool> removed = false;
  std::thread remover([&] {
    checkpointer.remove(id);
    removed = true;
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(removed.load()) << "remove() returned during the round";
  {
    std::lock_guard lock(mutex);
    open = true;
    cv.notify_all();
  }
  remover.join();
  EXPECT_TRUE(removed.load());
  checkpointer.request(id);  // unknown now: ignored
  std::this_thread::sleep_for(100ms);
  CheckpointerCounts counts = checkpointer.counts();
  EXPECT_EQ(counts.checkpoints, 1u) << "the queued round of a removed store ran";
  EXPECT_EQ(counts.failures, 0u);
  EXPECT_EQ(entered, 1);
}

TEST(ReaderPoolTest, ReadConnectionsMapAsMuchOfTheFileAsConfigured) {
  TempDir dir;
  Connection db = prepared(dir.path() / "store.db");
  for (uint64_t size : {uint64_t{0}, uint64_t{1} << 20, uint64_t{1} << 30}) {
    ReaderPool pool(dir.path() / "store.db", 1, size);
    auto lease = pool.acquire();
    ASSERT_TRUE(lease.ok()) << lease.error().message;
    auto mapped = lease->db().query_int("PRAGMA mmap_size");
    ASSERT_TRUE(mapped.ok());
    EXPECT_EQ(static_cast<uint64_t>(*mapped), size);
  }
}

TEST(CheckpointerTest, ARoundCopiesTheWalIntoTheDatabase) {
  TempDir dir;
  Checkpointer checkpointer;
  Connection db = prepared(dir.path() / "store.db");
  write_pages(db, 200);
  auto before = std::filesystem::file_size(dir.path() / "store.db");
  Checkpointer::Id id = checkpointer.add(dir.path() / "store.db");
  checkpointer.request(id);
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (checkpointer.counts().checkpoints < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_EQ(checkpointer.counts().checkpoints, 1u);
  EXPECT_GT(std::filesystem::file_size(dir.path() / "store.db"), before + 150 * 4096)
      << "the pages were not copied into the database";
  checkpointer.remove(id);
}

}  // namespace
}  // namespace petrel::store::sqlite
