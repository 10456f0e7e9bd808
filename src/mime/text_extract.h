#pragma once
// Text of a message for PREVIEW (RFC 8970) and for the full-text index:
// text/* leaf parts with their transfer encoding removed and their charset
// converted to UTF-8 (unknown charsets: see charset.h), HTML reduced to text.
#include <cstddef>
#include <string>
#include <string_view>

#include "mime/parser.h"

namespace petrel::mime {

struct TextLimits {
  std::size_t max_text = 1 << 20;        // bytes of `text` kept
  std::size_t max_part_input = 4 << 20;  // encoded bytes read per part
  std::size_t preview_chars = 200;       // RFC 8970 section 3.3 SHOULD
};

struct ExtractedText {
  // Up to preview_chars characters of the first inline text/plain part (else
  // the first text/html part, markup removed); whitespace runs collapsed to
  // one space, quoted lines ("> ...") skipped unless nothing else is left.
  // Empty when the message has no such text (RFC 8970: a zero-length string).
  std::string preview;
  // All text/* parts in order, separated by newlines, cut to max_text bytes
  // on a character boundary.
  std::string text;
};

// Which strings of ExtractedText extract_text() fills. Delivery stores only
// the preview; the full-text indexer derives the text from the stored bytes
// when it needs it (body_text() in mime/analysis.h), so neither pays for the
// other. Each string is the same whether or not the other one is asked for.
enum TextOutput : unsigned { kPreviewOutput = 1u, kTextOutput = 2u };

ExtractedText extract_text(std::string_view raw, const Model& model, const TextLimits& limits = {},
                           unsigned outputs = kPreviewOutput | kTextOutput);

// The decoded UTF-8 text of one text/* leaf part, reading at most `max_input`
// encoded bytes. HTML is not reduced here.
std::string decode_text_part(std::string_view raw, const Part& part, std::size_t max_input);

// RFC 8970 preview of UTF-8 text (see ExtractedText::preview).
std::string make_preview(std::string_view text, std::size_t max_chars);

}  // namespace petrel::mime
