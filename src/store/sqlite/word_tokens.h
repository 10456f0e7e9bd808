#pragma once
// The full-text index's tokenizer ("petrel_words"), which lets an FTS5
// phrase query answer "does the folded text contain this string" exactly,
// from the index alone, by words rather than trigrams.
//
// A text is cut into runs: word runs (ASCII letters and digits, and every
// byte of a non-ASCII character) and separator runs (the other ASCII
// characters), one position each. A run is indexed as itself, and, at the
// same position (FTS5_TOKEN_COLOCATED), as each of its suffixes, in token
// spaces of their own (word, word suffix, separator, separator suffix).
// A search string cut the same way is a phrase: its first run is a suffix
// of a run, its inner runs are whole runs, and its last run is the start
// of one (a prefix query). Because runs are maximal on both sides, that
// phrase matches exactly the texts that contain the string.
//
// Trigram phrases read the position lists of common trigrams (" TH",
// "ER ") for nearly every message; on 100,000 messages SEARCH BODY "quarter
// that" took 150 ms in FTS5 with them, and a few ms by words.
//
// Tokens are cut at kMaxWordTokenBytes (at a character boundary), so that a
// long run costs a linear number of bytes; a search string with a run that
// long is answered as candidates, not exactly (words_answer_exactly()).
#include <sqlite3.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace petrel::store::sqlite {

inline constexpr const char* kWordTokenizer = "petrel_words";
inline constexpr size_t kMaxWordTokenBytes = 40;

// One token: its bytes, whether it shares the previous token's position,
// and the byte range of the text it stands for.
using WordTokenSink =
    std::function<int(std::string_view token, bool colocated, size_t start, size_t end)>;

// The tokens of a document (index or delete). Returns the first non-OK
// value the sink returned, else SQLITE_OK.
int document_word_tokens(std::string_view text, const WordTokenSink& sink);

// The phrase of a search string, in order; the last one is meant as a
// prefix (the query is written with *).
int query_word_tokens(std::string_view needle, const WordTokenSink& sink);

// Whether the phrase of `needle` matches exactly the texts that contain it
// (no run too long for its tokens).
bool words_answer_exactly(std::string_view needle);

// Registers the tokenizer on `db`; every connection that may touch the
// index (write, delete or query) needs it.
Result<void> register_word_tokenizer(sqlite3* db);

}  // namespace petrel::store::sqlite
