#include "store/search_text.h"

#include "mime/analysis.h"
#include "mime/casefold.h"
#include "mime/header.h"
#include "mime/rfc2047.h"
#include "mime/utf8.h"

namespace petrel::store {
namespace {

// Casefolds valid UTF-8; other bytes are taken as Latin-1 first (as the MIME
// layer does for unlabelled 8-bit text), so every stored text is valid UTF-8:
// the trigram index then sees the same characters as a byte search. NUL
// becomes a space.
std::string fold(std::string_view text) {
  std::string clean;
  mime::append_utf8_or_latin1(clean, text);
  for (char& c : clean) {
    if (c == '\0') c = ' ';
  }
  return mime::casefold(clean);
}

}  // namespace

std::string fold_search_string(std::string_view text) { return fold(text); }

SearchText make_search_text(const HeaderFields& h, std::string_view message) {
  SearchText out;
  out.subject = fold(h.subject.decoded);
  out.from = fold(h.from.decoded);
  out.to = fold(h.to.decoded);
  out.cc = fold(h.cc.decoded);
  out.bcc = fold(h.bcc.decoded);
  out.body = fold(mime::body_text(message));
  mime::HeaderScanOptions options;
  options.allow_mbox_from = true;
  mime::scan_header(
      message, 0, options,
      [&](const mime::HeaderField& field) {
        out.header += fold(field.name);
        out.header += ": ";
        std::string value = fold(mime::decode_rfc2047(mime::unfold(field.value)));
        // One field per line: a stray newline would split it.
        for (char& c : value) {
          if (c == '\n' || c == '\r') c = ' ';
        }
        out.header += value;
        out.header += '\n';
      },
      [](size_t) { return false; });
  return out;
}

const std::string* text_of(const SearchText& text, TextField field) {
  switch (field) {
    case TextField::Subject:
      return &text.subject;
    case TextField::From:
      return &text.from;
    case TextField::To:
      return &text.to;
    case TextField::Cc:
      return &text.cc;
    case TextField::Bcc:
      return &text.bcc;
    case TextField::Body:
      return &text.body;
    case TextField::Header:
    case TextField::Text:
      break;
  }
  return nullptr;
}

bool text_contains(const SearchText& text, TextField field, std::string_view folded) {
  switch (field) {
    case TextField::Header:
      return text.header.find(folded) != std::string::npos;
    case TextField::Text:
      return text.header.find(folded) != std::string::npos ||
             text.body.find(folded) != std::string::npos;
    default:
      return text_of(text, field)->find(folded) != std::string::npos;
  }
}

}  // namespace petrel::store
