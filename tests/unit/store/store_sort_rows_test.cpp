// sort_rows(): SORT and THREAD's compact read gives, column by column, the
// values fetch() gives with kFetchInternalDate, kFetchSize and
// kFetchSortKeys, only for the columns asked, only for messages that exist,
// in UID order; in both backends.
#include <string>

#include "store/search_text.h"
#include "store/sort_rows.h"
#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

constexpr SortColumns kEveryColumn = kSortInternalDate | kSortSize | kSortDate | kSortSubject |
                                     kSortFrom | kSortTo | kSortCc | kSortDisplayFrom |
                                     kSortDisplayTo | kSortMessageId | kSortParents;

// A message whose every sort key differs from the others' (n = 0, 1, ...).
NewMessage keyed(int n) {
  const std::string s = std::to_string(n);
  NewMessage m = message(std::string(static_cast<size_t>(n) + 1, 'x'));
  m.internal_date = 1'700'000'000 - n;
  HeaderFields& h = m.parsed.headers;
  h.date = n % 2 == 0 ? 1'600'000'000 + n : 0;  // odd ones have no Date:
  h.subject = {"Re: topic " + s, "Re: topic " + s};
  h.from = {"Sender" + s + " <from" + s + "@example.com>", ""};
  h.to = {"To" + s + " <to" + s + "@example.com>", ""};
  h.cc = {"cc" + s + "@example.com", ""};
  h.message_id = {"<id" + s + "@x>", ""};
  h.references = {"<root@x> <id" + std::to_string(n - 1) + "@x>", ""};
  return m;
}

template <class Backend>
class SortRowsTest : public StoreTest<Backend> {
 protected:
  void SetUp() override {
    StoreTest<Backend>::SetUp();
    std::vector<NewMessage> messages;
    for (int n = 0; n < 6; ++n) messages.push_back(keyed(n));
    box_ = this->append("INBOX", std::move(messages)).mailbox;
  }

  // What fetch() says, laid out as sort_rows() should.
  SortRows expected(const UidSet& uids, SortColumns columns) {
    SortRows rows;
    rows.columns = columns;
    auto metas = this->user_->fetch(box_, uids, kFetchInternalDate | kFetchSize | kFetchSortKeys);
    EXPECT_TRUE(metas.ok());
    if (!metas.ok()) return rows;
    for (const auto& m : *metas)
      append_sort_row(rows, m.state.uid, m.internal_date, m.size, m.sort);
    return rows;
  }

  SortRows rows(const UidSet& uids, SortColumns columns) {
    auto r = this->user_->sort_rows(box_, uids, columns);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(*r) : SortRows{};
  }

  MailboxId box_ = 0;
};
TYPED_TEST_SUITE(SortRowsTest, Backends, BackendName);

TYPED_TEST(SortRowsTest, EveryColumnAsFetchGivesIt) {
  const UidSet all{{1, 6}};
  SortRows got = this->rows(all, kEveryColumn);
  EXPECT_EQ(got, this->expected(all, kEveryColumn));
  ASSERT_EQ(got.size(), 6u);
  // Spot checks that the columns are the right ones, not only equal.
  EXPECT_EQ(got.uids.front(), 1u);
  EXPECT_EQ(got.internal_dates[2], 1'700'000'000 - 2);
  EXPECT_EQ(got.dates[1], 0);
  EXPECT_EQ(got.dates[2], 1'600'000'002);
  EXPECT_EQ(got.sizes[3], std::string("Subject: xxxx\r\n\r\nxxxx\r\n").size());
  EXPECT_EQ(got.subject_is_reply[0], 1);
  EXPECT_EQ(got.message_ids[4], "id4@x");
  EXPECT_EQ(got.parents[5], "root@x id4@x");
  EXPECT_EQ(got.subjects[5], fold_search_string("topic 5"));
  EXPECT_NE(got.from[1], got.from[2]);
}

TYPED_TEST(SortRowsTest, OnlyTheColumnsAskedFor) {
  for (SortColumns one = 1; one <= kSortParents; one <<= 1) {
    SortRows got = this->rows(UidSet{{1, 6}}, one);
    EXPECT_EQ(got, this->expected(UidSet{{1, 6}}, one)) << "column " << one;
    EXPECT_EQ(got.uids.size(), 6u);
    // Every other column is empty.
    EXPECT_EQ(got.internal_dates.empty(), one != kSortInternalDate);
    EXPECT_EQ(got.sizes.empty(), one != kSortSize);
    EXPECT_EQ(got.dates.empty(), one != kSortDate);
    EXPECT_EQ(got.subjects.size() == 0, one != kSortSubject);
    EXPECT_EQ(got.subject_is_reply.empty(), one != kSortSubject);
    EXPECT_EQ(got.parents.size() == 0, one != kSortParents);
  }
  SortRows none = this->rows(UidSet{{1, 6}}, 0);
  EXPECT_EQ(none.uids, (std::vector<Uid>{1, 2, 3, 4, 5, 6}));
}

TYPED_TEST(SortRowsTest, OnlyMessagesOfTheSetThatExist) {
  // 3 is expunged; 9 and 20:30 never existed.
  ASSERT_TRUE(this->user_
                  ->store_flags(this->box_, UidSet{{3, 3}},
                                FlagChange{FlagChange::Op::Add, kDeleted, {}, {}})
                  .ok());
  ASSERT_TRUE(this->user_->expunge(this->box_).ok());
  const UidSet some{{2, 4}, {6, 9}, {20, 30}};
  SortRows got = this->rows(some, kSortSubject | kSortDate);
  EXPECT_EQ(got.uids, (std::vector<Uid>{2, 4, 6}));
  EXPECT_EQ(got, this->expected(some, kSortSubject | kSortDate));
  EXPECT_EQ(this->rows(UidSet{}, kEveryColumn).size(), 0u);
  EXPECT_EQ(this->rows(UidSet{{7, 100}}, kEveryColumn).size(), 0u);
}

TYPED_TEST(SortRowsTest, CopiesKeepTheirKeys) {
  auto copied = this->user_->copy(this->box_, UidSet{{2, 3}}, "Archive");
  ASSERT_TRUE(copied.ok());
  auto got = this->user_->sort_rows(copied->destination, UidSet{{1, 2}}, kEveryColumn);
  ASSERT_TRUE(got.ok());
  SortRows source = this->rows(UidSet{{2, 3}}, kEveryColumn);
  source.uids = {1, 2};
  EXPECT_EQ(*got, source);
}

TYPED_TEST(SortRowsTest, MissingMailboxIsNotFound) {
  auto r = this->user_->sort_rows(this->box_ + 1000, UidSet{{1, 6}}, kEveryColumn);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace petrel::store::testing
