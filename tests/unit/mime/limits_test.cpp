// Hostile structure: nesting, part counts, header size, and robustness of
// analyze() + sections on damaged input.
#include <gtest/gtest.h>

#include <random>

#include "mime/analysis.h"
#include "mime/binary.h"
#include "mime/section.h"
#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

// `depth` nested multiparts around one text part.
std::string nested(int depth) {
  std::string head, tail;
  for (int i = 0; i < depth; ++i) {
    head += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
            std::to_string(i) + "\r\n";
    tail = "\r\n--b" + std::to_string(i) + "--" + tail;
  }
  return head + "Content-Type: text/plain\r\n\r\ndeep" + tail + "\r\n";
}

int count(const std::string& s, std::string_view what) {
  int n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(LimitsTest, NestingWithinTheLimitIsDescribed) {
  const std::string raw = nested(5);
  const Analysis a = analyze(raw);
  EXPECT_EQ(a.body,
            R"((((((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 4 0) "mixed") "mixed") )"
            R"("mixed") "mixed") "mixed"))");
  std::vector<unsigned> path(6, 1);
  EXPECT_EQ(extract_section(raw, test::tree_of(raw), SectionRef{path}), "deep");
}

TEST(LimitsTest, DeeperPartsAreOpaque) {
  MimeLimits lim;
  lim.max_depth = 3;
  const std::string raw = nested(10);
  const Analysis a = analyze(raw, lim);
  // Three described levels, then a multipart without children (one
  // placeholder text part), whatever the real depth.
  EXPECT_EQ(count(a.body, "\"mixed\""), 4);
  EXPECT_EQ(count(a.body, "\"text\""), 1);
  EXPECT_NE(a.body.find(R"("7bit" 0 0))"), std::string::npos);
  // The parts that are described still have the right bytes.
  auto t = PartTree::deserialize(a.part_tree);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->nodes().size(), 4u);
}

TEST(LimitsTest, VeryDeepNestingDoesNotExhaustTheStack) {
  MimeLimits lim;
  lim.max_depth = 100000;  // clamped internally
  const std::string raw = nested(3000);
  const Analysis a = analyze(raw, lim);
  EXPECT_FALSE(a.bodystructure.empty());
  // Nested message/rfc822 too.
  std::string msgs;
  for (int i = 0; i < 3000; ++i) msgs += "Content-Type: message/rfc822\r\n\r\n";
  EXPECT_FALSE(analyze(msgs + "body", lim).bodystructure.empty());
}

TEST(LimitsTest, PartCountIsBounded) {
  std::string raw = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 200; ++i) raw += "--b\r\nContent-Type: text/plain\r\n\r\npart\r\n";
  raw += "--b--\r\n";
  MimeLimits lim;
  lim.max_parts = 50;
  const Analysis a = analyze(raw, lim);
  auto t = PartTree::deserialize(a.part_tree);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->nodes().size(), 50u);
  EXPECT_EQ(count(a.body, "(\"text\""), 49);
  // The multipart's body still covers every part.
  EXPECT_EQ(t->nodes()[0].body_end, raw.size());
}

TEST(LimitsTest, HeaderBytesLimit) {
  std::string raw;
  for (int i = 0; i < 2000; ++i) raw += "X-Filler: " + std::string(50, 'x') + "\r\n";
  raw += "Subject: late\r\n\r\nbody";
  MimeLimits lim;
  lim.max_header_bytes = 1000;
  const Analysis a = analyze(raw, lim);
  EXPECT_FALSE(a.subject.present);  // beyond the limit: not read
  EXPECT_EQ(extract_section(raw, test::tree_of(raw), SectionRef{{}, SectionRef::Kind::Text}),
            "body");
  EXPECT_TRUE(analyze(raw).subject.present);
}

TEST(LimitsTest, ManyBoundaryLikeLinesStayLinear) {
  // Every line looks like a boundary candidate; the scan must stay linear.
  std::string raw = "Content-Type: multipart/mixed; boundary=" + std::string(60, 'b') + "\r\n\r\n";
  for (int i = 0; i < 50000; ++i) raw += "--" + std::string(59, 'b') + "x\r\n";
  const Analysis a = analyze(raw);
  EXPECT_FALSE(a.body.empty());
}

// Damaged variants of a real-looking message: truncations and byte flips.
// analyze() must answer, the tree must load, every section must stay
// within what the input can produce.
TEST(LimitsTest, DamagedMessagesAreHandled) {
  const std::string base = crlf(R"(From: A <a@b.c>
To: g: x@y, "q" <q@r>;
Subject: =?utf-8?B?w6k=?=
Date: Mon, 2 Jan 2006 15:04:05 -0800
Content-Type: multipart/mixed; boundary="o"

--o
Content-Type: text/plain; charset*0*=utf-8''x; charset*1=y
Content-Transfer-Encoding: quoted-printable

a=3Db=
--o
Content-Type: message/rfc822

Subject: in
Content-Type: multipart/alternative; boundary=i

--i
Content-Transfer-Encoding: base64

aGVsbG8=
--i--
--o--
)");
  std::mt19937 rng(42);
  auto check = [](const std::string& raw) {
    const Analysis a = analyze(raw);
    ASSERT_FALSE(a.envelope.empty());
    ASSERT_FALSE(a.bodystructure.empty());
    auto t = PartTree::deserialize(a.part_tree);
    ASSERT_TRUE(t.ok());
    const auto& nodes = t->nodes();
    for (const PartNode& n : nodes) {
      ASSERT_LE(n.body_end, raw.size());
      ASSERT_LE(n.header_begin, n.body_begin);
    }
    using K = SectionRef::Kind;
    for (unsigned i = 1; i <= 3; ++i) {
      for (unsigned j = 0; j <= 2; ++j) {
        std::vector<unsigned> path{i};
        if (j > 0) path.push_back(j);
        for (K k : {K::Full, K::Header, K::Text, K::Mime, K::HeaderFields, K::HeaderFieldsNot}) {
          const std::string s = extract_section(raw, *t, SectionRef{path, k, {"subject"}});
          ASSERT_LE(s.size(), raw.size() + 4);
        }
        (void)decode_section(raw, *t, path);
      }
    }
  };
  for (std::size_t n = 0; n <= base.size(); n += 3) check(base.substr(0, n));
  for (int round = 0; round < 300; ++round) {
    std::string raw = base;
    for (int k = 0; k < 4; ++k) {
      raw[rng() % raw.size()] = "\r\n-:;\"=<>()\\\0x\xff"[rng() % 15];
    }
    check(raw);
  }
}

}  // namespace
}  // namespace petrel::mime
