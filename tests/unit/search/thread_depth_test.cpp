// THREAD on reply chains as deep as the mailbox is large: the tree walks
// (pruning, sorting, writing the thread-list) must not recurse per level,
// or a long enough chain exhausts the stack, and linking a new message must
// not walk up the whole chain each time.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "search/thread.h"

namespace petrel::search {
namespace {

// Appends message number `seq` (UID seq * 10, dated seq) with `id` and
// `parents` (the References, space-separated) to `table`.
void add_message(SortTable& table, uint32_t seq, const std::string& id,
                 const std::string& parents) {
  store::SortRows& rows = table.rows;
  rows.uids.push_back(seq * 10);
  rows.internal_dates.push_back(seq);
  rows.dates.push_back(seq);
  rows.subjects.push_back("");
  rows.subject_is_reply.push_back(0);
  rows.message_ids.push_back(id);
  rows.parents.push_back(parents);
  table.matches.push_back(Match{seq, seq * 10, 0});
  table.row.push_back(static_cast<uint32_t>(table.row.size()));
}

SortTable empty_table() {
  SortTable table;
  table.rows.columns = kThreadColumns;
  return table;
}

std::string id(const char* kind, int i) {
  return "<" + std::string(kind) + std::to_string(i) + "@x>";
}

TEST(ThreadDepth, AChainOfTwentyFiveThousandRepliesIsOneThread) {
  constexpr int kDepth = 25000;
  SortTable table = empty_table();
  std::string expected = "(";
  for (int i = 1; i <= kDepth; ++i) {
    add_message(table, static_cast<uint32_t>(i), id("m", i), i > 1 ? id("m", i - 1) : "");
    expected += (i > 1 ? " " : "") + std::to_string(i);
  }
  expected += ")";
  EXPECT_EQ(thread_matches(table, ThreadAlgorithm::References, false), expected);
}

// Every message of the chain has a second, later reply with no replies of
// its own: "(1 (2 (4 ...)(5))(3))", a list nested as deep as the chain.
TEST(ThreadDepth, ADeepCombNestsOneListPerLevel) {
  constexpr int kDepth = 25000;
  SortTable table = empty_table();
  add_message(table, 1, id("m", 0), "");
  std::string prefix = "(1 ";
  std::vector<std::string> closing;  // per level, outermost first
  uint32_t seq = 1;
  for (int i = 1; i < kDepth; ++i) {
    const uint32_t chain = ++seq, leaf = ++seq;
    add_message(table, chain, id("m", i), id("m", i - 1));
    add_message(table, leaf, id("l", i), id("m", i - 1));
    if (i < kDepth - 1) prefix += "(" + std::to_string(chain) + " ";
    closing.push_back("(" + std::to_string(leaf) + "))");
    if (i == kDepth - 1) prefix += "(" + std::to_string(chain) + ")";
  }
  std::string expected = prefix;
  for (auto it = closing.rbegin(); it != closing.rend(); ++it) expected += *it;
  EXPECT_EQ(thread_matches(table, ThreadAlgorithm::References, false), expected);
}

// The References of each message name its whole ancestry through dummies
// (messages not in the set), which step (3) prunes level by level.
TEST(ThreadDepth, DummyChainsArePrunedWithoutRecursion) {
  constexpr int kDepth = 30000;
  SortTable table = empty_table();
  std::string refs;
  for (int i = 0; i < kDepth; ++i) refs += (i ? " " : "") + id("gone", i);
  add_message(table, 1, id("m", 1), refs);
  add_message(table, 2, id("m", 2), id("m", 1));
  EXPECT_EQ(thread_matches(table, ThreadAlgorithm::References, false), "(1 2)");
}

}  // namespace
}  // namespace petrel::search
