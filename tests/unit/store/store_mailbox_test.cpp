// Mailbox operations on every backend: defaults, CREATE, DELETE, RENAME,
// subscriptions, STATUS.
#include <algorithm>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreMailboxTest : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreMailboxTest, Backends, BackendName);

using Strings = std::vector<std::string>;

TYPED_TEST(StoreMailboxTest, NewUserGetsDefaultMailboxesWithSpecialUse) {
  auto list = this->user_->list_mailboxes();
  ASSERT_TRUE(list.ok());
  std::map<std::string, SpecialUse> got;
  for (const auto& m : *list) {
    got[m.name] = m.special_use;
    EXPECT_FALSE(m.noselect);
    EXPECT_TRUE(m.subscribed) << m.name;
    EXPECT_EQ(m.object_id[0], 'F');
  }
  std::map<std::string, SpecialUse> want = {{"Archive", kArchive}, {"Drafts", kDrafts},
                                            {"INBOX", 0},          {"Junk", kJunk},
                                            {"Sent", kSent},       {"Trash", kTrash}};
  EXPECT_EQ(got, want);
  auto inbox = this->user_->status("INBOX");
  ASSERT_TRUE(inbox.ok());
  EXPECT_EQ(inbox->messages, 0u);
  EXPECT_EQ(inbox->uidnext, 1u);
  EXPECT_GT(inbox->uidvalidity, 0u);
  EXPECT_GE(inbox->highest_modseq, 1u);
}

TYPED_TEST(StoreMailboxTest, InboxIsCaseInsensitiveAndAlwaysExists) {
  EXPECT_TRUE(this->user_->status("inbox").ok());
  EXPECT_TRUE(this->user_->status("InBoX").ok());
  auto again = this->user_->create_mailbox("inbox", 0);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
  auto del = this->user_->delete_mailbox("Inbox");
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, ErrorCode::Forbidden);
  // The first level of a longer name is INBOX too.
  ASSERT_TRUE(this->user_->create_mailbox("inbox/Sub", 0).ok());
  EXPECT_TRUE(this->user_->status("INBOX/Sub").ok());
  // Other names are case-sensitive.
  ASSERT_TRUE(this->user_->create_mailbox("work", 0).ok());
  EXPECT_TRUE(this->user_->create_mailbox("Work", 0).ok());
}

TYPED_TEST(StoreMailboxTest, CreateMakesSuperiorLevelsAndRefusesDuplicates) {
  auto created = this->user_->create_mailbox("a/b/c", kFlaggedUse);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->name, "a/b/c");
  EXPECT_EQ(created->special_use, kFlaggedUse);
  Strings names = this->names();
  for (const char* n : {"a", "a/b", "a/b/c"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
  EXPECT_TRUE(this->user_->status("a/b").ok()) << "superior levels are selectable";
  auto dup = this->user_->create_mailbox("a/b", 0);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::AlreadyExists);
}

TYPED_TEST(StoreMailboxTest, NamesAreValidated) {
  for (const char* bad : {"", "/a", "a/", "a//b", "a/../b", ".", "a/./b", "a\x01", "\xff\xfe"}) {
    auto r = this->user_->create_mailbox(bad, 0);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << bad;
  }
  auto unicode = this->user_->create_mailbox("Entwürfe/日本語", 0);
  ASSERT_TRUE(unicode.ok());
  EXPECT_TRUE(this->user_->status("Entwürfe/日本語").ok());
  auto use = this->user_->create_mailbox("x", 0x80);
  ASSERT_FALSE(use.ok());
  EXPECT_EQ(use.error().code, ErrorCode::InvalidArgument);
}

TYPED_TEST(StoreMailboxTest, DeleteRemovesMailboxAndMessages) {
  ASSERT_TRUE(this->user_->create_mailbox("old", 0).ok());
  auto appended = this->append("old", message("one"));
  ASSERT_TRUE(this->user_->delete_mailbox("old").ok());
  auto status = this->user_->status("old");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::NotFound);
  // A session still holding the id gets NotFound, not another mailbox.
  auto fetch = this->user_->fetch(appended.mailbox, UidSet::all(), kFetchFlags);
  ASSERT_FALSE(fetch.ok());
  EXPECT_EQ(fetch.error().code, ErrorCode::NotFound);
  auto missing = this->user_->delete_mailbox("old");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreMailboxTest, DeleteWithChildrenLeavesNoselectPlaceholder) {
  ASSERT_TRUE(this->user_->create_mailbox("foo/bar", 0).ok());
  this->append("foo", message("in foo"));
  ASSERT_TRUE(this->user_->delete_mailbox("foo").ok());
  Strings names = this->names();
  EXPECT_NE(std::find(names.begin(), names.end(), "foo (noselect)"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "foo/bar"), names.end());
  EXPECT_EQ(this->user_->status("foo").error().code, ErrorCode::NotFound);
  EXPECT_EQ(this->user_->append("foo", {message("x")}).error().code, ErrorCode::NotFound);
  // RFC 9051 6.3.4: a \Noselect name with inferiors cannot be deleted...
  EXPECT_EQ(this->user_->delete_mailbox("foo").error().code, ErrorCode::Forbidden);
  // ...but once the children are gone it can.
  ASSERT_TRUE(this->user_->delete_mailbox("foo/bar").ok());
  names = this->names();
  EXPECT_NE(std::find(names.begin(), names.end(), "foo (noselect)"), names.end());
  ASSERT_TRUE(this->user_->delete_mailbox("foo").ok());
  names = this->names();
  EXPECT_EQ(std::find(names.begin(), names.end(), "foo (noselect)"), names.end());
}

TYPED_TEST(StoreMailboxTest, ChildrenDetectedDespiteNamesSortingBetween) {
  // "a b" sorts between "a" and "a/x": it must not hide the child.
  ASSERT_TRUE(this->user_->create_mailbox("a b", 0).ok());
  ASSERT_TRUE(this->user_->create_mailbox("a/x", 0).ok());
  ASSERT_TRUE(this->user_->delete_mailbox("a").ok());
  Strings names = this->names();
  EXPECT_NE(std::find(names.begin(), names.end(), "a (noselect)"), names.end());
}

TYPED_TEST(StoreMailboxTest, CreateOverPlaceholderIsNewIncarnation) {
  ASSERT_TRUE(this->user_->create_mailbox("p/q", 0).ok());
  auto before = this->user_->status("p");
  ASSERT_TRUE(before.ok());
  ASSERT_TRUE(this->user_->delete_mailbox("p").ok());
  auto created = this->user_->create_mailbox("p", 0);
  ASSERT_TRUE(created.ok());
  auto after = this->user_->status("p");
  ASSERT_TRUE(after.ok());
  EXPECT_NE(after->id, before->id);
  EXPECT_GT(after->uidvalidity, before->uidvalidity);
}

TYPED_TEST(StoreMailboxTest, UidvalidityChangesWhenDeletedAndCreatedAgain) {
  ASSERT_TRUE(this->user_->create_mailbox("box", 0).ok());
  auto first = this->user_->status("box").value();
  this->append("box", message("m"));
  ASSERT_TRUE(this->user_->delete_mailbox("box").ok());
  this->restart();
  ASSERT_TRUE(this->user_->create_mailbox("box", 0).ok());
  auto second = this->user_->status("box").value();
  EXPECT_NE(second.uidvalidity, first.uidvalidity);
  EXPECT_GT(second.uidvalidity, first.uidvalidity);
  EXPECT_NE(second.id, first.id);
  EXPECT_EQ(second.messages, 0u);
}

TYPED_TEST(StoreMailboxTest, RenameMovesChildrenAndKeepsIdentity) {
  ASSERT_TRUE(this->user_->create_mailbox("foo/bar/baz", 0).ok());
  this->append("foo/bar", message("keep me"));
  auto before = this->user_->status("foo/bar").value();
  ASSERT_TRUE(this->user_->rename_mailbox("foo", "zap/zowie").ok());
  Strings names = this->names();
  for (const char* n : {"zap", "zap/zowie", "zap/zowie/bar", "zap/zowie/bar/baz"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
  for (const char* n : {"foo", "foo/bar", "foo/bar/baz"}) {
    EXPECT_EQ(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
  auto after = this->user_->status("zap/zowie/bar").value();
  EXPECT_EQ(after.id, before.id);
  EXPECT_EQ(after.uidvalidity, before.uidvalidity);
  EXPECT_EQ(after.uidnext, before.uidnext);
  EXPECT_EQ(after.object_id, before.object_id);
  EXPECT_EQ(after.messages, 1u);
}

TYPED_TEST(StoreMailboxTest, RenameErrors) {
  ASSERT_TRUE(this->user_->create_mailbox("a/b", 0).ok());
  EXPECT_EQ(this->user_->rename_mailbox("nope", "x").error().code, ErrorCode::NotFound);
  EXPECT_EQ(this->user_->rename_mailbox("a", "Sent").error().code, ErrorCode::AlreadyExists);
  EXPECT_EQ(this->user_->rename_mailbox("a", "inbox").error().code, ErrorCode::AlreadyExists);
  EXPECT_EQ(this->user_->rename_mailbox("a", "a/b/c").error().code, ErrorCode::InvalidArgument);
  EXPECT_TRUE(this->user_->status("a/b").ok());
}

TYPED_TEST(StoreMailboxTest, RenameInboxMovesMessagesAndLeavesInboxEmpty) {
  ASSERT_TRUE(this->user_->create_mailbox("INBOX/child", 0).ok());
  auto appended = this->append("INBOX", {message("one"), message("two", kSeen, {"$Work"})});
  auto inbox_before = this->user_->status("INBOX").value();
  ASSERT_TRUE(this->user_->rename_mailbox("INBOX", "old-mail").ok());

  // INBOX: same incarnation, empty, UIDNEXT kept so no UID is reused, and
  // the moved messages are expunged with tombstones (QRESYNC sees them go).
  auto inbox = this->user_->status("INBOX").value();
  EXPECT_EQ(inbox.id, inbox_before.id);
  EXPECT_EQ(inbox.uidvalidity, inbox_before.uidvalidity);
  EXPECT_EQ(inbox.uidnext, inbox_before.uidnext);
  EXPECT_EQ(inbox.messages, 0u);
  EXPECT_GT(inbox.highest_modseq, inbox_before.highest_modseq);
  auto changes = this->user_->changes_since(inbox.id, inbox_before.highest_modseq).value();
  EXPECT_EQ(changes.vanished, appended.uids);
  auto next = this->append("INBOX", message("three"));
  EXPECT_EQ(next.uids, std::vector<Uid>{inbox_before.uidnext});

  // The new mailbox: a new incarnation holding the messages with their UIDs.
  auto moved = this->select("old-mail");
  EXPECT_NE(moved.status.uidvalidity, inbox_before.uidvalidity);
  ASSERT_EQ(moved.messages.size(), 2u);
  EXPECT_EQ(moved.messages[0].uid, appended.uids[0]);
  EXPECT_EQ(moved.messages[1].flags, kSeen);
  EXPECT_EQ(moved.messages[1].keywords, std::vector<std::string>{"$Work"});
  EXPECT_EQ(moved.status.uidnext, inbox_before.uidnext);
  auto bytes = this->user_->read_message(moved.status.id, appended.uids[1]);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, message("two").bytes);
  // INBOX's children stay where they were.
  EXPECT_TRUE(this->user_->status("INBOX/child").ok());
  EXPECT_FALSE(this->user_->status("old-mail/child").ok());
}

TYPED_TEST(StoreMailboxTest, SubscriptionsMayNameMissingMailboxes) {
  ASSERT_TRUE(this->user_->subscribe("ghost/box").ok());
  ASSERT_TRUE(this->user_->subscribe("inbox").ok());
  auto subs = this->user_->list_subscriptions().value();
  EXPECT_NE(std::find(subs.begin(), subs.end(), "ghost/box"), subs.end());
  EXPECT_EQ(std::count(subs.begin(), subs.end(), "INBOX"), 1);
  ASSERT_TRUE(this->user_->unsubscribe("ghost/box").ok());
  EXPECT_EQ(this->user_->unsubscribe("ghost/box").error().code, ErrorCode::NotFound);
  ASSERT_TRUE(this->user_->unsubscribe("Junk").ok());
  auto list = this->user_->list_mailboxes().value();
  for (const auto& m : list) {
    if (m.name == "Junk") {
      EXPECT_FALSE(m.subscribed);
    }
  }
  // Subscriptions survive DELETE (RFC 9051 6.3.4 leaves them alone).
  ASSERT_TRUE(this->user_->create_mailbox("sub", 0).ok());
  ASSERT_TRUE(this->user_->subscribe("sub").ok());
  ASSERT_TRUE(this->user_->delete_mailbox("sub").ok());
  subs = this->user_->list_subscriptions().value();
  EXPECT_NE(std::find(subs.begin(), subs.end(), "sub"), subs.end());
}

TYPED_TEST(StoreMailboxTest, StatusCountsMessages) {
  this->append("INBOX", {message("a"), message("b", kSeen), message("c", kSeen | kDeleted)});
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(status.messages, 3u);
  EXPECT_EQ(status.unseen, 1u);
  EXPECT_EQ(status.deleted, 1u);
  EXPECT_EQ(status.size,
            message("a").bytes.size() + message("b").bytes.size() + message("c").bytes.size());
  EXPECT_EQ(status.uidnext, 4u);
}

TYPED_TEST(StoreMailboxTest, OneUserStorePerUser) {
  auto again = this->open_user("alice");
  EXPECT_EQ(again.get(), this->user_.get());
  auto bob = this->open_user("bob");
  ASSERT_TRUE(bob);
  EXPECT_NE(bob.get(), this->user_.get());
  this->append("INBOX", message("for alice"));
  EXPECT_EQ(bob->status("INBOX").value().messages, 0u);
  for (const char* bad : {"", "..", ".hidden", "a/b", "a\\b"}) {
    auto r = this->store_->open_user(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  }
  auto users = this->store_->list_users().value();
  EXPECT_EQ(users, (Strings{"alice", "bob"}));
}

TYPED_TEST(StoreMailboxTest, ClosedStoreRefusesWork) {
  this->store_->close();
  auto r = this->user_->status("INBOX");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::Io);
  EXPECT_FALSE(this->user_->append("INBOX", {message("late")}).ok());
  EXPECT_FALSE(this->store_->open_user("alice").ok());
}

}  // namespace
}  // namespace petrel::store::testing
