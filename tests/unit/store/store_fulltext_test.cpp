// The full-text interface every backend offers (text_candidates, reindex,
// kFetchSearchText): candidates include every true match, also after COPY,
// MOVE, EXPUNGE, DELETE and a restart; and the SQLite index is built for a
// store made by the previous schema version.
#include <sqlite3.h>

#include "schema_v6.h"
#include "store/search_text.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/trigram_set.h"
#include "store/sqlite/user_store.h"
#include "store/sqlite/word_tokens.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

// A message whose subject, body and an extra header field hold `word`s.
NewMessage text_message(const std::string& subject, const std::string& body) {
  NewMessage m = message(subject);
  m.bytes = "Subject: " + subject + "\r\nX-Note: " + body + " note\r\n\r\n" + body + "\r\n";
  return m;
}

template <class Backend>
class FulltextTest : public StoreTest<Backend> {
 protected:
  // The UIDs text_candidates gives once the deferred entries are written
  // (as the server does when writes stop); every UID for "cannot narrow".
  std::vector<Uid> candidates(std::string_view mailbox, TextField field, std::string_view s) {
    auto left = this->user_->index_backlog(1000);
    EXPECT_TRUE(left.ok() && *left == 0);
    auto snap = this->select(mailbox);
    auto r = this->user_->text_candidates(snap.status.id, field, fold_search_string(s));
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<Uid> out;
    for (const auto& m : snap.messages) {
      if (!r.ok() || !*r || (*r)->uids.contains(m.uid)) out.push_back(m.uid);
    }
    return out;
  }
};
TYPED_TEST_SUITE(FulltextTest, Backends, BackendName);

TYPED_TEST(FulltextTest, FindsSubstringsCaseInsensitively) {
  this->append("INBOX", text_message("Quarterly Report", "the Straße budget"));
  this->append("INBOX", text_message("lunch", "café au lait"));
  this->append("INBOX", text_message("other", "nothing"));
  using V = std::vector<Uid>;
  EXPECT_EQ(this->candidates("INBOX", TextField::Subject, "rterly rep"), V{1});
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "STRAßE"), V{1});
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "CAFÉ"), V{2});
  EXPECT_EQ(this->candidates("INBOX", TextField::Text, "x-note: nothing"), V{3});
  EXPECT_EQ(this->candidates("INBOX", TextField::Header, "LAIT NOTE"), V{2});
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "absent"), V{});
  // Quotes and FTS5 syntax in the string are text, not query syntax.
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "\"budget\" OR *"), V{});
}

// A backend's answer holds every true match; when it says it is exact (the
// in-memory store, which checks the texts itself) it is the match set, and
// the search reads no text. HEADER's answer is never exact: the index holds
// the whole header section, the caller checks the field. (The SQLite index
// of distinct trigrams is never exact: see fulltext.cpp.)
TYPED_TEST(FulltextTest, CandidatesHoldTheMatchesAndExactMeansExact) {
  this->append("INBOX", text_message("Quarterly Report", "the budget"));
  this->append("INBOX", text_message("lunch", "report card"));
  auto id = this->select("INBOX").status.id;
  auto body = this->user_->text_candidates(id, TextField::Body, fold_search_string("Report"));
  ASSERT_TRUE(body.ok() && body->has_value());
  EXPECT_TRUE((*body)->uids.contains(2));
  if ((*body)->exact) {
    EXPECT_EQ((*body)->uids, (UidSet{{2, 2}}));
  }
  auto text = this->user_->text_candidates(id, TextField::Text, fold_search_string("Report"));
  ASSERT_TRUE(text.ok() && text->has_value());
  EXPECT_EQ((*text)->uids, (UidSet{{1, 2}}));
  auto header = this->user_->text_candidates(id, TextField::Header, fold_search_string("report"));
  ASSERT_TRUE(header.ok() && header->has_value());
  EXPECT_FALSE((*header)->exact);
}

TYPED_TEST(FulltextTest, FetchReturnsTheSearchText) {
  auto appended = this->append("INBOX", text_message("Hello", "Body Text"));
  auto r = this->user_->fetch(appended.mailbox, UidSet{{1, 1}}, kFetchSearchText);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().search.subject, "HELLO");
  EXPECT_EQ(r->front().search.body, "BODY TEXT\r\n");  // derived from the bytes
  EXPECT_EQ(r->front().search.header, "SUBJECT: HELLO\nX-NOTE: BODY TEXT NOTE\n");
}

TYPED_TEST(FulltextTest, KeptInStepWithCopyMoveExpungeAndDelete) {
  auto appended = this->append("INBOX", text_message("alpha", "shared words"));
  this->append("INBOX", text_message("beta", "shared words"));
  ASSERT_TRUE(this->user_->create_mailbox("Box", 0).ok());
  ASSERT_TRUE(this->user_->copy(appended.mailbox, UidSet{{1, 1}}, "Box").ok());
  ASSERT_TRUE(this->user_->move(appended.mailbox, UidSet{{2, 2}}, "Box").ok());
  using V = std::vector<Uid>;
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "shared"), V{1});
  EXPECT_EQ(this->candidates("Box", TextField::Body, "shared"), (V{1, 2}));
  FlagChange del{FlagChange::Op::Add, kDeleted, {}, {}};
  ASSERT_TRUE(this->user_->store_flags(appended.mailbox, UidSet{{1, 1}}, del).ok());
  ASSERT_TRUE(this->user_->expunge(appended.mailbox).ok());
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "shared"), V{});
  // The copy in Box keeps its text although the original is gone.
  EXPECT_EQ(this->candidates("Box", TextField::Subject, "alpha"), V{1});
  this->restart();
  EXPECT_EQ(this->candidates("Box", TextField::Subject, "beta"), V{2});
  ASSERT_TRUE(this->user_->reindex().ok());
  EXPECT_EQ(this->candidates("Box", TextField::Body, "shared"), (V{1, 2}));
  ASSERT_TRUE(this->user_->delete_mailbox("Box").ok());
  ASSERT_TRUE(this->user_->create_mailbox("Box", 0).ok());
  EXPECT_EQ(this->candidates("Box", TextField::Body, "shared"), V{});
}

// A word in most messages is answered by one pass over the messages of the
// matching range (a rare one by a lookup per message): messages of other
// mailboxes in between and a message copied within its own mailbox (two
// UIDs, one content) come out right either way.
TYPED_TEST(FulltextTest, CommonAndRareWordsAcrossInterleavedMailboxes) {
  ASSERT_TRUE(this->user_->create_mailbox("Other", 0).ok());
  std::vector<Uid> common;
  std::vector<Uid> rare;
  for (int i = 1; i <= 40; ++i) {
    const bool in_other = i % 5 == 0;
    const std::string body = std::string(i % 7 ? "common" : "unusual") + " word " +
                             (i == 1 || i == 39 ? "scarce" : "plain");
    auto appended = this->append(in_other ? "Other" : "INBOX", text_message("s", body));
    if (in_other) continue;
    ASSERT_EQ(appended.uids.size(), 1u);
    if (i % 7) common.push_back(appended.uids[0]);
    if (i == 1 || i == 39) rare.push_back(appended.uids[0]);
  }
  auto snap = this->select("INBOX");
  auto copied = this->user_->copy(snap.status.id, UidSet{{1, 1}}, "INBOX");
  ASSERT_TRUE(copied.ok());
  ASSERT_EQ(copied->dest_uids.size(), 1u);
  // Message 1 holds "common" and "scarce".
  common.push_back(copied->dest_uids[0]);
  rare.push_back(copied->dest_uids[0]);
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "common"), common);
  EXPECT_EQ(this->candidates("INBOX", TextField::Body, "scarce"), rare);
}

TYPED_TEST(FulltextTest, UnknownMailboxIsNotFound) {
  auto r = this->user_->text_candidates(987654, TextField::Body, "abc");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

// A store of an older schema is upgraded on open: the index is created in
// the current form, empty, and filled from the messages already there by
// the writer's background work (here index_backlog(), which that work
// runs); the old message is a candidate before and after.
class SqliteFulltextUpgrade : public StoreTest<SqliteBackend> {
 protected:
  void raw(const std::string& sql) {
    auto path = backend_.dir.path() / "mail" / "alice" / "store.db";
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    // The index cannot be dropped without its tokenizer.
    ASSERT_TRUE(sqlite::register_trigram_tokenizer(db).ok());
    ASSERT_TRUE(sqlite::register_word_tokenizer(db).ok());
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << (error ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }
  // Two messages, the first "old message body"; the store closed, `sql`
  // run on its file, the store opened again. Returns the mailbox.
  MailboxId downgrade(const std::string& sql) {
    auto appended = append("INBOX", text_message("legacy", "old message body"));
    append("INBOX", text_message("other", "unrelated text"));
    user_.reset();
    store_->close();
    store_.reset();
    raw(sql);
    store_ = backend_.open();
    user_ = open_user("alice");
    return appended.mailbox;
  }
  // The candidates for "OLD MES", which only message 1 holds.
  UidSet old_message_candidates(MailboxId mailbox) {
    auto r = user_->text_candidates(mailbox, TextField::Body, fold_search_string("OLD MES"));
    EXPECT_TRUE(r.ok() && r->has_value()) << (r.ok() ? "" : r.error().message);
    return r.ok() && r->has_value() ? (*r)->uids : UidSet{};
  }
  void expect_found_before_and_after_indexing(MailboxId mailbox) {
    EXPECT_TRUE(old_message_candidates(mailbox).contains(1));
    auto left = user_->index_backlog(1000);
    ASSERT_TRUE(left.ok()) << left.error().message;
    EXPECT_EQ(*left, 0u);
    EXPECT_EQ(old_message_candidates(mailbox), (UidSet{{1, 1}}));
  }
};

TEST_F(SqliteFulltextUpgrade, VersionOneStoreIsIndexedOnOpen) {
  // (Version 3's quota tables go too: the store was at version 1 then.)
  auto mailbox =
      downgrade(std::string(kDowngradeToV6) +
                "DROP TRIGGER content_fts_delete; DROP TABLE content_fts; DROP TRIGGER "
                "quota_message_insert; DROP TRIGGER quota_message_delete; DROP TABLE quota_usage; "
                "DROP TABLE quota_limit; DROP TRIGGER sort_key_delete; DROP TABLE sort_key; "
                "PRAGMA user_version = 1;");
  expect_found_before_and_after_indexing(mailbox);
}

// A store of version 3 whose index has an older form (positional trigrams
// without columnsize=0) gets the current form, filled from its messages.
TEST_F(SqliteFulltextUpgrade, OlderIndexFormIsReplacedOnOpen) {
  auto mailbox =
      downgrade(std::string(kDowngradeToV6) +
                "DROP TRIGGER content_fts_delete; DROP TABLE content_fts; "
                "CREATE VIRTUAL TABLE content_fts USING fts5(subject, addr_from, addr_to, addr_cc, "
                "addr_bcc, body, header, tokenize = 'trigram case_sensitive 1'); "
                "DROP TRIGGER sort_key_delete; DROP TABLE sort_key; "
                "PRAGMA user_version = 3;");
  expect_found_before_and_after_indexing(mailbox);
  auto fetched = user_->fetch(mailbox, UidSet{{1, 1}}, kFetchSearchText);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->front().search.body, "OLD MESSAGE BODY\r\n");
}

// petrel check --reindex empties the index in one transaction, then fills
// it a few messages per transaction: afterwards every message has its
// entry again and the answer is exact (nothing left in the backlog).
class SqliteReindex : public StoreTest<SqliteBackend> {};

TEST_F(SqliteReindex, FillsTheIndexInBatches) {
  for (int i = 1; i <= 10; ++i)
    append("INBOX",
           text_message("message " + std::to_string(i), i % 2 ? "odd words" : "even words"));
  auto* sqlite_user = dynamic_cast<sqlite::SqliteUserStore*>(user_.get());
  ASSERT_NE(sqlite_user, nullptr);
  ASSERT_TRUE(sqlite_user->reindex_in_batches(3).ok());
  auto snap = select("INBOX");
  auto found =
      user_->text_candidates(snap.status.id, TextField::Body, fold_search_string("even wo"));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->exact);
  EXPECT_EQ((*found)->uids, (UidSet{{2, 2}, {4, 4}, {6, 6}, {8, 8}, {10, 10}}));
  auto left = user_->index_backlog(1000);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 0u);
}

// The old index is dropped without zeroing its pages (Debian's SQLite has
// secure_delete on), and the connection's setting is as it was after.
TEST_F(SqliteReindex, ResetKeepsTheConnectionsSecureDelete) {
  append("INBOX", text_message("one", "first words"));
  user_.reset();
  store_->close();
  store_.reset();
  auto db = sqlite::Connection::open(backend_.dir.path() / "mail" / "alice" / "store.db", false);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE(sqlite::register_word_tokenizer(db->handle()).ok());
  ASSERT_TRUE(db->exec("PRAGMA secure_delete = 1").ok());
  ASSERT_TRUE(sqlite::create_fulltext_index(*db).ok());
  EXPECT_EQ(db->query_int("PRAGMA secure_delete").value(), 1);
  EXPECT_EQ(db->query_int("SELECT count(*) FROM content_fts").value(), 0);
  ASSERT_TRUE(db->exec("PRAGMA secure_delete = 0").ok());
  ASSERT_TRUE(sqlite::create_fulltext_index(*db).ok());
  EXPECT_EQ(db->query_int("PRAGMA secure_delete").value(), 0);
}

}  // namespace
}  // namespace petrel::store::testing
