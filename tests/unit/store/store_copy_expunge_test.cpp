// COPY, MOVE, EXPUNGE, tombstones and changes_since on every backend.
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreCopyExpungeTest : public StoreTest<B> {
 protected:
  void SetUp() override {
    StoreTest<B>::SetUp();
    auto r = this->append(
        "INBOX", {message("1"), message("2", kSeen, {"$A"}), message("3"), message("4", kFlagged)});
    inbox_ = r.mailbox;
  }
  void mark_deleted(UidSet uids) {
    FlagChange change{FlagChange::Op::Add, kDeleted, {}, std::nullopt};
    ASSERT_TRUE(this->user_->store_flags(inbox_, uids, change).ok());
  }
  MailboxId inbox_ = 0;
};
TYPED_TEST_SUITE(StoreCopyExpungeTest, Backends, BackendName);

TYPED_TEST(StoreCopyExpungeTest, CopyMapsUidsAndSharesContent) {
  this->append("Archive", message("already there"));
  auto r = this->user_->copy(this->inbox_, UidSet{{2, 4}}, "archive");
  ASSERT_FALSE(r.ok()) << "names other than INBOX are case-sensitive";
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
  auto copied = this->user_->copy(this->inbox_, UidSet{{2, 2}, {4, 9}}, "Archive").value();
  auto archive = this->user_->status("Archive").value();
  EXPECT_EQ(copied.destination, archive.id);
  EXPECT_EQ(copied.uidvalidity, archive.uidvalidity);
  EXPECT_EQ(copied.source_uids, (std::vector<Uid>{2, 4}));
  EXPECT_EQ(copied.dest_uids, (std::vector<Uid>{2, 3}));
  EXPECT_EQ(archive.uidnext, 4u);

  auto src = this->user_->fetch(this->inbox_, UidSet{{2, 2}}, kFetchEmailId | kFetchSaveDate);
  auto dst = this->user_->fetch(archive.id, UidSet{{2, 2}}, kFetchEmailId | kFetchFlags);
  ASSERT_TRUE(src.ok() && dst.ok());
  EXPECT_EQ((*src)[0].email_id, (*dst)[0].email_id) << "RFC 8474: same EMAILID for a copy";
  EXPECT_EQ((*dst)[0].state.flags, kSeen);
  EXPECT_EQ((*dst)[0].state.keywords, std::vector<std::string>{"$A"});
  EXPECT_EQ(this->user_->read_message(archive.id, 2).value(), message("2").bytes);
  EXPECT_EQ(this->select("INBOX").messages.size(), 4u) << "COPY leaves the source alone";

  // Copying nothing that exists is fine and maps nothing.
  auto empty = this->user_->copy(this->inbox_, UidSet{{90, 99}}, "Archive").value();
  EXPECT_TRUE(empty.source_uids.empty());
  EXPECT_EQ(this->user_->copy(this->inbox_, UidSet{{1, 1}}, "Nope").error().code,
            ErrorCode::NotFound);
}

TYPED_TEST(StoreCopyExpungeTest, CopiesOutliveTheOriginal) {
  this->user_->copy(this->inbox_, UidSet{{1, 1}}, "Trash").value();
  this->mark_deleted(UidSet{{1, 1}});
  ASSERT_TRUE(this->user_->expunge(this->inbox_).ok());
  auto trash = this->user_->status("Trash").value();
  EXPECT_EQ(this->user_->read_message(trash.id, 1).value(), message("1").bytes);
}

TYPED_TEST(StoreCopyExpungeTest, MoveExpungesSourceWithTombstones) {
  ModSeq before = this->user_->status("INBOX").value().highest_modseq;
  auto moved = this->user_->move(this->inbox_, UidSet{{1, 2}}, "Trash").value();
  EXPECT_EQ(moved.source_uids, (std::vector<Uid>{1, 2}));
  EXPECT_EQ(moved.dest_uids, (std::vector<Uid>{1, 2}));
  EXPECT_GT(moved.source_modseq, before);
  EXPECT_EQ(this->uids("INBOX"), (std::vector<Uid>{3, 4}));
  EXPECT_EQ(this->uids("Trash"), (std::vector<Uid>{1, 2}));
  auto changes = this->user_->changes_since(this->inbox_, before).value();
  EXPECT_EQ(changes.vanished, (std::vector<Uid>{1, 2}));
  EXPECT_TRUE(changes.changed.empty());
  EXPECT_EQ(changes.highest_modseq, moved.source_modseq);
}

TYPED_TEST(StoreCopyExpungeTest, MoveWithinOneMailboxGivesNewUids) {
  auto moved = this->user_->move(this->inbox_, UidSet{{1, 1}}, "INBOX").value();
  EXPECT_EQ(moved.dest_uids, std::vector<Uid>{5});
  EXPECT_EQ(this->uids("INBOX"), (std::vector<Uid>{2, 3, 4, 5}));
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(status.uidnext, 6u);
  EXPECT_EQ(status.highest_modseq, moved.source_modseq);
  auto copied = this->user_->copy(this->inbox_, UidSet{{2, 2}}, "INBOX").value();
  EXPECT_EQ(copied.dest_uids, std::vector<Uid>{6});
}

TYPED_TEST(StoreCopyExpungeTest, ExpungeRemovesDeletedAndLeavesTombstones) {
  ModSeq start = this->user_->status("INBOX").value().highest_modseq;
  auto nothing = this->user_->expunge(this->inbox_).value();
  EXPECT_TRUE(nothing.uids.empty());
  EXPECT_EQ(nothing.highest_modseq, start);
  this->mark_deleted(UidSet{{1, 3}});
  ModSeq marked = this->user_->status("INBOX").value().highest_modseq;
  // UID EXPUNGE touches only the given UIDs.
  UidSet only{{2, 2}, {4, 4}};
  auto partial = this->user_->expunge(this->inbox_, &only).value();
  EXPECT_EQ(partial.uids, std::vector<Uid>{2});
  EXPECT_EQ(partial.highest_modseq, marked + 1);
  auto rest = this->user_->expunge(this->inbox_).value();
  EXPECT_EQ(rest.uids, (std::vector<Uid>{1, 3}));
  EXPECT_EQ(rest.highest_modseq, marked + 2);
  EXPECT_EQ(this->uids("INBOX"), std::vector<Uid>{4});

  auto since_marked = this->user_->changes_since(this->inbox_, marked).value();
  EXPECT_EQ(since_marked.vanished, (std::vector<Uid>{1, 2, 3}));
  auto since_partial = this->user_->changes_since(this->inbox_, partial.highest_modseq).value();
  EXPECT_EQ(since_partial.vanished, (std::vector<Uid>{1, 3}));
  auto since_start = this->user_->changes_since(this->inbox_, start).value();
  EXPECT_TRUE(since_start.changed.empty()) << "message 4 was not changed after start";
  EXPECT_EQ(this->user_->read_message(this->inbox_, 1).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreCopyExpungeTest, ChangesSinceReportsNewAndChangedMessages) {
  ModSeq start = this->user_->status("INBOX").value().highest_modseq;
  FlagChange seen{FlagChange::Op::Add, kSeen, {}, std::nullopt};
  ASSERT_TRUE(this->user_->store_flags(this->inbox_, UidSet{{3, 3}}, seen).ok());
  this->append("INBOX", message("5"));
  auto changes = this->user_->changes_since(this->inbox_, start).value();
  ASSERT_EQ(changes.changed.size(), 2u);
  EXPECT_EQ(changes.changed[0].uid, 3u);
  EXPECT_EQ(changes.changed[0].flags, kSeen);
  EXPECT_EQ(changes.changed[1].uid, 5u);
  EXPECT_TRUE(changes.vanished.empty());
  EXPECT_EQ(changes.uidnext, 6u);
  EXPECT_EQ(changes.name, "INBOX");
  auto all = this->user_->changes_since(this->inbox_, 0).value();
  EXPECT_EQ(all.changed.size(), 5u);
  auto none = this->user_->changes_since(this->inbox_, changes.highest_modseq).value();
  EXPECT_TRUE(none.changed.empty());
  EXPECT_EQ(this->user_->changes_since(4242, 0).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreCopyExpungeTest, UidsNeverReusedAfterExpungingTheHighest) {
  this->mark_deleted(UidSet{{3, 4}});
  ASSERT_TRUE(this->user_->expunge(this->inbox_).ok());
  this->restart();
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(status.uidnext, 5u);
  auto appended = this->append("INBOX", message("new"));
  EXPECT_EQ(appended.uids, std::vector<Uid>{5});
  // The same after moving the highest away.
  ASSERT_TRUE(this->user_->move(status.id, UidSet{{5, 5}}, "Junk").ok());
  this->restart();
  EXPECT_EQ(this->append("INBOX", message("newer")).uids, std::vector<Uid>{6});
  auto check = this->user_->check(false).value();
  EXPECT_TRUE(check.clean()) << check.problems.front();
}

}  // namespace
}  // namespace petrel::store::testing
