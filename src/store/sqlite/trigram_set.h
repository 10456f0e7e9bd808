#pragma once
// An FTS5 tokenizer ("petrel_trigrams") that gives each distinct trigram
// (three code points) of a document once, not once per position. The index
// only answers "which rows contain every trigram of the search string";
// SEARCH then checks each candidate's text exactly (search/matcher.cpp), so
// positions and repeats are not needed. A 37 KB body holds far fewer
// distinct trigrams than positions, and the index insert at delivery costs
// accordingly less.
#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace petrel::store::sqlite {

inline constexpr const char* kTrigramTokenizer = "petrel_trigrams";

// Registers the tokenizer on `db`; every connection that may touch the
// index (write, delete or query) needs it.
Result<void> register_trigram_tokenizer(sqlite3* db);

// The distinct trigrams of `text` in order of first appearance, as byte
// strings. Bytes that are not valid UTF-8 count as one character each.
std::vector<std::string_view> distinct_trigrams(std::string_view text);

}  // namespace petrel::store::sqlite
