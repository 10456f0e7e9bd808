#include "mime/html_text.h"

#include <array>
#include <cctype>

#include "mime/ascii.h"
#include "mime/utf8.h"

namespace petrel::mime {

namespace {

// HTML 4 Latin-1 entity names, &nbsp; (U+00A0) to &yuml; (U+00FF) in order.
constexpr std::array<std::string_view, 96> kLatin1 = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

struct Entity {
  std::string_view name;
  uint32_t cp;
};
constexpr std::array<Entity, 16> kEntities = {{{"amp", '&'},
                                               {"lt", '<'},
                                               {"gt", '>'},
                                               {"quot", '"'},
                                               {"apos", '\''},
                                               {"hellip", 0x2026},
                                               {"mdash", 0x2014},
                                               {"ndash", 0x2013},
                                               {"rsquo", 0x2019},
                                               {"lsquo", 0x2018},
                                               {"rdquo", 0x201D},
                                               {"ldquo", 0x201C},
                                               {"bull", 0x2022},
                                               {"trade", 0x2122},
                                               {"euro", 0x20AC},
                                               {"zwnj", 0x200C}}};

// Elements whose start or end is a line break in rendered text.
bool is_block(std::string_view tag) {
  static constexpr std::array<std::string_view, 17> kBlocks = {
      "br", "p",  "div", "tr", "li", "h1",    "h2",         "h3", "h4",
      "h5", "h6", "hr",  "ul", "ol", "table", "blockquote", "pre"};
  for (auto b : kBlocks) {
    if (iequals(tag, b)) return true;
  }
  return false;
}

// Decodes the character reference at s[i] ('&'); returns the bytes consumed,
// or 0 if it is not one.
std::size_t entity(std::string_view s, std::size_t i, std::string& out) {
  const std::size_t semi = s.find(';', i + 1);
  if (semi == std::string_view::npos || semi - i > 10 || semi == i + 1) return 0;
  const std::string_view body = s.substr(i + 1, semi - i - 1);
  if (body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      const int v = hex ? hex_value(c) : (is_digit(c) ? c - '0' : -1);
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    append_utf8(out, cp == 0 ? 0xFFFD : cp);
    return semi - i + 1;
  }
  for (const Entity& e : kEntities) {
    if (body == e.name) {
      append_utf8(out, e.cp);
      return semi - i + 1;
    }
  }
  for (std::size_t k = 0; k < kLatin1.size(); ++k) {
    if (body == kLatin1[k]) {
      append_utf8(out, static_cast<uint32_t>(0xA0 + k));
      return semi - i + 1;
    }
  }
  return 0;
}

// Offset just past the end of the tag starting at s[i] ('<'), honouring
// quoted attribute values.
std::size_t tag_end(std::string_view s, std::size_t i) {
  char quote = 0;
  for (std::size_t k = i + 1; k < s.size(); ++k) {
    const char c = s[k];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  return s.size();
}

// Finds "</name" (case-insensitively) from `from`; returns s.size() if absent.
std::size_t find_close(std::string_view s, std::size_t from, std::string_view name) {
  for (std::size_t k = s.find("</", from); k != std::string_view::npos; k = s.find("</", k + 2)) {
    if (istarts_with(s.substr(k + 2), name)) return k;
  }
  return s.size();
}

}  // namespace

void html_to_text(std::string_view s, std::string& out) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '&') {
      if (const std::size_t used = entity(s, i, out)) {
        i += used;
        continue;
      }
      out.push_back(c);
      ++i;
      continue;
    }
    if (c != '<') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (s.substr(i, 4) == "<!--") {
      const std::size_t e = s.find("-->", i + 4);
      i = e == std::string_view::npos ? s.size() : e + 3;
      continue;
    }
    std::size_t k = i + 1;
    const bool closing = k < s.size() && s[k] == '/';
    if (closing) ++k;
    const std::size_t name_begin = k;
    while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) != 0)) ++k;
    const std::string_view name = s.substr(name_begin, k - name_begin);
    if (name.empty() && !(k < s.size() && (s[k] == '!' || s[k] == '?'))) {
      out.push_back(c);  // a lone '<' in text
      ++i;
      continue;
    }
    i = tag_end(s, i);
    if (!closing && (iequals(name, "script") || iequals(name, "style") || iequals(name, "head") ||
                     iequals(name, "title"))) {
      const std::size_t close = find_close(s, i, name);
      i = close == s.size() ? s.size() : tag_end(s, close);
      continue;
    }
    if (is_block(name)) {
      out.push_back('\n');
    } else if (iequals(name, "td") || iequals(name, "th")) {
      out.push_back(' ');
    }
  }
}

}  // namespace petrel::mime
