// store.wal_size_limit: an open store's WAL file is cut back to the limit
// when the writer resets it after a checkpoint, instead of keeping the size
// of the largest burst of writes until the store closes.
#include <chrono>
#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

// The size of the WAL after a burst of about 8 MB and a few small writes,
// with the store still open.
uint64_t wal_after_burst(uint64_t limit) {
  TempDir dir;
  SqliteStoreOptions options;
  options.wal_size_limit = limit;
  options.page_size = 4096;  // so the 8 MB burst is past the 1000-page checkpoint
  auto store = open_sqlite_store(dir.path(), options).value();
  auto user = store->open_user("alice").value();
  std::vector<NewMessage> burst;
  for (int i = 0; i < 8; ++i) {
    NewMessage m = message("big " + std::to_string(i));
    m.bytes += std::string(1 << 20, static_cast<char>('a' + i));
    burst.push_back(std::move(m));
  }
  EXPECT_TRUE(user->append("INBOX", std::move(burst)).ok());
  // The burst's commit asks the checkpoint thread (it is past 1000 pages);
  // once that has copied the WAL, the writes after it start the WAL over,
  // which is when the limit applies.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (store->counts().checkpoints < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_GE(store->counts().checkpoints, 1u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(user->append("INBOX", {message("small")}).ok());
  auto wal = dir.path() / "mail" / "alice" / "store.db-wal";
  uint64_t size = std::filesystem::file_size(wal);
  EXPECT_EQ(user->select("INBOX").value().messages.size(), 11u);
  user.reset();
  store->close();
  return size;
}

TEST(SqliteWalLimitTest, TheWalIsCutBackToTheLimitWhileTheStoreStaysOpen) {
  EXPECT_GT(wal_after_burst(uint64_t{1} << 30), 8u << 20)
      << "without a limit the WAL keeps its size";
  EXPECT_LE(wal_after_burst(1 << 20), 1u << 20);
}

}  // namespace
}  // namespace petrel::store::testing
