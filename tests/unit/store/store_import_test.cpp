// prepare_import / append_with_uids (migration keeping UIDs) on every backend.
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreImportTest : public StoreTest<B> {
 protected:
  Result<AppendResult> import(std::string_view mailbox, UidValidity v, std::vector<Uid> uids,
                              Uid uidnext) {
    std::vector<NewMessage> messages;
    for (Uid uid : uids) messages.push_back(message("m" + std::to_string(uid), kSeen, {"$Work"}));
    return this->user_->append_with_uids(mailbox, v, std::move(messages), uids, uidnext);
  }
};
TYPED_TEST_SUITE(StoreImportTest, Backends, BackendName);

TYPED_TEST(StoreImportTest, MissingMailboxIsCreatedWithTheGivenUidValidity) {
  auto status = this->user_->prepare_import("Archive/2019/Q1", 1234);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(status->uidvalidity, 1234u);
  EXPECT_EQ(status->uidnext, 1u);
  auto r = this->import("Archive/2019/Q1", 1234, {3, 7, 20}, 25);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->uids, (std::vector<Uid>{3, 7, 20}));
  EXPECT_EQ(r->uidvalidity, 1234u);
  this->restart();
  auto snap = this->select("Archive/2019/Q1");
  EXPECT_EQ(snap.status.uidvalidity, 1234u);
  EXPECT_EQ(snap.status.uidnext, 25u);
  ASSERT_EQ(snap.messages.size(), 3u);
  EXPECT_EQ(snap.messages[1].uid, 7u);
  EXPECT_EQ(snap.messages[1].flags, kSeen);
  EXPECT_EQ(snap.messages[1].keywords, std::vector<std::string>{"$Work"});
  auto bytes = this->user_->read_message(snap.status.id, 20);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, message("m20").bytes);
  // Later appends continue above the imported UIDNEXT.
  EXPECT_EQ(this->append("Archive/2019/Q1", message("new")).uids, std::vector<Uid>{25});
}

TYPED_TEST(StoreImportTest, UnusedDefaultMailboxTakesTheSourceUidValidity) {
  auto before = this->user_->status("INBOX").value();
  auto status = this->user_->prepare_import("inbox", 77);
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(status->uidvalidity, 77u);
  EXPECT_NE(status->id, before.id);  // a new incarnation
  auto sent = this->user_->prepare_import("Sent", 78);
  ASSERT_TRUE(sent.ok());
  // The special use survives the new incarnation.
  EXPECT_EQ(this->select("Sent").special_use, kSent);
  // Resuming: same UIDVALIDITY, left alone.
  ASSERT_TRUE(this->import("INBOX", 77, {1, 2}, 3).ok());
  auto again = this->user_->prepare_import("INBOX", 77);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, status->id);
  EXPECT_EQ(again->messages, 2u);
  // A mailbox created later gets a UIDVALIDITY above every imported one.
  auto big = this->user_->prepare_import("Big", 4'000'000'000u);
  ASSERT_TRUE(big.ok());
  ASSERT_TRUE(this->user_->create_mailbox("Later", 0).ok());
  EXPECT_GT(this->select("Later").status.uidvalidity, 4'000'000'000u);
}

TYPED_TEST(StoreImportTest, UsedMailboxIsNeverRenumbered) {
  this->append("INBOX", message("existing"));
  auto before = this->user_->status("INBOX").value();
  auto r = this->user_->prepare_import("INBOX", before.uidvalidity + 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);
  // Also after every message was expunged: the UIDs were handed out.
  ASSERT_TRUE(this->user_->create_mailbox("Box", 0).ok());
  this->append("Box", message("x", kDeleted));
  auto box = this->select("Box");
  ASSERT_TRUE(this->user_->expunge(box.status.id).ok());
  EXPECT_EQ(this->user_->prepare_import("Box", 99).error().code, ErrorCode::AlreadyExists);
  EXPECT_EQ(this->user_->status("INBOX").value().uidvalidity, before.uidvalidity);
  EXPECT_EQ(this->uids("INBOX"), std::vector<Uid>{1});
}

TYPED_TEST(StoreImportTest, UidsOnlyGrowAndTheBatchIsAtomic) {
  ASSERT_TRUE(this->user_->prepare_import("Box", 500).ok());
  ASSERT_TRUE(this->import("Box", 500, {5, 6}, 0).ok());
  EXPECT_EQ(this->select("Box").status.uidnext, 7u);
  // Below UIDNEXT, not ascending, duplicated: refused, nothing stored.
  EXPECT_EQ(this->import("Box", 500, {4}, 0).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(this->import("Box", 500, {9, 8}, 0).error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(this->import("Box", 500, {10, 10}, 0).error().code, ErrorCode::InvalidArgument);
  // Wrong UIDVALIDITY (the mailbox was replaced meanwhile).
  EXPECT_EQ(this->import("Box", 501, {20}, 0).error().code, ErrorCode::AlreadyExists);
  // A bad keyword in the last message leaves no trace of the first.
  std::vector<NewMessage> bad;
  bad.push_back(message("ok"));
  bad.push_back(message("bad", 0, {"bad keyword"}));
  auto r = this->user_->append_with_uids("Box", 500, std::move(bad), {30, 31}, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(this->uids("Box"), (std::vector<Uid>{5, 6}));
  EXPECT_EQ(this->select("Box").status.uidnext, 7u);
  // No messages: only raises UIDNEXT, never lowers it.
  ASSERT_TRUE(this->user_->append_with_uids("Box", 500, {}, {}, 40).ok());
  EXPECT_EQ(this->select("Box").status.uidnext, 40u);
  ASSERT_TRUE(this->user_->append_with_uids("Box", 500, {}, {}, 10).ok());
  this->restart();
  EXPECT_EQ(this->select("Box").status.uidnext, 40u);
  EXPECT_EQ(this->import("Box", 500, {39}, 0).error().code, ErrorCode::InvalidArgument);
  // Mismatched counts, missing mailbox, zero UIDVALIDITY.
  EXPECT_EQ(this->user_->append_with_uids("Box", 500, {message("a")}, {}, 0).error().code,
            ErrorCode::InvalidArgument);
  EXPECT_EQ(this->import("Nowhere", 500, {1}, 0).error().code, ErrorCode::NotFound);
  EXPECT_EQ(this->user_->prepare_import("Zero", 0).error().code, ErrorCode::InvalidArgument);
}

TYPED_TEST(StoreImportTest, NoselectPlaceholderBecomesTheImportedMailbox) {
  ASSERT_TRUE(this->user_->create_mailbox("P/child", 0).ok());
  ASSERT_TRUE(this->user_->delete_mailbox("P").ok());
  auto r = this->user_->prepare_import("P", 42);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(this->select("P").status.uidvalidity, 42u);
  EXPECT_EQ(this->names(), (std::vector<std::string>{"Archive", "Drafts", "INBOX", "Junk", "P",
                                                     "P/child", "Sent", "Trash"}));
}

}  // namespace
}  // namespace petrel::store::testing
