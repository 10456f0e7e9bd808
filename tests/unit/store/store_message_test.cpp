// APPEND, SELECT, FETCH and message bytes on every backend.
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

template <class B>
class StoreMessageTest : public StoreTest<B> {};
TYPED_TEST_SUITE(StoreMessageTest, Backends, BackendName);

TYPED_TEST(StoreMessageTest, AppendAssignsIncreasingUidsAtomically) {
  auto first = this->append("INBOX", message("one"));
  auto status = this->user_->status("INBOX").value();
  EXPECT_EQ(first.uidvalidity, status.uidvalidity);
  EXPECT_EQ(first.uids, std::vector<Uid>{1});
  auto multi = this->append("INBOX", {message("two"), message("three"), message("four")});
  EXPECT_EQ(multi.uids, (std::vector<Uid>{2, 3, 4}));
  EXPECT_GT(multi.modseq, first.modseq);
  EXPECT_EQ(this->user_->status("INBOX").value().highest_modseq, multi.modseq);

  // MULTIAPPEND is all or nothing: a bad keyword in the last message
  // leaves no trace of the others, and no UID is consumed.
  std::vector<NewMessage> bad;
  bad.push_back(message("five"));
  bad.push_back(message("six", 0, {"bad keyword"}));
  auto r = this->user_->append("INBOX", std::move(bad));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(this->uids("INBOX"), (std::vector<Uid>{1, 2, 3, 4}));
  EXPECT_EQ(this->append("INBOX", message("seven")).uids, std::vector<Uid>{5});
}

TYPED_TEST(StoreMessageTest, AppendToMissingMailboxIsNotFound) {
  auto r = this->user_->append("Nowhere", {message("x")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
  EXPECT_EQ(this->user_->append("INBOX", {}).error().code, ErrorCode::InvalidArgument);
}

TYPED_TEST(StoreMessageTest, SelectGivesEveryMessageInUidOrder) {
  this->append("INBOX", {message("a", kSeen, {"$Label1", "Important"}), message("b"),
                         message("c", kDeleted | kFlagged)});
  auto snap = this->select("inbox");
  EXPECT_EQ(snap.status.name, "INBOX");
  EXPECT_EQ(snap.status.messages, 3u);
  EXPECT_EQ(snap.status.unseen, 2u);
  EXPECT_EQ(snap.status.deleted, 1u);
  EXPECT_EQ(snap.status.uidnext, 4u);
  ASSERT_EQ(snap.messages.size(), 3u);
  EXPECT_EQ(snap.messages[0].uid, 1u);
  EXPECT_EQ(snap.messages[0].flags, kSeen);
  EXPECT_EQ(snap.messages[0].keywords, (std::vector<std::string>{"$Label1", "Important"}));
  EXPECT_EQ(snap.messages[2].flags, kDeleted | kFlagged);
  EXPECT_EQ(snap.messages[2].modseq, snap.status.highest_modseq);
  EXPECT_EQ(snap.keywords, (std::vector<std::string>{"$Label1", "Important"}));
  EXPECT_EQ(this->user_->select("Nowhere").error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreMessageTest, FetchReadsOnlyWhatIsAsked) {
  NewMessage m = message("hello");
  m.parsed.headers.date = 1'600'000'000;
  m.parsed.headers.from = {"=?utf-8?q?J=C3=B6rg?= <j@example.org>", "Jörg <j@example.org>"};
  m.parsed.headers.message_id = {"<1@x>", "<1@x>"};
  auto appended = this->append("INBOX", m);
  MailboxId box = appended.mailbox;

  auto flags_only = this->user_->fetch(box, UidSet{{1, 1}}, kFetchFlags).value();
  ASSERT_EQ(flags_only.size(), 1u);
  EXPECT_EQ(flags_only[0].state.uid, 1u);
  EXPECT_EQ(flags_only[0].parsed.envelope, "");
  EXPECT_EQ(flags_only[0].size, 0u);

  FetchFields all = kFetchFlags | kFetchInternalDate | kFetchSize | kFetchSaveDate | kFetchEmailId |
                    kFetchThreadId | kFetchEnvelope | kFetchBody | kFetchBodyStructure |
                    kFetchPartTree | kFetchPreview | kFetchHeaders;
  auto full = this->user_->fetch(box, UidSet::all(), all).value();
  ASSERT_EQ(full.size(), 1u);
  const MessageMeta& meta = full[0];
  EXPECT_EQ(meta.internal_date, m.internal_date);
  EXPECT_EQ(meta.internal_date_tz, 120);
  EXPECT_EQ(meta.size, m.bytes.size());
  EXPECT_GT(meta.save_date, 1'700'000'000);
  EXPECT_EQ(meta.email_id[0], 'M');
  EXPECT_EQ(meta.thread_id[0], 'T');
  EXPECT_EQ(meta.parsed, m.parsed);  // every field round-trips, including NUL bytes

  auto env = this->user_->fetch(box, UidSet::all(), kFetchEnvelope).value();
  EXPECT_EQ(env[0].parsed.envelope, m.parsed.envelope);
  EXPECT_EQ(env[0].parsed.bodystructure, "");
  EXPECT_EQ(env[0].email_id, "");
}

TYPED_TEST(StoreMessageTest, FetchSkipsMissingUidsAndHandlesRanges) {
  std::vector<NewMessage> batch;
  for (int i = 0; i < 10; ++i) batch.push_back(message(std::to_string(i)));
  auto appended = this->append("INBOX", std::move(batch));
  UidSet set{{2, 3}, {7, 7}, {9, 50}};
  set.add(100);
  auto got = this->user_->fetch(appended.mailbox, set, kFetchSize).value();
  std::vector<Uid> uids;
  for (const auto& m : got) uids.push_back(m.state.uid);
  EXPECT_EQ(uids, (std::vector<Uid>{2, 3, 7, 9, 10}));
}

TYPED_TEST(StoreMessageTest, ReadsWholeMessageAndRanges) {
  NewMessage big = message("big");
  big.bytes.clear();
  for (int i = 0; i < 200'000; ++i) big.bytes += static_cast<char>('a' + i % 26);
  big.bytes[1000] = '\0';  // bytes are binary-safe (BINARY / literal8)
  std::string expected = big.bytes;
  auto appended = this->append("INBOX", std::move(big));
  MailboxId box = appended.mailbox;
  Uid uid = appended.uids[0];

  EXPECT_EQ(this->user_->read_message(box, uid).value(), expected);
  EXPECT_EQ(this->user_->read_message(box, uid, 0, 100).value(), expected.substr(0, 100));
  EXPECT_EQ(this->user_->read_message(box, uid, 999, 3).value(), expected.substr(999, 3));
  EXPECT_EQ(this->user_->read_message(box, uid, 150'000, 100).value(),
            expected.substr(150'000, 100));
  EXPECT_EQ(this->user_->read_message(box, uid, 199'990, 100).value(), expected.substr(199'990));
  EXPECT_EQ(this->user_->read_message(box, uid, 200'000, 10).value(), "");
  EXPECT_EQ(this->user_->read_message(box, uid, 500'000, 10).value(), "");
  EXPECT_EQ(this->user_->read_message(box, 99).error().code, ErrorCode::NotFound);
}

TYPED_TEST(StoreMessageTest, KeywordsKeepTheirFirstSpelling) {
  this->append("INBOX", message("a", 0, {"$Forwarded", "NonJunk"}));
  this->append("INBOX", message("b", 0, {"$FORWARDED", "nonjunk", "$forwarded"}));
  auto snap = this->select("INBOX");
  ASSERT_EQ(snap.messages.size(), 2u);
  EXPECT_EQ(snap.messages[1].keywords, (std::vector<std::string>{"$Forwarded", "NonJunk"}));
  for (const char* bad : {"\\Seen", "a b", "(x", "x]", "", "caf\xc3\xa9"}) {
    auto r = this->user_->append("INBOX", {message("c", 0, {bad})});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  }
}

TYPED_TEST(StoreMessageTest, ThreadIdsFollowReferences) {
  auto with = [](std::string text, std::string id, std::string in_reply_to,
                 std::string references) {
    NewMessage m = message(std::move(text));
    m.parsed.headers.message_id.raw = std::move(id);
    m.parsed.headers.in_reply_to.raw = std::move(in_reply_to);
    m.parsed.headers.references.raw = std::move(references);
    return m;
  };
  // The reply arrives before its parent; a grandchild refers to both.
  this->append("INBOX", with("reply", "<2@x>", "<1@x>", "<1@x>"));
  this->append("INBOX", with("parent", "<1@x>", "", ""));
  this->append("INBOX", with("other", "<9@x>", "", ""));
  this->append("Sent", with("grandchild", "<3@x>", "<2@x>", "<1@x>\r\n <2@x>"));
  auto inbox = this->user_->status("INBOX").value();
  auto sent = this->user_->status("Sent").value();
  auto a = this->user_->fetch(inbox.id, UidSet::all(), kFetchThreadId | kFetchEmailId).value();
  auto b = this->user_->fetch(sent.id, UidSet::all(), kFetchThreadId).value();
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(a[0].thread_id, a[1].thread_id);
  EXPECT_NE(a[0].thread_id, a[2].thread_id);
  EXPECT_EQ(b[0].thread_id, a[0].thread_id);  // across mailboxes (RFC 8474 5.2)
  EXPECT_NE(a[0].email_id, a[1].email_id);
  EXPECT_NE(a[0].email_id, a[0].thread_id);
}

TYPED_TEST(StoreMessageTest, AppendedMessagesSurviveRestart) {
  auto appended = this->append("Drafts", {message("draft", kDraft, {"$Todo"})});
  this->restart();
  auto snap = this->select("Drafts");
  ASSERT_EQ(snap.messages.size(), 1u);
  EXPECT_EQ(snap.messages[0].uid, appended.uids[0]);
  EXPECT_EQ(snap.messages[0].flags, kDraft);
  EXPECT_EQ(snap.messages[0].keywords, std::vector<std::string>{"$Todo"});
  EXPECT_EQ(this->user_->read_message(snap.status.id, appended.uids[0]).value(),
            message("draft").bytes);
}

}  // namespace
}  // namespace petrel::store::testing
