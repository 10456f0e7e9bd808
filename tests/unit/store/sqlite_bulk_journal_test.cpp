// The bulk-load journal of `petrel import` (store/sqlite/bulk_journal.h):
// a rollback journal only while no one else has the store open, WAL again
// afterwards, and a server opening the store meanwhile takes it back to WAL
// without the importer noticing.
#include <sqlite3.h>

#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

class SqliteBulkJournalTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_.path() / "mail" / "alice" / "store.db"; }

  std::unique_ptr<SqliteStore> open(bool bulk_load) {
    SqliteStoreOptions options;
    options.bulk_load = bulk_load;
    auto store = open_sqlite_store(dir_.path(), options);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store.value());
  }

  // WAL is recorded in the file; a rollback journal is a per-connection
  // setting, so a fresh connection sees "delete" while a bulk load runs.
  std::string journal_mode_on_disk() const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    std::string mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return mode;
  }

  static void append(UserStore& user, const std::string& text) {
    std::vector<NewMessage> batch;
    batch.push_back(message(text));
    ASSERT_TRUE(user.append("INBOX", std::move(batch)).ok());
  }

  static size_t count(UserStore& user) { return user.select("INBOX").value().messages.size(); }

  TempDir dir_;
};

TEST_F(SqliteBulkJournalTest, BulkLoadWritesThroughARollbackJournalAndEndsInWal) {
  auto store = open(true);
  auto user = store->open_user("alice").value();
  append(*user, "one");
  EXPECT_EQ(journal_mode_on_disk(), "delete");
  EXPECT_FALSE(std::filesystem::exists(db_path().string() + "-wal"));
  user.reset();
  store->close();
  EXPECT_EQ(journal_mode_on_disk(), "wal");

  auto reopened = open(false);
  EXPECT_EQ(count(*reopened->open_user("alice").value()), 1u);
  reopened->close();
}

TEST_F(SqliteBulkJournalTest, StaysInWalWhileAnotherProcessHasTheStoreOpen) {
  auto server = open(false);
  auto served = server->open_user("alice").value();
  append(*served, "from the server");

  auto importer = open(true);
  auto imported = importer->open_user("alice").value();
  append(*imported, "from the import");
  EXPECT_EQ(journal_mode_on_disk(), "wal");
  EXPECT_EQ(count(*served), 2u);
  imported.reset();
  importer->close();

  append(*served, "after the import");
  EXPECT_EQ(count(*served), 3u);
  served.reset();
  server->close();
}

TEST_F(SqliteBulkJournalTest, AServerOpeningDuringTheImportTakesTheStoreBackToWal) {
  auto importer = open(true);
  auto imported = importer->open_user("alice").value();
  append(*imported, "before the server");
  EXPECT_EQ(journal_mode_on_disk(), "delete");

  auto server = open(false);
  auto served = server->open_user("alice").value();
  EXPECT_EQ(journal_mode_on_disk(), "wal");
  // The importer follows into WAL on its next transaction, and both see
  // each other's mail.
  append(*imported, "after the server");
  append(*served, "from the server");
  EXPECT_EQ(count(*served), 3u);
  EXPECT_EQ(count(*imported), 3u);

  imported.reset();
  importer->close();
  EXPECT_EQ(journal_mode_on_disk(), "wal");
  served.reset();
  server->close();
}

}  // namespace
}  // namespace petrel::store::testing
