// PREVIEW (RFC 8970) and the text kept for full-text search.
#include "mime/text_extract.h"

#include <gtest/gtest.h>

#include "mime/analysis.h"
#include "mime/html_text.h"
#include "mime_test_util.h"

namespace petrel::mime {
namespace {

using test::crlf;

TEST(PreviewTest, FirstTextPlainPartDecoded) {
  const auto a = analyze(crlf(R"(Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Caf=E9   au
  lait,
> quoted line
soft=
 break.
--b
Content-Type: text/html; charset=utf-8

<p>ignored</p>
--b--
)"));
  EXPECT_EQ(a.preview, "Caf\xC3\xA9 au lait, soft break.");
}

TEST(PreviewTest, HtmlWhenThereIsNoPlainText) {
  const auto a = analyze(crlf(R"(Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

PGh0bWw+PGhlYWQ+PHRpdGxlPlQ8L3RpdGxlPjxzdHlsZT5we2NvbG9yOnJlZH08L3N0eWxlPjwv
aGVhZD48Ym9keT48cD5DYWYmZWFjdXRlOyAmYW1wOyA8Yj50JmVhY3V0ZTs8L2I+PC9wPjwhLS0g
bm90ZSAtLT48c2NyaXB0PnZhciB4PTE7PC9zY3JpcHQ+PHA+ZW5kPC9wPjwvYm9keT48L2h0bWw+
)"));
  EXPECT_EQ(a.preview, "Caf\xC3\xA9 & t\xC3\xA9 end");
}

TEST(PreviewTest, LimitsAndEmptyCases) {
  std::string body(1000, 'x');
  for (int i = 0; i < 300; ++i) body += "\xC3\xA9";
  const auto a = analyze("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body);
  EXPECT_EQ(a.preview, std::string(200, 'x'));
  const auto b = analyze("Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.substr(1000));
  EXPECT_EQ(b.preview.size(), 400u);  // 200 two-byte characters
  // No text: an empty preview (RFC 8970 3.2).
  EXPECT_EQ(analyze(crlf("Content-Type: image/png\n\nabc")).preview, "");
  EXPECT_EQ(analyze(crlf("Subject: x\n\n")).preview, "");
  // An attachment is not a preview source.
  EXPECT_EQ(
      analyze(crlf("Content-Type: text/plain\nContent-Disposition: attachment\n\nfile")).preview,
      "");
  // Only quoted text: the quotes are used rather than nothing.
  EXPECT_EQ(analyze(crlf("Subject: x\n\n> a\n> b\n")).preview, "> a > b");
}

TEST(PreviewTest, TextOfAllTextParts) {
  const std::string raw = crlf(R"(Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain; charset=us-ascii

hello
--b
Content-Type: text/html

<b>bold</b> &lt;tag&gt;
--b
Content-Type: application/octet-stream

not text
--b
Content-Type: message/rfc822

Subject: inner

inner text
--b--
)");
  EXPECT_EQ(body_text(raw), "hello\nbold <tag>\ninner text");
}

TEST(PreviewTest, DecodesCharsetsForText) {
  const std::string raw =
      std::string("Content-Type: text/plain; charset=koi8-r\r\n\r\n") + "\xF0\xD2\xC9\xD7\xC5\xD4";
  EXPECT_EQ(body_text(raw), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  EXPECT_EQ(analyze(raw).preview, body_text(raw));
  // Unknown charset with Latin-1 bytes.
  EXPECT_EQ(body_text("Content-Type: text/plain; charset=x-foo\r\n\r\ncaf\xE9"), "caf\xC3\xA9");
}

TEST(PreviewTest, TextIsBounded) {
  TextLimits lim;
  lim.max_text = 100;
  const std::string raw = crlf("Subject: x\n\n") + std::string(5000, 'a');
  EXPECT_EQ(extract_text(raw, parse_mime(raw, {}), lim).text.size(), 100u);
  // Cut on a character boundary.
  const std::string utf =
      "Content-Type: text/plain; charset=utf-8\r\n\r\n" + std::string(99, 'a') + "\xC3\xA9";
  EXPECT_EQ(extract_text(utf, parse_mime(utf, {}), lim).text, std::string(99, 'a'));
}

// Delivery asks for the preview alone and the indexer for the text alone;
// each must be what asking for both gives (the text stored before the
// split was computed together with the preview).
TEST(PreviewTest, OutputsAreIndependent) {
  const std::string messages[] = {
      crlf("Subject: x\n\nplain body\n"),
      crlf(R"(Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Caf=E9 first
--b
Content-Type: text/html

<p>second &amp; html</p>
--b
Content-Type: text/plain; name=a.txt
Content-Disposition: attachment

attached text
--b--
)"),
      crlf("Content-Type: text/html\n\n<i>only</i> html\n"),
      crlf("Content-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n"),
  };
  for (const std::string& raw : messages) {
    const Model model = parse_mime(raw, {});
    const ExtractedText both = extract_text(raw, model);
    EXPECT_EQ(extract_text(raw, model, {}, kPreviewOutput).preview, both.preview) << raw;
    EXPECT_TRUE(extract_text(raw, model, {}, kPreviewOutput).text.empty()) << raw;
    EXPECT_EQ(extract_text(raw, model, {}, kTextOutput).text, both.text) << raw;
    EXPECT_TRUE(extract_text(raw, model, {}, kTextOutput).preview.empty()) << raw;
    EXPECT_EQ(body_text(raw), both.text) << raw;
    EXPECT_EQ(analyze(raw).preview, both.preview) << raw;
  }
}

TEST(HtmlTextTest, StripsMarkup) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"<p>a</p><p>b</p>", "\na\n\nb\n"},
      {"a<br>b<br/>c", "a\nb\nc"},
      {"<td>1</td><td>2</td>", " 1  2 "},
      {"x &lt; y &amp;&amp; &#65;&#x42; &eacute;&Eacute;&nbsp;&bogus; &",
       "x < y && AB \xC3\xA9\xC3\x89\xC2\xA0&bogus; &"},
      {"<a href=\"x>y\">link</a>", "link"},
      {"<!-- <p>hidden</p> -->shown", "shown"},
      {"<script>if (a<b) x();</script>after", "after"},
      {"<STYLE>p{}</STYLE>after", "after"},
      {"<head><title>T</title></head>body", "body"},
      {"1 < 2 and 3 > 2", "1 < 2 and 3 > 2"},
      {"unterminated <b", "unterminated "},
      {"<script>never closed", ""},
      {"&#0; &#1114112; &#xZZ;", "\xEF\xBF\xBD &#1114112; &#xZZ;"},
  };
  for (const auto& c : cases) {
    std::string out;
    html_to_text(c.in, out);
    EXPECT_EQ(out, c.out) << c.in;
  }
}

}  // namespace
}  // namespace petrel::mime
