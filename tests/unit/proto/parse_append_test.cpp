// APPEND: flags, date-time, literal / literal8 / UTF8, MULTIAPPEND.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

TEST(ParseAppendTest, RfcExample) {
  const std::string msg =
      "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
      "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
      "Subject: afternoon meeting\r\n\r\nHello Joe\r\n";
  std::string framed =
      "A003 APPEND saved-messages (\\Seen) {" + std::to_string(msg.size()) + "}\r\n" + msg;
  Command c = parse_ok(framed);
  EXPECT_EQ(c.name, "APPEND");
  const AppendArgs& a = args_of<AppendArgs>(c);
  EXPECT_EQ(a.mailbox, "saved-messages");
  ASSERT_EQ(a.messages.size(), 1u);
  EXPECT_EQ(a.messages[0].flags, std::vector<std::string>{"\\Seen"});
  EXPECT_FALSE(a.messages[0].internal_date);
  EXPECT_EQ(a.messages[0].data, msg);
  EXPECT_FALSE(a.messages[0].literal8);
  EXPECT_EQ(canon(framed), framed);
}

TEST(ParseAppendTest, Forms) {
  struct Canon {
    const char* in;
    const char* out;
  };
  const Canon cases[] = {
      {"a APPEND inbox {3}\r\nabc", "a APPEND INBOX {3}\r\nabc"},
      {"a APPEND x {3+}\r\nabc", "a APPEND x {3}\r\nabc"},
      {"a APPEND x () {1}\r\nz", "a APPEND x {1}\r\nz"},
      {"a APPEND x (\\seen $Forwarded) \" 7-Feb-1994 21:52:25 -0800\" {1}\r\nz",
       "a APPEND x (\\Seen $Forwarded) \"07-Feb-1994 21:52:25 -0800\" {1}\r\nz"},
      {"a APPEND x \"07-Feb-1994 21:52:25 +0000\" {1}\r\nz",
       "a APPEND x \"07-Feb-1994 21:52:25 +0000\" {1}\r\nz"},
      {"a APPEND x ~{2}\r\nab", "a APPEND x ~{2}\r\nab"},
      {"a APPEND x ~{2+}\r\nab", "a APPEND x ~{2}\r\nab"},
      {"a APPEND x UTF8 (~{2}\r\nab)", "a APPEND x UTF8 (~{2}\r\nab)"},
      {"a APPEND x utf8 ({2}\r\nab)", "a APPEND x UTF8 ({2}\r\nab)"},
      {"a APPEND x {0}\r\n", "a APPEND x {0}\r\n"},
      // MULTIAPPEND (RFC 3502): several messages, each with its own options.
      {"a APPEND x (\\Seen) {1}\r\na {1}\r\nb (\\Draft) \"01-Jan-2000 00:00:00 +0000\" ~{1}\r\nc",
       "a APPEND x (\\Seen) {1}\r\na {1}\r\nb (\\Draft) \"01-Jan-2000 00:00:00 +0000\" ~{1}\r\nc"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;

  Command m = parse_ok("a APPEND x {1}\r\na (\\Flagged) {2}\r\nbc");
  const AppendArgs& a = args_of<AppendArgs>(m);
  ASSERT_EQ(a.messages.size(), 2u);
  EXPECT_EQ(a.messages[0].data, "a");
  EXPECT_TRUE(a.messages[0].flags.empty());
  EXPECT_EQ(a.messages[1].data, "bc");
  EXPECT_EQ(a.messages[1].flags, std::vector<std::string>{"\\Flagged"});

  Command dt = parse_ok("a APPEND x \"17-Jul-1996 02:44:25 -0700\" {1}\r\nz");
  const DateTime& t = *args_of<AppendArgs>(dt).messages[0].internal_date;
  EXPECT_EQ(t.unix_time(), 837596665);
  EXPECT_EQ(t.zone_minutes, -420);

  const std::string bin = std::string("a APPEND x ~{3}\r\na") + '\0' + "b";
  Command b = parse_ok(bin);
  EXPECT_EQ(args_of<AppendArgs>(b).messages[0].data, std::string("a\0b", 3));
  EXPECT_TRUE(args_of<AppendArgs>(b).messages[0].literal8);
  Command u = parse_ok("a APPEND x UTF8 (~{1}\r\nz)");
  EXPECT_TRUE(args_of<AppendArgs>(u).messages[0].utf8);
}

TEST(ParseAppendTest, Invalid) {
  const std::string nul = std::string("a APPEND x {3}\r\na") + '\0' + "b";
  const char* bad[] = {
      "a APPEND",
      "a APPEND x",
      "a APPEND x ",
      "a APPEND x \"abc\"",  // not a literal
      "a APPEND x abc",
      "a APPEND x (\\Seen)",
      "a APPEND x (\\Seen) ",
      "a APPEND x (\\Seen){1}\r\na",
      "a APPEND x \"32-Jan-2020 00:00:00 +0000\" {1}\r\na",  // invalid date
      "a APPEND x \"1-Jan-2020\" {1}\r\na",                  // a date, not a date-time
      "a APPEND x 01-Jan-2020 00:00:00 +0000 {1}\r\na",
      "a APPEND x {1}\r\na ",
      "a APPEND x {1}\r\nab",
      "a APPEND x {5}\r\nab",  // truncated
      "a APPEND x UTF8 ~{1}\r\na",
      "a APPEND x UTF8 (~{1}\r\na",
      "a APPEND x (\\Seen) (\\Seen) {1}\r\na",
      "a APPEND x CATENATE (TEXT {1}\r\na)",
  };
  for (const char* b : bad) EXPECT_EQ(parse_err(b).tag, "a") << b;
  parse_err(nul);
}

}  // namespace
}  // namespace petrel::imap::testing
