// FETCH BINARY[...] / BINARY.PEEK / BINARY.SIZE (RFC 3516), end to end
// through the session on the in-memory store.
#include <gtest/gtest.h>

#include "fetch_test_fixture.h"

namespace petrel::imap::fetch_testing {
namespace {

using namespace std::string_literals;

class FetchBinary : public FetchTest {
 protected:
  void SetUp() override {
    append({kNested, kSimple, kNoBody,
            crlf("Subject: odd\nContent-Transfer-Encoding: x-foo\n\nabc\n"),
            // Base64 text with bare LF line ends: BINARY sends CRLF (RFC 9051 7.5.2).
            crlf("Subject: lf\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
                 "YQpiCg==\n")});
    select();
  }
};

TEST_F(FetchBinary, DecodedParts) {
  EXPECT_EQ(run("a FETCH 1 (BINARY.PEEK[1] BINARY.PEEK[3.1] BINARY.SIZE[3.1])"),
            "* 1 FETCH (BINARY[1] {16}\r\nHello text part. BINARY[3.1] {17}\r\n"
            "Caf\xc3\xa9 inner plain BINARY.SIZE[3.1] 17)\r\n"
            "a OK FETCH completed\r\n");
  EXPECT_EQ(run("b FETCH 5 (BINARY.SIZE[1] BINARY.PEEK[1])"),
            "* 5 FETCH (BINARY.SIZE[1] 6 BINARY[1] {6}\r\na\r\nb\r\n)\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchBinary, NulNeedsLiteral8) {
  EXPECT_EQ(run("a FETCH 1 (BINARY.PEEK[2] BINARY.SIZE[2])"),
            "* 1 FETCH (BINARY[2] ~{9}\r\n\x00\x01\x02\x03Hello BINARY.SIZE[2] 9)\r\n"
            "a OK FETCH completed\r\n"s);
  // The partial decides: a slice without NUL is an ordinary literal.
  EXPECT_EQ(run("b FETCH 1 (BINARY.PEEK[2]<0.3> BINARY.PEEK[2]<4.5> BINARY.PEEK[2]<20.5>)"),
            "* 1 FETCH (BINARY[2]<0> ~{3}\r\n\x00\x01\x02 BINARY[2]<4> {5}\r\nHello"
            " BINARY[2]<20> {0}\r\n)\r\nb OK FETCH completed\r\n"s);
}

TEST_F(FetchBinary, UnknownEncodingFailsTheCommand) {
  // RFC 3516 4.3: NO [UNKNOWN-CTE]; what was sent for earlier messages stays.
  EXPECT_EQ(run("a FETCH 2:4 (UID BINARY.PEEK[1])"),
            "* 2 FETCH (UID 2 BINARY[1] {22}\r\nLine one.\r\nLine two.\r\n)\r\n"
            "* 3 FETCH (UID 3 BINARY[1] {0}\r\n)\r\n"
            "a NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding\r\n");
  EXPECT_EQ(run("b FETCH 1 (BINARY.SIZE[4])"),
            "b NO [UNKNOWN-CTE] Unknown Content-Transfer-Encoding\r\n");
  EXPECT_EQ(run("c FETCH 4 (BINARY[])"),
            "* 4 FETCH (FLAGS (\\Seen) BINARY[] {55}\r\n" +
                crlf("Subject: odd\nContent-Transfer-Encoding: x-foo\n\nabc\n") +
                ")\r\nc OK FETCH completed\r\n");
}

TEST_F(FetchBinary, WholeMessageAndMissingParts) {
  EXPECT_EQ(run("a FETCH 2 (BINARY.SIZE[] BINARY.PEEK[]<0.4> BINARY.PEEK[9] BINARY.SIZE[9])"),
            "* 2 FETCH (BINARY.SIZE[] 131 BINARY[]<0> {4}\r\nFrom BINARY[9] {0}\r\n"
            " BINARY.SIZE[9] 0)\r\na OK FETCH completed\r\n");
  EXPECT_EQ(run("b FETCH 2 (BINARY.PEEK[])"),
            "* 2 FETCH (BINARY[] {131}\r\n" + kSimple + ")\r\nb OK FETCH completed\r\n");
}

TEST_F(FetchBinary, MessagePartIsSentUndecoded) {
  const std::string out = run("a FETCH 1 (BINARY.PEEK[3] BINARY.SIZE[3])");
  EXPECT_EQ(out.substr(0, 28), "* 1 FETCH (BINARY[3] {291}\r\n");
  EXPECT_NE(out.find("Caf=C3=A9 inner=\r\n plain"), std::string::npos);
  EXPECT_NE(out.find(" BINARY.SIZE[3] 291)\r\n"), std::string::npos);
}

}  // namespace
}  // namespace petrel::imap::fetch_testing
