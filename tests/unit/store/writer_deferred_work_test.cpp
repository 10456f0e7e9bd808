// The writer's deferred work (writer.h): run in transactions of its own
// once writes and reads stop, step after step until it says it is done, retried
// after a failure without spinning, and left undone at stop.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "store/sqlite/schema.h"
#include "store/sqlite/writer.h"
#include "store_fixture.h"

namespace petrel::store::sqlite {
namespace {

using namespace std::chrono_literals;

class WriterDeferredWorkTest : public ::testing::Test {
 protected:
  Connection connection() {
    auto db = Connection::open(dir_.path() / "store.db", true);
    EXPECT_TRUE(db.ok()) << db.error().message;
    EXPECT_TRUE(prepare_database(*db).ok());
    return std::move(*db);
  }
  // Waits (bounded) until `count` reaches `n`.
  static bool reaches(const std::atomic<int>& count, int n, std::chrono::milliseconds within) {
    auto end = std::chrono::steady_clock::now() + within;
    while (std::chrono::steady_clock::now() < end) {
      if (count.load() >= n) return true;
      std::this_thread::sleep_for(5ms);
    }
    return false;
  }
  // Work of one step, which counts itself; never due before `quiet`.
  static DeferredWork counting_work(std::atomic<int>& steps, std::chrono::milliseconds quiet) {
    DeferredWork work;
    work.quiet = quiet;
    work.max_wait = 1h;
    work.step = [&steps](Connection&, const DeferredWork::ShouldGiveWay&) -> Result<bool> {
      ++steps;
      return false;
    };
    return work;
  }
  Result<int> write(Writer& writer, bool defer) {
    return writer.run<int>([defer](WriteContext& ctx) -> Result<int> {
      if (defer) ctx.defer_work();
      return 1;
    });
  }

  store::testing::TempDir dir_;
  ChangeHub hub_;
};

TEST_F(WriterDeferredWorkTest, StepsRunInTheirOwnTransactionsUntilDone) {
  std::atomic<int> steps = 0;
  std::atomic<bool> in_transaction = true;
  DeferredWork work;
  work.quiet = 0ms;
  work.step = [&](Connection& db, const DeferredWork::ShouldGiveWay&) -> Result<bool> {
    in_transaction = in_transaction && db.in_transaction();
    return ++steps < 3;  // three steps' worth
  };
  Writer writer(connection(), hub_, {}, work);
  ASSERT_TRUE(write(writer, false).ok());
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(steps.load(), 0) << "a write that left nothing started deferred work";
  ASSERT_TRUE(write(writer, true).ok());
  EXPECT_TRUE(reaches(steps, 3, 5s));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(steps.load(), 3) << "steps after the work said it was done";
  EXPECT_TRUE(in_transaction.load());
}

TEST_F(WriterDeferredWorkTest, AFailedStepIsRetriedLaterNotInALoop) {
  std::atomic<int> steps = 0;
  DeferredWork work;
  work.quiet = 0ms;
  work.step = [&](Connection&, const DeferredWork::ShouldGiveWay&) -> Result<bool> {
    if (++steps == 1) return Error{"busy", ErrorCode::Io};
    return false;
  };
  Writer writer(connection(), hub_, {}, work);
  auto start = std::chrono::steady_clock::now();
  writer.defer_work();
  EXPECT_TRUE(reaches(steps, 2, 10s));
  // The retry waited for the pause (one second), rather than spinning.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(steps.load(), 2);
  // Callers are still served.
  EXPECT_TRUE(write(writer, false).ok());
}

TEST_F(WriterDeferredWorkTest, AStepIsToldThatAWriteIsWaiting) {
  std::atomic<bool> in_step = false;
  std::atomic<bool> saw_write = false;
  DeferredWork work;
  work.quiet = 0ms;
  work.step = [&](Connection&, const DeferredWork::ShouldGiveWay& waiting) -> Result<bool> {
    if (saw_write) return false;
    EXPECT_FALSE(waiting()) << "nothing was queued yet";
    in_step = true;
    // A step made of small pieces, asking between them (bounded).
    auto end = std::chrono::steady_clock::now() + 30s;
    while (!waiting() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(1ms);
    saw_write = waiting();
    return true;  // more left, after the write
  };
  Writer writer(connection(), hub_, {}, work);
  writer.defer_work();
  auto end = std::chrono::steady_clock::now() + 10s;
  while (!in_step && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(in_step.load());
  ASSERT_TRUE(write(writer, false).ok());
  EXPECT_TRUE(saw_write.load());
}

TEST_F(WriterDeferredWorkTest, ReadsPutTheWorkOffLikeWrites) {
  std::atomic<int> steps = 0;
  Writer writer(connection(), hub_, {}, counting_work(steps, 300ms));
  writer.defer_work();
  auto end = std::chrono::steady_clock::now() + 1s;
  while (std::chrono::steady_clock::now() < end) {
    writer.note_read();
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(steps.load(), 0) << "a step ran while the store was being read";
  EXPECT_TRUE(reaches(steps, 1, 5s)) << "no step once the reads stopped";
}

TEST_F(WriterDeferredWorkTest, AStepIsToldThatAReadBegan) {
  std::atomic<bool> in_step = false;
  std::atomic<bool> saw_read = false;
  DeferredWork work;
  work.quiet = 0ms;
  work.step = [&](Connection&, const DeferredWork::ShouldGiveWay& give_way) -> Result<bool> {
    EXPECT_FALSE(give_way()) << "no read began yet";
    in_step = true;
    auto end = std::chrono::steady_clock::now() + 30s;
    while (!give_way() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(1ms);
    saw_read = give_way();
    return false;
  };
  Writer writer(connection(), hub_, {}, work);
  writer.defer_work();
  auto end = std::chrono::steady_clock::now() + 10s;
  while (!in_step && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(in_step.load());
  writer.note_read();
  writer.stop();  // after the step ended
  EXPECT_TRUE(saw_read.load());
}

TEST_F(WriterDeferredWorkTest, AQueuedWriteGoesBeforeTheNextStepOfABacklog) {
  // A long backlog found at open (mail imported): steps are due back to
  // back, no write has come yet. A write must not wait for all of them.
  std::atomic<int> steps = 0;
  DeferredWork work;
  work.quiet = 0ms;
  work.max_wait = 1h;
  work.step = [&](Connection&, const DeferredWork::ShouldGiveWay&) -> Result<bool> {
    std::this_thread::sleep_for(5ms);
    return ++steps < 2000;  // ten seconds of steps at least
  };
  Writer writer(connection(), hub_, {}, work);
  writer.defer_work();
  ASSERT_TRUE(reaches(steps, 3, 10s));
  int before = steps.load();
  ASSERT_TRUE(write(writer, false).ok());
  EXPECT_LE(steps.load() - before, 2) << "the write waited for the steps after the one running";
  writer.stop();
}

TEST_F(WriterDeferredWorkTest, StopLeavesTheWorkUndone) {
  std::atomic<int> steps = 0;
  {
    Writer writer(connection(), hub_, {}, counting_work(steps, 1h));
    ASSERT_TRUE(write(writer, true).ok());
    writer.stop();
  }
  EXPECT_EQ(steps.load(), 0);
}

}  // namespace
}  // namespace petrel::store::sqlite
