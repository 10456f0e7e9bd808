#include "imap/proto/seq_set.h"

#include <gtest/gtest.h>

namespace petrel::imap {
namespace {

TEST(SeqSetTest, ParsesAndPrintsAsSent) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"1", "1"},
      {"1:4", "1:4"},
      {"5:2", "5:2"},
      {"*", "*"},
      {"1:*", "1:*"},
      {"*:4", "*:4"},
      {"2,4:7,9,12:*", "2,4:7,9,12:*"},
      {"4294967295", "4294967295"},
      {"$", "$"},
      {"3:3", "3"},
  };
  for (const Case& c : cases) {
    auto s = parse_sequence_set(c.in);
    ASSERT_TRUE(s.ok()) << c.in;
    EXPECT_EQ(s->to_string(), c.out) << c.in;
  }
}

TEST(SeqSetTest, RejectsInvalid) {
  const char* bad[] = {"",   "0",  "0:5", "1:0",  "4294967296", "99999999999", "01",  "1,",
                       ",1", "1:", ":1",  "1::2", "a",          "1:2:3",       "$,1", "1,$",
                       "$$", "**", "*1",  "1*",   "-1",         "1 2"};
  for (const char* b : bad) EXPECT_FALSE(parse_sequence_set(b).ok()) << b;
}

TEST(SeqSetTest, RangeLimit) {
  EXPECT_TRUE(parse_sequence_set("1,2,3", 3).ok());
  EXPECT_FALSE(parse_sequence_set("1,2,3,4", 3).ok());
}

TEST(SeqSetTest, StarAndDollarRepresentation) {
  auto s = parse_sequence_set("3:*");
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->ranges.size(), 1u);
  EXPECT_EQ(s->ranges[0].first, 3u);
  EXPECT_EQ(s->ranges[0].last, SequenceSet::kStar);
  EXPECT_TRUE(s->has_star());
  EXPECT_FALSE(s->last_result);
  auto d = parse_sequence_set("$");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->last_result);
  EXPECT_TRUE(d->ranges.empty());
  EXPECT_FALSE(d->contains(1, 10));
}

TEST(SeqSetTest, Contains) {
  auto s = parse_sequence_set("2,4:7,12:*");
  ASSERT_TRUE(s.ok());
  EXPECT_FALSE(s->contains(1, 15));
  EXPECT_TRUE(s->contains(2, 15));
  EXPECT_FALSE(s->contains(3, 15));
  EXPECT_TRUE(s->contains(4, 15));
  EXPECT_TRUE(s->contains(7, 15));
  EXPECT_FALSE(s->contains(8, 15));
  EXPECT_TRUE(s->contains(12, 15));
  EXPECT_TRUE(s->contains(15, 15));
  EXPECT_FALSE(s->contains(16, 15));
  // RFC 9051: "3291:*" includes the last UID even when it is below 3291.
  auto r = parse_sequence_set("3291:*");
  EXPECT_TRUE(r->contains(100, 100));
  EXPECT_TRUE(r->contains(3000, 100));
  EXPECT_FALSE(r->contains(99, 100));
  // Reversed ranges mean the same as ordered ones.
  auto rev = parse_sequence_set("7:4");
  EXPECT_TRUE(rev->contains(5, 10));
  EXPECT_FALSE(rev->contains(8, 10));
}

TEST(SeqSetTest, Normalized) {
  auto s = parse_sequence_set("*:4,5:7,1,20:18");
  ASSERT_TRUE(s.ok());
  auto n = s->normalized(10);
  ASSERT_EQ(n.size(), 3u);
  EXPECT_EQ(n[0], std::make_pair(1u, 1u));
  EXPECT_EQ(n[1], std::make_pair(4u, 10u));
  EXPECT_EQ(n[2], std::make_pair(18u, 20u));
  auto adj = parse_sequence_set("1:3,4,6:5")->normalized(10);
  ASSERT_EQ(adj.size(), 1u);
  EXPECT_EQ(adj[0], std::make_pair(1u, 6u));
  auto t = parse_sequence_set("1,3,4:6,4294967295:4294967290");
  auto m = t->normalized(10);
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], std::make_pair(1u, 1u));
  EXPECT_EQ(m[1], std::make_pair(3u, 6u));
  EXPECT_EQ(m[2], std::make_pair(4294967290u, 4294967295u));
  // "*" in an empty mailbox resolves to nothing.
  EXPECT_TRUE(parse_sequence_set("*")->normalized(0).empty());
  EXPECT_EQ(parse_sequence_set("2:*")->max_number(), 2u);
}

}  // namespace
}  // namespace petrel::imap
