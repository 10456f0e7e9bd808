// MAIL FROM / RCPT TO arguments and recipient resolution.
#include "lmtp/smtp_syntax.h"

#include <gtest/gtest.h>

#include <set>

#include "lmtp/recipient.h"

namespace petrel::lmtp {
namespace {

TEST(PathArgument, ParsesPathsAndParameters) {
  auto a = parse_path_argument("FROM:<a@b.example> SIZE=100 body=8bitmime", "FROM");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->path, "a@b.example");
  ASSERT_EQ(a->params.size(), 2u);
  EXPECT_EQ(a->params[0], (std::pair<std::string, std::string>{"SIZE", "100"}));
  EXPECT_EQ(a->params[1].first, "BODY");
  EXPECT_EQ(a->params[1].second, "8bitmime");
  EXPECT_EQ(parse_path_argument("from:<>", "FROM")->path, "");
  EXPECT_EQ(parse_path_argument("FROM: <x@y>", "FROM")->path, "x@y");
  EXPECT_EQ(parse_path_argument("TO:bare@host", "TO")->path, "bare@host");
  EXPECT_EQ(parse_path_argument("TO:<@relay.example:u@h>", "TO")->path, "u@h");
  for (const char* bad : {"FROM<a@b>", "FROM:<a@b", "FROM:", "TO:<a b>", "FROM:<a@b>X=1",
                          "FROM:<a@b> =1", "FROM:<a\x01@b>", "TO:<a@b>"}) {
    EXPECT_FALSE(parse_path_argument(bad, "FROM")) << bad;
  }
}

TEST(ResolveRecipient, TriesWholeAddressDetailAndLocalPart) {
  std::set<std::string> users{"alice", "bob@example.com", "carol+x"};
  auto exists = [&](const std::string& u) { return users.count(u) > 0; };
  auto r = resolve_recipient("Alice@Example.com", exists);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "alice");
  EXPECT_EQ(r->folder, "");
  EXPECT_EQ(r->address, "Alice@Example.com");
  r = resolve_recipient("alice+Lists@example.com", exists);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "alice");
  EXPECT_EQ(r->folder, "Lists");
  r = resolve_recipient("bob+Work@example.com", exists);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "bob@example.com");
  EXPECT_EQ(r->folder, "Work");
  r = resolve_recipient("carol+x", exists);  // a user whose name has a '+'
  ASSERT_TRUE(r);
  EXPECT_EQ(r->user, "carol+x");
  EXPECT_EQ(r->folder, "");
  EXPECT_FALSE(resolve_recipient("nobody@example.com", exists));
  EXPECT_FALSE(resolve_recipient("+alice", exists));
  EXPECT_FALSE(resolve_recipient("../etc@x", exists));
}

}  // namespace
}  // namespace petrel::lmtp
