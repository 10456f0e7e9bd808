#include "imap/proto/lexer.h"

#include <gtest/gtest.h>

namespace petrel::imap {
namespace {

TEST(LexerTest, Atoms) {
  Lexer lx("abc]def ghi");
  std::string_view a;
  ASSERT_TRUE(lx.atom(a));
  EXPECT_EQ(a, "abc");
  EXPECT_EQ(lx.peek(), ']');
  std::string s;
  Lexer lx2("abc]def ghi");
  ASSERT_TRUE(lx2.astring(s));
  EXPECT_EQ(s, "abc]def");
  EXPECT_TRUE(lx2.sp());
  Lexer empty("(x");
  EXPECT_FALSE(empty.atom(a));
}

TEST(LexerTest, QuotedStrings) {
  std::string s;
  Lexer lx(R"("a \"b\" \\c")");
  ASSERT_TRUE(lx.quoted(s));
  EXPECT_EQ(s, R"(a "b" \c)");
  EXPECT_TRUE(lx.at_end());
  Lexer utf("\"caf\xC3\xA9\"");
  ASSERT_TRUE(utf.quoted(s));
  EXPECT_EQ(s, "caf\xC3\xA9");
  const char* bad[] = {"\"abc",       "\"a\\b\"", "\"a\rb\"",        "\"a\nb\"",
                       "\"caf\xC3\"", "\"\xFF\"", "\"\xED\xA0\x80\""};
  for (const char* b : bad) {
    Lexer l(b);
    EXPECT_FALSE(l.quoted(s)) << b;
  }
  Lexer nul(std::string_view("\"a\0b\"", 5));
  EXPECT_FALSE(nul.quoted(s));
}

TEST(LexerTest, Literals) {
  std::string s;
  bool was8 = true;
  Lexer lx("{5}\r\nab\r\nc rest");
  ASSERT_TRUE(lx.literal(s, false, &was8));
  EXPECT_EQ(s, "ab\r\nc");
  EXPECT_FALSE(was8);
  EXPECT_EQ(lx.rest(), " rest");
  Lexer plus("{2+}\nok");
  ASSERT_TRUE(plus.literal(s));
  EXPECT_EQ(s, "ok");
  Lexer zero("{0}\r\n");
  ASSERT_TRUE(zero.literal(s));
  EXPECT_EQ(s, "");
  Lexer l8(std::string_view("~{3}\r\na\0b", 9));
  ASSERT_TRUE(l8.literal(s, true, &was8));
  EXPECT_TRUE(was8);
  EXPECT_EQ(s, std::string("a\0b", 3));
  Lexer no8("~{1}\r\na");
  EXPECT_FALSE(no8.literal(s, false));
  Lexer nul(std::string_view("{3}\r\na\0b", 8));
  EXPECT_FALSE(nul.literal(s));
  const char* bad[] = {"{5}\r\nabc", "{}\r\n", "{x}\r\n",
                       "{5} abcde",  "{5",     "{99999999999999999999}\r\n"};
  for (const char* b : bad) {
    Lexer l(b);
    EXPECT_FALSE(l.literal(s)) << b;
  }
}

TEST(LexerTest, Numbers) {
  std::uint32_t n;
  std::uint64_t n64;
  EXPECT_TRUE(Lexer("4294967295").number(n));
  EXPECT_EQ(n, 4294967295u);
  EXPECT_FALSE(Lexer("4294967296").number(n));
  EXPECT_TRUE(Lexer("0").number(n));
  EXPECT_FALSE(Lexer("0").nz_number(n));
  EXPECT_FALSE(Lexer("01").nz_number(n));
  EXPECT_TRUE(Lexer("9223372036854775807").number64(n64));
  EXPECT_EQ(n64, 9223372036854775807ull);
  EXPECT_FALSE(Lexer("9223372036854775808").number64(n64));
  EXPECT_FALSE(Lexer("x").number64(n64));
}

TEST(LexerTest, Flags) {
  std::vector<std::string> flags;
  Lexer lx("(\\seen \\FLAGGED $Junk foo \\X-Ext)");
  ASSERT_TRUE(lx.flag_list(flags));
  EXPECT_EQ(flags, (std::vector<std::string>{"\\Seen", "\\Flagged", "$Junk", "foo", "\\X-Ext"}));
  Lexer empty("()");
  ASSERT_TRUE(empty.flag_list(flags));
  EXPECT_TRUE(flags.empty());
  const char* bad[] = {"(\\*)", "(\\)", "( \\Seen)", "(\\Seen )", "(\\Seen", "(a\"b)", "(%)"};
  for (const char* b : bad) {
    Lexer l(b);
    EXPECT_FALSE(l.flag_list(flags)) << b;
  }
}

TEST(LexerTest, MailboxNormalisesInbox) {
  std::string m;
  ASSERT_TRUE(Lexer("iNbOx").mailbox(m));
  EXPECT_EQ(m, "INBOX");
  ASSERT_TRUE(Lexer("\"inbox\"").mailbox(m));
  EXPECT_EQ(m, "INBOX");
  ASSERT_TRUE(Lexer("inbox.sub").mailbox(m));
  EXPECT_EQ(m, "inbox.sub");
}

TEST(LexerTest, DepthIsBounded) {
  Lexer lx("", 3);
  EXPECT_TRUE(lx.enter());
  EXPECT_TRUE(lx.enter());
  EXPECT_TRUE(lx.enter());
  EXPECT_FALSE(lx.enter());
  EXPECT_EQ(lx.error_code(), "LIMIT");
}

TEST(LexerTest, FirstErrorWins) {
  Lexer lx("x");
  std::uint32_t n;
  EXPECT_FALSE(lx.number(n));
  std::string first = lx.error();
  EXPECT_FALSE(lx.expect(')'));
  EXPECT_EQ(lx.error(), first);
}

}  // namespace
}  // namespace petrel::imap
