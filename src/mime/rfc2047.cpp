#include "mime/rfc2047.h"

#include "mime/ascii.h"
#include "mime/base64.h"
#include "mime/charset.h"
#include "mime/utf8.h"

namespace petrel::mime {

namespace {

struct EncodedWord {
  std::string_view charset;
  char encoding;  // 'B' or 'Q'
  std::string_view text;
  std::size_t end;  // offset after "?="
};

// Parses an encoded word starting at s[i] ("=?"); false if it is not one.
bool parse_word(std::string_view s, std::size_t i, EncodedWord& w) {
  std::size_t p = i + 2;
  const std::size_t cs_begin = p;
  while (p < s.size() && s[p] != '?' && !is_space(s[p]) && p - cs_begin <= 64) ++p;
  if (p >= s.size() || s[p] != '?' || p == cs_begin) return false;
  std::string_view charset = s.substr(cs_begin, p - cs_begin);
  if (const std::size_t star = charset.find('*'); star != std::string_view::npos) {
    charset = charset.substr(0, star);  // RFC 2231 section 5 language suffix
  }
  if (p + 2 >= s.size() || s[p + 2] != '?') return false;
  const char enc = ascii_upper(s[p + 1]);
  if (enc != 'B' && enc != 'Q') return false;
  p += 3;
  const std::size_t text_begin = p;
  while (p < s.size() && s[p] != '?' && !is_space(s[p])) ++p;
  if (p + 1 >= s.size() || s[p] != '?' || s[p + 1] != '=') return false;
  w = {charset, enc, s.substr(text_begin, p - text_begin), p + 2};
  return true;
}

void q_decode(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
               hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
}

// Appends without NUL and CR; LF is dropped from literal text (unfolding,
// RFC 5322 section 2.2.3) and becomes a space inside decoded words.
void append_clean(std::string& out, std::string_view utf8, bool decoded) {
  for (char c : utf8) {
    if (c == '\0' || c == '\r') continue;
    if (c == '\n') {
      if (decoded) out.push_back(' ');
      continue;
    }
    out.push_back(c);
  }
}

}  // namespace

std::string decode_rfc2047(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::string pending;  // bytes of consecutive encoded words in one charset
  std::string_view pending_charset;
  std::string converted;
  auto flush = [&] {
    if (pending_charset.empty()) return;
    converted.clear();
    to_utf8_lenient(pending_charset, pending, converted);
    append_clean(out, converted, true);
    pending.clear();
    pending_charset = {};
  };
  std::size_t i = 0;
  std::size_t literal_begin = 0;
  bool after_word = false;  // the last thing seen was a decoded encoded word
  auto emit_literal = [&](std::size_t end) {
    std::string_view lit = s.substr(literal_begin, end - literal_begin);
    if (lit.empty()) return;
    bool blank = true;
    for (char c : lit) blank = blank && is_space(c);
    if (after_word && blank) return;  // maybe between two words: decided later
    flush();
    converted.clear();
    append_utf8_or_latin1(converted, lit);
    append_clean(out, converted, false);
    after_word = false;
  };
  while (i < s.size()) {
    EncodedWord w;
    if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '?' && parse_word(s, i, w)) {
      if (!charset_known(w.charset)) {
        i = w.end;  // unknown charset: stays in the literal text
        continue;
      }
      // Whitespace between two encoded words is dropped (RFC 2047 6.2).
      std::string_view gap = s.substr(literal_begin, i - literal_begin);
      bool blank = true;
      for (char c : gap) blank = blank && is_space(c);
      if (!(after_word && blank)) {
        emit_literal(i);
      }
      if (!pending_charset.empty() && !iequals(pending_charset, w.charset)) flush();
      pending_charset = w.charset;
      if (w.encoding == 'B') {
        base64_decode(w.text, pending);
      } else {
        q_decode(w.text, pending);
      }
      after_word = true;
      i = w.end;
      literal_begin = i;
      continue;
    }
    ++i;
  }
  // Trailing text (whitespace after a final word included).
  if (literal_begin < s.size()) {
    after_word = false;
    emit_literal(s.size());
  }
  flush();
  return out;
}

}  // namespace petrel::mime
