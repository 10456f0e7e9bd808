// The word tokenizer of the full-text index (word_tokens.h): its tokens, and
// that a phrase query of any substring of the indexed texts finds exactly
// the texts that contain it.
#include "store/sqlite/word_tokens.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace petrel::store::sqlite {
namespace {

struct Token {
  std::string text;
  bool colocated;
  bool operator==(const Token&) const = default;
};

std::vector<Token> document(std::string_view text) {
  std::vector<Token> out;
  document_word_tokens(text, [&](std::string_view t, bool colocated, size_t, size_t) {
    out.push_back({std::string(t), colocated});
    return SQLITE_OK;
  });
  return out;
}

std::vector<std::string> query(std::string_view needle) {
  std::vector<std::string> out;
  query_word_tokens(needle, [&](std::string_view t, bool, size_t, size_t) {
    out.emplace_back(t);
    return SQLITE_OK;
  });
  return out;
}

TEST(WordTokens, ARunIsItselfAndItsSuffixesAtOnePosition) {
  std::vector<Token> expected = {{"wAB", false}, {"sAB", true}, {"sB", true},  {"p, ", false},
                                 {"q, ", true},  {"q ", true},  {"wC", false}, {"sC", true}};
  EXPECT_EQ(document("AB, C"), expected);
  // A single space has no token and no position.
  std::vector<Token> spaced = {{"wA", false}, {"sA", true}, {"wB", false}, {"sB", true}};
  EXPECT_EQ(document("A B"), spaced);
}

TEST(WordTokens, ASuffixStartsAtACharacter) {
  // "Ä" is two bytes; no suffix starts inside it.
  std::vector<Token> expected = {{"wXÄ", false}, {"sXÄ", true}, {"sÄ", true}};
  EXPECT_EQ(document("XÄ"), expected);
}

TEST(WordTokens, ASearchStringIsASuffixWholeRunsAndAPrefix) {
  EXPECT_EQ(query("NETWORK"), (std::vector<std::string>{"sNETWORK"}));
  EXPECT_EQ(query("ER THAT"), (std::vector<std::string>{"sER", "wTHAT"}));
  EXPECT_EQ(query(", A B."), (std::vector<std::string>{"q, ", "wA", "wB", "p."}));
  EXPECT_EQ(query("A  B"), (std::vector<std::string>{"sA", "p  ", "wB"}));
  EXPECT_TRUE(words_answer_exactly("ER THAT"));
  EXPECT_FALSE(words_answer_exactly(" THAT"));
  EXPECT_FALSE(words_answer_exactly("THAT "));
}

TEST(WordTokens, LongRunsAreCutAtACharacterAndAnswerOnlyAsCandidates) {
  std::string long_word(60, 'A');
  for (const Token& t : document(long_word)) EXPECT_LE(t.text.size(), 1 + kMaxWordTokenBytes);
  std::string umlauts;
  for (int i = 0; i < 30; ++i) umlauts += "Ä";  // 60 bytes
  for (const Token& t : document(umlauts)) {
    EXPECT_LE(t.text.size(), 1 + kMaxWordTokenBytes);
    EXPECT_NE(static_cast<unsigned char>(t.text.back()), 0xC3) << "cut inside a character";
  }
  EXPECT_TRUE(words_answer_exactly("QUARTER THAT"));
  EXPECT_TRUE(words_answer_exactly(std::string(kMaxWordTokenBytes, 'A')));  // a prefix
  EXPECT_FALSE(words_answer_exactly(std::string(kMaxWordTokenBytes + 1, 'A')));
  // A first run must equal a token: only below the cut.
  EXPECT_FALSE(words_answer_exactly(std::string(kMaxWordTokenBytes, 'A') + " B"));
  EXPECT_TRUE(words_answer_exactly(std::string(kMaxWordTokenBytes - 1, 'A') + " B"));
  EXPECT_FALSE(words_answer_exactly("A " + std::string(kMaxWordTokenBytes, 'B') + " C"));
}

// Every substring (3 to 12 bytes, on character boundaries) of a few texts
// with awkward separators, as an FTS5 prefix phrase: the rows found are the
// rows whose text contains it.
TEST(WordTokens, EverySubstringIsFoundExactly) {
  const std::vector<std::string> texts = {"QUARTER THAT AGENDA. PROJECT",
                                          "HEADQUARTER  THAT'S IT",
                                          "A QUARTER, THAT",
                                          "X-RAY  ...  (X-RAY)",
                                          "STRASSE KÖLN.KÖLN",
                                          "NETWORKS; SUBNETWORK NET WORK",
                                          "  LEADING AND TRAILING  ",
                                          std::string(50, 'Z') + " " + std::string(45, 'Z')};
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  ASSERT_TRUE(register_word_tokenizer(db).ok());
  ASSERT_EQ(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'petrel_words')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_stmt* insert = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "INSERT INTO t (rowid, body) VALUES (?, ?)", -1, &insert, nullptr),
      SQLITE_OK);
  for (size_t i = 0; i < texts.size(); ++i) {
    sqlite3_bind_int64(insert, 1, static_cast<sqlite3_int64>(i));
    sqlite3_bind_text(insert, 2, texts[i].data(), static_cast<int>(texts[i].size()), SQLITE_STATIC);
    ASSERT_EQ(sqlite3_step(insert), SQLITE_DONE);
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  sqlite3_stmt* match = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT rowid FROM t WHERE t MATCH ?", -1, &match, nullptr),
            SQLITE_OK);
  size_t checked = 0;
  std::set<std::string> needles;
  for (const std::string& text : texts) {
    for (size_t from = 0; from < text.size(); ++from) {
      if ((static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) continue;
      for (size_t length = 3; length <= 12 && from + length <= text.size(); ++length) {
        size_t end = from + length;
        if (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
        needles.insert(text.substr(from, length));
      }
    }
  }
  for (const std::string& needle : needles) {
    std::set<int64_t> expected;
    for (size_t i = 0; i < texts.size(); ++i) {
      if (texts[i].find(needle) != std::string::npos) expected.insert(static_cast<int64_t>(i));
    }
    std::string phrase = "\"";
    for (char c : needle) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
    phrase += "\" *";
    sqlite3_bind_text(match, 1, phrase.data(), static_cast<int>(phrase.size()), SQLITE_STATIC);
    std::set<int64_t> found;
    int rc;
    while ((rc = sqlite3_step(match)) == SQLITE_ROW) found.insert(sqlite3_column_int64(match, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << needle;
    sqlite3_reset(match);
    if (words_answer_exactly(needle)) {
      EXPECT_EQ(found, expected) << "[" << needle << "]";
    } else {
      EXPECT_TRUE(std::includes(found.begin(), found.end(), expected.begin(), expected.end()))
          << "[" << needle << "] lost a match";
    }
    ++checked;
  }
  sqlite3_finalize(match);
  sqlite3_close(db);
  EXPECT_GT(checked, 1000u);
}

}  // namespace
}  // namespace petrel::store::sqlite
