#include "mime/imap_string.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

std::string str(std::string_view s) {
  std::string out;
  append_imap_string(out, s);
  return out;
}

TEST(ImapStringTest, QuotesWhenSafe) {
  EXPECT_EQ(str(""), "\"\"");
  EXPECT_EQ(str("plain"), "\"plain\"");
  EXPECT_EQ(str("a \"q\" b\\c"), R"("a \"q\" b\\c")");
  EXPECT_EQ(str("tab\there"), "\"tab\there\"");
}

TEST(ImapStringTest, UsesLiteralsOtherwise) {
  // 8-bit text, even valid UTF-8: a literal is valid for IMAP4rev1 sessions
  // too (RFC 3501 quoted strings are 7-bit), and what Dovecot sends.
  static_assert(!kQuoteUtf8);
  EXPECT_EQ(str("Gr\xC3\xBC\xC3\x9F"
                "e"),
            "{7}\r\nGr\xC3\xBC\xC3\x9F"
            "e");
  EXPECT_EQ(str("Gr\xFC\xDF"
                "e"),
            "{5}\r\nGr\xFC\xDF"
            "e");
  EXPECT_EQ(str("two\r\nlines"), "{10}\r\ntwo\r\nlines");
  EXPECT_EQ(str("bare\nlf"), "{7}\r\nbare\nlf");
}

TEST(ImapStringTest, DropsNul) {
  EXPECT_EQ(str(std::string_view("a\0b", 3)), "\"ab\"");
  EXPECT_EQ(str(std::string_view("\xFF\0", 2)), "{1}\r\n\xFF");
}

TEST(ImapStringTest, NString) {
  std::string out;
  append_imap_nstring(out, std::nullopt);
  out.push_back(' ');
  append_imap_nstring(out, std::string_view("x"));
  EXPECT_EQ(out, "NIL \"x\"");
}

}  // namespace
}  // namespace petrel::mime
