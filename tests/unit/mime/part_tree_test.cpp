#include "mime/part_tree.h"

#include <gtest/gtest.h>

#include "mime/analysis.h"
#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

const std::string kNested = crlf(R"(Content-Type: multipart/mixed; boundary="o"

--o
Content-Type: multipart/alternative; boundary="i"

--i
Content-Type: text/plain

plain
--i
Content-Type: text/html
Content-Transfer-Encoding: quoted-printable

<p>x</p>
--i--
--o
Content-Type: message/rfc822

Subject: inner

body
--o
Content-Transfer-Encoding: base64
Content-Type: image/gif

R0lG
--o--
)");

TEST(PartTreeTest, DescribesEveryPart) {
  auto t = PartTree::deserialize(analyze(kNested).part_tree);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const auto& n = t->nodes();
  ASSERT_EQ(n.size(), 7u);  // message, alternative, plain, html, rfc822, inner, gif
  EXPECT_EQ(t->total_size(), kNested.size());
  EXPECT_TRUE(n[0].multipart);
  EXPECT_EQ(n[0].child_count, 3u);
  EXPECT_TRUE(n[1].multipart);
  EXPECT_EQ(n[1].child_count, 2u);
  EXPECT_TRUE(n[2].text);
  EXPECT_EQ(kNested.substr(n[2].body_begin, n[2].body_end - n[2].body_begin), "plain");
  EXPECT_EQ(n[3].cte, Cte::QuotedPrintable);
  EXPECT_TRUE(n[4].message);
  EXPECT_EQ(n[4].child_count, 1u);
  EXPECT_EQ(n[5].parent, 4u);
  EXPECT_EQ(kNested.substr(n[5].header_begin, n[5].header_end - n[5].header_begin),
            "Subject: inner\r\n\r\n");
  EXPECT_EQ(n[6].cte, Cte::Base64);
  EXPECT_EQ(t->child(0, 3), 6u);
  EXPECT_EQ(t->child(0, 4), UINT32_MAX);
  EXPECT_EQ(t->child(0, 0), UINT32_MAX);
}

TEST(PartTreeTest, RoundTrips) {
  auto t = PartTree::deserialize(analyze(kNested).part_tree);
  ASSERT_TRUE(t.ok());
  auto again = PartTree::deserialize(t->serialize());
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->nodes().size(), t->nodes().size());
  for (std::size_t i = 0; i < t->nodes().size(); ++i) {
    const PartNode& a = t->nodes()[i];
    const PartNode& b = again->nodes()[i];
    EXPECT_EQ(a.header_begin, b.header_begin);
    EXPECT_EQ(a.header_end, b.header_end);
    EXPECT_EQ(a.body_begin, b.body_begin);
    EXPECT_EQ(a.body_end, b.body_end);
    EXPECT_EQ(a.cte, b.cte);
    EXPECT_EQ(a.parent, b.parent);
    EXPECT_EQ(a.next_sibling, b.next_sibling);
  }
}

TEST(PartTreeTest, IsCompact) {
  // A few bytes per part: it is stored with every message.
  EXPECT_LT(analyze(kNested).part_tree.size(), 64u);
}

TEST(PartTreeTest, RejectsGarbage) {
  const std::string good = analyze(kNested).part_tree;
  EXPECT_FALSE(PartTree::deserialize("").ok());
  EXPECT_FALSE(PartTree::deserialize("PTR").ok());
  EXPECT_FALSE(PartTree::deserialize(std::string("PTR\x02", 4) + good.substr(4)).ok());
  EXPECT_FALSE(PartTree::deserialize(good + "x").ok());
  // Every truncation fails cleanly.
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(PartTree::deserialize(good.substr(0, n)).ok()) << n;
  }
  // Every single-byte change either fails or yields a tree within bounds.
  for (std::size_t i = 4; i < good.size(); ++i) {
    for (int v : {0x00, 0x01, 0x7F, 0x80, 0xFF}) {
      std::string bad = good;
      bad[i] = static_cast<char>(v);
      auto t = PartTree::deserialize(bad);
      if (!t.ok()) continue;
      for (const PartNode& n : t->nodes()) {
        EXPECT_LE(n.header_begin, n.header_end);
        EXPECT_LE(n.header_end, n.body_begin);
        EXPECT_LE(n.body_begin, n.body_end);
        EXPECT_LE(n.body_end, t->total_size());
      }
    }
  }
}

TEST(PartTreeTest, RejectsInconsistentShapes) {
  auto make = [](std::initializer_list<uint8_t> bytes) {
    return std::string("PTR\x01", 4) + std::string(bytes.begin(), bytes.end());
  };
  // total 10, one node: leaf (flags 0) with a child count of 1.
  EXPECT_FALSE(PartTree::deserialize(make({10, 1, 0, 0, 2, 0, 8, 1})).ok());
  // A message node (flags 2) with no child.
  EXPECT_FALSE(PartTree::deserialize(make({10, 1, 2, 0, 2, 0, 8, 0})).ok());
  // Body past the total.
  EXPECT_FALSE(PartTree::deserialize(make({10, 1, 0, 0, 2, 0, 9, 0})).ok());
  // Unknown flag bit.
  EXPECT_FALSE(PartTree::deserialize(make({10, 1, 0x80, 1, 0, 2, 0, 8, 0})).ok());
  // A huge count with few bytes.
  EXPECT_FALSE(PartTree::deserialize(make({10, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0})).ok());
  // Varint overflow.
  EXPECT_FALSE(PartTree::deserialize(make({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                           0x7F, 1, 0, 0, 0, 0, 0, 0}))
                   .ok());
  // Child outside its parent: parent body [2,4), child header at 5.
  EXPECT_FALSE(PartTree::deserialize(make({10, 2, 1, 0, 2, 0, 2, 1, 0, 5, 1, 0, 1, 0})).ok());
  // The same with the child inside is fine.
  EXPECT_TRUE(PartTree::deserialize(make({10, 2, 1, 0, 2, 0, 2, 1, 0, 2, 1, 0, 1, 0})).ok());
}

}  // namespace
}  // namespace petrel::mime
