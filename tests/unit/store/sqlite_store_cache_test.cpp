// The SQLite store keeps recently used user stores open after their last
// session (user_store_cache.h): reused without reopening, evicted beyond the
// count and the age limit, closed at once when the cache is off, and closed
// with everything else by Store::close(). "Open" is seen from outside too: a
// closed store has checkpointed and removed its WAL file.
#include <dirent.h>

#include <atomic>
#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

using namespace std::chrono_literals;

size_t open_descriptors() {
  size_t count = 0;
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return 0;
  while (const dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the directory stream's own
}

class SqliteStoreCacheTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteStore> open(size_t max_idle, std::chrono::seconds max_time) {
    SqliteStoreOptions options;
    options.max_idle_stores = max_idle;
    options.max_idle_time = max_time;
    options.clock = [this] { return now_; };
    auto store = open_sqlite_store(dir_.path(), options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store.value());
  }
  std::filesystem::path wal(const std::string& user) {
    return dir_.path() / "mail" / user / "store.db-wal";
  }
  // Opens the user, stores one message so the WAL has something in it,
  // and drops the reference again.
  void use(SqliteStore& store, const std::string& user) {
    auto mail = store.open_user(user);
    ASSERT_TRUE(mail.ok()) << mail.error().message;
    ASSERT_TRUE((*mail)->append("INBOX", {message(user)}).ok());
  }
  uint32_t messages(SqliteStore& store, const std::string& user) {
    return store.open_user(user).value()->status("INBOX").value().messages;
  }

  TempDir dir_;
  std::chrono::steady_clock::time_point now_{std::chrono::hours(1)};
};

TEST_F(SqliteStoreCacheTest, StoreIsReusedAfterTheLastReferenceIsDropped) {
  auto store = open(4, 300s);
  auto first = store->open_user("alice").value();
  ASSERT_TRUE(first->append("INBOX", {message("one")}).ok());
  UserStore* object = first.get();
  EXPECT_EQ(store->open_user("alice").value().get(), object);  // in use: shared
  first.reset();
  EXPECT_EQ(store->counts().idle, 1u);
  EXPECT_EQ(store->counts().in_use, 0u);
  EXPECT_TRUE(std::filesystem::exists(wal("alice")));  // still open

  auto again = store->open_user("alice").value();
  EXPECT_EQ(again.get(), object);
  EXPECT_EQ(store->counts().opened, 1u);
  EXPECT_EQ(store->counts().in_use, 1u);
  EXPECT_EQ(store->counts().idle, 0u);
  EXPECT_EQ(again->status("INBOX").value().messages, 1u);
  ASSERT_TRUE(again->append("INBOX", {message("two")}).ok());
  again.reset();
  store->close();
  EXPECT_FALSE(std::filesystem::exists(wal("alice")));
  EXPECT_EQ(messages(*open(0, 0s), "alice"), 2u);
}

TEST_F(SqliteStoreCacheTest, LeastRecentlyReleasedIsEvictedBeyondTheCount) {
  auto store = open(2, 300s);
  use(*store, "a");
  now_ += 1s;
  use(*store, "b");
  now_ += 1s;
  use(*store, "c");  // three idle, two allowed: "a" goes at the next sweep
  EXPECT_EQ(store->counts().idle, 3u);
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 2u);
  EXPECT_FALSE(std::filesystem::exists(wal("a")));
  EXPECT_TRUE(std::filesystem::exists(wal("b")));
  EXPECT_TRUE(std::filesystem::exists(wal("c")));

  use(*store, "b");  // reused, now the most recently released: "c" is first out
  EXPECT_EQ(store->counts().opened, 3u);
  use(*store, "a");  // reopened; then "c" is the one too many
  EXPECT_EQ(store->counts().opened, 4u);
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 2u);
  EXPECT_FALSE(std::filesystem::exists(wal("c")));
  EXPECT_TRUE(std::filesystem::exists(wal("a")));
  EXPECT_TRUE(std::filesystem::exists(wal("b")));
  EXPECT_EQ(messages(*store, "a"), 2u);
  EXPECT_EQ(messages(*store, "c"), 1u);
}

TEST_F(SqliteStoreCacheTest, StoresInUseDoNotCountAgainstTheLimit) {
  auto store = open(1, 300s);
  std::vector<std::shared_ptr<UserStore>> held;
  for (const char* user : {"a", "b", "c"}) held.push_back(store->open_user(user).value());
  EXPECT_EQ(store->counts().in_use, 3u);
  EXPECT_EQ(store->counts().idle, 0u);
  held.clear();  // released a, b, c in that order: only "c" stays
  EXPECT_EQ(store->counts().in_use, 0u);
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 1u);
  use(*store, "c");
  EXPECT_EQ(store->counts().opened, 3u);
}

TEST_F(SqliteStoreCacheTest, IdleStoreIsClosedAfterTheAgeLimit) {
  auto store = open(8, 300s);
  use(*store, "alice");
  now_ += 299s;
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 1u);
  EXPECT_TRUE(std::filesystem::exists(wal("alice")));
  now_ += 1s;
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 0u);
  EXPECT_FALSE(std::filesystem::exists(wal("alice")));
  EXPECT_EQ(messages(*store, "alice"), 1u);
  EXPECT_EQ(store->counts().opened, 2u);
}

TEST_F(SqliteStoreCacheTest, OpenUserExpiresOtherIdleStoresLazily) {
  auto store = open(8, 300s);
  use(*store, "alice");
  now_ += 10s;
  use(*store, "bob");
  now_ += 295s;  // alice idle 305 s, bob 295 s
  auto carol = store->open_user("carol").value();
  EXPECT_FALSE(std::filesystem::exists(wal("alice")));
  EXPECT_TRUE(std::filesystem::exists(wal("bob")));
  EXPECT_EQ(store->counts().idle, 1u);
  EXPECT_EQ(store->counts().in_use, 1u);
}

TEST_F(SqliteStoreCacheTest, AnExpiredStoreAskedForAgainIsReused) {
  auto store = open(8, 300s);
  use(*store, "alice");
  now_ += 1h;  // nobody swept: the user's own store is taken back, not reopened
  use(*store, "alice");
  EXPECT_EQ(store->counts().opened, 1u);
}

TEST_F(SqliteStoreCacheTest, DisabledClosesWhenTheLastReferenceGoes) {
  for (auto [count, time] : {std::pair{size_t{0}, 300s}, std::pair{size_t{128}, 0s}}) {
    auto store = open(count, time);
    auto mail = store->open_user("alice").value();
    ASSERT_TRUE(mail->append("INBOX", {message("x")}).ok());
    EXPECT_TRUE(std::filesystem::exists(wal("alice")));
    mail.reset();
    EXPECT_EQ(store->counts().idle, 0u);
    EXPECT_EQ(store->counts().in_use, 0u);
    EXPECT_FALSE(std::filesystem::exists(wal("alice")));
    use(*store, "alice");
    EXPECT_EQ(store->counts().opened, 2u);
    store->close();
  }
}

TEST_F(SqliteStoreCacheTest, CloseClosesIdleAndInUseStores) {
  auto store = open(8, 300s);
  use(*store, "idle");
  auto busy = store->open_user("busy").value();
  ASSERT_TRUE(busy->append("INBOX", {message("b")}).ok());
  store->close();
  EXPECT_FALSE(std::filesystem::exists(wal("idle")));
  EXPECT_FALSE(std::filesystem::exists(wal("busy")));
  EXPECT_EQ(busy->append("INBOX", {message("late")}).error().code, ErrorCode::Io);
  EXPECT_EQ(store->open_user("idle").error().code, ErrorCode::Io);
  busy.reset();  // its release after close() changes nothing
  EXPECT_EQ(store->counts().idle, 0u);
  EXPECT_EQ(store->counts().in_use, 0u);
}

TEST_F(SqliteStoreCacheTest, AnotherProcessSeesWhatAnIdleStoreWrote) {
  // `petrel check` and `petrel backup` open the database on their own while
  // the server keeps it open idle, with its last writes in the WAL.
  auto server = open(8, 300s);
  use(*server, "alice");
  use(*server, "alice");
  ASSERT_TRUE(std::filesystem::exists(wal("alice")));
  auto cli = open(0, 0s);
  auto mail = cli->open_user("alice").value();
  EXPECT_EQ(mail->status("INBOX").value().messages, 2u);
  auto report = mail->check(true);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_TRUE(report->clean());
  ASSERT_TRUE(mail->append("INBOX", {message("from the cli")}).ok());
  mail.reset();
  cli->close();
  EXPECT_EQ(messages(*server, "alice"), 3u);  // the idle store reads the new commit
  EXPECT_EQ(server->counts().opened, 1u);
}

TEST_F(SqliteStoreCacheTest, AnIdleStoreHoldsAFewDescriptorsAndCloseFreesThem) {
  // docs/configuration.md counts 3 + 2 per idle reader (4 by default).
  size_t before = open_descriptors();
  auto store = open(8, 300s);
  {
    auto mail = store->open_user("alice").value();
    ASSERT_TRUE(mail->append("INBOX", {message("x")}).ok());
    auto snapshot = mail->select("INBOX").value();
    EXPECT_EQ(
        mail->fetch(snapshot.status.id, UidSet::all(), kFetchFlags | kFetchEnvelope).value().size(),
        1u);
  }
  size_t idle = open_descriptors() - before;
  EXPECT_GE(idle, 3u);
  EXPECT_LE(idle, 3u + 2u * SqliteStoreOptions{}.max_idle_readers);
  store->close();
  EXPECT_EQ(open_descriptors(), before);
}

TEST_F(SqliteStoreCacheTest, ConcurrentOpensAndReleasesUnderEviction) {
  // Releases race with opens of the same user and with evictions (one idle
  // store for three users): every session gets a working store, and two
  // sessions of one user at once always share one object.
  auto store = open(1, 300s);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string users[] = {"a", "b", "c"};
      for (int i = 0; i < 60; ++i) {
        const std::string& user = users[(i + t) % 3];
        auto one = store->open_user(user);
        auto two = store->open_user(user);
        if (!one || !two || one->get() != two->get() || !(*one)->status("INBOX").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store->counts().in_use, 0u);
  store->close_idle();
  EXPECT_EQ(store->counts().idle, 1u);
  store->close();
}

}  // namespace
}  // namespace petrel::store::testing
