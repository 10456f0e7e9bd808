// STORE (flags, keywords, MODSEQ, UNCHANGEDSINCE) and change notification
// on every backend.
#include <atomic>
#include <mutex>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreFlagsTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    auto r = this->append("INBOX", {message("1"), message("2"), message("3")});
    box_ = r.mailbox;
  }
  StoreResult store(UidSet uids, FlagChange::Op op, SystemFlags flags,
                    std::vector<std::string> keywords = {},
                    std::optional<ModSeq> unchanged_since = std::nullopt) {
    FlagChange change{op, flags, std::move(keywords), unchanged_since};
    auto r = this->user_->store_flags(box_, uids, change);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r.value() : StoreResult{};
  }
  ModSeq highest() { return this->user_->status("INBOX").value().highest_modseq; }
  MailboxId box_ = 0;
};
TYPED_TEST_SUITE(StoreFlagsTest, Backends, BackendName);

using Op = FlagChange::Op;

TYPED_TEST(StoreFlagsTest, FlagsAndKeywordsRoundTrip) {
  auto r = this->store({{1, 2}}, Op::Add, kSeen | kFlagged, {"$Label1"});
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_TRUE(r.messages[0].changed);
  EXPECT_EQ(r.messages[0].state.flags, kSeen | kFlagged);
  this->store({{2, 2}}, Op::Remove, kFlagged, {"$label1"});
  this->store({{3, 3}}, Op::Replace, kAnswered | kDraft, {"b", "a"});
  this->restart();
  auto snap = this->select("INBOX");
  ASSERT_EQ(snap.messages.size(), 3u);
  EXPECT_EQ(snap.messages[0].flags, kSeen | kFlagged);
  EXPECT_EQ(snap.messages[0].keywords, std::vector<std::string>{"$Label1"});
  EXPECT_EQ(snap.messages[1].flags, kSeen);
  EXPECT_TRUE(snap.messages[1].keywords.empty());
  EXPECT_EQ(snap.messages[2].flags, kAnswered | kDraft);
  EXPECT_EQ(snap.messages[2].keywords, (std::vector<std::string>{"a", "b"}));
}

TYPED_TEST(StoreFlagsTest, ModseqBumpsOnlyOnRealChange) {
  ModSeq start = this->highest();
  auto first = this->store({{1, 3}}, Op::Add, kSeen);
  EXPECT_EQ(first.highest_modseq, start + 1);
  for (const auto& m : first.messages) {
    EXPECT_TRUE(m.changed);
    EXPECT_EQ(m.state.modseq, start + 1);  // one operation, one MODSEQ
  }
  // Adding what is there, removing what is not: nothing changes (RFC 7162 3.1.3).
  auto again = this->store({{1, 3}}, Op::Add, kSeen);
  EXPECT_EQ(again.highest_modseq, start + 1);
  ASSERT_EQ(again.messages.size(), 3u);
  for (const auto& m : again.messages) EXPECT_FALSE(m.changed);
  auto none = this->store({{1, 3}}, Op::Remove, kDraft, {"$Nothing"});
  EXPECT_EQ(none.highest_modseq, start + 1);
  auto same = this->store({{2, 2}}, Op::Replace, kSeen);
  EXPECT_FALSE(same.messages[0].changed);
  EXPECT_EQ(this->highest(), start + 1);
  // A real change on one message bumps only that one.
  auto one = this->store({{2, 2}}, Op::Add, kFlagged);
  EXPECT_EQ(one.highest_modseq, start + 2);
  auto snap = this->select("INBOX");
  EXPECT_EQ(snap.messages[0].modseq, start + 1);
  EXPECT_EQ(snap.messages[1].modseq, start + 2);
}

TYPED_TEST(StoreFlagsTest, UnchangedSinceReportsModified) {
  auto base = this->store({{1, 3}}, Op::Add, kSeen);
  ModSeq seen_at = base.highest_modseq;
  this->store({{2, 2}}, Op::Add, kFlagged);  // message 2 moves past seen_at
  auto r = this->store({{1, 3}}, Op::Add, kDeleted, {}, seen_at);
  EXPECT_EQ(r.modified, (UidSet{{2, 2}}));
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].state.uid, 1u);
  EXPECT_EQ(r.messages[1].state.uid, 3u);
  auto snap = this->select("INBOX");
  EXPECT_EQ(snap.messages[1].flags, kSeen | kFlagged) << "the failed message is untouched";
  EXPECT_EQ(snap.messages[0].flags, kSeen | kDeleted);
  // UNCHANGEDSINCE 0 fails for every message.
  auto zero = this->store({{1, 3}}, Op::Add, kAnswered, {}, 0);
  EXPECT_EQ(zero.modified, (UidSet{{1, 3}}));
  EXPECT_TRUE(zero.messages.empty());
}

TYPED_TEST(StoreFlagsTest, StoreOnMissingMailboxOrUids) {
  auto r = this->store({{50, 60}}, Op::Add, kSeen);
  EXPECT_TRUE(r.messages.empty());
  auto gone = this->user_->store_flags(9999, UidSet{{1, 1}}, FlagChange{});
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::NotFound);
  auto bad = this->user_->store_flags(this->box_, UidSet{{1, 1}},
                                      FlagChange{Op::Add, 0, {"bad word"}, std::nullopt});
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
}

TYPED_TEST(StoreFlagsTest, ListenersHearCommits) {
  std::mutex mutex;
  std::vector<ChangeNotice> heard, heard_all;
  auto sub = this->user_->watch(this->box_, [&](const ChangeNotice& n) {
    std::lock_guard lock(mutex);
    heard.push_back(n);
  });
  auto sub_all = this->user_->watch(kAnyMailbox, [&](const ChangeNotice& n) {
    std::lock_guard lock(mutex);
    heard_all.push_back(n);
  });
  auto r = this->store({{1, 1}}, Op::Add, kSeen);
  auto sent = this->append("Sent", message("s"));
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0], (ChangeNotice{this->box_, r.highest_modseq, ChangeNotice::Kind::Messages}));
    ASSERT_EQ(heard_all.size(), 2u);
    EXPECT_EQ(heard_all[1].mailbox, sent.mailbox);
  }
  // A no-op STORE commits nothing and wakes nobody.
  this->store({{1, 1}}, Op::Add, kSeen);
  ASSERT_TRUE(this->user_->rename_mailbox("Sent", "Sent Items").ok());
  ASSERT_TRUE(this->user_->delete_mailbox("Sent Items").ok());
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(heard.size(), 1u);
    ASSERT_EQ(heard_all.size(), 4u);
    EXPECT_EQ(heard_all[2].kind, ChangeNotice::Kind::Renamed);
    EXPECT_EQ(heard_all[3], (ChangeNotice{sent.mailbox, 0, ChangeNotice::Kind::Removed}));
  }
  sub.reset();
  this->store({{1, 1}}, Op::Remove, kSeen);
  std::lock_guard lock(mutex);
  EXPECT_EQ(heard.size(), 1u) << "no call after the subscription is dropped";
  EXPECT_EQ(heard_all.size(), 5u);
}

TYPED_TEST(StoreFlagsTest, ListenerMayDropItsOwnSubscription) {
  std::atomic<int> calls = 0;
  ChangeSubscription sub;
  sub = this->user_->watch(this->box_, [&](const ChangeNotice&) {
    ++calls;
    sub.reset();
  });
  this->store({{1, 1}}, Op::Add, kSeen);
  this->store({{1, 1}}, Op::Remove, kSeen);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_FALSE(sub.active());
}

}  // namespace
}  // namespace petrel::store::testing
