// ENVELOPE, wire-exact. Expected values were checked against Dovecot 2.3.19;
// differences are commented.
#include "mime/envelope.h"

#include <gtest/gtest.h>

#include "mime/analysis.h"
#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

struct Case {
  const char* name;
  std::string raw;
  const char* envelope;
};

std::vector<Case> cases() {
  return {
      {"simple",
       crlf("Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\nFrom: Terry Gray "
            "<gray@cac.washington.edu>\nSubject: IMAP4rev2 WG mtg summary and minutes\nTo: "
            "imap@cac.washington.edu\ncc: minutes@CNRI.Reston.VA.US, John Klensin "
            "<KLENSIN@MIT.EDU>\nMessage-Id: <B27397-0100000@cac.washington.edu>\nMIME-Version: "
            "1.0\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII\n\nHello world.\nSecond line.\n"),
       "(\"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\" \"IMAP4rev2 WG mtg summary and minutes\" "
       "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" "
       "\"cac.washington.edu\")) ((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) ((NIL NIL "
       "\"imap\" \"cac.washington.edu\")) ((NIL NIL \"minutes\" \"CNRI.Reston.VA.US\")(\"John "
       "Klensin\" NIL \"KLENSIN\" \"MIT.EDU\")) NIL NIL \"<B27397-0100000@cac.washington.edu>\")"},
      {"alternative",
       crlf("From: \"Doe, John\" <john@example.com>\nTo: Mary Smith <mary@x.test>, "
            "jdoe@example.org, Who? <one@y.test>\nSubject: alt test\nDate: 1 Jan 2020 10:00:00 "
            "+0100\nMessage-ID: <1234@local.machine.example>\nMIME-Version: 1.0\nContent-Type: "
            "multipart/alternative; boundary=\"b1\"\n\npreamble text\n--b1\nContent-Type: "
            "text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 "
            "au lait, soft=\n break.\n--b1\nContent-Type: text/html; "
            "charset=utf-8\n\n<html><body><p>Caf&eacute; <b>au</b> "
            "lait</p></body></html>\n--b1--\nepilogue\n"),
       "(\"1 Jan 2020 10:00:00 +0100\" \"alt test\" ((\"Doe, John\" NIL \"john\" \"example.com\")) "
       "((\"Doe, John\" NIL \"john\" \"example.com\")) ((\"Doe, John\" NIL \"john\" "
       "\"example.com\")) ((\"Mary Smith\" NIL \"mary\" \"x.test\")(NIL NIL \"jdoe\" "
       "\"example.org\")(\"Who?\" NIL \"one\" \"y.test\")) NIL NIL NIL "
       "\"<1234@local.machine.example>\")"},
      // 8-bit header text goes out as literals (valid for IMAP4rev1 too), as in Dovecot.
      {"8bitheaders",
       crlf("From: J\xC3\xBCrgen M\xC3\xBCller <j@x.de>\nTo: \"Zo\xC3\xAB\" <z@y>\nSubject: "
            "Gr\xC3\xBC\xC3\x9F"
            "e aus K\xC3\xB6ln\n\nbody\n"),
       "(NIL {17}\r\nGr\xC3\xBC\xC3\x9F"
       "e aus K\xC3\xB6ln (({15}\r\nJ\xC3\xBCrgen M\xC3\xBCller NIL \"j\" \"x.de\")) "
       "(({15}\r\nJ\xC3\xBCrgen M\xC3\xBCller NIL \"j\" \"x.de\")) (({15}\r\nJ\xC3\xBCrgen "
       "M\xC3\xBCller NIL \"j\" \"x.de\")) (({4}\r\nZo\xC3\xAB NIL \"z\" \"y\")) NIL NIL NIL NIL)"},
      // Raw 8-bit text that is not UTF-8: literals too, as in Dovecot.
      {"latin1headers",
       crlf("From: J\xFCrgen <j@x.de>\nSubject: Gr\xFC\xDF"
            "e\n\nbody\n"),
       "(NIL {5}\r\nGr\xFC\xDF"
       "e (({6}\r\nJ\xFCrgen NIL \"j\" \"x.de\")) (({6}\r\nJ\xFCrgen NIL \"j\" \"x.de\")) "
       "(({6}\r\nJ\xFCrgen NIL \"j\" \"x.de\")) NIL NIL NIL NIL NIL)"},
      {"encwords",
       crlf("From: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>\nTo: "
            "=?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>\nSubject: "
            "=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=\n "
            "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\nCc: =?UTF-8?B?0JjQstCw0L0=?= "
            "<ivan@x.ru>, \"=?utf-8?q?quoted?=\" <q@x>\nMessage-ID: <abc@def>\nIn-Reply-To: "
            "<prev@def>\nReferences: <a@def>\n <prev@def>\n\nbody\n"),
       "(NIL \"=?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?= "
       "=?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=\" "
       "((\"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=\" NIL \"keld\" \"dkuug.dk\")) "
       "((\"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=\" NIL \"keld\" \"dkuug.dk\")) "
       "((\"=?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?=\" NIL \"keld\" \"dkuug.dk\")) "
       "((\"=?US-ASCII?Q?Keith_Moore?=\" NIL \"moore\" \"cs.utk.edu\")) "
       "((\"=?UTF-8?B?0JjQstCw0L0=?=\" NIL \"ivan\" \"x.ru\")(\"=?utf-8?q?quoted?=\" NIL \"q\" "
       "\"x\")) NIL \"<prev@def>\" \"<abc@def>\")"},
      // Dovecot sends the quoted name as a literal; same value.
      {"groups",
       crlf("From: a@b.c\nTo: A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;, "
            "Undisclosed recipients:;\nCc: <@route1,@route2:user@host>, \"quoted \\\"name\\\"\" "
            "<q@x> (comment), (just comment) bare@x\nBcc:\nSubject:\nMessage-ID:\n\nx\n"),
       "(NIL \"\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) "
       "((NIL NIL \"A Group\" NIL)(\"Ed Jones\" NIL \"c\" \"a.test\")(NIL NIL \"joe\" "
       "\"where.test\")(\"John\" NIL \"jdoe\" \"one.test\")(NIL NIL NIL NIL)(NIL NIL \"Undisclosed "
       "recipients\" NIL)(NIL NIL NIL NIL)) ((NIL \"@route1,@route2\" \"user\" \"host\")(\"quoted "
       "\\\"name\\\"\" NIL \"q\" \"x\")(NIL NIL \"bare\" \"x\")) NIL NIL \"\")"},
      {"sender",
       crlf("From: a@b.c, d@e.f\nSender: s@x\nReply-To: r@x, \"R Two\" <r2@x>\nTo: \"Smith, John\" "
            "<js@x>, =?utf-8?q?Enc=C3=A9?= <e@x>\nSubject: sender\nMessage-ID: <id@x> "
            "extra\nIn-Reply-To: foo <bar@baz> (comment)\n\nx\n"),
       "(NIL \"sender\" ((NIL NIL \"a\" \"b.c\")(NIL NIL \"d\" \"e.f\")) ((NIL NIL \"s\" \"x\")) "
       "((NIL NIL \"r\" \"x\")(\"R Two\" NIL \"r2\" \"x\")) ((\"Smith, John\" NIL \"js\" "
       "\"x\")(\"=?utf-8?q?Enc=C3=A9?=\" NIL \"e\" \"x\")) NIL NIL \"foo <bar@baz> (comment)\" "
       "\"<id@x> extra\")"},
      {"baddate", crlf("From: a@b.c\nDate: Tuesday, 32 Foo 2020 99:99\nSubject: bad date\n\nx\n"),
       "(\"Tuesday, 32 Foo 2020 99:99\" \"bad date\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" "
       "\"b.c\")) ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL)"},
      {"notype", crlf("From: a@b.c\nSubject: no content type\n\njust text\n"),
       "(NIL \"no content type\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) ((NIL NIL "
       "\"a\" \"b.c\")) NIL NIL NIL NIL NIL)"},
      {"headeronly", crlf("From: a@b.c\nSubject: header only"),
       "(NIL \"header only\" ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" "
       "\"b.c\")) NIL NIL NIL NIL NIL)"},
  };
}

TEST(EnvelopeTest, MatchesWireForm) {
  for (const Case& c : cases()) EXPECT_EQ(analyze(c.raw).envelope, c.envelope) << c.name;
}

TEST(EnvelopeTest, DefaultsAndEmptyFields) {
  EnvelopeHeaders h;
  std::string out;
  append_envelope(out, h);
  EXPECT_EQ(out, "(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
  EXPECT_EQ(out, kEmptyEnvelope);
  // Sender and Reply-To present but empty default to From too.
  h.from = " a@b";
  h.sender = " ";
  h.reply_to = "";
  h.subject = "";
  h.date = "\r\n Mon, 2 Jan 2006 15:04:05 -0800 ";
  out.clear();
  append_envelope(out, h);
  EXPECT_EQ(out, R"(("Mon, 2 Jan 2006 15:04:05 -0800" "" ((NIL NIL "a" "b")) ((NIL NIL "a" "b")) )"
                 R"(((NIL NIL "a" "b")) NIL NIL NIL NIL NIL))");
}

TEST(EnvelopeTest, FirstOccurrenceWins) {
  const auto a = analyze(crlf("Subject: one\nSubject: two\nFrom: x@y\nFrom: z@w\n\nb"));
  EXPECT_EQ(a.envelope,
            R"((NIL "one" ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) NIL NIL NIL )"
            R"(NIL NIL))");
}

}  // namespace
}  // namespace petrel::mime
