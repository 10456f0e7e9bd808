#pragma once
// A small HTML-to-text reduction for PREVIEW (RFC 8970 section 3.3: "remove
// any formatting markup") and the full-text index: tags and comments go,
// <head>, <script> and <style> content goes, block elements become line
// breaks, and character references (&amp; &#233; &#xE9; and the common named
// ones) are decoded. Not a conforming HTML parser; linear time, never fails.
#include <string>
#include <string_view>

namespace petrel::mime {

// `html` is UTF-8; appends UTF-8 text to `out`.
void html_to_text(std::string_view html, std::string& out);

}  // namespace petrel::mime
