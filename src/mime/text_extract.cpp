#include "mime/text_extract.h"

#include <algorithm>

#include "mime/ascii.h"
#include "mime/base64.h"
#include "mime/charset.h"
#include "mime/html_text.h"
#include "mime/quoted_printable.h"
#include "mime/utf8.h"

namespace petrel::mime {

namespace {

bool is_attachment(const Part& p) {
  if (!p.mime.disposition) return false;
  const Disposition d = parse_disposition(*p.mime.disposition);
  return iequals(d.type, "attachment");
}

// Collapses whitespace (ASCII, NBSP and control characters) to one space.
void collapse_into(std::string_view s, std::string& out) {
  bool space = !out.empty() && out.back() == ' ';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool nbsp = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
    if (c < 0x20 || c == ' ' || c == 0x7F || nbsp) {
      if (!space && !out.empty()) out.push_back(' ');
      space = true;
      i += nbsp ? 2 : 1;
      continue;
    }
    out.push_back(s[i++]);
    space = false;
  }
}

std::string collapse(std::string_view text, bool skip_quotes) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    const std::string_view t = trim(line);
    if (!(skip_quotes && !t.empty() && t[0] == '>')) {
      collapse_into(line, out);
      collapse_into("\n", out);
    }
    pos = eol + 1;
    if (out.size() > 1024) break;  // far more than any preview needs
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string decode_text_part(std::string_view raw, const Part& part, std::size_t max_input) {
  const std::size_t len = std::min(part.body_end - part.body_begin, max_input);
  const std::string_view body = raw.substr(part.body_begin, len);
  std::string bytes;
  std::string_view src = body;
  switch (part.cte) {
    case Cte::Base64:
      base64_decode(body, bytes);
      src = bytes;
      break;
    case Cte::QuotedPrintable:
      qp_decode(body, bytes);
      src = bytes;
      break;
    default:
      break;
  }
  const std::string* charset = find_param(part.params, "charset");
  std::string out;
  to_utf8_lenient(charset ? std::string_view(*charset) : std::string_view("us-ascii"), src, out);
  return out;
}

std::string make_preview(std::string_view text, std::size_t max_chars) {
  std::string c = collapse(text, true);
  if (c.empty()) c = collapse(text, false);
  if (!is_valid_utf8(c)) {
    std::string fixed;
    append_latin1_as_utf8(fixed, c);
    c = std::move(fixed);
  }
  c.resize(utf8_prefix(c, max_chars, c.size()));
  while (!c.empty() && c.back() == ' ') c.pop_back();
  return c;
}

ExtractedText extract_text(std::string_view raw, const Model& model, const TextLimits& limits,
                           unsigned outputs) {
  const bool preview_wanted = (outputs & kPreviewOutput) != 0;
  const bool text_wanted = (outputs & kTextOutput) != 0;
  ExtractedText r;
  std::string plain_candidate, html_candidate;
  bool have_plain = false, have_html = false;
  for (const Part& p : model.parts) {
    if (p.shape != Shape::Leaf || !p.is_text || p.cte == Cte::Unknown) continue;
    const bool plain = iequals(p.subtype, "plain");
    const bool html = iequals(p.subtype, "html");
    const bool want_preview = preview_wanted && !is_attachment(p) &&
                              ((plain && !have_plain) || (html && !have_html && !have_plain));
    const bool want_text = text_wanted && r.text.size() < limits.max_text;
    if (!want_preview && !want_text) continue;
    std::string decoded = decode_text_part(raw, p, limits.max_part_input);
    if (html) {
      std::string t;
      html_to_text(decoded, t);
      decoded = std::move(t);
    }
    if (want_text && !decoded.empty()) {
      if (!r.text.empty()) r.text.push_back('\n');
      const std::size_t room =
          limits.max_text > r.text.size() ? limits.max_text - r.text.size() : 0;
      std::size_t cut = std::min(decoded.size(), room);
      // decoded is valid UTF-8: back up to a character boundary.
      while (cut < decoded.size() && cut > 0 &&
             (static_cast<unsigned char>(decoded[cut]) & 0xC0) == 0x80) {
        --cut;
      }
      r.text.append(decoded, 0, cut);
    }
    if (want_preview) {
      std::string& slot = plain ? plain_candidate : html_candidate;
      slot = std::move(decoded);
      (plain ? have_plain : have_html) = true;
    }
  }
  if (have_plain) {
    r.preview = make_preview(plain_candidate, limits.preview_chars);
  }
  if (r.preview.empty() && have_html) {
    r.preview = make_preview(html_candidate, limits.preview_chars);
  }
  return r;
}

}  // namespace petrel::mime
