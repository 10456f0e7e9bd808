#include "mime/casefold.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

TEST(CasefoldTest, FollowsRfc5051) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"", ""},
      {"Hello, World 123", "HELLO, WORLD 123"},
      // Titlecase then full decomposition (NFKD).
      {"caf\xC3\xA9", "CAFE\xCC\x81"},
      {"CAF\xC3\x89", "CAFE\xCC\x81"},
      {"CAFE\xCC\x81", "CAFE\xCC\x81"},
      // RFC 5051 section 2 example: U+01C4 -> U+0044 U+007A U+030C.
      {"\xC7\x84", "Dz\xCC\x8C"},
      {"\xC7\x86", "Dz\xCC\x8C"},
      // Compatibility decomposition. The "fi" ligature has no simple
      // titlecase mapping, and decomposition results are not titlecased
      // again (the RFC's own U+01C4 example ends in a lowercase z).
      {"\xEF\xAC\x81", "fi"},
      {"\xEF\xBD\x81", "A"},
      // Greek and Cyrillic.
      {"\xCE\xB1\xCE\xB2", "\xCE\x91\xCE\x92"},
      {"\xD0\xBF\xD1\x80\xD0\xB8", "\xD0\x9F\xD0\xA0\xD0\x98"},
      // Simple mappings only: sharp s stays.
      {"stra\xC3\x9F"
       "e",
       "STRA\xC3\x9F"
       "E"},
  };
  for (const auto& c : cases) EXPECT_EQ(casefold(c.in), c.out) << c.in;
}

TEST(CasefoldTest, MatchesCaseInsensitively) {
  EXPECT_EQ(casefold("R\xC3\xA9sum\xC3\xA9"), casefold("R\xC3\x89SUM\xC3\x89"));
  EXPECT_EQ(casefold("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"),
            casefold("\xD0\xBF\xD0\xA0\xD0\x98\xD0\x92\xD0\x95\xD0\xA2"));
}

TEST(CasefoldTest, InvalidUtf8IsReturnedUnchanged) {
  EXPECT_EQ(casefold("abc\xFF"), "abc\xFF");
  EXPECT_EQ(casefold("\xC3"), "\xC3");
}

}  // namespace
}  // namespace petrel::mime
