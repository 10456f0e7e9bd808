// SORT and THREAD's path: read_sort_table() (the search, or none for ALL,
// then UserStore::sort_rows) and sort_matches() give what a plain stable
// sort of fetch()'s full metadata gives, for random criteria (REVERSE,
// several keys, many ties) and for ALL and other search programs, in both
// backends; messages outside the view or expunged are left out.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../store/store_fixture.h"
#include "imap/commands/message_builder.h"
#include "search/sort.h"
#include "search/thread.h"

namespace petrel::search {
namespace {

using imap::SearchKey;
using imap::SortCriterion;
using imap::SortKey;
using K = imap::SearchKeyKind;
using store::testing::BackendName;
using store::testing::Backends;

// Few distinct values per header, so most comparisons meet ties.
std::string raw_message(std::mt19937& rng, int i) {
  auto pick = [&](std::initializer_list<const char*> v) {
    return std::string(*(v.begin() + std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)));
  };
  std::string m = "From: " + pick({"Alice <alice@x>", "bob@x", "\"Zoë\" <zoe@x>", ""}) + "\r\n";
  m += "To: " + pick({"carol@x", "Dave <dave@x>", ""}) + "\r\n";
  if (i % 3 == 0) m += "Cc: " + pick({"eve@x", "Fay <fay@x>"}) + "\r\n";
  m +=
      "Subject: " + pick({"Re: plan", "plan", "Fwd: plan", "[list] Budget", "budget", ""}) + "\r\n";
  if (i % 4 != 0) m += "Date: Mon, " + pick({"1", "2", "3"}) + " Jan 2024 10:00:00 +0000\r\n";
  m += "Message-ID: <m" + std::to_string(i) + "@x>\r\n";
  if (i > 0 && i % 2 == 0) {
    m += "References: <m" + std::to_string(std::uniform_int_distribution<int>(0, i - 1)(rng)) +
         "@x>\r\n";
  }
  return m + "\r\n" + std::string(static_cast<size_t>(i % 5) * 10, 'x') + "\r\n";
}

// The oracle: RFC 5256's comparisons written out on fetch()'s SortKeys.
int compare(const SortCriterion& c, const store::MessageMeta& a, const store::MessageMeta& b) {
  auto sent = [](const store::MessageMeta& m) {
    return m.sort.date != 0 ? m.sort.date : m.internal_date;
  };
  auto three_way = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  switch (c.key) {
    case SortKey::Arrival:
      return three_way(a.internal_date, b.internal_date);
    case SortKey::Date:
      return three_way(sent(a), sent(b));
    case SortKey::Size:
      return three_way(a.size, b.size);
    case SortKey::Cc:
      return three_way(a.sort.cc, b.sort.cc);
    case SortKey::From:
      return three_way(a.sort.from, b.sort.from);
    case SortKey::To:
      return three_way(a.sort.to, b.sort.to);
    case SortKey::Subject:
      return three_way(a.sort.subject, b.sort.subject);
    case SortKey::DisplayFrom:
      return three_way(a.sort.display_from, b.sort.display_from);
    case SortKey::DisplayTo:
      return three_way(a.sort.display_to, b.sort.display_to);
  }
  return 0;
}

template <class Backend>
class SortTableTest : public store::testing::StoreTest<Backend> {
 protected:
  void SetUp() override {
    store::testing::StoreTest<Backend>::SetUp();
    std::mt19937 rng(7);
    std::vector<store::NewMessage> messages;
    for (int i = 0; i < 120; ++i) {
      store::NewMessage m = imap::build_message(raw_message(rng, i));
      m.internal_date = 1'704'067'200 + 86'400 * (i % 4);  // ties here too
      m.flags = i % 3 == 0 ? store::kSeen : 0;
      messages.push_back(std::move(m));
    }
    box_ = this->append("INBOX", std::move(messages)).mailbox;
    uids_ = this->uids("INBOX");
  }

  View view() const { return View{uids_, nullptr, nullptr}; }

  SortTable table(const SearchKey& key, store::SortColumns columns) {
    auto t = read_sort_table(*this->user_, box_, view(), key, columns, Options{});
    EXPECT_TRUE(t.ok()) << t.error().message;
    return t.ok() ? std::move(*t) : SortTable{};
  }

  // What SORT answers, as (seq, uid) pairs, the way the oracle finds it.
  std::vector<std::pair<uint32_t, store::Uid>> expected(const SearchKey& key,
                                                        const std::vector<SortCriterion>& cs) {
    auto found = run_search(*this->user_, box_, view(), key, Options{});
    EXPECT_TRUE(found.ok());
    std::vector<store::Uid> uids;
    for (const Match& m : *found) uids.push_back(m.uid);
    auto metas =
        this->user_->fetch(box_, store::UidSet::of(uids),
                           store::kFetchInternalDate | store::kFetchSize | store::kFetchSortKeys);
    EXPECT_TRUE(metas.ok());
    std::vector<size_t> order(metas->size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
      for (const auto& c : cs) {
        int r = compare(c, (*metas)[x], (*metas)[y]);
        if (r != 0) return c.reverse ? r > 0 : r < 0;
      }
      return false;
    });
    std::vector<std::pair<uint32_t, store::Uid>> out;
    for (size_t i : order) {
      store::Uid uid = (*metas)[i].state.uid;
      auto seq = std::lower_bound(uids_.begin(), uids_.end(), uid) - uids_.begin() + 1;
      out.emplace_back(static_cast<uint32_t>(seq), uid);
    }
    return out;
  }

  std::vector<std::pair<uint32_t, store::Uid>> sorted(const SearchKey& key,
                                                      const std::vector<SortCriterion>& cs) {
    std::vector<std::pair<uint32_t, store::Uid>> out;
    for (const Match& m : sort_matches(table(key, sort_columns(cs)), cs)) {
      out.emplace_back(m.seq, m.uid);
    }
    return out;
  }

  store::MailboxId box_ = 0;
  std::vector<store::Uid> uids_;
};
TYPED_TEST_SUITE(SortTableTest, Backends, BackendName);

SearchKey key_of(K kind) {
  SearchKey k;
  k.kind = kind;
  return k;
}

SearchKey and_of(std::vector<SearchKey> children) {
  SearchKey k;
  k.kind = K::And;
  k.children = std::move(children);
  return k;
}

TEST(SortTable, IsAllOnlyForProgramsOfAll) {
  EXPECT_TRUE(is_all(key_of(K::All)));
  EXPECT_TRUE(is_all(and_of({key_of(K::All)})));
  EXPECT_TRUE(is_all(and_of({key_of(K::All), and_of({key_of(K::All)})})));
  EXPECT_FALSE(is_all(and_of({})));
  EXPECT_FALSE(is_all(and_of({key_of(K::All), key_of(K::Seen)})));
  SearchKey not_all = key_of(K::Not);
  not_all.children.push_back(key_of(K::All));
  EXPECT_FALSE(is_all(not_all));
}

TYPED_TEST(SortTableTest, SortAgreesWithAPlainStableSortOfTheMetadata) {
  // A removed message first, so message numbers and UIDs differ.
  ASSERT_TRUE(
      this->user_
          ->store_flags(this->box_, store::UidSet{{5, 5}},
                        store::FlagChange{store::FlagChange::Op::Add, store::kDeleted, {}, {}})
          .ok());
  ASSERT_TRUE(this->user_->expunge(this->box_).ok());
  this->uids_ = this->uids("INBOX");
  std::mt19937 rng(11);
  SearchKey uid_range = key_of(K::Uid);
  uid_range.set.ranges.push_back({20, 80});
  const std::vector<SearchKey> keys = {and_of({key_of(K::All)}), and_of({key_of(K::Unseen)}),
                                       and_of({key_of(K::Seen), key_of(K::All)}),
                                       and_of({uid_range})};
  for (int round = 0; round < 200; ++round) {
    std::vector<SortCriterion> cs;
    int n = std::uniform_int_distribution<int>(1, 3)(rng);
    for (int i = 0; i < n; ++i) {
      cs.push_back({static_cast<SortKey>(std::uniform_int_distribution<int>(0, 8)(rng)),
                    std::uniform_int_distribution<int>(0, 1)(rng) == 1});
    }
    const SearchKey& key = keys[static_cast<size_t>(round) % keys.size()];
    auto got = this->sorted(key, cs);
    EXPECT_EQ(got, this->expected(key, cs)) << "round " << round;
    EXPECT_FALSE(got.empty());
  }
}

TYPED_TEST(SortTableTest, AllLeavesOutWhatTheViewDoesNotShow) {
  // The view has not announced the last message yet, and message 3 was
  // expunged by another session (still in the view until announced).
  std::vector<store::Uid> view_uids(this->uids_.begin(), this->uids_.end() - 1);
  ASSERT_TRUE(
      this->user_
          ->store_flags(this->box_, store::UidSet{{3, 3}},
                        store::FlagChange{store::FlagChange::Op::Add, store::kDeleted, {}, {}})
          .ok());
  ASSERT_TRUE(this->user_->expunge(this->box_).ok());
  this->uids_ = view_uids;
  for (const SearchKey& key : {and_of({key_of(K::All)}), and_of({key_of(K::Undeleted)})}) {
    SortTable t = this->table(key, store::kSortSubject);
    ASSERT_EQ(t.matches.size(), view_uids.size() - 1);
    ASSERT_EQ(t.row.size(), t.matches.size());
    for (size_t i = 0; i < t.matches.size(); ++i) {
      const Match& m = t.matches[i];
      EXPECT_NE(m.uid, 3u);
      EXPECT_EQ(view_uids[m.seq - 1], m.uid);
      EXPECT_EQ(t.rows.uids[t.row[i]], m.uid);
    }
  }
  EXPECT_TRUE(this->table(and_of({key_of(K::Flagged)}), store::kSortSubject).matches.empty());
}

// Every message of the set appears exactly once in the thread-list.
std::multiset<std::string> numbers_in(const std::string& threads) {
  std::multiset<std::string> out;
  std::string n;
  for (char c : threads + " ") {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      n += c;
    } else if (!n.empty()) {
      out.insert(n);
      n.clear();
    }
  }
  return out;
}

TYPED_TEST(SortTableTest, ThreadsHoldEveryMatchOnce) {
  for (const SearchKey& key : {and_of({key_of(K::All)}), and_of({key_of(K::Unseen)})}) {
    SortTable t = this->table(key, kThreadColumns);
    std::multiset<std::string> want;
    for (const Match& m : t.matches) want.insert(std::to_string(m.uid));
    for (auto algorithm : {ThreadAlgorithm::References, ThreadAlgorithm::OrderedSubject}) {
      EXPECT_EQ(numbers_in(thread_matches(t, algorithm, true)), want);
    }
  }
  EXPECT_EQ(thread_matches(this->table(and_of({key_of(K::Flagged)}), kThreadColumns),
                           ThreadAlgorithm::References, false),
            "");
}

}  // namespace
}  // namespace petrel::search
