// Schema version 7 moves what a FETCH of metadata reads out of `content`
// into content_summary (store/sqlite/summary_table.h). A store of version 6
// (made by today's code, then put back into the version 6 layout by
// schema_v6.h) is upgraded on open: every message answers every FETCH field
// as before, copies still share one row, and a step that fails part-way
// leaves the store exactly as it was. petrel check finds a stored message
// whose summary row is gone and derives the row from the bytes again.
#include <sqlite3.h>

#include "imap/commands/message_builder.h"
#include "raw_query.h"
#include "schema_v6.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/trigram_set.h"
#include "store/sqlite/word_tokens.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

constexpr FetchFields kEveryField = kFetchFlags | kFetchInternalDate | kFetchSize | kFetchSaveDate |
                                    kFetchEmailId | kFetchThreadId | kFetchEnvelope | kFetchBody |
                                    kFetchBodyStructure | kFetchPartTree | kFetchPreview |
                                    kFetchHeaders;

class SqliteSummaryUpgrade : public StoreTest<SqliteBackend> {
 protected:
  std::filesystem::path db_path() { return backend_.dir.path() / "mail" / "alice" / "store.db"; }

  // Runs SQL on the closed store's file; false (with the message) on error.
  ::testing::AssertionResult raw(const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(db_path().c_str(), &db) != SQLITE_OK) return ::testing::AssertionFailure();
    // Deleting content rows touches the full-text index: it needs the tokenizer.
    if (!sqlite::register_trigram_tokenizer(db).ok()) return ::testing::AssertionFailure();
    if (!sqlite::register_word_tokenizer(db).ok()) return ::testing::AssertionFailure();
    char* error = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    if (rc != SQLITE_OK) return ::testing::AssertionFailure() << message;
    return ::testing::AssertionSuccess();
  }
  int64_t raw_int(const std::string& sql) { return store::testing::raw_int(db_path(), sql); }

  void close() {
    user_.reset();
    store_->close();
    store_.reset();
  }

  // Messages whose every parsed field differs, two of them in one thread,
  // one copied to Archive (the copy shares its content row).
  void fill() {
    for (int i = 0; i < 5; ++i) {
      NewMessage m = message("message " + std::to_string(i));
      m.parsed.body = "(\"TEXT\" \"PLAIN\" " + std::to_string(i) + ")";
      m.parsed.headers.message_id.raw = "<" + std::to_string(i) + "@x>";
      if (i == 3) m.parsed.headers.in_reply_to.raw = "<1@x>";
      append("INBOX", std::move(m));
    }
    auto inbox = user_->status("INBOX");
    ASSERT_TRUE(inbox.ok());
    ASSERT_TRUE(user_->copy(inbox->id, UidSet{{2, 2}}, "Archive").ok());
  }

  // Every field of every message of INBOX and Archive.
  std::vector<MessageMeta> everything() {
    std::vector<MessageMeta> out;
    for (const char* name : {"INBOX", "Archive"}) {
      auto status = user_->status(name);
      EXPECT_TRUE(status.ok());
      if (!status.ok()) continue;
      auto metas = user_->fetch(status->id, UidSet::all(), kEveryField);
      EXPECT_TRUE(metas.ok()) << metas.error().message;
      if (metas.ok()) out.insert(out.end(), metas->begin(), metas->end());
    }
    return out;
  }

  static void expect_same(const std::vector<MessageMeta>& a, const std::vector<MessageMeta>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].state.uid, b[i].state.uid);
      EXPECT_EQ(a[i].size, b[i].size);
      EXPECT_EQ(a[i].internal_date, b[i].internal_date);
      EXPECT_EQ(a[i].save_date, b[i].save_date);
      EXPECT_EQ(a[i].email_id, b[i].email_id);
      EXPECT_EQ(a[i].thread_id, b[i].thread_id);
      EXPECT_EQ(a[i].parsed, b[i].parsed) << "message " << i;
    }
  }
};

TEST_F(SqliteSummaryUpgrade, VersionSixStoreAnswersEveryFieldAsBefore) {
  fill();
  auto before = everything();
  ASSERT_EQ(before.size(), 6u);
  // The fixture is meaningful: distinct envelopes, one shared thread.
  EXPECT_NE(before[0].parsed.envelope, before[1].parsed.envelope);
  EXPECT_EQ(before[1].thread_id, before[3].thread_id);
  EXPECT_NE(before[0].thread_id, before[1].thread_id);
  EXPECT_EQ(before[5].email_id, before[1].email_id);  // the copy

  close();
  ASSERT_TRUE(raw(kDowngradeToV6));
  // Now the version 6 layout: the metadata only in `content`.
  EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_master WHERE name = 'content_summary'"), 0);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content WHERE envelope = ''"), 0);

  store_ = backend_.open();
  user_ = open_user("alice");
  ASSERT_TRUE(user_);
  expect_same(everything(), before);
  EXPECT_EQ(raw_int("PRAGMA user_version"), sqlite::kSchemaVersion);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content_summary"), 5);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content_summary s JOIN content c ON c.id = "
                    "s.content_id AND c.envelope = s.envelope AND c.preview = s.preview"),
            5);

  // New mail after the upgrade: its row has a summary, and expunging a
  // message whose bytes no copy shares drops its summary too.
  auto added = append("INBOX", message("after the upgrade"));
  auto inbox = user_->status("INBOX").value();
  auto fetched = user_->fetch(inbox.id, UidSet{{added.uids[0], added.uids[0]}}, kEveryField);
  ASSERT_TRUE(fetched.ok());
  ASSERT_EQ(fetched->size(), 1u);
  EXPECT_EQ(fetched->front().parsed, message("after the upgrade").parsed);
  FlagChange del{FlagChange::Op::Add, kDeleted, {}, std::nullopt};
  ASSERT_TRUE(user_->store_flags(inbox.id, UidSet{{1, 2}}, del).ok());
  ASSERT_TRUE(user_->expunge(inbox.id).ok());
  EXPECT_EQ(raw_int("SELECT count(*) FROM content_summary"), 5) << "UID 2's copy keeps its row";
  EXPECT_EQ(raw_int("SELECT count(*) FROM content_summary s WHERE NOT EXISTS "
                    "(SELECT 1 FROM content c WHERE c.id = s.content_id)"),
            0);
  EXPECT_TRUE(user_->check(false).value().clean());
}

// The upgrade runs in the one transaction that opens the store: a step that
// fails after creating the table (here: a trigger name already taken) rolls
// everything back, and the store opens once the obstacle is gone.
TEST_F(SqliteSummaryUpgrade, FailedUpgradeLeavesTheStoreAsItWas) {
  fill();
  auto before = everything();
  close();
  ASSERT_TRUE(raw(std::string(kDowngradeToV6) +
                  "CREATE TRIGGER content_summary_delete AFTER DELETE ON tombstone "
                  "BEGIN SELECT 1; END;"));

  store_ = backend_.open();
  auto failed = store_->open_user("alice");
  ASSERT_FALSE(failed.ok());
  close();
  EXPECT_EQ(raw_int("PRAGMA user_version"), 6);
  EXPECT_EQ(raw_int("SELECT count(*) FROM sqlite_master WHERE name = 'content_summary'"), 0);
  EXPECT_EQ(raw_int("SELECT count(*) FROM content WHERE envelope = '' OR thread_id = 0"), 0);

  ASSERT_TRUE(raw("DROP TRIGGER content_summary_delete"));
  store_ = backend_.open();
  user_ = open_user("alice");
  ASSERT_TRUE(user_);
  expect_same(everything(), before);
}

// Real bytes, parsed as delivery parses them: the repair must come back
// with what delivery stored, thread included.
TEST_F(SqliteSummaryUpgrade, CheckDerivesAMissingSummaryFromTheBytes) {
  auto real = [](const std::string& headers, const std::string& body) {
    NewMessage m;
    m.bytes = headers + "\r\n" + body;
    m.parsed = imap::parse_message(m.bytes);
    return m;
  };
  append("INBOX", real("From: Ann <ann@example.org>\r\nSubject: parent\r\n"
                       "Message-ID: <p@x>\r\n",
                       "first\r\n"));
  append("INBOX", real("From: Bob <bob@example.org>\r\nSubject: Re: parent\r\n"
                       "Message-ID: <r@x>\r\nIn-Reply-To: <p@x>\r\nMIME-Version: 1.0\r\n"
                       "Content-Type: multipart/mixed; boundary=b\r\n",
                       "--b\r\nContent-Type: text/plain\r\n\r\nreply\r\n--b\r\n"
                       "Content-Type: text/html\r\n\r\n<p>reply</p>\r\n--b--\r\n"));
  auto inbox = user_->status("INBOX").value();
  auto before = user_->fetch(inbox.id, UidSet::all(), kEveryField).value();
  ASSERT_EQ(before.size(), 2u);
  EXPECT_EQ(before[0].thread_id, before[1].thread_id);
  ASSERT_TRUE(user_->check(false).value().clean());

  ASSERT_TRUE(
      raw("DELETE FROM content_summary WHERE content_id = "
          "(SELECT content_id FROM message WHERE uid = 2)"));
  EXPECT_EQ(user_->fetch(inbox.id, UidSet::all(), kFetchEnvelope).value().size(), 1u);
  auto found = user_->check(false).value();
  ASSERT_EQ(found.problems.size(), 1u) << ::testing::PrintToString(found.problems);
  EXPECT_NE(found.problems[0].find("summary"), std::string::npos);
  auto repaired = user_->check(true).value();
  EXPECT_EQ(repaired.repairs.size(), 1u) << ::testing::PrintToString(repaired.repairs);
  EXPECT_TRUE(user_->check(false).value().clean());
  expect_same(user_->fetch(inbox.id, UidSet::all(), kEveryField).value(), before);
}

}  // namespace
}  // namespace petrel::store::testing
