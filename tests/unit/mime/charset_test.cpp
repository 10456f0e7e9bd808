#include "mime/charset.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

std::string convert(std::string_view cs, std::string_view bytes) {
  std::string out;
  to_utf8_lenient(cs, bytes, out);
  return out;
}

TEST(CharsetTest, ConvertsKnownCharsets) {
  EXPECT_EQ(convert("utf-8", "caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("UTF8", "caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("iso-8859-1", "caf\xE9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("ISO-8859-2", "\xB1"), "\xC4\x85");  // a with ogonek
  EXPECT_EQ(convert("windows-1251", "\xCF\xF0\xE8"), "\xD0\x9F\xD1\x80\xD0\xB8");
  EXPECT_EQ(convert("koi8-r", "\xF0"), "\xD0\x9F");
  EXPECT_EQ(convert("Shift_JIS", "\x93\xFA"), "\xE6\x97\xA5");
  EXPECT_EQ(convert("gb2312", "\xD6\xD0"), "\xE4\xB8\xAD");
  EXPECT_EQ(convert("utf-16be", std::string_view("\x00"
                                                 "A\x00"
                                                 "B",
                                                 4)),
            "AB");
  EXPECT_EQ(convert("utf-7", "Hi Mom -+Jjo--!"), "Hi Mom -\xE2\x98\xBA-!");
}

TEST(CharsetTest, Latin1IsReadAsWindows1252) {
  // 0x80 is the euro sign in windows-1252 (WHATWG), a C1 control in Latin-1.
  EXPECT_EQ(convert("iso-8859-1", "\x80"), "\xE2\x82\xAC");
}

TEST(CharsetTest, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(convert("utf-8",
                    "a\xFF"
                    "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(convert("utf-8", "\xC0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong NUL
}

TEST(CharsetTest, UnknownCharsetFallsBack) {
  EXPECT_FALSE(charset_known("x-no-such-charset"));
  EXPECT_FALSE(charset_known(""));
  EXPECT_TRUE(charset_known("iso-8859-15"));
  // Valid UTF-8 is kept, anything else is read as Latin-1.
  EXPECT_EQ(convert("x-no-such-charset", "caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("x-no-such-charset", "caf\xE9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("", "caf\xE9"), "caf\xC3\xA9");
  std::string out = "unchanged";
  EXPECT_FALSE(charset_to_utf8("x-no-such-charset", "abc", out));
  EXPECT_EQ(out, "unchanged");
}

TEST(CharsetTest, MislabelledAsciiIsRecovered) {
  EXPECT_EQ(convert("us-ascii", "plain"), "plain");
  EXPECT_EQ(convert("us-ascii", "caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(convert("us-ascii", "caf\xE9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace petrel::mime
