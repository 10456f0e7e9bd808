// BODY[section] (RFC 9051 6.4.5.1). Expected bytes were checked against
// Dovecot 2.3.19 unless a comment says otherwise.
#include "mime/section.h"

#include <gtest/gtest.h>

#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;
using Kind = SectionRef::Kind;

// RFC 9051 6.4.5.1's example shape, reduced: part 2 is a message/rfc822
// holding a multipart; part 3 is a multipart holding a message.
const std::string kMsg = crlf(R"(From: a@b.c
Subject: fwd
Content-Type: multipart/mixed; boundary="o"

preamble
--o
Content-Type: text/plain

see attached
--o
Content-Type: message/rfc822
Content-Disposition: attachment

From: Inner <inner@x.y>
Subject: inner subject
Content-Type: multipart/mixed; boundary="i"

--i
Content-Type: text/plain

inner text
line 2
--i
Content-Type: application/octet-stream

binary
--i--
--o
Content-Type: multipart/alternative; boundary="a"

--a
Content-Type: image/gif

GIF
--a
Content-Type: message/rfc822

Subject: deep
X-Other: y

deep body
--a--
--o--
epilogue
)");

std::string get(const std::string& raw, std::vector<unsigned> path, Kind kind = Kind::Full,
                std::vector<std::string> fields = {}) {
  return extract_section(raw, test::tree_of(raw),
                         SectionRef{std::move(path), kind, std::move(fields)});
}

TEST(SectionTest, WholeMessageHeaderAndText) {
  EXPECT_EQ(get(kMsg, {}), kMsg);
  EXPECT_EQ(get(kMsg, {}, Kind::Header),
            crlf("From: a@b.c\nSubject: fwd\nContent-Type: multipart/mixed; boundary=\"o\"\n\n"));
  const std::string text = get(kMsg, {}, Kind::Text);
  EXPECT_EQ(text.substr(0, 15), crlf("preamble\n--o\n"));
  EXPECT_EQ(text.substr(text.size() - 17), crlf("--o--\nepilogue\n"));
  EXPECT_EQ(get(kMsg, {}, Kind::Header).size() + text.size(), kMsg.size());
  EXPECT_EQ(get(kMsg, {}, Kind::Mime), "");  // MIME needs a part number
}

TEST(SectionTest, HeaderFields) {
  EXPECT_EQ(get(kMsg, {}, Kind::HeaderFields, {"SUBJECT", "from", "x-none"}),
            crlf("From: a@b.c\nSubject: fwd\n\n"));
  EXPECT_EQ(get(kMsg, {}, Kind::HeaderFieldsNot, {"Subject", "FROM"}),
            crlf("Content-Type: multipart/mixed; boundary=\"o\"\n\n"));
  EXPECT_EQ(get(kMsg, {}, Kind::HeaderFields, {"x-none"}), "\r\n");
  // Folded fields come with all their lines.
  const std::string folded = crlf("Subject: a\n b\nTo: x\n\nbody");
  EXPECT_EQ(get(folded, {}, Kind::HeaderFields, {"subject"}), crlf("Subject: a\n b\n\n"));
}

TEST(SectionTest, NumberedParts) {
  EXPECT_EQ(get(kMsg, {1}), "see attached");
  EXPECT_EQ(get(kMsg, {1}, Kind::Mime), crlf("Content-Type: text/plain\n\n"));
  EXPECT_EQ(get(kMsg, {2}, Kind::Mime),
            crlf("Content-Type: message/rfc822\nContent-Disposition: attachment\n\n"));
  // Part 2's body is the whole embedded message. Dovecot adds the CRLF that
  // precedes "--o" (RFC 2046 5.1.1 gives it to the boundary).
  const std::string inner = get(kMsg, {2});
  EXPECT_EQ(inner.substr(0, 25), crlf("From: Inner <inner@x.y>\n"));
  EXPECT_EQ(inner.substr(inner.size() - 13), crlf("binary\n--i--"));
  EXPECT_EQ(get(kMsg, {2}, Kind::Header),
            crlf("From: Inner <inner@x.y>\nSubject: inner subject\n"
                 "Content-Type: multipart/mixed; boundary=\"i\"\n\n"));
  EXPECT_EQ(get(kMsg, {2}, Kind::HeaderFields, {"subject"}), crlf("Subject: inner subject\n\n"));
  EXPECT_EQ(get(kMsg, {2}, Kind::Text).substr(0, 5), crlf("--i\n"));
  EXPECT_EQ(get(kMsg, {2, 1}), crlf("inner text\nline 2"));
  EXPECT_EQ(get(kMsg, {2, 1}, Kind::Mime), crlf("Content-Type: text/plain\n\n"));
  EXPECT_EQ(get(kMsg, {2, 2}), "binary");
  EXPECT_EQ(get(kMsg, {3, 1}), "GIF");
  EXPECT_EQ(get(kMsg, {3, 1}, Kind::Mime), crlf("Content-Type: image/gif\n\n"));
  EXPECT_EQ(get(kMsg, {3, 2}, Kind::Header), crlf("Subject: deep\nX-Other: y\n\n"));
  EXPECT_EQ(get(kMsg, {3, 2}, Kind::Text), "deep body");
  EXPECT_EQ(get(kMsg, {3, 2, 1}), "deep body");
  EXPECT_EQ(get(kMsg, {3, 2, 1}, Kind::Mime), crlf("Subject: deep\nX-Other: y\n\n"));
  EXPECT_EQ(get(kMsg, {3, 2, 1, 1}), "");
  EXPECT_EQ(get(kMsg, {3, 2}, Kind::HeaderFieldsNot, {"subject"}), crlf("X-Other: y\n\n"));
  // The body of a multipart part: boundaries and all.
  EXPECT_EQ(get(kMsg, {3}).substr(0, 5), crlf("--a\n"));
}

TEST(SectionTest, PartOneOfANonMultipart) {
  const std::string plain = crlf("Subject: s\n\nbody\n");
  EXPECT_EQ(get(plain, {1}), crlf("body\n"));
  EXPECT_EQ(get(plain, {1}, Kind::Mime), crlf("Subject: s\n\n"));  // Dovecot: same
  // A plain message has only part 1 (RFC 9051 6.4.5.1; Dovecot: the same).
  EXPECT_EQ(get(plain, {1, 1}), "");
  // A part inside a multipart answers to one ".1" meaning itself (Dovecot,
  // UW imapd), and to nothing deeper.
  EXPECT_EQ(get(kMsg, {1, 1}), "see attached");
  EXPECT_EQ(get(kMsg, {1, 1}, Kind::Mime), crlf("Content-Type: text/plain\n\n"));
  EXPECT_EQ(get(kMsg, {1, 1, 1}), "");
  EXPECT_EQ(get(kMsg, {2, 1, 1}), crlf("inner text\nline 2"));
  EXPECT_EQ(get(kMsg, {2, 1, 1, 1}), "");
  // Top-level message/rfc822.
  const std::string top = crlf("Content-Type: message/rfc822\n\nSubject: in\n\ninner body\n");
  EXPECT_EQ(get(top, {1}), crlf("Subject: in\n\ninner body\n"));
  EXPECT_EQ(get(top, {1}, Kind::Header), crlf("Subject: in\n\n"));
  EXPECT_EQ(get(top, {1}, Kind::Text), crlf("inner body\n"));
  EXPECT_EQ(get(top, {1, 1}), crlf("inner body\n"));
  EXPECT_EQ(get(top, {1, 1}, Kind::Mime), crlf("Subject: in\n\n"));
  EXPECT_EQ(get(top, {1, 1, 1}), "");
}

TEST(SectionTest, MissingPartsAreEmpty) {
  EXPECT_EQ(get(kMsg, {4}), "");
  EXPECT_EQ(get(kMsg, {0}), "");
  EXPECT_EQ(get(kMsg, {1, 2}), "");
  EXPECT_EQ(get(kMsg, {2, 3}), "");
  EXPECT_EQ(get(kMsg, {9, 9, 9}, Kind::Mime), "");
  // HEADER and TEXT need a message/rfc822 part.
  EXPECT_EQ(get(kMsg, {1}, Kind::Header), "");
  EXPECT_EQ(get(kMsg, {1}, Kind::Text), "");
  EXPECT_EQ(get(kMsg, {3}, Kind::HeaderFields, {"subject"}), "");
  EXPECT_FALSE(resolve_section(test::tree_of(kMsg), {4}));
  EXPECT_TRUE(resolve_section(test::tree_of(kMsg), {3, 2, 1}));
}

TEST(SectionTest, HeaderWithoutBlankLine) {
  // No body and no blank line: nothing is added (RFC 9051 7.5.2).
  const std::string only = crlf("From: a@b.c\nSubject: header only");
  EXPECT_EQ(get(only, {}, Kind::Header), only);
  EXPECT_EQ(get(only, {}, Kind::HeaderFields, {"subject"}), crlf("Subject: header only\n"));
  EXPECT_EQ(get(only, {}, Kind::Text), "");
  // Body without a blank line: the header gets one, the body starts at the
  // first line that is not a field (Dovecot keeps that text in the header).
  const std::string noblank = crlf("From: a@b.c\nSubject: x\nbody text\n");
  EXPECT_EQ(get(noblank, {}, Kind::Header), crlf("From: a@b.c\nSubject: x\n\n"));
  EXPECT_EQ(get(noblank, {}, Kind::HeaderFields, {"subject"}), crlf("Subject: x\n\n"));
  EXPECT_EQ(get(noblank, {}, Kind::Text), crlf("body text\n"));
}

TEST(SectionTest, BareLf) {
  const std::string lf = "Subject: s\nTo: t\n\nbody\n";
  EXPECT_EQ(get(lf, {}, Kind::HeaderFields, {"to"}), "To: t\n\n");
  EXPECT_EQ(get(lf, {}, Kind::Text), "body\n");
}

TEST(SectionTest, DigestParts) {
  const std::string digest = crlf(R"(Content-Type: multipart/digest; boundary="d"

--d

From: one@x
Subject: first

first body
--d
Content-Type: text/plain

not a message
--d--
)");
  EXPECT_EQ(get(digest, {1}, Kind::Mime), "\r\n");
  EXPECT_EQ(get(digest, {1}), crlf("From: one@x\nSubject: first\n\nfirst body"));
  EXPECT_EQ(get(digest, {1}, Kind::HeaderFields, {"subject"}), crlf("Subject: first\n\n"));
  EXPECT_EQ(get(digest, {1, 1}), "first body");
  EXPECT_EQ(get(digest, {2}), "not a message");
}

TEST(SectionTest, SurvivesAMismatchedRawMessage) {
  // A tree used with the wrong (shorter) bytes must not read out of bounds.
  const PartTree t = test::tree_of(kMsg);
  const std::string shorter = kMsg.substr(0, 40);
  for (Kind k : {Kind::Full, Kind::Header, Kind::Text, Kind::Mime, Kind::HeaderFields}) {
    for (const auto& p : std::vector<std::vector<unsigned>>{{}, {1}, {2}, {2, 1}, {3, 2}}) {
      const std::string s = extract_section(shorter, t, SectionRef{p, k, {"subject"}});
      EXPECT_LE(s.size(), shorter.size() + 4);
    }
  }
}

}  // namespace
}  // namespace petrel::mime
