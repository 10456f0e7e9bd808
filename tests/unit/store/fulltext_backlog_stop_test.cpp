// index_backlog() with `stop_early` (fulltext_backlog.h): the writer's
// deferred indexing ends its step after the row during which a write came,
// keeping that row's entry and the backlog key right behind it.
#include <gtest/gtest.h>

#include "store/sqlite/connection.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::sqlite {
namespace {

using namespace std::chrono_literals;

TEST(FulltextBacklogStopTest, StopsAfterTheRowDuringWhichAWriteCame) {
  store::testing::TempDir dir;
  {
    SqliteStoreOptions options;
    options.index_quiet = 1h;  // nothing indexed by the writer
    options.index_max_wait = 1h;
    auto store = open_sqlite_store(dir.path(), options).value();
    auto user = store->open_user("alice").value();
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(user->append("INBOX", {store::testing::message("m" + std::to_string(i))}).ok());
    }
    user.reset();
    store->close();
  }
  auto db = Connection::open(dir.path() / "mail" / "alice" / "store.db", false).value();
  auto start = backlog_start(db).value();
  ASSERT_TRUE(start.has_value());
  int asked = 0;
  std::function<bool()> write_waiting = [&] { return ++asked >= 2; };  // during the second row
  ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
  auto left = index_backlog(db, 50, &write_waiting);
  ASSERT_TRUE(left.ok()) << left.error().message;
  ASSERT_TRUE(db.exec("COMMIT").ok());
  EXPECT_EQ(asked, 2);
  EXPECT_EQ(*left, 3u);
  EXPECT_EQ(backlog_start(db).value(), *start + 2);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM content_fts").value(), 2);
  // Without a write waiting, the rest in one step, and the key is gone.
  ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
  EXPECT_EQ(index_backlog(db, 50).value(), 0u);
  ASSERT_TRUE(db.exec("COMMIT").ok());
  EXPECT_FALSE(backlog_start(db).value().has_value());
}

}  // namespace
}  // namespace petrel::store::sqlite
