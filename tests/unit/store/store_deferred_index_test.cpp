// The SQLite store writes the full-text entries of appended mail later, in
// the writer's own transactions (DeferredWork, writer.h): not in APPEND's
// transaction, after the writes and reads stop or at the latest every
// max_wait, and on open for mail a previous process left unindexed.
// Searches are exact all along; these tests watch the index narrow the candidates once the
// work is done, without anyone calling index_backlog().
#include <chrono>
#include <thread>

#include "store/search_text.h"
#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

using namespace std::chrono_literals;

NewMessage text_message(const std::string& body) {
  NewMessage m = message("subject");
  m.bytes = "Subject: subject\r\n\r\n" + body + "\r\n";
  return m;
}

class DeferredIndexTest : public ::testing::Test {
 protected:
  void open(std::chrono::milliseconds quiet, std::chrono::milliseconds max_wait) {
    if (store_) store_->close();
    user_.reset();
    SqliteStoreOptions options;
    options.index_quiet = quiet;
    options.index_max_wait = max_wait;
    options.index_batch = 7;  // several steps for the messages below
    auto store = open_sqlite_store(dir_.path(), options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto user = store_->open_user("alice");
    ASSERT_TRUE(user.ok()) << user.error().message;
    user_ = *user;
  }
  void TearDown() override {
    user_.reset();
    if (store_) store_->close();
  }
  void append(const std::string& body) {
    auto r = user_->append("INBOX", {text_message(body)});
    ASSERT_TRUE(r.ok()) << r.error().message;
    mailbox_ = r->mailbox;
  }
  // How many INBOX messages text_candidates() gives for `word`.
  size_t candidates(std::string_view word) {
    auto r = user_->text_candidates(mailbox_, TextField::Body, fold_search_string(word));
    EXPECT_TRUE(r.ok() && r->has_value());
    if (!r.ok() || !r->has_value()) return 0;
    auto snap = user_->select("INBOX");
    EXPECT_TRUE(snap.ok());
    size_t n = 0;
    for (const auto& m : snap->messages) n += (*r)->uids.contains(m.uid) ? 1 : 0;
    return n;
  }
  // Waits (bounded) until only the messages holding `word` are candidates,
  // looking every `pause`: each look is a read, which puts the indexing off
  // by the quiet time, so `pause` must be longer than that.
  bool narrows_to(std::string_view word, size_t expected, std::chrono::milliseconds within,
                  std::chrono::milliseconds pause = 100ms) {
    auto end = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < end) {
      if (candidates(word) == expected) return true;
      std::this_thread::sleep_for(pause);
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::shared_ptr<UserStore> user_;
  MailboxId mailbox_ = 0;
};

TEST_F(DeferredIndexTest, AppendLeavesTheEntriesToTheWriterWhichWritesThemWhenWritesStop) {
  open(50ms, 1h);
  for (int i = 0; i < 20; ++i) append(i % 4 == 0 ? "needle here" : "hay only");
  // Unindexed mail is a candidate of every search: exact, not narrow.
  EXPECT_EQ(candidates("needle"), 20u) << "indexed inside APPEND's transaction";
  EXPECT_TRUE(narrows_to("needle", 5, 10s));
  EXPECT_EQ(candidates("absent"), 0u);
}

TEST_F(DeferredIndexTest, NothingIsIndexedWhileTheWritesGoOnUntilMaxWait) {
  open(1h, 1h);
  for (int i = 0; i < 5; ++i) append("needle");
  append("other");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(candidates("absent"), 6u);
}

TEST_F(DeferredIndexTest, SteadyWritesStillGetAStepEveryMaxWait) {
  open(1h, 20ms);
  auto end = std::chrono::steady_clock::now() + 10s;
  size_t appended = 0;
  // Writes keep coming (the quiet time never passes); the backlog must
  // still shrink below what was appended.
  while (std::chrono::steady_clock::now() < end) {
    append("hay");
    ++appended;
    if (appended >= 30 && candidates("absent") < appended) break;
  }
  EXPECT_LT(candidates("absent"), appended);
}

TEST_F(DeferredIndexTest, NothingIsIndexedWhileTheStoreIsReadThenItIs) {
  // A client syncing a mailbox right after mail came in: its reads put the
  // indexing off like writes do. (The quiet time is long against one read,
  // so a slow host does not open a gap between them.)
  open(1s, 1h);
  for (int i = 0; i < 20; ++i) append(i % 4 == 0 ? "needle here" : "hay only");
  auto end = std::chrono::steady_clock::now() + 2500ms;
  while (std::chrono::steady_clock::now() < end) {
    ASSERT_EQ(candidates("absent"), 20u) << "indexed while the store was being read";
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(narrows_to("needle", 5, 10s, 1500ms));
}

TEST_F(DeferredIndexTest, MailLeftUnindexedIsIndexedAfterARestart) {
  open(1h, 1h);
  for (int i = 0; i < 10; ++i) append(i < 3 ? "needle" : "hay");
  EXPECT_EQ(candidates("needle"), 10u);
  open(0ms, 1h);  // a new process on the same data
  EXPECT_TRUE(narrows_to("needle", 3, 10s));
}

}  // namespace
}  // namespace petrel::store::testing
