// Tags, command names, UID forms and the commands with simple arguments.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

struct Canon {
  const char* in;
  const char* out;
};

TEST(ParseBasicTest, NoArgumentCommands) {
  const Canon cases[] = {
      {"a1 CAPABILITY", "a1 CAPABILITY"},
      {"a1 capability", "a1 CAPABILITY"},
      {"a NOOP", "a NOOP"},
      {"a logout", "a LOGOUT"},
      {"a StartTLS", "a STARTTLS"},
      {"a IDLE", "a IDLE"},
      {"a CLOSE", "a CLOSE"},
      {"a UNSELECT", "a UNSELECT"},
      {"a CHECK", "a CHECK"},
      {"a NAMESPACE", "a NAMESPACE"},
      {"a EXPUNGE", "a EXPUNGE"},
      {"a UNAUTHENTICATE", "a UNAUTHENTICATE"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
  Command cmd = parse_ok("x1 noop");
  EXPECT_EQ(cmd.tag, "x1");
  EXPECT_EQ(cmd.name, "NOOP");
  EXPECT_FALSE(cmd.uid);
  EXPECT_TRUE(std::holds_alternative<NoArgs>(cmd.args));
  for (const char* name : {"CAPABILITY", "NOOP", "LOGOUT", "STARTTLS", "IDLE", "CLOSE", "UNSELECT",
                           "CHECK", "NAMESPACE", "EXPUNGE", "UNAUTHENTICATE"}) {
    for (const char* suffix : {" x", " ", " ()", "\r", "(", " 1:2"}) {
      std::string bad = std::string("a ") + name + suffix;
      CommandError e = parse_err(bad);
      EXPECT_EQ(e.tag, "a") << bad;
    }
  }
  for (const char* bad : {"a NOOP x", "a NOOP ", "a CAPABILITY ()", "a LOGOUT\r"}) {
    CommandError e = parse_err(bad);
    EXPECT_EQ(e.tag, "a") << bad;
    EXPECT_EQ(e.kind, ErrorKind::Bad);
  }
}

TEST(ParseBasicTest, Tags) {
  EXPECT_EQ(parse_ok("A0001 NOOP").tag, "A0001");
  EXPECT_EQ(parse_ok("a]b NOOP").tag, "a]b");  // resp-specials are ASTRING-CHARs
  EXPECT_EQ(parse_err("*a NOOP").tag, "");
}

TEST(ParseBasicTest, InvalidTags) {
  struct Case {
    const char* in;
    const char* tag;
  };
  const Case cases[] = {
      {" NOOP", ""},         {"+ NOOP", ""},    {"a+b NOOP", ""}, {"a{1} NOOP", ""},
      {"a\"b NOOP", ""},     {"a(b NOOP", ""},  {"a%b NOOP", ""}, {"a\\b NOOP", ""},
      {"\xC3\xA9 NOOP", ""}, {"a\tb NOOP", ""}, {"", ""},         {"a", "a"},
      {"a ", "a"},           {"a  NOOP", "a"},
  };
  for (const Case& c : cases) {
    CommandError e = parse_err(c.in);
    EXPECT_EQ(e.tag, c.tag) << c.in;
    EXPECT_EQ(e.kind, ErrorKind::Bad) << c.in;
    EXPECT_FALSE(e.fatal);
    EXPECT_EQ(e.text.find_first_of("\r\n"), std::string::npos);
  }
  ReaderLimits limits;
  limits.max_tag = 4;
  EXPECT_EQ(parse_ok("abcd NOOP", limits).tag, "abcd");
  CommandError e = parse_err("abcde NOOP", limits);
  EXPECT_EQ(e.tag, "");
  EXPECT_EQ(e.code, "LIMIT");
}

TEST(ParseBasicTest, UnknownCommandsAndUidForms) {
  EXPECT_EQ(parse_err("a FOO").text, "Unknown command");
  EXPECT_EQ(parse_err("a UID NOOP").text, "Command has no UID form");
  EXPECT_EQ(parse_err("a UID").tag, "a");
  EXPECT_EQ(parse_err("a UID  FETCH 1 FLAGS").tag, "a");
  EXPECT_EQ(parse_err("a XLIST \"\" *").text, "Unknown command");
  for (const char* name :
       {"FETCH", "STORE", "COPY", "MOVE", "SEARCH", "EXPUNGE", "SORT", "THREAD"}) {
    EXPECT_TRUE(is_known_command(name, true)) << name;
  }
  EXPECT_TRUE(is_known_command("append", false));
  EXPECT_FALSE(is_known_command("APPEND", true));
  EXPECT_FALSE(is_known_command("", false));
  Command c = parse_ok("a uid expunge 1:3,5");
  EXPECT_TRUE(c.uid);
  EXPECT_EQ(c.name, "EXPUNGE");
  EXPECT_EQ(args_of<UidExpungeArgs>(c).uids.to_string(), "1:3,5");
  EXPECT_EQ(canon("a UID EXPUNGE 4:*"), "a UID EXPUNGE 4:*");
  parse_err("a UID EXPUNGE");
  parse_err("a UID EXPUNGE 0");
}

TEST(ParseBasicTest, Login) {
  Command c = parse_ok("a LOGIN fred \"pass word\"");
  EXPECT_EQ(args_of<LoginArgs>(c).user, "fred");
  EXPECT_EQ(args_of<LoginArgs>(c).password, "pass word");
  Command lit = parse_ok("a LOGIN {4}\r\nfr d {3}\r\n\"\\x");
  EXPECT_EQ(args_of<LoginArgs>(lit).user, "fr d");
  EXPECT_EQ(args_of<LoginArgs>(lit).password, "\"\\x");
  EXPECT_EQ(canon("a login FRED \"\""), "a LOGIN FRED \"\"");
  EXPECT_EQ(canon("a LOGIN \"user\" pa]ss"), "a LOGIN user pa]ss");
  for (const char* bad : {"a LOGIN", "a LOGIN fred", "a LOGIN fred ", "a LOGIN fred a b",
                          "a LOGIN (fred) x", "a LOGIN fred \"unterminated"}) {
    parse_err(bad);
  }
  EXPECT_EQ(format_command(lit, true), "a LOGIN \"fr d\" \"***\"\r\n");
}

TEST(ParseBasicTest, Authenticate) {
  Command c = parse_ok("a authenticate plain");
  EXPECT_EQ(args_of<AuthenticateArgs>(c).mechanism, "PLAIN");
  EXPECT_FALSE(args_of<AuthenticateArgs>(c).initial_response);
  Command ir = parse_ok("a AUTHENTICATE PLAIN AGZyZWQAc2VjcmV0");
  EXPECT_EQ(args_of<AuthenticateArgs>(ir).initial_response, "AGZyZWQAc2VjcmV0");
  EXPECT_EQ(args_of<AuthenticateArgs>(parse_ok("a AUTHENTICATE EXTERNAL =")).initial_response, "=");
  EXPECT_EQ(canon("a AUTHENTICATE scram-sha-256 biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx"),
            "a AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlx");
  EXPECT_EQ(canon("a AUTHENTICATE PLAIN YQ=="), "a AUTHENTICATE PLAIN YQ==");
  for (const char* bad : {"a AUTHENTICATE", "a AUTHENTICATE PLAIN ", "a AUTHENTICATE PLAIN a=b=",
                          "a AUTHENTICATE PLAIN YQ=", "a AUTHENTICATE PLAIN Y!Q=",
                          "a AUTHENTICATE PLAIN YQ== x", "a AUTHENTICATE \"PLAIN\""}) {
    parse_err(bad);
  }
}

TEST(ParseBasicTest, Enable) {
  Command c = parse_ok("a ENABLE condstore utf8=accept IMAP4rev2");
  EXPECT_EQ(args_of<EnableArgs>(c).capabilities,
            (std::vector<std::string>{"CONDSTORE", "UTF8=ACCEPT", "IMAP4REV2"}));
  EXPECT_EQ(canon("a enable qresync"), "a ENABLE QRESYNC");
  for (const char* bad : {"a ENABLE", "a ENABLE ", "a ENABLE a  b", "a ENABLE (x)"}) parse_err(bad);
}

TEST(ParseBasicTest, Id) {
  Command nil = parse_ok("a ID NIL");
  EXPECT_FALSE(args_of<IdArgs>(nil).fields);
  Command c = parse_ok("a ID (\"name\" \"sodr\" \"version\" NIL \"os\" {5}\r\nLinux)");
  const auto& f = *args_of<IdArgs>(c).fields;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].first, "name");
  EXPECT_EQ(f[0].second, "sodr");
  EXPECT_FALSE(f[1].second);
  EXPECT_EQ(f[2].second, "Linux");
  EXPECT_EQ(canon("a id ()"), "a ID ()");
  EXPECT_EQ(canon("a id nil"), "a ID NIL");
  EXPECT_EQ(canon("a ID (\"k\" \"v\")"), "a ID (\"k\" \"v\")");
  std::string many = "a ID (";
  for (int i = 0; i < 31; ++i) many += (i ? " \"k" : "\"k") + std::to_string(i) + "\" NIL";
  many += ")";
  EXPECT_EQ(parse_err(many).code, "LIMIT");
  EXPECT_EQ(parse_err("a ID (\"" + std::string(31, 'k') + "\" NIL)").code, "LIMIT");
  for (const char* bad : {"a ID", "a ID (", "a ID (\"k\")", "a ID (k v)", "a ID (\"k\" \"v\" )",
                          "a ID NILX", "a ID (\"k\"  \"v\")"}) {
    parse_err(bad);
  }
}

TEST(ParseBasicTest, Compress) {
  EXPECT_EQ(args_of<CompressArgs>(parse_ok("a COMPRESS deflate")).mechanism, "DEFLATE");
  parse_err("a COMPRESS");
  parse_err("a COMPRESS DEFLATE x");
}

TEST(ParseBasicTest, ErrorTextsAreSafe) {
  CommandError e = parse_err("a FETCH 1 (FLAGS \r\n)");
  EXPECT_EQ(e.tag, "a");
  EXPECT_EQ(e.text.find_first_of("\r\n"), std::string::npos);
  EXPECT_NE(e.text.find("FETCH"), std::string::npos);
}

}  // namespace
}  // namespace petrel::imap::testing
