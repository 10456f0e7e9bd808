// store.page_size: a user store created now gets the configured page size;
// one created earlier keeps its own (SQLite cannot change it in place).
#include <fstream>

#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

// The page size in a closed database's header (bytes 16-17, big-endian;
// 1 stands for 65536).
uint32_t page_size_of(const std::filesystem::path& db) {
  std::ifstream in(db, std::ios::binary);
  unsigned char header[18] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  uint32_t size = (uint32_t{header[16]} << 8) | header[17];
  return size == 1 ? 65536 : size;
}

// Opens (creating when missing) alice's store with `page_size`, appends a
// message, checks what it holds, and closes it.
void use_store(const TempDir& dir, uint32_t page_size, size_t expect_messages) {
  SqliteStoreOptions options;
  options.page_size = page_size;
  auto store = open_sqlite_store(dir.path(), options).value();
  auto user = store->open_user("alice").value();
  NewMessage big = message("big");
  big.bytes += std::string(200000, 'x');  // an overflow chain over several pages
  ASSERT_TRUE(user->append("INBOX", {big, message("small")}).ok());
  auto box = user->select("INBOX").value();
  ASSERT_EQ(box.messages.size(), expect_messages);
  auto bytes = user->read_message(box.status.id, box.messages[expect_messages - 2].uid);
  ASSERT_TRUE(bytes.ok()) << bytes.error().message;
  EXPECT_EQ(*bytes, big.bytes);
  user.reset();
  store->close();
}

TEST(SqlitePageSizeTest, ANewStoreTakesTheConfiguredPageSize) {
  for (uint32_t size : {4096u, 16384u, 65536u}) {
    TempDir dir;
    use_store(dir, size, 2);
    EXPECT_EQ(page_size_of(dir.path() / "mail" / "alice" / "store.db"), size);
  }
}

TEST(SqlitePageSizeTest, AnExistingStoreKeepsItsPageSize) {
  TempDir dir;
  use_store(dir, 4096, 2);
  use_store(dir, 65536, 4);
  EXPECT_EQ(page_size_of(dir.path() / "mail" / "alice" / "store.db"), 4096u);
}

}  // namespace
}  // namespace petrel::store::testing
