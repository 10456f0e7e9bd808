// append_with_uids() numbering from UIDNEXT (UIDs of 0) and the full-text
// backlog it may leave (index_backlog): searches are exact before, during
// and after the second pass, on every backend.
#include "store/search_text.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

NewMessage text_message(const std::string& subject, const std::string& body) {
  NewMessage m = message(subject);
  m.bytes = "Subject: " + subject + "\r\n\r\n" + body + "\r\n";
  return m;
}

template <class B>
class ImportBacklogTest : public StoreTest<B> {
 protected:
  std::vector<Uid> candidates(std::string_view mailbox, std::string_view s) {
    auto snap = this->select(mailbox);
    auto r = this->user_->text_candidates(snap.status.id, TextField::Body, fold_search_string(s));
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<Uid> out;
    for (const auto& m : snap.messages) {
      if (!r.ok() || !*r || (*r)->uids.contains(m.uid)) out.push_back(m.uid);
    }
    return out;
  }
  // The UIDs whose fetched SearchText body holds `folded` (the exact check
  // SEARCH makes after text_candidates).
  std::vector<Uid> matches(std::string_view mailbox, std::string_view s) {
    auto snap = this->select(mailbox);
    auto r = this->user_->fetch(snap.status.id, UidSet::all(), kFetchSearchText);
    EXPECT_TRUE(r.ok()) << r.error().message;
    std::vector<Uid> out;
    for (const auto& m : *r) {
      if (m.search.body.find(fold_search_string(s)) != std::string::npos) {
        out.push_back(m.state.uid);
      }
    }
    return out;
  }
  Result<AppendResult> import_numbered(std::vector<NewMessage> messages) {
    std::vector<Uid> zeros(messages.size(), 0);
    return this->user_->append_with_uids("INBOX", 0, std::move(messages), zeros, 0);
  }
};
TYPED_TEST_SUITE(ImportBacklogTest, Backends, BackendName);

TYPED_TEST(ImportBacklogTest, ZeroUidsAreNumberedFromUidNext) {
  this->append("INBOX", message("first"));
  std::vector<NewMessage> batch;
  batch.push_back(message("a"));
  batch.push_back(message("b"));
  auto r = this->import_numbered(std::move(batch));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->uids, (std::vector<Uid>{2, 3}));
  EXPECT_EQ(this->select("INBOX").status.uidnext, 4u);
  // Some zero and some not: refused, nothing stored.
  std::vector<NewMessage> mixed;
  mixed.push_back(message("c"));
  mixed.push_back(message("d"));
  auto bad = this->user_->append_with_uids("INBOX", 0, std::move(mixed), {0, 9}, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
  EXPECT_EQ(this->select("INBOX").messages.size(), 3u);
  // A UIDVALIDITY other than 0 is still checked.
  std::vector<NewMessage> other;
  other.push_back(message("e"));
  auto wrong = this->user_->append_with_uids("INBOX", 1, std::move(other), {0}, 0);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::AlreadyExists);
}

TYPED_TEST(ImportBacklogTest, SearchesAreExactBeforeDuringAndAfterTheSecondPass) {
  using V = std::vector<Uid>;
  this->append("INBOX", text_message("old", "appended zebra"));
  std::vector<NewMessage> batch;
  for (int i = 0; i < 5; ++i)
    batch.push_back(text_message("imp", "imported zebra " + std::to_string(i)));
  batch.push_back(text_message("imp", "no stripes"));
  ASSERT_TRUE(this->import_numbered(std::move(batch)).ok());
  this->append("INBOX", text_message("new", "appended later zebra"));
  const V all_zebras{1, 2, 3, 4, 5, 6, 8};
  auto check = [&] {
    auto c = this->candidates("INBOX", "ZEBRA");
    for (Uid uid : all_zebras) {
      EXPECT_NE(std::find(c.begin(), c.end(), uid), c.end()) << "uid " << uid;
    }
    EXPECT_EQ(this->matches("INBOX", "zebra"), all_zebras);
    EXPECT_EQ(this->matches("INBOX", "stripes"), V{7});
  };
  check();
  this->restart();
  check();
  // One message per transaction: the index fills step by step.
  size_t rounds = 0;
  while (true) {
    auto left = this->user_->index_backlog(1);
    ASSERT_TRUE(left.ok()) << left.error().message;
    check();
    if (*left == 0) break;
    ASSERT_LT(++rounds, 20u);
  }
  // Complete: the index alone narrows again (the message without the word
  // is no longer a candidate on the backend that has an index).
  auto done = this->user_->index_backlog(100);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(*done, 0u);
  check();
  if constexpr (std::is_same_v<TypeParam, SqliteBackend>) {
    EXPECT_EQ(this->candidates("INBOX", "zebra"), all_zebras);
  }
}

}  // namespace
}  // namespace petrel::store::testing
