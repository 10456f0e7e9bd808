#include "store/sqlite/trigram_set.h"

#include <bit>
#include <cstdint>

#include "store/sqlite/fts5_api.h"

namespace petrel::store::sqlite {
namespace {

// The length of the character at `pos` and its code point; a byte that does
// not start a valid UTF-8 sequence is one character of its own, numbered
// above U+10FFFF so it never equals a real code point.
struct Char {
  uint32_t code;
  size_t size;
};

Char char_at(std::string_view s, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(pos);
  Char invalid{0x110000u + lead, 1};
  if (lead < 0x80) return {lead, 1};
  size_t size = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (size == 0 || pos + size > s.size()) return invalid;
  uint32_t code = lead & (0x7Fu >> size);
  for (size_t i = 1; i < size; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return invalid;
    code = (code << 6) | (byte(pos + i) & 0x3F);
  }
  // One code point, one spelling: overlong forms, surrogates and values past
  // U+10FFFF are bytes, so two different byte strings never share a key.
  constexpr uint32_t kSmallest[5] = {0, 0, 0x80, 0x800, 0x10000};
  if (lead >= 0xF8 || code < kSmallest[size] || code > 0x10FFFF ||
      (code >= 0xD800 && code <= 0xDFFF)) {
    return invalid;
  }
  return {code, size};
}

// Open addressing over packed trigrams (21 bits per code point, the top bit
// marks a used slot); reused across calls on one thread so a document costs
// no allocation once the table has grown.
class TrigramSet {
 public:
  void reset(size_t expected) {
    size_t want = std::bit_ceil(std::max<size_t>(64, expected * 2));
    if (slots_.size() != want) {
      slots_.assign(want, 0);
    } else {
      std::fill(slots_.begin(), slots_.end(), 0);
    }
    shift_ = 64 - std::countr_zero(want);
  }
  // True when the trigram was not in the set yet.
  bool insert(uint32_t a, uint32_t b, uint32_t c) {
    uint64_t key = (uint64_t{1} << 63) | (uint64_t{a} << 42) | (uint64_t{b} << 21) | c;
    size_t mask = slots_.size() - 1;
    for (size_t i = (key * 0x9E3779B97F4A7C15ull) >> shift_;; i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        return true;
      }
    }
  }

 private:
  std::vector<uint64_t> slots_;
  int shift_ = 0;
};

// Calls on_trigram(start, end, is_new) for every trigram of `text`.
template <class F>
int each_trigram(std::string_view text, bool dedupe, F on_trigram) {
  thread_local TrigramSet seen;
  if (dedupe) seen.reset(text.size());
  size_t starts[3] = {0, 0, 0};
  uint32_t codes[3] = {0, 0, 0};
  size_t count = 0;
  for (size_t pos = 0; pos < text.size();) {
    Char ch = char_at(text, pos);
    starts[0] = starts[1];
    starts[1] = starts[2];
    starts[2] = pos;
    codes[0] = codes[1];
    codes[1] = codes[2];
    codes[2] = ch.code;
    pos += ch.size;
    if (++count < 3) continue;
    if (dedupe && !seen.insert(codes[0], codes[1], codes[2])) continue;
    if (int rc = on_trigram(starts[0], pos); rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

int create(void*, const char**, int, Fts5Tokenizer** out) {
  static int instance = 0;  // stateless: any non-null handle will do
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void destroy(Fts5Tokenizer*) {}

int tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int size,
             int (*token)(void*, int, const char*, int, int, int)) {
  std::string_view s(text, static_cast<size_t>(size));
  // A query term is short and needs every trigram; a document (indexed or
  // deleted, which must give the same tokens) needs each one once.
  bool dedupe = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
  return each_trigram(s, dedupe, [&](size_t start, size_t end) {
    return token(ctx, 0, text + start, static_cast<int>(end - start), static_cast<int>(start),
                 static_cast<int>(end));
  });
}

}  // namespace

Result<void> register_trigram_tokenizer(sqlite3* db) {
  return register_fts5_tokenizer(db, kTrigramTokenizer, fts5_tokenizer{create, destroy, tokenize});
}

std::vector<std::string_view> distinct_trigrams(std::string_view text) {
  std::vector<std::string_view> out;
  each_trigram(text, true, [&](size_t start, size_t end) {
    out.push_back(text.substr(start, end - start));
    return SQLITE_OK;
  });
  return out;
}

}  // namespace petrel::store::sqlite
