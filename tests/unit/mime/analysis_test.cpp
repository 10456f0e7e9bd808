// The fields analyze() stores for SEARCH and SORT.
#include "mime/analysis.h"

#include <gtest/gtest.h>

#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

const std::string kMsg = crlf(R"(Return-Path: <a@b>
From: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>
To: Group: "Smith, John" <js@x.example>;, b@c
Cc: =?UTF-8?B?0JjQstCw0L0=?= <ivan@x.ru>
Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
 aus =?utf-8?q?K=C3=B6ln?=
Date: Fri, 21 Nov 97 09:55:06 -0600 (CST)
Message-ID: <id@x>
In-Reply-To: <p@x>
References: <a@x>
	<p@x>

Hello there.
)");

TEST(AnalysisTest, HeaderFieldsForSearchAndSort) {
  const Analysis a = analyze(kMsg);
  EXPECT_TRUE(a.subject.present);
  EXPECT_EQ(a.subject.raw, "=?utf-8?q?Gr=C3=BC=C3=9Fe?= aus =?utf-8?q?K=C3=B6ln?=");
  EXPECT_EQ(a.subject.decoded,
            "Gr\xC3\xBC\xC3\x9F"
            "e aus K\xC3\xB6ln");
  EXPECT_EQ(a.from.decoded, "Keld J\xC3\xB8rn Simonsen <keld@dkuug.dk>");
  EXPECT_EQ(a.cc.decoded, "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD <ivan@x.ru>");
  EXPECT_EQ(a.message_id.raw, "<id@x>");
  EXPECT_EQ(a.in_reply_to.raw, "<p@x>");
  EXPECT_EQ(a.references.raw, "<a@x>\t<p@x>");
  EXPECT_FALSE(a.bcc.present);
  ASSERT_TRUE(a.date);
  EXPECT_EQ(*a.date, 880127706);
  EXPECT_EQ(a.date_zone_minutes, -360);
  ASSERT_TRUE(a.first_from);
  EXPECT_EQ(a.first_from->display_name, "Keld J\xC3\xB8rn Simonsen");
  EXPECT_EQ(a.first_from->mailbox, "keld");
  EXPECT_EQ(a.first_from->addr_spec, "keld@dkuug.dk");
  EXPECT_EQ(a.first_from->display(), "Keld J\xC3\xB8rn Simonsen");
  ASSERT_TRUE(a.first_to);  // the group marker is skipped
  EXPECT_EQ(a.first_to->display_name, "Smith, John");
  EXPECT_EQ(a.first_to->addr_spec, "js@x.example");
  EXPECT_EQ(a.preview, "Hello there.");
}

TEST(AnalysisTest, MissingAndMalformedFields) {
  const Analysis a = analyze(crlf("Date: 32 Foo 2020\nFrom: no-at-sign\nTo: <>\n\nx"));
  EXPECT_FALSE(a.date);
  EXPECT_FALSE(a.subject.present);
  ASSERT_TRUE(a.first_from);
  EXPECT_EQ(a.first_from->addr_spec, "no-at-sign@MISSING_DOMAIN");
  EXPECT_EQ(a.first_from->display(), "no-at-sign@MISSING_DOMAIN");
  ASSERT_TRUE(a.first_to);
  EXPECT_FALSE(analyze("").first_from);
}

TEST(AnalysisTest, EmptyAndTinyInputs) {
  for (std::string raw : {"", "\n", "\r\n", "x", ":", "--", "\r\n\r\n", "From:"}) {
    const Analysis a = analyze(raw);
    EXPECT_EQ(a.body.front(), '(') << raw;
    EXPECT_TRUE(PartTree::deserialize(a.part_tree).ok()) << raw;
  }
  EXPECT_EQ(analyze("").bodystructure,
            R"(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL))");
  EXPECT_EQ(analyze("").envelope, "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
}

TEST(AnalysisTest, NulBytesNeverReachTheWire) {
  using namespace std::string_literals;
  const std::string raw = "Subject: a\0b\r\nContent-Type: text/plain; name=\"x\0y\"\r\n\r\nz"s;
  const Analysis a = analyze(raw);
  EXPECT_EQ(a.envelope.find('\0'), std::string::npos);
  EXPECT_EQ(a.bodystructure.find('\0'), std::string::npos);
  EXPECT_NE(a.envelope.find("\"ab\""), std::string::npos);
}

TEST(AnalysisTest, MboxFromLineIsTolerated) {
  const Analysis a = analyze(crlf("From a@b Mon Jan  2 15:04:05 2006\nSubject: s\n\nbody"));
  EXPECT_EQ(a.subject.raw, "s");
}

}  // namespace
}  // namespace petrel::mime
