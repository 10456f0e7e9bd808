#include "auth/sasl.h"

#include <gtest/gtest.h>

namespace petrel::auth {
namespace {

using namespace std::string_literals;
using Kind = SaslExchange::Step::Kind;

TEST(SaslPlain, Parse) {
  auto c = parse_sasl_plain("\0alice\0secret"s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->authzid, "");
  EXPECT_EQ(c->authcid, "alice");
  EXPECT_EQ(c->password, "secret");

  c = parse_sasl_plain("admin\0alice\0pass word with spaces"s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->authzid, "admin");
  EXPECT_EQ(c->authcid, "alice");
  EXPECT_EQ(c->password, "pass word with spaces");

  // UTF-8 is passed through untouched.
  c = parse_sasl_plain("\0j\xc3\xbcrgen\0p\xc3\xa4ss"s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->authcid, "j\xc3\xbcrgen");
}

TEST(SaslPlain, ParseRejects) {
  for (std::string bad : {
           ""s, "alice"s,
           "\0alice"s,             // one NUL
           "alice\0secret"s,       // one NUL
           "\0\0secret"s,          // empty authcid
           "\0alice\0"s,           // empty password
           "\0\0"s,                //
           "\0alice\0sec\0ret"s,   // a third NUL
           "a\0alice\0secret\0"s,  // trailing NUL
           "\0\0\0"s,              //
       }) {
    SCOPED_TRACE(testing::PrintToString(bad));
    EXPECT_FALSE(parse_sasl_plain(bad));
  }
}

TEST(SaslExchange, CreateKnowsPlainAndLogin) {
  EXPECT_NE(SaslExchange::create("PLAIN"), nullptr);
  EXPECT_NE(SaslExchange::create("plain"), nullptr);
  EXPECT_NE(SaslExchange::create("LOGIN"), nullptr);
  EXPECT_EQ(SaslExchange::create("CRAM-MD5"), nullptr);
  EXPECT_EQ(SaslExchange::create("SCRAM-SHA-256"), nullptr);
  EXPECT_EQ(SaslExchange::create(""), nullptr);
  EXPECT_EQ(SaslExchange::create("PLAINX"), nullptr);
}

TEST(SaslExchange, PlainWithoutInitialResponse) {
  auto x = SaslExchange::create("PLAIN");
  auto s = x->start(std::nullopt);
  EXPECT_EQ(s.kind, Kind::Challenge);
  EXPECT_EQ(s.challenge, "");
  s = x->respond("\0alice\0secret"s);
  EXPECT_EQ(s.kind, Kind::Done);
  EXPECT_EQ(x->user(), "alice");
  EXPECT_EQ(x->password(), "secret");
  EXPECT_EQ(x->authzid(), "");
  // Nothing more is expected.
  EXPECT_EQ(x->respond("\0alice\0secret"s).kind, Kind::Fail);
}

TEST(SaslExchange, PlainWithInitialResponse) {
  auto x = SaslExchange::create("PLAIN");
  auto s = x->start("\0bob\0hunter2"s);
  EXPECT_EQ(s.kind, Kind::Done);
  EXPECT_EQ(x->user(), "bob");
  EXPECT_EQ(x->password(), "hunter2");
}

TEST(SaslExchange, PlainAuthzid) {
  // The same identity (names are case-insensitive) is fine.
  auto x = SaslExchange::create("PLAIN");
  EXPECT_EQ(x->start("Alice\0alice\0pw"s).kind, Kind::Done);
  EXPECT_EQ(x->authzid(), "Alice");
  EXPECT_EQ(x->user(), "alice");

  // Acting as someone else is not supported.
  x = SaslExchange::create("PLAIN");
  auto s = x->start("admin\0alice\0pw"s);
  EXPECT_EQ(s.kind, Kind::Fail);
  EXPECT_FALSE(s.error.empty());
  EXPECT_EQ(x->user(), "alice");  // for the log
  EXPECT_EQ(x->password(), "");
}

TEST(SaslExchange, PlainMalformed) {
  auto x = SaslExchange::create("PLAIN");
  EXPECT_EQ(x->start(std::nullopt).kind, Kind::Challenge);
  auto s = x->respond("alice secret");
  EXPECT_EQ(s.kind, Kind::Fail);
  EXPECT_FALSE(s.error.empty());

  // An empty initial response ("=" in SASL-IR) is a malformed message.
  x = SaslExchange::create("PLAIN");
  EXPECT_EQ(x->start(""s).kind, Kind::Fail);
}

TEST(SaslExchange, Login) {
  auto x = SaslExchange::create("LOGIN");
  auto s = x->start(std::nullopt);
  EXPECT_EQ(s.kind, Kind::Challenge);
  EXPECT_EQ(s.challenge, "Username:");
  s = x->respond("alice");
  EXPECT_EQ(s.kind, Kind::Challenge);
  EXPECT_EQ(s.challenge, "Password:");
  s = x->respond("secret with spaces");
  EXPECT_EQ(s.kind, Kind::Done);
  EXPECT_EQ(x->user(), "alice");
  EXPECT_EQ(x->password(), "secret with spaces");
  EXPECT_EQ(x->authzid(), "");
  EXPECT_EQ(x->respond("more").kind, Kind::Fail);
}

TEST(SaslExchange, LoginWithInitialResponseIsTheUserName) {
  auto x = SaslExchange::create("LOGIN");
  auto s = x->start("bob"s);
  EXPECT_EQ(s.kind, Kind::Challenge);
  EXPECT_EQ(s.challenge, "Password:");
  s = x->respond("pw");
  EXPECT_EQ(s.kind, Kind::Done);
  EXPECT_EQ(x->user(), "bob");
  EXPECT_EQ(x->password(), "pw");
}

TEST(SaslExchange, LoginEmptyFieldsFail) {
  auto x = SaslExchange::create("LOGIN");
  x->start(std::nullopt);
  EXPECT_EQ(x->respond("").kind, Kind::Fail);

  x = SaslExchange::create("LOGIN");
  EXPECT_EQ(x->start(""s).kind, Kind::Fail);

  x = SaslExchange::create("LOGIN");
  x->start(std::nullopt);
  x->respond("alice");
  auto s = x->respond("");
  EXPECT_EQ(s.kind, Kind::Fail);
  EXPECT_EQ(x->user(), "alice");
}

}  // namespace
}  // namespace petrel::auth
