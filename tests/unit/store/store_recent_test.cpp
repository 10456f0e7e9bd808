// \Recent claims (UserStore::claim_recent) on every backend: each UID goes
// to exactly one claimer, also when many threads claim at once.
#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreRecentTest : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreRecentTest, Backends, BackendName);

TYPED_TEST(StoreRecentTest, EachUidIsClaimedOnce) {
  auto r = this->append("INBOX", {message("1"), message("2"), message("3")});
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 2).value(), 0u);  // owns 1..2
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 3).value(), 2u);  // owns 3
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 3).value(), 3u);  // owns nothing
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 1).value(), 3u);  // never lowers
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 0).value(), 3u);  // a read
}

TYPED_TEST(StoreRecentTest, StatusCountsTheUnclaimed) {
  auto r = this->append("INBOX", {message("1"), message("2"), message("3")});
  EXPECT_EQ(this->user_->status("INBOX").value().unclaimed_recent, 3u);
  ASSERT_TRUE(this->user_->claim_recent(r.mailbox, 2).ok());
  EXPECT_EQ(this->user_->status("INBOX").value().unclaimed_recent, 1u);
  this->append("INBOX", {message("4")});
  EXPECT_EQ(this->user_->status("INBOX").value().unclaimed_recent, 2u);
  ASSERT_TRUE(this->user_->claim_recent(r.mailbox, 4).ok());
  EXPECT_EQ(this->user_->status("INBOX").value().unclaimed_recent, 0u);
  EXPECT_EQ(this->user_->status("Drafts").value().unclaimed_recent, 0u);
}

TYPED_TEST(StoreRecentTest, MissingMailboxIsNotFound) {
  auto r = this->append("INBOX", {message("1")});
  ASSERT_TRUE(this->user_->create_mailbox("gone").ok());
  MailboxId gone = this->user_->status("gone").value().id;
  ASSERT_TRUE(this->user_->delete_mailbox("gone").ok());
  auto claimed = this->user_->claim_recent(gone, 5);
  ASSERT_FALSE(claimed.ok());
  EXPECT_EQ(claimed.error().code, ErrorCode::NotFound);
  EXPECT_EQ(this->user_->claim_recent(r.mailbox, 1).value(), 0u);  // others unaffected
}

TYPED_TEST(StoreRecentTest, ConcurrentClaimersShareWithoutOverlap) {
  auto r = this->append("INBOX", {message("1")});
  constexpr int kThreads = 4;
  constexpr Uid kUpTo = 400;
  std::vector<std::vector<Uid>> owned(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (Uid upto = 1; upto <= kUpTo; ++upto) {
        Uid before = this->user_->claim_recent(r.mailbox, upto).value();
        for (Uid u = before + 1; u <= upto; ++u) owned[t].push_back(u);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<int> count(kUpTo + 1, 0);
  for (const auto& list : owned)
    for (Uid u : list) ++count[u];
  for (Uid u = 1; u <= kUpTo; ++u) EXPECT_EQ(count[u], 1) << "UID " << u;
}

}  // namespace
}  // namespace petrel::store::testing
