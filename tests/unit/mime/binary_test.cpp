// BINARY[section] and BINARY.SIZE (RFC 3516, RFC 9051 6.4.5).
#include "mime/binary.h"

#include <gtest/gtest.h>

#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

const std::string kMsg = crlf(R"(Content-Type: multipart/mixed; boundary=b

--b
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

aGVs!!bG8g
d29y*bGQ=extra==
--b
Content-Type: text/plain
Content-Transfer-Encoding: x-uuencode

begin 644 x
--b
Content-Type: text/plain
Content-Transfer-Encoding: quoted-printable

a=3Db=ZZc=
d=4
--b
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

bGluZTEKbGluZTIK
--b
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

AAEK/w==
--b
Content-Type: text/plain
Content-Transfer-Encoding: 8bit

caf=C3=A9
--b
Content-Type: message/rfc822

Subject: in

x
--b--
)");

Decoded dec(const std::string& raw, std::vector<unsigned> path) {
  return decode_section(raw, test::tree_of(raw), path);
}

TEST(BinaryTest, DecodesTransferEncodings) {
  // Damaged base64 is decoded leniently (Dovecot: NO [PARSE]).
  EXPECT_EQ(dec(kMsg, {1}).bytes, "hello world");
  EXPECT_FALSE(dec(kMsg, {1}).unknown_cte);
  // Unknown encoding: NO [UNKNOWN-CTE].
  EXPECT_TRUE(dec(kMsg, {2}).unknown_cte);
  EXPECT_EQ(dec(kMsg, {2}).bytes, "");
  // Quoted-printable with bad escapes (Dovecot: NO [PARSE]).
  EXPECT_EQ(dec(kMsg, {3}).bytes, "a=b=ZZcd=4");
  // Text gets CRLF line breaks even when the decoded data has bare LF.
  EXPECT_EQ(dec(kMsg, {4}).bytes, "line1\r\nline2\r\n");
  // Non-text data is left alone (here: LF, 0xFF, NUL).
  EXPECT_EQ(dec(kMsg, {5}).bytes, std::string("\x00\x01\n\xFF", 4));
  // Identity encodings.
  EXPECT_EQ(dec(kMsg, {6}).bytes, "caf=C3=A9");
  // message/rfc822 and multipart: undecoded (as Dovecot).
  EXPECT_EQ(dec(kMsg, {7}).bytes, crlf("Subject: in\n\nx"));
  EXPECT_EQ(dec(kMsg, {}).bytes, kMsg);
  // A part that does not exist.
  EXPECT_EQ(dec(kMsg, {8}).bytes, "");
  EXPECT_FALSE(section_exists(test::tree_of(kMsg), {8}));
  EXPECT_TRUE(section_exists(test::tree_of(kMsg), {7, 1}));
}

TEST(BinaryTest, SizeMatchesTheDecodedBytes) {
  const PartTree t = test::tree_of(kMsg);
  for (unsigned i = 1; i <= 8; ++i) {
    const Decoded d = decode_section(kMsg, t, {i});
    const auto size = decoded_size(kMsg, t, {i});
    if (d.unknown_cte) {
      EXPECT_FALSE(size) << i;
    } else {
      ASSERT_TRUE(size) << i;
      EXPECT_EQ(*size, d.bytes.size()) << i;
    }
  }
}

TEST(BinaryTest, TextOfABareLfMessageIsSentWithCrlf) {
  const std::string lf = "Content-Type: text/plain\n\none\ntwo\r\nthree\n";
  EXPECT_EQ(dec(lf, {1}).bytes, "one\r\ntwo\r\nthree\r\n");
}

TEST(BinaryTest, ToCrlf) {
  EXPECT_EQ(to_crlf(""), "");
  EXPECT_EQ(to_crlf("\n"), "\r\n");
  EXPECT_EQ(to_crlf("a\r\nb\nc"), "a\r\nb\r\nc");
  EXPECT_EQ(to_crlf("\r\r\n"), "\r\r\n");
}

}  // namespace
}  // namespace petrel::mime
