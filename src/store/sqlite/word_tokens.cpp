#include "store/sqlite/word_tokens.h"

#include <string>
#include <vector>

#include "store/sqlite/fts5_api.h"

namespace petrel::store::sqlite {
namespace {

// The four token spaces; a prefix byte keeps them apart (a word that
// equals some other word's suffix is a different token).
constexpr char kWord = 'w';
constexpr char kWordSuffix = 's';
constexpr char kSeparator = 'p';
constexpr char kSeparatorSuffix = 'q';

bool is_word_byte(unsigned char c) {
  return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// `s` cut to at most `max` bytes, not inside a character.
std::string_view cut(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && is_continuation(static_cast<unsigned char>(s[n]))) --n;
  return s.substr(0, n);
}

struct Run {
  size_t start;
  size_t end;
  bool word;
};

// The maximal runs of `text`, in order.
template <class F>
int each_run(std::string_view text, F on_run) {
  size_t start = 0;
  while (start < text.size()) {
    bool word = is_word_byte(static_cast<unsigned char>(text[start]));
    size_t end = start + 1;
    while (end < text.size() && is_word_byte(static_cast<unsigned char>(text[end])) == word) ++end;
    if (int rc = on_run(Run{start, end, word}); rc != SQLITE_OK) return rc;
    start = end;
  }
  return SQLITE_OK;
}

// The runs of a search string, kept: a query looks at its neighbours.
std::vector<Run> runs_of(std::string_view text) {
  std::vector<Run> runs;
  each_run(text, [&](const Run& run) {
    runs.push_back(run);
    return SQLITE_OK;
  });
  return runs;
}

// Calls sink with `space` followed by `body` cut to the token size.
int emit(std::string& buffer, char space, std::string_view body, bool colocated, const Run& run,
         const WordTokenSink& sink) {
  buffer.assign(1, space);
  buffer.append(cut(body, kMaxWordTokenBytes));
  return sink(buffer, colocated, run.start, run.end);
}

int fts5_tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int size,
                  int (*token)(void*, int, const char*, int, int, int)) {
  std::string_view s(text, static_cast<size_t>(size));
  WordTokenSink sink = [&](std::string_view t, bool colocated, size_t start, size_t end) {
    return token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, t.data(), static_cast<int>(t.size()),
                 static_cast<int>(start), static_cast<int>(end));
  };
  if (flags & FTS5_TOKENIZE_QUERY) return query_word_tokens(s, sink);
  return document_word_tokens(s, sink);
}

int create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;  // stateless: any non-null handle will do
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

// The separator between most words: not indexed at all, so that words one
// space apart are at consecutive positions. Every other separator run has
// a position, so consecutive words were one space apart. (As a token of
// its own, its position list in nearly every message was what a phrase
// like "QUARTER THAT" spent most of its 250 ms on.)
bool is_single_space(std::string_view run) { return run.size() == 1 && run[0] == ' '; }

}  // namespace

int document_word_tokens(std::string_view text, const WordTokenSink& sink) {
  std::string buffer;
  return each_run(text, [&](const Run& run) {
    std::string_view body = text.substr(run.start, run.end - run.start);
    if (is_single_space(body)) return SQLITE_OK;
    if (int rc = emit(buffer, run.word ? kWord : kSeparator, body, false, run, sink);
        rc != SQLITE_OK) {
      return rc;
    }
    const char suffix_space = run.word ? kWordSuffix : kSeparatorSuffix;
    for (size_t i = 0; i < body.size(); ++i) {
      if (is_continuation(static_cast<unsigned char>(body[i]))) continue;
      if (int rc = emit(buffer, suffix_space, body.substr(i), true, run, sink); rc != SQLITE_OK) {
        return rc;
      }
    }
    return SQLITE_OK;
  });
}

int query_word_tokens(std::string_view needle, const WordTokenSink& sink) {
  const std::vector<Run> runs = runs_of(needle);
  std::string buffer;
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& run = runs[i];
    std::string_view body = needle.substr(run.start, run.end - run.start);
    // The first run ends a run of the text (a suffix of it), unless it is
    // also the last, which may sit anywhere inside one (a suffix's prefix);
    // inner runs are whole runs; the last starts one (the query's prefix).
    // A single space between runs is the step between their positions; one
    // at either end is left out (words_answer_exactly() says so).
    if (is_single_space(body) && runs.size() > 1) continue;
    char space = run.word ? kWord : kSeparator;
    if (i == 0) space = run.word ? kWordSuffix : kSeparatorSuffix;
    if (int rc = emit(buffer, space, body, false, run, sink); rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

bool words_answer_exactly(std::string_view needle) {
  const std::vector<Run> runs = runs_of(needle);
  for (size_t i = 0; i < runs.size(); ++i) {
    const size_t length = runs[i].end - runs[i].start;
    const bool last = i + 1 == runs.size();
    // A single space at either end is not in the phrase (nor one alone).
    if ((i == 0 || last) && is_single_space(needle.substr(runs[i].start, length))) return false;
    // A prefix of a token is exact up to the token size; an equal token
    // only below it (a longer run is cut to the same bytes).
    if (last ? length > kMaxWordTokenBytes : length >= kMaxWordTokenBytes) return false;
  }
  return true;
}

Result<void> register_word_tokenizer(sqlite3* db) {
  return register_fts5_tokenizer(db, kWordTokenizer,
                                 fts5_tokenizer{create, destroy, fts5_tokenize});
}

}  // namespace petrel::store::sqlite
