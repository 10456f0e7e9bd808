#include "mime/quoted_printable.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

TEST(QuotedPrintableTest, DecodesTable) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"", ""},
      {"plain text", "plain text"},
      {"Caf=C3=A9", "Caf\xC3\xA9"},
      {"lower =c3=a9 hex", "lower \xC3\xA9 hex"},
      // Soft line breaks (RFC 2045 6.7 rule 5), CRLF or bare LF.
      {"soft=\r\n break", "soft break"},
      {"soft=\n break", "soft break"},
      // Whitespace after the '=' of a soft break, and trailing whitespace on
      // hard lines, is transport padding (rule 3).
      {"soft= \t\r\nbreak", "softbreak"},
      {"trailing   \r\nnext", "trailing\r\nnext"},
      // Hard line breaks stay as written.
      {"a\r\nb\nc", "a\r\nb\nc"},
      // Malformed escapes are kept literally (rule 1 robustness).
      {"a=3Db=ZZc=\r\nd=4", "a=b=ZZcd=4"},
      {"=", ""},
      {"x=4", "x=4"},
      {"=G0", "=G0"},
      {"100% =3D", "100% ="},
  };
  for (const auto& c : cases) EXPECT_EQ(qp_decode(c.in), c.out) << c.in;
}

TEST(QuotedPrintableTest, DecodesBinaryBytes) {
  EXPECT_EQ(qp_decode("=00=FF=0D=0A"), std::string("\x00\xFF\r\n", 4));
}

}  // namespace
}  // namespace petrel::mime
