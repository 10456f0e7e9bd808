#include "imap/session/mailbox_name.h"

#include <gtest/gtest.h>

namespace petrel::imap {
namespace {

TEST(MailboxName, DecodesUtf8AndModifiedUtf7) {
  EXPECT_EQ(decode_mailbox_name("Entw&APw-rfe", false).value(), "Entwürfe");
  EXPECT_EQ(decode_mailbox_name("Entwürfe", true).value(), "Entwürfe");
  // A rev1 client sending raw UTF-8 is understood.
  EXPECT_EQ(decode_mailbox_name("Entwürfe", false).value(), "Entwürfe");
  // In UTF-8 mode "&" is an ordinary character.
  EXPECT_EQ(decode_mailbox_name("A&B", true).value(), "A&B");
  EXPECT_EQ(decode_mailbox_name("A&-B", false).value(), "A&B");
}

TEST(MailboxName, InboxIsCaseInsensitive) {
  EXPECT_EQ(decode_mailbox_name("inbox", false).value(), "INBOX");
  EXPECT_EQ(decode_mailbox_name("InBoX/Sub", true).value(), "INBOX/Sub");
  EXPECT_EQ(decode_mailbox_name("Inboxes", true).value(), "Inboxes");
}

TEST(MailboxName, RejectsBadNames) {
  for (const char* bad : {"", "/a", "a/", "a//b", "a/../b", "..", ".", "a/./b", "x\x01y"}) {
    auto r = decode_mailbox_name(bad, true);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  }
  EXPECT_FALSE(decode_mailbox_name("\xff\xfe", true).ok());
  EXPECT_FALSE(decode_mailbox_name("A&Jjo", false).ok());  // unterminated mUTF-7
  EXPECT_FALSE(decode_mailbox_name(std::string(1001, 'a'), true).ok());
  EXPECT_TRUE(decode_mailbox_name("a..b/c.d", true).ok());
}

TEST(MailboxName, Encodes) {
  EXPECT_EQ(encode_mailbox_name("Entwürfe", false), "Entw&APw-rfe");
  EXPECT_EQ(encode_mailbox_name("Entwürfe", true), "Entwürfe");
  EXPECT_EQ(encode_mailbox_name("A&B", false), "A&-B");
}

TEST(ListPattern, Wildcards) {
  struct Case {
    const char* pattern;
    const char* name;
    bool match;
  } cases[] = {
      {"*", "INBOX", true},        {"*", "a/b/c", true},        {"%", "a", true},
      {"%", "a/b", false},         {"a/%", "a/b", true},        {"a/%", "a/b/c", false},
      {"a/*", "a/b/c", true},      {"a*", "a", true},           {"a*", "abc/d", true},
      {"a%", "abc/d", false},      {"inbox", "INBOX", true},    {"INBOX/%", "INBOX/x", true},
      {"inbox/%", "INBOX/x", true}, {"Sent", "sent", false},     {"", "", true},
      {"%/%", "a/b", true},        {"%/%", "a", false},         {"*b*", "abc", true},
      {"a%c", "abc", true},        {"a%c", "ab/c", false},      {"a*c", "ab/c", true},
      {"Entwürfe", "Entwürfe", true},
  };
  for (const auto& c : cases)
    EXPECT_EQ(list_pattern_matches(c.pattern, c.name), c.match) << c.pattern << " ~ " << c.name;
}

TEST(ListPattern, NoExponentialBacktracking) {
  std::string pattern(500, '%');
  pattern += "x";
  std::string name(1000, 'a');
  EXPECT_FALSE(list_pattern_matches(pattern, name));
}

}  // namespace
}  // namespace petrel::imap
