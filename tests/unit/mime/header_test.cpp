#include "mime/header.h"

#include <gtest/gtest.h>

#include <vector>

namespace petrel::mime {
namespace {

struct Scanned {
  std::vector<std::pair<std::string, std::string>> fields;  // name, unfolded value
  std::vector<std::string> lines;                           // raw field bytes
  HeaderEnd end;
};

Scanned scan(std::string_view raw, bool mbox = false) {
  Scanned s;
  HeaderScanOptions opt;
  opt.allow_mbox_from = mbox;
  s.end = scan_header(
      raw, 0, opt,
      [&](const HeaderField& f) {
        s.fields.emplace_back(std::string(f.name), unfold(f.value));
        s.lines.emplace_back(raw.substr(f.begin, f.end - f.begin));
      },
      [&](std::size_t line) { return raw.substr(line, 5) == "--sep"; });
  return s;
}

TEST(HeaderTest, FindsFieldsAndTheBlankLine) {
  const std::string raw = "A: 1\r\nB-C:two\r\n  folded\r\n\tagain\r\nD : obs\r\n\r\nbody";
  const Scanned s = scan(raw);
  ASSERT_EQ(s.fields.size(), 3u);
  EXPECT_EQ(s.fields[0], (std::pair<std::string, std::string>{"A", "1"}));
  EXPECT_EQ(s.fields[1].second, "two  folded\tagain");
  EXPECT_EQ(s.lines[1], "B-C:two\r\n  folded\r\n\tagain\r\n");
  EXPECT_EQ(s.fields[2].first, "D");
  EXPECT_EQ(s.end.stop, HeaderStop::Blank);
  EXPECT_EQ(raw.substr(s.end.end), "body");
}

TEST(HeaderTest, HandlesBareLf) {
  const std::string raw = "A: 1\nB: 2\n\nbody";
  const Scanned s = scan(raw);
  EXPECT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(raw.substr(s.end.end), "body");
}

TEST(HeaderTest, NonHeaderLineStartsTheBody) {
  const std::string raw = "A: 1\r\nthis is text\r\nB: 2\r\n";
  const Scanned s = scan(raw);
  EXPECT_EQ(s.fields.size(), 1u);
  EXPECT_EQ(s.end.stop, HeaderStop::BodyLine);
  EXPECT_EQ(raw.substr(s.end.end), "this is text\r\nB: 2\r\n");
}

TEST(HeaderTest, HeaderWithoutBody) {
  const std::string raw = "A: 1\r\nB: last";
  const Scanned s = scan(raw);
  ASSERT_EQ(s.fields.size(), 2u);
  EXPECT_EQ(s.fields[1].second, "last");
  EXPECT_EQ(s.end.stop, HeaderStop::End);
  EXPECT_EQ(s.end.end, raw.size());
}

TEST(HeaderTest, StopsAtABoundary) {
  const std::string raw = "A: 1\r\n--sep\r\nrest";
  const Scanned s = scan(raw);
  EXPECT_EQ(s.fields.size(), 1u);
  EXPECT_EQ(s.end.stop, HeaderStop::Boundary);
  EXPECT_EQ(raw.substr(s.end.end), "--sep\r\nrest");
}

TEST(HeaderTest, SkipsALeadingMboxFromLineWhenAllowed) {
  const std::string raw = "From a@b Mon Jan  1 00:00:00 2024\nA: 1\n\nx";
  EXPECT_EQ(scan(raw, true).fields.size(), 1u);
  EXPECT_EQ(scan(raw, false).fields.size(), 0u);
}

TEST(HeaderTest, EmptyInputAndNameRules) {
  EXPECT_EQ(scan("").end.stop, HeaderStop::End);
  EXPECT_EQ(scan("\r\nbody").end.end, 2u);
  EXPECT_EQ(header_name_length("Subject: x"), 7u);
  EXPECT_EQ(header_name_length("Subject  : x"), 7u);
  EXPECT_EQ(header_name_length("Bad Name: x"), 0u);
  EXPECT_EQ(header_name_length(": x"), 0u);
  EXPECT_EQ(header_name_length("NoColon"), 0u);
  EXPECT_EQ(header_name_length("N\xC3\xA4me: x"), 0u);
}

TEST(HeaderTest, Unfolds) {
  EXPECT_EQ(unfold("  a\r\n b\r\n\tc  "), "a b\tc");
  EXPECT_EQ(unfold("\r\n"), "");
}

}  // namespace
}  // namespace petrel::mime
