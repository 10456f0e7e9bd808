// distinct_trigrams (the index's tokenizer splits text the same way): each
// trigram of code points once, in order; bytes that are not UTF-8 count as
// characters of their own.
#include "store/sqlite/trigram_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace petrel::store::sqlite {
namespace {

std::vector<std::string> trigrams(std::string_view text) {
  std::vector<std::string> out;
  for (auto t : distinct_trigrams(text)) out.emplace_back(t);
  return out;
}

TEST(TrigramSet, EachTrigramOnceInOrder) {
  using V = std::vector<std::string>;
  EXPECT_EQ(trigrams("abcabcab"), (V{"abc", "bca", "cab"}));
  EXPECT_EQ(trigrams("ab"), V{});
  EXPECT_EQ(trigrams(""), V{});
  EXPECT_EQ(trigrams("aaaa"), V{"aaa"});
}

TEST(TrigramSet, CodePointsNotBytes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(trigrams("straße"), (V{"str", "tra", "raß", "aße"}));
  EXPECT_EQ(trigrams("😀😀😀x"), (V{"😀😀😀", "😀😀x"}));
}

TEST(TrigramSet, InvalidBytesAreCharactersOfTheirOwn) {
  using V = std::vector<std::string>;
  // A lone continuation byte, a truncated sequence and an overlong NUL.
  EXPECT_EQ(trigrams("a\x80"
                     "b"),
            V{"a\x80"
              "b"});
  EXPECT_EQ(trigrams("ab\xC3"), V{"ab\xC3"});
  EXPECT_EQ(trigrams("\xC0\x80"
                     "a"),
            (V{"\xC0\x80"
               "a"}));
  // Each invalid byte is one character: C0 and 80 here, not a NUL.
  EXPECT_EQ(trigrams("\xC0\x80"
                     "ab"),
            (V{"\xC0\x80"
               "a",
               "\x80"
               "ab"}));
  // A real NUL and its overlong spelling are different characters.
  EXPECT_EQ(trigrams(std::string("\0ab\xC0\x80"
                                 "ab",
                                 7))
                .size(),
            5u);
}

}  // namespace
}  // namespace petrel::store::sqlite
