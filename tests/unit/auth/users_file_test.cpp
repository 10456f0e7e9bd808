#include "auth/users_file.h"

#include <gtest/gtest.h>

#include "auth/user_name.h"

namespace petrel::auth {
namespace {

TEST(UserName, AcceptsAndLowercases) {
  EXPECT_EQ(normalize_user_name("Alice"), "alice");
  EXPECT_EQ(normalize_user_name("bob.smith+tag@example.ORG"), "bob.smith+tag@example.org");
  EXPECT_EQ(normalize_user_name("a_b-c"), "a_b-c");
  EXPECT_EQ(normalize_user_name("0"), "0");
  EXPECT_EQ(normalize_user_name(std::string(64, 'x')), std::string(64, 'x'));
}

TEST(UserName, RejectsInvalid) {
  for (std::string name :
       {std::string(), std::string(65, 'x'), std::string(".hidden"), std::string(".."),
        std::string("a:b"), std::string("a b"), std::string("a/b"), std::string("a\nb"),
        std::string("tab\t"), std::string("nul\0x", 5), std::string("ünï"), std::string("a%b")}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(normalize_user_name(name));
  }
}

TEST(UsersFile, ParsesEntriesAndSkipsCommentsAndCorruptLines) {
  UserTable t = parse_users(
      "# a comment\n"
      "\n"
      "alice:$y$abc\n"
      "Bob:$6$x$y\r\n"
      "no colon here\n"
      ".bad:$y$abc\n"
      "bad name:$y$abc\n"
      "empty:\n"
      ":nohash\n"
      "space:$y$a b\n"
      "\x01\x02\xff:garbage\n"
      "alice:$6$second$ignored\n"
      "carol:$y$last-line-without-newline");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t.at("alice"), "$y$abc");  // the first entry for a name wins
  EXPECT_EQ(t.at("bob"), "$6$x$y");
  EXPECT_EQ(t.at("carol"), "$y$last-line-without-newline");
}

TEST(UsersFile, EmptyText) { EXPECT_TRUE(parse_users("").empty()); }

TEST(UsersFileLines, EditsKeepCommentsAndOrder) {
  UsersFileLines lines("# header\nalice:h1\n# about bob\nbob:h2\nALICE:dup\n");
  EXPECT_TRUE(lines.contains("alice"));
  EXPECT_TRUE(lines.contains("bob"));
  EXPECT_FALSE(lines.contains("carol"));

  EXPECT_TRUE(lines.replace("alice", "h3"));
  EXPECT_EQ(lines.text(), "# header\nalice:h3\n# about bob\nbob:h2\n");
  EXPECT_FALSE(lines.replace("carol", "h"));

  lines.append("carol", "h4");
  EXPECT_TRUE(lines.remove("bob"));
  EXPECT_FALSE(lines.remove("bob"));
  EXPECT_EQ(lines.text(), "# header\nalice:h3\n# about bob\ncarol:h4\n");
}

}  // namespace
}  // namespace petrel::auth
