// BODY and BODYSTRUCTURE, wire-exact. Expected values were checked against
// Dovecot 2.3.19 (APPEND, then FETCH) and agree with it except where the
// comments say why not.
#include <gtest/gtest.h>

#include "mime/analysis.h"
#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

struct Case {
  const char* name;
  std::string raw;
  const char* body;
  const char* bodystructure;
};

std::vector<Case> cases() {
  return {
      // Dovecot 2.3 lowercases this one (its cache keeps "text/plain us-ascii" as a flag); case is
      // kept as written elsewhere, by Dovecot too.
      {"simple", crlf(R"m(Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)
From: Terry Gray <gray@cac.washington.edu>
Subject: IMAP4rev2 WG mtg summary and minutes
To: imap@cac.washington.edu
cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>
Message-Id: <B27397-0100000@cac.washington.edu>
MIME-Version: 1.0
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

Hello world.
Second line.
)m"),
       R"x(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7bit" 28 2))x",
       R"x(("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7bit" 28 2 NIL NIL NIL NIL))x"},
      {"alternative", crlf(R"m(From: "Doe, John" <john@example.com>
To: Mary Smith <mary@x.test>, jdoe@example.org, Who? <one@y.test>
Subject: alt test
Date: 1 Jan 2020 10:00:00 +0100
Message-ID: <1234@local.machine.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

preamble text
--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9 au lait, soft=
 break.
--b1
Content-Type: text/html; charset=utf-8

<html><body><p>Caf&eacute; <b>au</b> lait</p></body></html>
--b1--
epilogue
)m"),
       R"x((("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 33 1)("text" "html" ("charset" "utf-8") NIL NIL "7bit" 59 0) "alternative"))x",
       R"x((("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 33 1 NIL NIL NIL NIL)("text" "html" ("charset" "utf-8") NIL NIL "7bit" 59 0 NIL NIL NIL NIL) "alternative" ("boundary" "b1") NIL NIL NIL))x"},
      // RFC 2231 values decoded to UTF-8 under the plain name; Dovecot sends ("filename*"
      // "UTF-8''%C3%A9...").
      {"mixed2231", crlf(R"m(From: a@b.c
Subject: attachments
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=XYZ

--XYZ
Content-Type: text/plain

body text
--XYZ
Content-Type: application/octet-stream;
 name*0="very long ";
 name*1="file name.bin"
Content-Disposition: attachment;
 filename*0*=UTF-8''%C3%A9t%C3%A9;
 filename*1*=%20r%C3%A9sum%C3%A9.pdf
Content-Transfer-Encoding: base64
Content-ID: <part2@x>
Content-Description: A file
Content-Language: en, fr
Content-Location: http://example.com/x

aGVsbG8gd29ybGQ=
--XYZ
Content-Type: application/pdf; name*=iso-8859-1'en'%E9t%E9.pdf
Content-Disposition: inline; filename="plain.pdf"; size=123

JVBERi0=
--XYZ--
)m"),
       "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 9 0)(\"application\" "
       "\"octet-stream\" (\"name\" \"very long file name.bin\") \"<part2@x>\" \"A file\" "
       "\"base64\" 16)(\"application\" \"pdf\" (\"name\" {9}\r\n\xC3\xA9t\xC3\xA9.pdf) NIL NIL "
       "\"7bit\" 8) \"mixed\")",
       "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 9 0 NIL NIL NIL "
       "NIL)(\"application\" \"octet-stream\" (\"name\" \"very long file name.bin\") \"<part2@x>\" "
       "\"A file\" \"base64\" 16 NIL (\"attachment\" (\"filename\" {18}\r\n\xC3\xA9t\xC3\xA9 "
       "r\xC3\xA9sum\xC3\xA9.pdf)) (\"en\" \"fr\") \"http://example.com/x\")(\"application\" "
       "\"pdf\" (\"name\" {9}\r\n\xC3\xA9t\xC3\xA9.pdf) NIL NIL \"7bit\" 8 NIL (\"inline\" "
       "(\"filename\" \"plain.pdf\" \"size\" \"123\")) NIL NIL) \"mixed\" (\"boundary\" \"XYZ\") "
       "NIL NIL NIL)"},
      {"nested", crlf(R"m(From: a@b.c
Subject: nested
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain

plain
--inner
Content-Type: text/html

<p>html</p>
--inner--

--outer
Content-Type: image/gif
Content-Transfer-Encoding: base64

R0lGODlhAQABAAAAACw=
--outer--
)m"),
       R"x(((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0)("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 11 0) "alternative")("image" "gif" NIL NIL NIL "base64" 20) "mixed"))x",
       R"x(((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 0 NIL NIL NIL NIL)("text" "html" ("charset" "us-ascii") NIL NIL "7bit" 11 0 NIL NIL NIL NIL) "alternative" ("boundary" "inner") NIL NIL NIL)("image" "gif" NIL NIL NIL "base64" 20 NIL NIL NIL NIL) "mixed" ("boundary" "outer") NIL NIL NIL))x"},
      // Dovecot says 330 bytes / 18 lines: it counts the CRLF before "--o--", which RFC 2046 5.1.1
      // gives to the boundary.
      {"rfc822", crlf(R"m(From: a@b.c
Subject: fwd
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="o"

--o
Content-Type: text/plain

see attached
--o
Content-Type: message/rfc822
Content-Disposition: attachment

From: Inner Person <inner@x.y>
To: undisclosed-recipients:;
Subject: inner subject
Date: Mon, 2 Jan 2006 15:04:05 -0800
Message-ID: <inner@x.y>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="i"

--i
Content-Type: text/plain

inner text
line 2
--i
Content-Type: application/octet-stream

binary
--i--
--o--
)m"),
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 0)("message" "rfc822" NIL NIL NIL "7bit" 328 ("Mon, 2 Jan 2006 15:04:05 -0800" "inner subject" (("Inner Person" NIL "inner" "x.y")) (("Inner Person" NIL "inner" "x.y")) (("Inner Person" NIL "inner" "x.y")) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL "<inner@x.y>") (("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 18 1)("application" "octet-stream" NIL NIL NIL "7bit" 6) "mixed") 17) "mixed"))x",
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 0 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 328 ("Mon, 2 Jan 2006 15:04:05 -0800" "inner subject" (("Inner Person" NIL "inner" "x.y")) (("Inner Person" NIL "inner" "x.y")) (("Inner Person" NIL "inner" "x.y")) ((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)) NIL NIL NIL "<inner@x.y>") (("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 18 1 NIL NIL NIL NIL)("application" "octet-stream" NIL NIL NIL "7bit" 6 NIL NIL NIL NIL) "mixed" ("boundary" "i") NIL NIL NIL) 17 NIL ("attachment" NIL) NIL NIL) "mixed" ("boundary" "o") NIL NIL NIL))x"},
      {"digest", crlf(R"m(From: a@b.c
Subject: digest
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="d"

--d

From: one@x
Subject: first

first body
--d
Content-Type: text/plain

not a message
--d

From: two@x
Subject: second

second body
--d--
)m"),
       R"x((("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "first" ((NIL NIL "one" "x")) ((NIL NIL "one" "x")) ((NIL NIL "one" "x")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0) 3)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0)("message" "rfc822" NIL NIL NIL "7bit" 43 (NIL "second" ((NIL NIL "two" "x")) ((NIL NIL "two" "x")) ((NIL NIL "two" "x")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 0) 3) "digest"))x",
       R"x((("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "first" ((NIL NIL "one" "x")) ((NIL NIL "one" "x")) ((NIL NIL "one" "x")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 10 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 13 0 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 43 (NIL "second" ((NIL NIL "two" "x")) ((NIL NIL "two" "x")) ((NIL NIL "two" "x")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 0 NIL NIL NIL NIL) 3 NIL NIL NIL NIL) "digest" ("boundary" "d") NIL NIL NIL))x"},
      // No boundary parameter: the body is shown as text (Dovecot: an empty multipart).
      {"noboundary", crlf(R"m(From: a@b.c
Subject: noboundary
Content-Type: multipart/mixed

--foo
Content-Type: text/plain

x
--foo--
)m"),
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 47 5))x",
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 47 5 NIL NIL NIL NIL))x"},
      // The boundary never occurs: the body is shown as text (Dovecot: an empty multipart).
      {"wrongboundary", crlf(R"m(From: a@b.c
Subject: wrongboundary
Content-Type: multipart/mixed; boundary="nothere"

--foo
Content-Type: text/plain

x
--foo--
)m"),
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 47 5))x",
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 47 5 NIL NIL NIL NIL))x"},
      {"notype", crlf(R"m(From: a@b.c
Subject: no content type

just text
)m"),
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 1))x",
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 11 1 NIL NIL NIL NIL))x"},
      // Sizes of the bytes as stored; Dovecot counts bare LF as CRLF (8 instead of 7).
      {"barelf",
       R"m(From: a@b.c
Subject: bare lf
Content-Type: multipart/mixed; boundary=zz

--zz
Content-Type: text/plain

one
two
--zz
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: 8bit

three
--zz--
)m",
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 7 1)("text" "plain" ("charset" "iso-8859-1") NIL NIL "8bit" 5 0) "mixed"))x",
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 7 1 NIL NIL NIL NIL)("text" "plain" ("charset" "iso-8859-1") NIL NIL "8bit" 5 0 NIL NIL NIL NIL) "mixed" ("boundary" "zz") NIL NIL NIL))x"},
      {"missingclose", crlf(R"m(From: a@b.c
Subject: missing close
Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

one
--b
Content-Type: text/plain

two
)m"),
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 1) "mixed"))x",
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 3 0 NIL NIL NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 5 1 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL))x"},
      {"msgtop", crlf(R"m(From: a@b.c
Subject: top rfc822
Content-Type: message/rfc822

From: x@y
Subject: inner

inner body
)m"),
       R"x(("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "inner" ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 1) 4))x",
       R"x(("message" "rfc822" NIL NIL NIL "7bit" 41 (NIL "inner" ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) ((NIL NIL "x" "y")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 12 1 NIL NIL NIL NIL) 4 NIL NIL NIL NIL))x"},
      // Boundary present but no part: one empty text/plain child, as Dovecot.
      {"emptymulti", crlf(R"m(From: a@b.c
Subject: empty mp
Content-Type: multipart/mixed; boundary=b

--b--
)m"),
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed"))x",
       R"x((("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "b") NIL NIL NIL))x"},
      {"params", crlf(R"m(From: a@b.c
Subject: params
Content-Type: text/plain; charset="utf-8"; format=flowed; delsp=yes; (comment) x=y
Content-Transfer-Encoding: 8BIT
Content-Disposition: INLINE

hé
)m"),
       R"x(("text" "plain" ("charset" "utf-8" "format" "flowed" "delsp" "yes" "x" "y") NIL NIL "8BIT" 5 1))x",
       R"x(("text" "plain" ("charset" "utf-8" "format" "flowed" "delsp" "yes" "x" "y") NIL NIL "8BIT" 5 1 NIL ("INLINE" NIL) NIL NIL))x"},
      {"headeronly", crlf(R"m(From: a@b.c
Subject: header only)m"),
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0))x",
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL))x"},
      // A line that is not a header field starts the body (Dovecot keeps it in the header: 0 0).
      {"noblank", crlf(R"m(From: a@b.c
Subject: no blank
this is body text
more
)m"),
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 25 2))x",
       R"x(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 25 2 NIL NIL NIL NIL))x"},
  };
}

TEST(BodyStructureTest, MatchesWireForm) {
  for (const Case& c : cases()) {
    const Analysis a = analyze(c.raw);
    EXPECT_EQ(a.body, c.body) << c.name;
    EXPECT_EQ(a.bodystructure, c.bodystructure) << c.name;
  }
}

}  // namespace
}  // namespace petrel::mime
