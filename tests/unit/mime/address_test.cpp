#include "mime/address.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

std::string wire(std::string_view value) {
  std::string out;
  append_address_list(out, parse_address_list(value));
  return out;
}

TEST(AddressTest, WritesEnvelopeAddressLists) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"", "NIL"},
      {"  ", "NIL"},
      {"a@b.c", R"(((NIL NIL "a" "b.c")))"},
      {"Terry Gray <gray@cac.washington.edu>",
       R"((("Terry Gray" NIL "gray" "cac.washington.edu")))"},
      {"\"Doe, John\" <john@example.com>, jdoe@example.org",
       R"((("Doe, John" NIL "john" "example.com")(NIL NIL "jdoe" "example.org")))"},
      // Comments: dropped from phrases and domains; a trailing comment names
      // a bare addr-spec.
      {"Mary (comment) Smith <mary@x>", R"((("Mary Smith" NIL "mary" "x")))"},
      {"a@b (Real Name)", R"((("Real Name" NIL "a" "b")))"},
      {"(just comment) bare@x", R"(((NIL NIL "bare" "x")))"},
      {"Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>",
       R"((("Pete" NIL "pete" "silly.test")))"},
      // Quoting removed (with escapes kept as text).
      {"\"quoted \\\"name\\\"\" <q@x>", R"((("quoted \"name\"" NIL "q" "x")))"},
      {"\"local part\"@dom", R"(((NIL NIL "local part" "dom")))"},
      {"\"\" <e@f>", R"(((NIL NIL "e" "f")))"},
      {"\"a@b\" <c@d>", R"((("a@b" NIL "c" "d")))"},
      // Source routes and domain literals.
      {"<@route1,@route2:user@host>", R"(((NIL "@route1,@route2" "user" "host")))"},
      {"jdoe@[1.2.3.4]", R"(((NIL NIL "jdoe" "[1.2.3.4]")))"},
      // Groups (RFC 9051 7.5.2): start marker, members, end marker.
      {"A Group:Ed Jones <c@a.test>,joe@where.test,John <jdoe@one.test>;",
       R"(((NIL NIL "A Group" NIL)("Ed Jones" NIL "c" "a.test")(NIL NIL "joe" "where.test"))"
       R"(("John" NIL "jdoe" "one.test")(NIL NIL NIL NIL)))"},
      {"undisclosed-recipients:;", R"(((NIL NIL "undisclosed-recipients" NIL)(NIL NIL NIL NIL)))"},
      {"g: a@b", R"(((NIL NIL "g" NIL)(NIL NIL "a" "b")(NIL NIL NIL NIL)))"},
      // Encoded words stay raw in ENVELOPE.
      {"=?utf-8?q?Enc=C3=A9?= <e@x>", R"((("=?utf-8?q?Enc=C3=A9?=" NIL "e" "x")))"},
      // Malformed: Dovecot's markers for a missing domain or local part.
      {"user", R"(((NIL NIL "user" "MISSING_DOMAIN")))"},
      {"<>", R"(((NIL NIL "MISSING_MAILBOX" "MISSING_DOMAIN")))"},
      {"Name <>", R"((("Name" NIL "MISSING_MAILBOX" "MISSING_DOMAIN")))"},
      {"a@", R"(((NIL NIL "a" "MISSING_DOMAIN")))"},
      // Empty elements are skipped; ';' outside a group separates.
      {"a@b, , c@d,", R"(((NIL NIL "a" "b")(NIL NIL "c" "d")))"},
      {"a@b;c@d", R"(((NIL NIL "a" "b")(NIL NIL "c" "d")))"},
      {"<a@b> junk, c@d", R"(((NIL NIL "a" "b")(NIL NIL "c" "d")))"},
      // Folding; 8-bit display names go out as literals (see imap_string.h).
      {"A\r\n B <a@b>", R"((("A B" NIL "a" "b")))"},
      {"J\xC3\xBCrgen <j@x>", "(({7}\r\nJ\xC3\xBCrgen NIL \"j\" \"x\"))"},
  };
  for (const auto& c : cases) EXPECT_EQ(wire(c.in), c.out) << c.in;
}

TEST(AddressTest, SurvivesGarbage) {
  const char* junk[] = {"<<<", ">>>",    "\"", "(",   "((((", ":::;;;", "@@@",   "[",
                        "a@[", "<@a,@b", "\\", ",,,", "g:(",  "<a@b",   "x:y:z;"};
  for (const char* j : junk) {
    const auto list = parse_address_list(j);
    std::string out;
    append_address_list(out, list);
    EXPECT_FALSE(out.empty()) << j;
  }
}

TEST(AddressTest, FirstMailboxSkipsGroupMarkers) {
  const auto list = parse_address_list("g: x@y;, z@w");
  const Address* a = first_mailbox(list);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->mailbox, "x");
  EXPECT_EQ(first_mailbox(parse_address_list("empty:;")), nullptr);
}

}  // namespace
}  // namespace petrel::mime
