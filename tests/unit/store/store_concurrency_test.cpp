// Many sessions of one user on worker threads at once, on every backend.
#include <algorithm>
#include <atomic>
#include <thread>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreConcurrencyTest : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreConcurrencyTest, Backends, BackendName);

TYPED_TEST(StoreConcurrencyTest, ConcurrentAppendsGetDistinctDenseUids) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::vector<std::vector<Uid>> acked(kThreads);
  std::atomic<int> failures = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Every thread opens the user itself, as a session would.
      auto user = this->store_->open_user("alice");
      for (int i = 0; i < kPerThread; ++i) {
        std::vector<NewMessage> batch;
        batch.push_back(message("t" + std::to_string(t) + "-" + std::to_string(i)));
        if (i % 10 == 0) batch.push_back(message("extra"));  // some MULTIAPPENDs
        auto r = user.value()->append("INBOX", std::move(batch));
        if (!r.ok()) {
          ++failures;
          continue;
        }
        // Within one append the UIDs are consecutive.
        for (size_t k = 1; k < r->uids.size(); ++k) {
          if (r->uids[k] != r->uids[k - 1] + 1) ++failures;
        }
        acked[t].insert(acked[t].end(), r->uids.begin(), r->uids.end());
      }
    });
  }
  // Readers run meanwhile and never see a torn state.
  std::atomic<bool> done = false;
  std::thread reader([&] {
    while (!done) {
      auto snap = this->user_->select("INBOX");
      if (!snap.ok() || snap->status.messages != snap->messages.size() ||
          (!snap->messages.empty() && snap->messages.back().uid >= snap->status.uidnext)) {
        ++failures;
      }
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0);

  std::vector<Uid> all;
  for (const auto& v : acked) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end())) << "a session's UIDs only grow";
    all.insert(all.end(), v.begin(), v.end());
  }
  std::sort(all.begin(), all.end());
  const size_t expected = kThreads * (kPerThread + kPerThread / 10);
  ASSERT_EQ(all.size(), expected);
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i], i + 1) << "UIDs are dense and distinct";
  EXPECT_EQ(this->uids("INBOX"), all);
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(status.uidnext, expected + 1);
}

TYPED_TEST(StoreConcurrencyTest, ConcurrentStoresGiveDistinctModseqs) {
  std::vector<NewMessage> batch;
  for (int i = 0; i < 20; ++i) batch.push_back(message(std::to_string(i)));
  MailboxId box = this->append("INBOX", std::move(batch)).mailbox;
  constexpr int kThreads = 6;
  std::vector<std::vector<ModSeq>> modseqs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        Uid uid = static_cast<Uid>(1 + (t * 7 + i) % 20);
        FlagChange change{i % 2 ? FlagChange::Op::Remove : FlagChange::Op::Add,
                          kFlagged,
                          {"t" + std::to_string(t)},
                          std::nullopt};
        auto r = this->user_->store_flags(box, UidSet{{uid, uid}}, change);
        ASSERT_TRUE(r.ok());
        if (!r->messages.empty() && r->messages[0].changed) {
          modseqs[t].push_back(r->messages[0].state.modseq);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::vector<ModSeq> all;
  for (const auto& v : modseqs) {
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
    all.insert(all.end(), v.begin(), v.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end())
      << "RFC 7162: every STORE gets its own MODSEQ";
  EXPECT_EQ(this->user_->status("INBOX").value().highest_modseq, all.back());
}

}  // namespace
}  // namespace petrel::store::testing
