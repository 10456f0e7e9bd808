#include "imap/proto/mutf7.h"

#include <gtest/gtest.h>

#include <random>

#include "imap/proto/utf8.h"

namespace petrel::imap {
namespace {

TEST(Mutf7Test, DecodesValidForms) {
  struct Case {
    const char* mutf7;
    const char* utf8;
  };
  const Case cases[] = {
      {"INBOX", "INBOX"},
      {"", ""},
      {"&-", "&"},
      {"a&-b", "a&b"},
      {"&Jjo-", "\xE2\x98\xBA"},  // U+263A
      {"&Jjo-!", "\xE2\x98\xBA!"},
      {"~peter/mail/&U,BTFw-/&ZeVnLIqe-",  // RFC 3501 5.1.3 example
       "~peter/mail/\xE5\x8F\xB0\xE5\x8C\x97/\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"},
      {"&AOk-t&AOk-", "\xC3\xA9t\xC3\xA9"},  // été
      {"&2D3eAA-", "\xF0\x9F\x98\x80"},      // U+1F600 via a surrogate pair
      {"&AAk-", "\t"},                       // control characters are encoded
      {"Entw&APw-rfe", "Entw\xC3\xBCrfe"},
  };
  for (const Case& c : cases) {
    auto d = mutf7_decode(c.mutf7);
    ASSERT_TRUE(d) << c.mutf7;
    EXPECT_EQ(*d, c.utf8) << c.mutf7;
    EXPECT_EQ(mutf7_encode(c.utf8), c.mutf7) << c.mutf7;
  }
}

TEST(Mutf7Test, RejectsInvalidForms) {
  const char* bad[] = {
      "&",            // unterminated
      "&Jjo",         // unterminated run
      "&Jj!o-",       // not base64
      "&Jjo/-",       // "/" is not modified base64
      "&AGE-",        // "a" must represent itself
      "&ACY-",        // "&" must be "&-"
      "&Jjo-&Jjo-",   // adjacent runs: the encoder would have made one
      "&Jjp-",        // non-zero padding bits
      "&JjoA-",       // a superfluous base64 character
      "&2D0-",        // lone high surrogate
      "&3gA-",        // lone low surrogate
      "&AAA-",        // U+0000
      "caf\xC3\xA9",  // raw 8-bit
      "tab\there",    // raw control character
      "&A-",          // too short for a UTF-16 unit
  };
  for (const char* b : bad) EXPECT_FALSE(mutf7_decode(b)) << b;
}

TEST(Mutf7Test, EncodeReplacesInvalidUtf8) {
  EXPECT_EQ(mutf7_encode("a\xFF"), "a&,,0-");
  EXPECT_EQ(*mutf7_decode(mutf7_encode("a\xFF")), "a\xEF\xBF\xBD");
}

TEST(Mutf7Test, RandomRoundTrips) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, 9);
  const char32_t samples[] = {U'a',      U'&',          U'-',      U'/', U'\u00e9',
                              U'\u263a', U'\U0001F600', U'\u0001', U'~', U'\uFFFD'};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    int len = round % 12;
    for (int i = 0; i < len; ++i) append_utf8(s, samples[pick(rng)]);
    std::string enc = mutf7_encode(s);
    for (char c : enc) ASSERT_TRUE(c >= 0x20 && c <= 0x7e) << enc;
    auto dec = mutf7_decode(enc);
    ASSERT_TRUE(dec) << enc;
    EXPECT_EQ(*dec, s);
  }
}

TEST(Utf8Test, Validates) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(is_valid_utf8("\xC3\xA9\xE2\x98\xBA\xF0\x9F\x98\x80"));
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));   // U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong "/"
  EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xE2\x98"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xFF"));
}

}  // namespace
}  // namespace petrel::imap
