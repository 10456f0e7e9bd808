// Quota (RFC 9208) on every backend: usage counters follow every way a
// message comes and goes, limits are enforced atomically, overrides persist.
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreQuotaTest : public StoreTest<B> {
 protected:
  QuotaInfo quota() {
    auto q = this->user_->quota();
    EXPECT_TRUE(q.ok()) << q.error().message;
    return q.ok() ? q.value() : QuotaInfo{};
  }
  QuotaUsage usage() { return quota().usage; }
  // The usage a full scan gives, to compare with the counters.
  QuotaUsage scanned() {
    QuotaUsage u;
    auto boxes = this->user_->list_mailboxes();
    EXPECT_TRUE(boxes.ok());
    for (const auto& box : *boxes) {
      if (box.noselect) continue;
      auto status = this->user_->status(box.name).value();
      u.messages += status.messages;
      u.storage += status.size;
    }
    return u;
  }
  static uint64_t size_of(const std::string& text) { return message(text).bytes.size(); }
};
TYPED_TEST_SUITE(StoreQuotaTest, Backends, BackendName);

TYPED_TEST(StoreQuotaTest, NewUserHasNoUsageAndNoLimits) {
  auto q = this->quota();
  EXPECT_EQ(q.usage, QuotaUsage{});
  EXPECT_EQ(q.limits, QuotaLimits{});
  EXPECT_EQ(q.own, QuotaOverride{});
}

TYPED_TEST(StoreQuotaTest, CountersFollowEveryChange) {
  this->append("INBOX", {message("one"), message("two", kDeleted), message("three")});
  EXPECT_EQ(this->usage(),
            (QuotaUsage{this->size_of("one") + this->size_of("two") + this->size_of("three"), 3}));
  auto inbox = this->select("INBOX");
  // COPY adds (copies count: each is a message the client sees).
  ASSERT_TRUE(this->user_->copy(inbox.status.id, UidSet::all(), "Archive").ok());
  EXPECT_EQ(this->usage().messages, 6u);
  EXPECT_EQ(this->usage(), this->scanned());
  // MOVE changes nothing.
  ASSERT_TRUE(this->user_->move(inbox.status.id, UidSet{{1, 1}}, "Sent").ok());
  EXPECT_EQ(this->usage().messages, 6u);
  EXPECT_EQ(this->usage(), this->scanned());
  // EXPUNGE removes.
  ASSERT_TRUE(this->user_->expunge(inbox.status.id).ok());
  EXPECT_EQ(this->usage().messages, 5u);
  EXPECT_EQ(this->usage(), this->scanned());
  // RENAME INBOX moves its messages: no change.
  ASSERT_TRUE(this->user_->rename_mailbox("INBOX", "Old").ok());
  EXPECT_EQ(this->usage().messages, 5u);
  EXPECT_EQ(this->usage(), this->scanned());
  // DELETE removes everything in the mailbox, also when it stays \Noselect.
  ASSERT_TRUE(this->user_->create_mailbox("Archive/kid", 0).ok());
  ASSERT_TRUE(this->user_->delete_mailbox("Archive").ok());
  ASSERT_TRUE(this->user_->delete_mailbox("Old").ok());
  EXPECT_EQ(this->usage(), this->scanned());
  EXPECT_EQ(this->usage().messages, 1u);  // the one moved to Sent
  // Counters survive a restart.
  auto before = this->usage();
  this->restart();
  EXPECT_EQ(this->usage(), before);
}

TYPED_TEST(StoreQuotaTest, MessageLimitRefusesAppendAndCopyAtomically) {
  ASSERT_TRUE(this->user_->set_quota({std::nullopt, 3}).ok());
  EXPECT_EQ(this->quota().limits.messages, 3u);
  EXPECT_EQ(this->quota().limits.storage, kUnlimited);
  this->append("INBOX", {message("a"), message("b")});
  // Two more would make four: nothing is stored, no UID is used.
  auto r = this->user_->append("INBOX", {message("c"), message("d")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::OverQuota);
  EXPECT_EQ(this->uids("INBOX"), (std::vector<Uid>{1, 2}));
  EXPECT_EQ(this->usage().messages, 2u);
  auto inbox = this->select("INBOX");
  auto copied = this->user_->copy(inbox.status.id, UidSet::all(), "Archive");
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.error().code, ErrorCode::OverQuota);
  EXPECT_TRUE(this->uids("Archive").empty());
  // MOVE never fails for quota; exactly reaching the limit is allowed.
  EXPECT_TRUE(this->user_->move(inbox.status.id, UidSet::all(), "Archive").ok());
  EXPECT_EQ(this->append("INBOX", message("c")).uids, std::vector<Uid>{3});
  EXPECT_EQ(this->user_->append("INBOX", {message("d")}).error().code, ErrorCode::OverQuota);
}

TYPED_TEST(StoreQuotaTest, StorageLimitCountsBytes) {
  uint64_t one = this->size_of("x");
  ASSERT_TRUE(this->user_->set_quota({2 * one, std::nullopt}).ok());
  this->append("INBOX", message("x"));
  this->append("INBOX", message("y"));
  EXPECT_EQ(this->usage().storage, 2 * one);
  EXPECT_EQ(this->user_->append("INBOX", {message("z")}).error().code, ErrorCode::OverQuota);
  // Lowering the limit below the usage blocks additions but not removals
  // or flag changes.
  ASSERT_TRUE(this->user_->set_quota({one / 2, std::nullopt}).ok());
  auto inbox = this->select("INBOX");
  FlagChange change;
  change.flags = kDeleted;
  ASSERT_TRUE(this->user_->store_flags(inbox.status.id, UidSet::all(), change).ok());
  ASSERT_TRUE(this->user_->expunge(inbox.status.id).ok());
  EXPECT_EQ(this->usage(), QuotaUsage{});
  // Unlimited lifts the limit.
  ASSERT_TRUE(this->user_->set_quota({kUnlimited, kUnlimited}).ok());
  EXPECT_EQ(this->append("INBOX", message("big")).uids, std::vector<Uid>{3});
}

TYPED_TEST(StoreQuotaTest, OverrideIsDurable) {
  QuotaOverride own{1000, 7};
  ASSERT_TRUE(this->user_->set_quota(own).ok());
  this->restart();
  if (TypeParam::kPersistent) {
    EXPECT_EQ(this->quota().own, own);
  }
  ASSERT_TRUE(this->user_->set_quota({}).ok());
  EXPECT_EQ(this->quota().own, QuotaOverride{});
}

TYPED_TEST(StoreQuotaTest, StatusGivesDeletedStorage) {
  this->append("INBOX", {message("keep"), message("gone", kDeleted), message("also", kDeleted)});
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(status.deleted, 2u);
  EXPECT_EQ(status.deleted_size, this->size_of("gone") + this->size_of("also"));
  EXPECT_EQ(this->select("INBOX").status.deleted_size, status.deleted_size);
}

// Defaults come from the store's options; the user's own limits win.
TEST(StoreQuotaDefaults, DefaultsApplyUntilOverridden) {
  auto run = [](Store& store) {
    auto user = store.open_user("bob").value();
    auto q = user->quota().value();
    EXPECT_EQ(q.limits, (QuotaLimits{kUnlimited, 1}));
    ASSERT_TRUE(user->append("INBOX", {message("one")}).ok());
    EXPECT_EQ(user->append("INBOX", {message("two")}).error().code, ErrorCode::OverQuota);
    ASSERT_TRUE(user->set_quota({std::nullopt, 5}).ok());
    EXPECT_TRUE(user->append("INBOX", {message("two")}).ok());
    store.close();
  };
  QuotaLimits defaults{kUnlimited, 1};
  auto mem = make_memory_store(defaults);
  run(*mem);
  TempDir dir;
  SqliteStoreOptions options;
  options.default_quota = defaults;
  auto sqlite = open_sqlite_store(dir.path(), options);
  ASSERT_TRUE(sqlite.ok());
  run(**sqlite);
}

}  // namespace
}  // namespace petrel::store::testing
