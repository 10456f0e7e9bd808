// Content-Type, Content-Disposition and their parameters, RFC 2231 included.
#include "mime/content_type.h"

#include <gtest/gtest.h>

#include "mime/rfc2231.h"

namespace petrel::mime {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Params flat(const std::vector<Param>& ps) {
  Params out;
  for (const auto& p : ps) out.emplace_back(p.name, p.value);
  return out;
}

TEST(ContentTypeTest, ParsesTypeAndParams) {
  struct Case {
    const char* in;
    const char* type;
    const char* subtype;
    Params params;
  } cases[] = {
      {"text/plain", "text", "plain", {}},
      {"Text/HTML; Charset=UTF-8", "Text", "HTML", {{"Charset", "UTF-8"}}},
      {" multipart/mixed;\r\n boundary=\"=_a b\\\"c\"",
       "multipart",
       "mixed",
       {{"boundary", "=_a b\"c"}}},
      // Unquoted values with '=' and '/' (real mail), comments, missing ';'.
      {"multipart/mixed; boundary==_NextPart_000",
       "multipart",
       "mixed",
       {{"boundary", "=_NextPart_000"}}},
      {"application/x; name=a/b.txt", "application", "x", {{"name", "a/b.txt"}}},
      {"text/plain; charset=us-ascii (Plain text)", "text", "plain", {{"charset", "us-ascii"}}},
      {"text/plain (c) ; (d) format = flowed ;; delsp=yes",
       "text",
       "plain",
       {{"format", "flowed"}, {"delsp", "yes"}}},
      {"text / plain", "text", "plain", {}},
      {"text/plain; charset=", "text", "plain", {{"charset", ""}}},
      {"text/plain; novalue; x=1", "text", "plain", {{"x", "1"}}},
      {"text/plain; name=\"unterminated", "text", "plain", {{"name", "unterminated"}}},
      // Invalid: no subtype, no type. Parameters are still read.
      {"text", "", "", {}},
      {";charset=x", "", "", {{"charset", "x"}}},
      {"", "", "", {}},
  };
  for (const auto& c : cases) {
    const ContentType ct = parse_content_type(c.in);
    EXPECT_EQ(ct.type, c.type) << c.in;
    EXPECT_EQ(ct.subtype, c.subtype) << c.in;
    EXPECT_EQ(flat(ct.params), c.params) << c.in;
  }
}

TEST(ContentTypeTest, DecodesRfc2231) {
  struct Case {
    const char* in;
    Params params;
  } cases[] = {
      // Section 3: continuations joined.
      {"x/y; name*0=\"very long \"; name*1=\"file name.bin\"",
       {{"name", "very long file name.bin"}}},
      // Order of segments does not matter.
      {"x/y; name*1=b; name*0=a; name*2=c", {{"name", "abc"}}},
      // Section 4: charset and language, percent-encoding, to UTF-8.
      {"x/y; name*=iso-8859-1'en'%E9t%E9.pdf", {{"name", "\xC3\xA9t\xC3\xA9.pdf"}}},
      {"x/y; filename*0*=UTF-8''%C3%A9t%C3%A9; filename*1*=%20r%C3%A9sum%C3%A9.pdf",
       {{"filename", "\xC3\xA9t\xC3\xA9 r\xC3\xA9sum\xC3\xA9.pdf"}}},
      // Section 4.1: encoded and plain segments mixed.
      {"x/y; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; "
       "title*2=\"isn't it!\"",
       {{"title", "This is even more ***fun*** isn't it!"}}},
      // The RFC 2231 value replaces a plain parameter of the same name.
      {"x/y; filename=\"=?utf-8?q?enc?=\"; filename*=utf-8''real", {{"filename", "real"}}},
      {"x/y; filename*=utf-8''real; filename=\"other\"", {{"filename", "real"}}},
      // Unknown charset: the fallback (UTF-8 kept, else Latin-1).
      {"x/y; n*=x-unknown''%E9", {{"n", "\xC3\xA9"}}},
      {"x/y; n*=''%C3%A9", {{"n", "\xC3\xA9"}}},
      // No charset'lang' prefix at all.
      {"x/y; n*=abc%20d", {{"n", "abc d"}}},
      // A gap: segments after it are kept as written.
      {"x/y; name*0*=utf-8''%E2%82%AC; name*1=plain; name*3=gap",
       {{"name",
         "\xE2\x82\xAC"
         "plain"},
        {"name*3", "gap"}}},
      // Duplicate index: the first wins, the other is kept as written.
      {"x/y; n*0=a; n*0=b", {{"n", "a"}, {"n*0", "b"}}},
      // Not RFC 2231: kept as is.
      {"x/y; a*b=1; *=2; n*01=3", {{"a*b", "1"}, {"*", "2"}, {"n*01", "3"}}},
      // Bad percent escapes are kept.
      {"x/y; n*=utf-8''100%; m*=utf-8''%zz", {{"n", "100%"}, {"m", "%zz"}}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(flat(parse_content_type(c.in).params), c.params) << c.in;
  }
}

TEST(ContentTypeTest, ParsesDisposition) {
  const Disposition d = parse_disposition("attachment;\r\n filename=\"a b.pdf\"; size=12");
  EXPECT_EQ(d.type, "attachment");
  EXPECT_EQ(flat(d.params), (Params{{"filename", "a b.pdf"}, {"size", "12"}}));
  EXPECT_EQ(parse_disposition("INLINE").type, "INLINE");
  EXPECT_EQ(parse_disposition("").type, "");
}

TEST(ContentTypeTest, ParsesLanguageAndEncoding) {
  EXPECT_EQ(parse_language("en, fr (comment),de-CH"),
            (std::vector<std::string_view>{"en", "fr", "de-CH"}));
  EXPECT_TRUE(parse_language(" ").empty());
  EXPECT_EQ(cte_token(" Base64 (comment)"), "Base64");
  EXPECT_EQ(classify_cte("BASE64"), Cte::Base64);
  EXPECT_EQ(classify_cte("Quoted-Printable"), Cte::QuotedPrintable);
  EXPECT_EQ(classify_cte("7BIT"), Cte::SevenBit);
  EXPECT_EQ(classify_cte(""), Cte::SevenBit);
  EXPECT_EQ(classify_cte("8bit"), Cte::EightBit);
  EXPECT_EQ(classify_cte("binary"), Cte::Binary);
  EXPECT_EQ(classify_cte("x-uuencode"), Cte::Unknown);
}

TEST(ContentTypeTest, BoundsParameterCount) {
  std::string many = "x/y";
  for (int i = 0; i < 5000; ++i) many += "; p" + std::to_string(i) + "*" + std::to_string(i) + "=v";
  EXPECT_LE(parse_content_type(many).params.size(), 512u);
}

TEST(ContentTypeTest, PercentDecode) {
  EXPECT_EQ(percent_decode("a%20b%2"), "a b%2");
  EXPECT_EQ(percent_decode("%41%4a%4A"), "AJJ");
}

}  // namespace
}  // namespace petrel::mime
