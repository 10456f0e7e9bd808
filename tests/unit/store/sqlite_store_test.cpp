// What only the SQLite backend has: files on disk, the schema, bytes stored
// once, and check() finding and repairing damage done behind its back.
#include <sqlite3.h>
#include <sys/stat.h>

#include "store/sqlite/schema.h"
#include "store/sqlite/trigram_set.h"
#include "store/sqlite/word_tokens.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

class SqliteStoreTest : public StoreTest<SqliteBackend> {
 protected:
  std::filesystem::path db_path() { return backend_.dir.path() / "mail" / "alice" / "store.db"; }

  // Runs SQL on the database directly, as damage from outside would.
  void raw(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    // Deleting content rows updates the full-text index: it needs the tokenizer.
    ASSERT_TRUE(sqlite::register_trigram_tokenizer(db).ok());
    ASSERT_TRUE(sqlite::register_word_tokenizer(db).ok());
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
  int64_t raw_int(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_path().c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    int64_t value = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }
  mode_t mode(const std::filesystem::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 0777;
  }
};

TEST_F(SqliteStoreTest, FilesArePrivateAndSchemaIsVersioned) {
  append("INBOX", message("x"));
  EXPECT_EQ(mode(backend_.dir.path() / "mail"), 0700u);
  EXPECT_EQ(mode(db_path().parent_path()), 0700u);
  EXPECT_EQ(mode(db_path()), 0600u);
  EXPECT_EQ(mode(db_path().string() + "-wal"), 0600u);
  EXPECT_EQ(raw_int("PRAGMA user_version"), sqlite::kSchemaVersion);
  EXPECT_EQ(raw_int("SELECT count(*) FROM mailbox"), 6);
}

// \Recent claims are durable: after a restart the claimed messages are not
// recent again, the unclaimed ones still are, and a deleted mailbox leaves
// no mark behind.
TEST_F(SqliteStoreTest, RecentClaimsSurviveRestart) {
  auto r = append("INBOX", {message("1"), message("2"), message("3")});
  ASSERT_EQ(user_->claim_recent(r.mailbox, 2).value(), 0u);
  restart();
  EXPECT_EQ(user_->status("INBOX").value().unclaimed_recent, 1u);
  EXPECT_EQ(user_->claim_recent(r.mailbox, 3).value(), 2u);
  restart();
  EXPECT_EQ(user_->claim_recent(r.mailbox, 0).value(), 3u);

  ASSERT_TRUE(user_->create_mailbox("gone").ok());
  auto gone = append("gone", {message("g")});
  ASSERT_EQ(user_->claim_recent(gone.mailbox, 1).value(), 0u);
  EXPECT_EQ(raw_int("SELECT count(*) FROM meta WHERE key LIKE 'recent_uid/%'"), 2);
  ASSERT_TRUE(user_->delete_mailbox("gone").ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM meta WHERE key LIKE 'recent_uid/%'"), 1);
}

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  user_.reset();
  store_->close();
  raw("PRAGMA user_version = 99");
  store_ = backend_.open();
  auto user = store_->open_user("alice");
  ASSERT_FALSE(user.ok());
  EXPECT_EQ(user.error().code, ErrorCode::Corrupt);
}

TEST_F(SqliteStoreTest, BytesAreStoredOnceAndDroppedWithTheLastCopy) {
  auto appended = append("INBOX", {message("a"), message("b")});
  EXPECT_EQ(raw_int("SELECT count(*) FROM content"), 2);
  ASSERT_TRUE(user_->copy(appended.mailbox, UidSet{{1, 2}}, "Archive").ok());
  ASSERT_TRUE(user_->move(appended.mailbox, UidSet{{1, 1}}, "Trash").ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM content"), 2) << "copies share the bytes";
  EXPECT_EQ(raw_int("SELECT count(*) FROM message"), 4);
  ASSERT_TRUE(user_->delete_mailbox("Archive").ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM content"), 2);
  FlagChange del{FlagChange::Op::Add, kDeleted, {}, std::nullopt};
  ASSERT_TRUE(user_->store_flags(appended.mailbox, UidSet::all(), del).ok());
  ASSERT_TRUE(user_->expunge(appended.mailbox).ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM content"), 1) << "b had no copy left";
  ASSERT_TRUE(user_->delete_mailbox("Trash").ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM content"), 0);
  EXPECT_TRUE(user_->check(false).value().clean());
}

TEST_F(SqliteStoreTest, ContentIdsAreNeverReusedAndANewThreadIsNamedAfterItsFirstMessage) {
  append("Trash", {message("first")});
  int64_t first = raw_int("SELECT max(id) FROM content");
  ASSERT_TRUE(user_->delete_mailbox("Trash").ok());
  ASSERT_EQ(raw_int("SELECT count(*) FROM content"), 0);
  // An id given once is never given again, or an EMAILID would come back
  // for different bytes.
  append("INBOX", {message("second"), message("third")});
  EXPECT_EQ(raw_int("SELECT min(id) FROM content"), first + 1);
  // The thread id is written with the summary row, not by updating the
  // content row afterwards (which would rewrite its message bytes).
  EXPECT_EQ(raw_int("SELECT count(*) FROM content_summary WHERE thread_id = content_id"), 2);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content WHERE thread_id != 0"), 0);
  EXPECT_TRUE(user_->check(false).value().clean());
}

TEST_F(SqliteStoreTest, CheckFindsAndRepairsDamageWithoutRenumbering) {
  auto appended = append("INBOX", {message("1"), message("2"), message("3")});
  EXPECT_TRUE(user_->check(false).value().clean());
  // Damage: counters behind the messages, a message without bytes, bytes
  // without a message, a wrong size.
  raw("UPDATE mailbox SET uidnext = 2, highest_modseq = 1 WHERE name = 'INBOX';"
      "DELETE FROM content WHERE id = (SELECT content_id FROM message WHERE uid = 2);"
      "INSERT INTO content (size, thread_id, data) VALUES (3, 1, 'abc');"
      "UPDATE content SET size = 999 WHERE id = (SELECT content_id FROM message WHERE uid = 3);");
  auto found = user_->check(false).value();
  ASSERT_EQ(found.problems.size(), 4u) << ::testing::PrintToString(found.problems);
  EXPECT_TRUE(found.repairs.empty());
  EXPECT_EQ(user_->read_message(appended.mailbox, 2).error().code, ErrorCode::Corrupt);

  auto repaired = user_->check(true).value();
  EXPECT_EQ(repaired.repairs.size(), 4u) << ::testing::PrintToString(repaired.repairs);
  auto after = user_->check(false).value();
  EXPECT_TRUE(after.clean()) << ::testing::PrintToString(after.problems);
  // The surviving messages keep their UIDs; the broken one is expunged with
  // a tombstone; new mail continues above every UID ever used.
  EXPECT_EQ(uids("INBOX"), (std::vector<Uid>{1, 3}));
  auto status = user_->status("INBOX").value();
  EXPECT_EQ(status.uidnext, 4u);
  auto changes = user_->changes_since(appended.mailbox, appended.modseq).value();
  EXPECT_EQ(changes.vanished, std::vector<Uid>{2});
  auto sizes = user_->fetch(appended.mailbox, UidSet{{3, 3}}, kFetchSize).value();
  EXPECT_EQ(sizes[0].size, message("3").bytes.size());
  EXPECT_EQ(append("INBOX", message("4")).uids, std::vector<Uid>{4});
}

TEST_F(SqliteStoreTest, ReadersSeeCommittedWritesImmediately) {
  // A write acknowledged on one thread is visible to a read right after,
  // through another connection.
  for (int i = 0; i < 20; ++i) {
    auto r = append("INBOX", message(std::to_string(i)));
    EXPECT_EQ(user_->status("INBOX").value().uidnext, r.uids[0] + 1);
  }
}

}  // namespace
}  // namespace petrel::store::testing

namespace petrel::store::testing {
namespace {

TEST_F(SqliteStoreTest, CheckRepairsQuotaCounters) {
  append("INBOX", {message("1"), message("2")});
  auto usage = user_->quota().value().usage;
  EXPECT_EQ(usage.messages, 2u);
  raw("UPDATE quota_usage SET storage = 5, messages = 40");
  auto found = user_->check(false).value();
  ASSERT_EQ(found.problems.size(), 1u) << ::testing::PrintToString(found.problems);
  auto repaired = user_->check(true).value();
  EXPECT_EQ(repaired.repairs.size(), 1u);
  EXPECT_EQ(user_->quota().value().usage, usage);
  EXPECT_TRUE(user_->check(false).value().clean());
}

}  // namespace
}  // namespace petrel::store::testing
