// The rewrite of the summary rows into consecutive pages (summary_layout.h):
// when it is due, that it lays the rows out in order and keeps every row as
// it was, that changes made between its steps are kept, that a rewrite
// stopped by a restart goes on, and that a user store does it by itself in
// its background work.
#include "store/sqlite/summary_layout.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "raw_query.h"
#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"
#include "store_fixture.h"

namespace petrel::store::sqlite {
namespace {

using namespace std::chrono_literals;
using store::testing::raw_int;
using store::testing::TempDir;

// A message whose bytes take several pages, so that each summary row is
// written after them, as delivered mail is.
NewMessage bulky(int i) {
  NewMessage m = store::testing::message("message " + std::to_string(i));
  m.bytes += std::string(9000 + i, static_cast<char>('a' + i % 26)) + "\r\n";
  // A summary row the size of a real one: three or four to a page.
  m.parsed.preview = std::to_string(i) + std::string(1000, 'p');
  return m;
}

class SummaryLayoutTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() { return dir_.path() / "mail" / "alice" / "store.db"; }

  // Delivers `count` messages one at a time through a store that does not
  // rewrite by itself, and closes it.
  void deliver(int count, int first = 0) {
    SqliteStoreOptions options;
    options.summary_rewrite_percent = 0;
    auto store = open_sqlite_store(dir_.path(), options);
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto user = (*store)->open_user("alice");
    ASSERT_TRUE(user.ok());
    for (int i = first; i < first + count; ++i) {
      ASSERT_TRUE((*user)->append("INBOX", {bulky(i)}).ok());
    }
    user->reset();
    (*store)->close();
  }

  Connection connect() {
    auto db = Connection::open(db_path(), true);
    EXPECT_TRUE(db.ok()) << db.error().message;
    EXPECT_TRUE(prepare_database(*db).ok());
    return std::move(*db);
  }

  // Every summary row, in order, as text.
  static std::vector<std::string> rows(Connection& db) {
    auto stmt = db.prepare(
        "SELECT content_id || '|' || thread_id || '|' || envelope || '|' || bodystructure || "
        "'|' || body || '|' || preview || '|' || hex(part_tree) FROM content_summary "
        "ORDER BY content_id");
    EXPECT_TRUE(stmt.ok());
    std::vector<std::string> out;
    while (stmt.ok()) {
      auto more = stmt->step();
      EXPECT_TRUE(more.ok());
      if (!more.ok() || !*more) break;
      out.push_back(stmt->string(0));
    }
    return out;
  }

  // How many runs of consecutive pages the table's pages make.
  static int64_t page_runs(Connection& db) {
    auto runs = db.query_int(
        "WITH p AS (SELECT pageno - row_number() OVER (ORDER BY pageno) AS run FROM dbstat "
        "WHERE name = 'content_summary') SELECT count(DISTINCT run) FROM p");
    EXPECT_TRUE(runs.ok()) << runs.error().message;
    return runs.ok() ? *runs : -1;
  }

  // Runs steps in transactions of their own until the rewrite is done;
  // `between` runs before each step. Returns the number of steps.
  static int rewrite(Connection& db, const SummaryLayoutPolicy& policy,
                     const std::function<void()>& between = {}) {
    for (int steps = 1; steps < 10'000; ++steps) {
      if (between) between();
      EXPECT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
      auto more = rewrite_summary_step(db, policy);
      EXPECT_TRUE(more.ok()) << more.error().message;
      EXPECT_TRUE(db.exec("COMMIT").ok());
      if (!more.ok() || !*more) return steps;
    }
    ADD_FAILURE() << "the rewrite did not end";
    return -1;
  }

  TempDir dir_;
};

TEST_F(SummaryLayoutTest, DueOnlyOnceTheNewRowsAreManyAndAShareOfTheMessages) {
  SummaryLayoutPolicy policy;
  policy.min_rows = 10;
  policy.share = 0.25;
  deliver(8);
  {
    Connection db = connect();
    EXPECT_FALSE(summary_rewrite_due(db, policy).value()) << "fewer rows than min_rows";
  }
  deliver(32, 8);
  {
    Connection db = connect();
    EXPECT_TRUE(summary_rewrite_due(db, policy).value());
    rewrite(db, policy);
    EXPECT_FALSE(summary_rewrite_due(db, policy).value()) << "due again right after";
  }
  deliver(9, 40);  // 9 < min_rows
  {
    Connection db = connect();
    EXPECT_FALSE(summary_rewrite_due(db, policy).value());
  }
  deliver(8, 49);  // 17 new of 57: past both
  {
    Connection db = connect();
    EXPECT_TRUE(summary_rewrite_due(db, policy).value());
    policy.share = 0.5;  // 17 is not half of 57
    EXPECT_FALSE(summary_rewrite_due(db, policy).value());
  }
}

TEST_F(SummaryLayoutTest, TheRowsEndUpInConsecutivePagesAndUnchanged) {
  deliver(300);
  Connection db = connect();
  auto before = rows(db);
  ASSERT_EQ(before.size(), 300u);
  int64_t runs_before = page_runs(db);
  EXPECT_GT(runs_before, 20) << "delivery one at a time should scatter the pages";
  SummaryLayoutPolicy policy;
  policy.min_rows = 1;
  policy.rows_per_step = 40;  // several steps
  EXPECT_GT(rewrite(db, policy), 3);
  EXPECT_EQ(rows(db), before);
  EXPECT_LE(page_runs(db), 3);
  EXPECT_EQ(db.query_int("SELECT count(*) FROM sqlite_master WHERE name LIKE '%copy%'").value(), 0)
      << "the copy and its triggers are gone";
  // The table keeps its place in the schema: deleting content drops its
  // summary, and new summaries go into it.
  ASSERT_TRUE(db.exec("DELETE FROM message WHERE content_id = 5; "
                      "DELETE FROM content WHERE id = 5")
                  .ok());
  EXPECT_EQ(db.query_int("SELECT count(*) FROM content_summary WHERE content_id = 5").value(), 0);
}

TEST_F(SummaryLayoutTest, InsertsAndDeletesBetweenStepsAreKept) {
  deliver(200);
  Connection db = connect();
  SummaryLayoutPolicy policy;
  policy.min_rows = 1;
  policy.rows_per_step = 30;
  int step = 0;
  std::vector<std::string> expected;
  rewrite(db, policy, [&] {
    ++step;
    // A row below the copied mark goes away (its content with it), and
    // one below it comes back (as petrel check --repair writes it); one
    // above the mark goes away too.
    if (step == 3) {
      ASSERT_TRUE(db.exec("DELETE FROM message WHERE content_id IN (7, 150); "
                          "DELETE FROM content WHERE id IN (7, 150)")
                      .ok());
      ASSERT_TRUE(db.exec("DELETE FROM content_summary WHERE content_id = 20").ok());
    }
    if (step == 4) {
      ASSERT_TRUE(
          db.exec("INSERT INTO content_summary VALUES (20, 20, 'e', 'bs', 'b', 'p', x'00')").ok());
    }
    expected = rows(db);
  });
  EXPECT_GE(step, 5);
  EXPECT_EQ(rows(db), expected);
  EXPECT_EQ(expected.size(), 198u);
}

TEST_F(SummaryLayoutTest, ARewriteStoppedByARestartGoesOn) {
  deliver(120);
  SummaryLayoutPolicy policy;
  policy.min_rows = 1;
  policy.rows_per_step = 30;
  std::vector<std::string> before;
  {
    Connection db = connect();
    before = rows(db);
    ASSERT_TRUE(db.exec("BEGIN IMMEDIATE").ok());
    EXPECT_TRUE(rewrite_summary_step(db, policy).value());
    ASSERT_TRUE(db.exec("COMMIT").ok());
  }
  Connection db = connect();
  policy.min_rows = 1'000'000;  // not due as new work: only as work under way
  EXPECT_TRUE(summary_rewrite_due(db, policy).value());
  EXPECT_GT(rewrite(db, policy), 1);
  EXPECT_EQ(rows(db), before);
  EXPECT_LE(page_runs(db), 3);
}

TEST_F(SummaryLayoutTest, AUserStoreRewritesInItsBackgroundWork) {
  deliver(100);
  EXPECT_GT(
      raw_int(db_path(),
              "WITH p AS (SELECT pageno - row_number() OVER (ORDER BY pageno) AS run "
              "FROM dbstat WHERE name = 'content_summary') SELECT count(DISTINCT run) FROM p"),
      10);
  SqliteStoreOptions options;
  options.summary_rewrite_min_rows = 50;
  options.index_quiet = 0ms;
  auto store = open_sqlite_store(dir_.path(), options);
  ASSERT_TRUE(store.ok());
  auto user = (*store)->open_user("alice");
  ASSERT_TRUE(user.ok());
  auto end = std::chrono::steady_clock::now() + 20s;
  int64_t laid_out = 0;
  while (laid_out == 0 && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(20ms);
    laid_out = raw_int(db_path(),
                       "SELECT coalesce(max(value), 0) FROM meta WHERE key = 'summary_laid_out'");
  }
  EXPECT_EQ(laid_out, 100);
  // Reads go on through the new table.
  auto inbox = (*user)->select("INBOX");
  ASSERT_TRUE(inbox.ok());
  auto metas = (*user)->fetch(inbox->status.id, UidSet{{1, 100}}, kFetchEnvelope);
  ASSERT_TRUE(metas.ok()) << metas.error().message;
  ASSERT_EQ(metas->size(), 100u);
  EXPECT_EQ((*metas)[41].parsed.envelope, "(NIL \"message 41\")");
  user->reset();
  (*store)->close();
}

}  // namespace
}  // namespace petrel::store::sqlite
