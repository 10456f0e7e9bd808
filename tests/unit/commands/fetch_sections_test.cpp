// FETCH BODY[section]<partial> and the RFC822 forms, end to end through the
// session on the in-memory store. Expected bytes are Dovecot 2.3's answers
// to the same messages (tests/unit/commands/fetch_test_fixture.h).
#include <gtest/gtest.h>

#include "fetch_test_fixture.h"

namespace petrel::imap::fetch_testing {
namespace {

class FetchSections : public FetchTest {
 protected:
  void SetUp() override {
    append({kNested, kSimple, kNoBody});
    select();
  }
};

TEST_F(FetchSections, HeaderFieldsEchoUpperCasedNames) {
  EXPECT_EQ(run("a FETCH 1 (BODY.PEEK[HEADER.FIELDS (from To x-Unknown)])"),
            "* 1 FETCH (BODY[HEADER.FIELDS (FROM TO X-UNKNOWN)] {81}\r\n"
            "From: Alice <alice@example.com>\r\n"
            "To: Bob <bob@example.com>, carol@example.com\r\n"
            "\r\n)\r\n"
            "a OK FETCH completed\r\n");
  // A quoted name comes back as an atom when it is one.
  EXPECT_EQ(run("b FETCH 1 (BODY.PEEK[HEADER.FIELDS.NOT (subject \"Date\" MIME-Version)])"),
            "* 1 FETCH (BODY[HEADER.FIELDS.NOT (SUBJECT DATE MIME-VERSION)] {164}\r\n"
            "From: Alice <alice@example.com>\r\n"
            "To: Bob <bob@example.com>, carol@example.com\r\n"
            "Message-ID: <nested@example.com>\r\n"
            "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
            "\r\n)\r\n"
            "b OK FETCH completed\r\n");
}

TEST_F(FetchSections, PartsAndMimeHeaders) {
  EXPECT_EQ(run("a FETCH 1 (BODY.PEEK[1] BODY.PEEK[1.MIME] BODY.PEEK[2])"),
            "* 1 FETCH (BODY[1] {16}\r\nHello text part. BODY[1.MIME] {46}\r\n"
            "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            " BODY[2] {12}\r\nAAECA0hlbGxv)\r\n"
            "a OK FETCH completed\r\n");
}

TEST_F(FetchSections, EmbeddedMessage) {
  const std::string inner_header =
      "From: Dave <dave@example.com>\r\n"
      "Subject: Inner\r\n"
      "Content-Type: multipart/alternative; boundary=\"inner\"\r\n"
      "\r\n";
  const std::string inner_text =
      "--inner\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "Caf=C3=A9 inner=\r\n"
      " plain\r\n"
      "--inner\r\n"
      "Content-Type: text/html\r\n"
      "\r\n"
      "<p>inner html</p>\r\n"
      "--inner--";
  // The CRLF before "--outer" belongs to that delimiter (RFC 2046 5.1.1), so
  // part 3 ends at "--inner--". Dovecot 2.3 counts that CRLF into the
  // message/rfc822 part (293 and 189 octets), though not into text parts.
  EXPECT_EQ(run("a FETCH 1 (BODY.PEEK[3] BODY.PEEK[3.HEADER] BODY.PEEK[3.TEXT])"),
            "* 1 FETCH (BODY[3] {291}\r\n" + inner_header + inner_text +
                " BODY[3.HEADER] {104}\r\n" + inner_header + " BODY[3.TEXT] {187}\r\n" +
                inner_text + ")\r\na OK FETCH completed\r\n");
  EXPECT_EQ(run("b FETCH 1 (BODY.PEEK[3.1] BODY.PEEK[3.1.MIME] BODY.PEEK[3.2] "
                "BODY.PEEK[3.HEADER.FIELDS (subject)] BODY.PEEK[3.HEADER.FIELDS.NOT (Subject)])"),
            "* 1 FETCH (BODY[3.1] {24}\r\nCaf=C3=A9 inner=\r\n plain BODY[3.1.MIME] {88}\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            " BODY[3.2] {17}\r\n<p>inner html</p>"
            " BODY[3.HEADER.FIELDS (SUBJECT)] {18}\r\nSubject: Inner\r\n\r\n"
            " BODY[3.HEADER.FIELDS.NOT (SUBJECT)] {88}\r\n"
            "From: Dave <dave@example.com>\r\n"
            "Content-Type: multipart/alternative; boundary=\"inner\"\r\n\r\n"
            ")\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchSections, MissingPartsAreEmpty) {
  // Dovecot: BODY[5] {0}, BODY[1.HEADER] {0} (not a message/rfc822 part);
  // 1.1 of a text part is that part.
  EXPECT_EQ(run("a FETCH 1 (BODY.PEEK[4] BODY.PEEK[5] BODY.PEEK[3.3] BODY.PEEK[1.1] "
                "BODY.PEEK[1.HEADER] BODY.PEEK[9.MIME])"),
            "* 1 FETCH (BODY[4] {11}\r\nbegin 644 f BODY[5] {0}\r\n BODY[3.3] {0}\r\n"
            " BODY[1.1] {16}\r\nHello text part. BODY[1.HEADER] {0}\r\n BODY[9.MIME] {0}\r\n)\r\n"
            "a OK FETCH completed\r\n");
}

TEST_F(FetchSections, WholeMessageHeaderAndText) {
  EXPECT_EQ(run("a FETCH 2 (BODY.PEEK[] BODY.PEEK[HEADER] BODY.PEEK[TEXT])"),
            "* 2 FETCH (BODY[] {131}\r\n" + kSimple + " BODY[HEADER] {109}\r\n" +
                kSimple.substr(0, 109) + " BODY[TEXT] {22}\r\nLine one.\r\nLine two.\r\n)\r\n" +
                "a OK FETCH completed\r\n");
  // No body and no blank line: the header is sent as it is (RFC 9051 6.4.5.1).
  EXPECT_EQ(run("b FETCH 3 (BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[1])"),
            "* 3 FETCH (BODY[HEADER] {37}\r\n" + kNoBody +
                " BODY[TEXT] {0}\r\n BODY[1] {0}\r\n)\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchSections, Partials) {
  EXPECT_EQ(run("a FETCH 1 (BODY.PEEK[TEXT]<0.20> BODY.PEEK[]<860.100> BODY.PEEK[]<900.10> "
                "BODY.PEEK[HEADER]<0.10> BODY.PEEK[1]<6.4> BODY.PEEK[HEADER.FIELDS (TO)]<4.3>)"),
            "* 1 FETCH (BODY[TEXT]<0> {20}\r\npreamble\r\n--outer\r\nC"
            " BODY[]<860> {10}\r\nepilogue\r\n BODY[]<900> {0}\r\n"
            " BODY[HEADER]<0> {10}\r\nFrom: Alic BODY[1]<6> {4}\r\ntext"
            " BODY[HEADER.FIELDS (TO)]<4> {3}\r\nBob)\r\n"
            "a OK FETCH completed\r\n");
  // RFC 9051 6.4.5: BODY[]<0.2048> of a shorter message is still a partial.
  EXPECT_EQ(run("b FETCH 3 (BODY.PEEK[]<0.2048>)"),
            "* 3 FETCH (BODY[]<0> {37}\r\n" + kNoBody + ")\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchSections, Rfc822Forms) {
  EXPECT_EQ(run("a FETCH 2 (RFC822.HEADER)"), "* 2 FETCH (RFC822.HEADER {109}\r\n" +
                                                  kSimple.substr(0, 109) +
                                                  ")\r\na OK FETCH completed\r\n");
  EXPECT_EQ(run("b FETCH 2 (RFC822.TEXT)"),
            "* 2 FETCH (FLAGS (\\Seen) RFC822.TEXT {22}\r\nLine one.\r\nLine two.\r\n)\r\n"
            "b OK FETCH completed\r\n");
  EXPECT_EQ(run("c FETCH 3 (RFC822)"), "* 3 FETCH (FLAGS (\\Seen) RFC822 {37}\r\n" + kNoBody +
                                           ")\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchSections, ReadsOnlyTheBytesNeeded) {
  RecordingStore& rec = record();
  run("a FETCH 1 (BODY.PEEK[HEADER])");
  ASSERT_EQ(rec.reads.size(), 1u);
  EXPECT_EQ(rec.reads[0].offset, 0u);
  EXPECT_EQ(rec.reads[0].length, 243u);  // the header, blank line included
  rec.reads.clear();
  run("b FETCH 1 (BODY.PEEK[]<500.100>)");
  ASSERT_EQ(rec.reads.size(), 1u);
  EXPECT_EQ(rec.reads[0].offset, 500u);
  EXPECT_EQ(rec.reads[0].length, 100u);
  // The part tree is not even read for a whole-message slice.
  EXPECT_FALSE(rec.fetches.back().fields & store::kFetchPartTree);
  rec.reads.clear();
  run("c FETCH 1 (BODY.PEEK[1.MIME])");
  ASSERT_EQ(rec.reads.size(), 1u);
  EXPECT_LT(rec.reads[0].length, 400u);
  rec.reads.clear();
  // Nothing to read for a part that does not exist, nor for metadata.
  run("d FETCH 1 (BODY.PEEK[7] FLAGS ENVELOPE)");
  EXPECT_TRUE(rec.reads.empty());
}

TEST_F(FetchSections, ReadFailureIsNo) {
  RecordingStore& rec = record();
  rec.fail_read = 1;
  EXPECT_EQ(run("a FETCH 1:3 (BODY.PEEK[1])"),
            "* 1 FETCH (BODY[1] {16}\r\nHello text part.)\r\n"
            "a NO [UNAVAILABLE] Internal storage error; try again later\r\n");
}

}  // namespace
}  // namespace petrel::imap::fetch_testing
