// Read-ahead of large FETCHes (sqlite/read_ahead.h): how a UID set is cut
// into parts, that jobs run and are dropped when the queue is full, that
// stopping does not wait for queued jobs, and that a user store asks for it
// only for a large FETCH of summary fields, with answers unchanged.
#include <chrono>
#include <thread>

#include "store/sqlite/read_ahead.h"
#include "store/sqlite/user_store.h"
#include "store_fixture.h"

namespace petrel::store::sqlite {
namespace {

using namespace std::chrono_literals;
using Parts = std::vector<std::pair<Uid, Uid>>;
using petrel::store::testing::message;
using petrel::store::testing::TempDir;

UidSet set_of(std::initializer_list<std::pair<Uid, Uid>> ranges) {
  UidSet s;
  for (auto [a, b] : ranges) s.add(a, b);
  return s;
}

TEST(ReadAheadParts, OneRangeIsCutAfterTheSkippedMessages) {
  EXPECT_EQ(read_ahead_parts(set_of({{1, 10}}), 2, 3), (Parts{{3, 5}, {6, 8}, {9, 10}}));
  EXPECT_EQ(read_ahead_parts(set_of({{1, 10}}), 0, 5), (Parts{{1, 5}, {6, 10}}));
  EXPECT_EQ(read_ahead_parts(set_of({{1, 10}}), 10, 5), Parts{});
  EXPECT_EQ(read_ahead_parts(UidSet(), 0, 5), Parts{});
}

TEST(ReadAheadParts, PartsRunAcrossRangesByMessageCount) {
  // Messages: 1 2 3 | 10 11 | 20 21 22 23
  UidSet uids = set_of({{1, 3}, {10, 11}, {20, 23}});
  EXPECT_EQ(read_ahead_parts(uids, 1, 3), (Parts{{2, 10}, {11, 21}, {22, 23}}));
  EXPECT_EQ(read_ahead_parts(uids, 3, 2), (Parts{{10, 11}, {20, 21}, {22, 23}}));
  EXPECT_EQ(read_ahead_parts(uids, 0, 100), (Parts{{1, 23}}));
}

bool wait_completed(const ReadAhead& ra, uint64_t n) {
  for (auto deadline = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(5ms)) {
    if (ra.completed() >= n) return true;
  }
  return false;
}

TEST(ReadAheadTest, JobsRunEvenOnAMissingStoreAndAFullQueueDropsTheRest) {
  TempDir dir;
  ReadAhead ra(2, 3);
  int accepted = 0;
  for (int i = 0; i < 50; ++i) accepted += ra.request(dir.path() / "none.db", 1, 1, 100) ? 1 : 0;
  EXPECT_GE(accepted, 3);
  EXPECT_LT(accepted, 50) << "the queue was never full";
  EXPECT_TRUE(wait_completed(ra, static_cast<uint64_t>(accepted)));
  ReadAhead off(0, 10);
  EXPECT_FALSE(off.request(dir.path() / "none.db", 1, 1, 100));
}

TEST(ReadAheadTest, StoppingDropsQueuedJobs) {
  TempDir dir;
  auto start = std::chrono::steady_clock::now();
  {
    ReadAhead ra(1, 1000);
    for (int i = 0; i < 1000; ++i) ra.request(dir.path() / "none.db", 1, 1, 100);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 20s);
}

TEST(ReadAheadTest, AUserStoreAsksOnlyForLargeFetchesOfSummaryFields) {
  TempDir dir;
  ReadAhead ra(2, 64);
  UserStoreOptions options;
  options.read_ahead = &ra;
  auto user = SqliteUserStore::open("alice", dir.path() / "store.db", options).value();
  for (int batch = 0; batch < 9; ++batch) {
    std::vector<NewMessage> messages;
    for (int i = 0; i < 500; ++i) messages.push_back(message("m" + std::to_string(i)));
    ASSERT_TRUE(user->append("INBOX", std::move(messages)).ok());
  }
  auto box = user->select("INBOX").value();
  ASSERT_EQ(box.messages.size(), 4500u);
  UidSet all = set_of({{1, 4500}});
  user->will_fetch(box.status.id, set_of({{1, 2999}}), kFetchEnvelope);  // too few
  user->will_fetch(box.status.id, all, kFetchFlags | kFetchSize);        // no summary field
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(ra.completed(), 0u);
  auto before = user->fetch(box.status.id, all, kFetchEnvelope | kFetchBodyStructure).value();
  user->will_fetch(box.status.id, all, kFetchEnvelope | kFetchBodyStructure);
  // 4,500 messages in parts of at least 2,000.
  EXPECT_TRUE(wait_completed(ra, 3));
  auto after = user->fetch(box.status.id, all, kFetchEnvelope | kFetchBodyStructure).value();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].parsed.envelope, before[i].parsed.envelope);
    EXPECT_EQ(after[i].parsed.bodystructure, before[i].parsed.bodystructure);
  }
}

}  // namespace
}  // namespace petrel::store::sqlite
