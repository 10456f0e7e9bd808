// read_message_pieces on SQLite reads through a memory map of the store file
// (store.mmap_size), held by one stream connection: other reads do not map
// the file, repeated streams reuse the one map, closing the store drops it,
// mmap_size 0 never maps, and the bytes are exact either way.
#include <chrono>
#include <fstream>
#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

using namespace std::chrono_literals;

// Mappings of the store file itself (its start address: one map may show
// as several lines); store.db-shm (the WAL index) is always mapped.
int store_file_maps(const std::filesystem::path& db) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  int n = 0;
  while (std::getline(maps, line)) {
    if (line.ends_with(" " + db.string()) && line.find(" 00000000 ") != std::string::npos) ++n;
  }
  return n;
}

bool store_file_mapped(const std::filesystem::path& db) { return store_file_maps(db) > 0; }

NewMessage large_message() {
  NewMessage m = message("large");
  m.bytes.clear();
  for (int i = 0; i < 2'000'000; ++i) m.bytes += static_cast<char>('a' + (i * 7) % 26);
  return m;
}

struct Read {
  std::string bytes;
  bool mapped_during = false;
};

Read read_all(UserStore& user, MailboxId box, Uid uid, const std::filesystem::path& db) {
  Read r;
  auto n = user.read_message_pieces(box, uid, 0, UINT64_MAX, 256 * 1024,
                                    [&](uint64_t, std::span<char> piece) {
                                      r.mapped_during = r.mapped_during || store_file_mapped(db);
                                      r.bytes.append(piece.data(), piece.size());
                                      return true;
                                    });
  EXPECT_TRUE(n.ok());
  return r;
}

std::unique_ptr<Store> open_store(const TempDir& dir, uint64_t mmap_size) {
  SqliteStoreOptions options;
  options.checkpoint_pages = 1;  // every commit is copied into the database file soon
  options.mmap_size = mmap_size;
  auto store = open_sqlite_store(dir.path(), options);
  EXPECT_TRUE(store.ok());
  return std::move(store.value());
}

// alice's store with one large message in INBOX.
struct OneLarge {
  std::unique_ptr<Store> store;
  std::shared_ptr<UserStore> user;
  MailboxId box = 0;
  Uid uid = 0;
  std::string expected;
  std::filesystem::path db;
};

OneLarge store_with_large_message(const TempDir& dir, uint64_t mmap_size) {
  OneLarge o;
  o.store = open_store(dir, mmap_size);
  o.user = o.store->open_user("alice").value();
  std::vector<NewMessage> one;
  one.push_back(large_message());
  o.expected = one[0].bytes;
  auto appended = o.user->append("INBOX", std::move(one)).value();
  o.box = appended.mailbox;
  o.uid = appended.uids[0];
  o.db = dir.path() / "mail" / "alice" / "store.db";
  return o;
}

TEST(SqliteMappedStream, OneStreamConnectionMapsTheFileUntilTheStoreCloses) {
  TempDir dir;
  auto [store, user, box, uid, expected, db] = store_with_large_message(dir, uint64_t{1} << 30);
  // Pages still in the WAL are read without the map; once the checkpoint
  // thread has copied the message into the database file, the read maps it.
  Read r;
  for (auto deadline = std::chrono::steady_clock::now() + 20s;
       !r.mapped_during && std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(20ms)) {
    r = read_all(*user, box, uid, db);
    ASSERT_EQ(r.bytes, expected);
  }
  EXPECT_TRUE(r.mapped_during) << "the message was never read through the map";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(read_all(*user, box, uid, db).bytes, expected);
  EXPECT_EQ(store_file_maps(db), 1) << "each stream mapped the file again";
  user.reset();
  store->close();
  EXPECT_FALSE(store_file_mapped(db)) << "the map outlived the store";
}

TEST(SqliteMappedStream, OtherReadsDoNotMapTheFile) {
  TempDir dir;
  auto [store, user, box, uid, expected, db] = store_with_large_message(dir, uint64_t{1} << 30);
  std::this_thread::sleep_for(300ms);  // time for the checkpoint thread
  EXPECT_EQ(user->read_message(box, uid).value(), expected);
  EXPECT_TRUE(user->select("INBOX").ok());
  EXPECT_FALSE(store_file_mapped(db));
}

TEST(SqliteMappedStream, MmapSizeZeroNeverMaps) {
  TempDir dir;
  auto [store, user, box, uid, expected, db] = store_with_large_message(dir, 0);
  std::this_thread::sleep_for(300ms);  // time for the checkpoint thread
  Read r = read_all(*user, box, uid, db);
  EXPECT_EQ(r.bytes, expected);
  EXPECT_FALSE(r.mapped_during);
}

}  // namespace
}  // namespace petrel::store::testing
