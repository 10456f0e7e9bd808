#include "imap/commands/message_builder.h"

#include <gtest/gtest.h>

#include "mime/analysis.h"
#include "mime/part_tree.h"

namespace petrel::imap {
namespace {

using namespace std::string_literals;

const std::string kMessage =
    "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\n"
    "From: Fred Foobar <foobar@Blurdybloop.example>\r\n"
    "Subject: =?UTF-8?Q?caf=C3=A9?= meeting\r\n"
    "To: mooch@owatagu.siam.edu.example\r\n"
    "Cc: Joe <joe@example.com>\r\n"
    "Message-Id: <B27397-0100000@Blurdybloop.example>\r\n"
    "In-Reply-To: <a@example.com>\r\n"
    "References: <a@example.com>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n"
    "\r\n"
    "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

TEST(MessageBuilder, FindsBareLineFeeds) {
  EXPECT_FALSE(has_bare_lf(""));
  EXPECT_FALSE(has_bare_lf("a\r\nb\r\n"));
  EXPECT_FALSE(has_bare_lf("no line end"));
  EXPECT_TRUE(has_bare_lf("\n"));
  EXPECT_TRUE(has_bare_lf("a\r\nb\n"));
  EXPECT_TRUE(has_bare_lf("a\nb\r\n"));
}

TEST(MessageBuilder, ConvertsBareLineFeedsOnly) {
  EXPECT_EQ(to_crlf("a\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(to_crlf("\n\n"), "\r\n\r\n");
  EXPECT_EQ(to_crlf("a\rb\r\n"), "a\rb\r\n");  // a lone CR is kept
  EXPECT_EQ(to_crlf("x"), "x");
}

TEST(MessageBuilder, MapsEveryAnalysisField) {
  store::NewMessage m = build_message(kMessage);
  EXPECT_EQ(m.bytes, kMessage);
  mime::Analysis a = mime::analyze(kMessage);
  EXPECT_EQ(m.parsed.envelope, a.envelope);
  EXPECT_EQ(m.parsed.body, a.body);
  EXPECT_EQ(m.parsed.bodystructure, a.bodystructure);
  EXPECT_EQ(m.parsed.part_tree, a.part_tree);
  EXPECT_EQ(m.parsed.preview, a.preview);
  EXPECT_EQ(m.parsed.envelope.rfind("(\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\" \"=?UTF-8?Q?caf", 0),
            0u)
      << m.parsed.envelope;
  EXPECT_NE(m.parsed.bodystructure.find("\"PLAIN\""), std::string::npos);
  EXPECT_NE(m.parsed.preview.find("Hello Joe"), std::string::npos);
  // The search text is derived from the stored bytes, not kept.
  EXPECT_NE(mime::body_text(m.bytes).find("3:30 tomorrow"), std::string::npos);
}

TEST(MessageBuilder, ExtractsHeaderFieldsForSearchAndSort) {
  const store::HeaderFields h = build_message(kMessage).parsed.headers;
  EXPECT_EQ(h.date, 760686745);  // 1994-02-08T05:52:25Z
  EXPECT_EQ(h.subject.raw, "=?UTF-8?Q?caf=C3=A9?= meeting");
  EXPECT_EQ(h.subject.decoded, "caf\xc3\xa9 meeting");
  EXPECT_EQ(h.from.raw, "Fred Foobar <foobar@Blurdybloop.example>");
  EXPECT_EQ(h.to.raw, "mooch@owatagu.siam.edu.example");
  EXPECT_EQ(h.cc.raw, "Joe <joe@example.com>");
  EXPECT_EQ(h.bcc, store::HeaderText{});
  EXPECT_EQ(h.message_id.raw, "<B27397-0100000@Blurdybloop.example>");
  EXPECT_EQ(h.in_reply_to.raw, "<a@example.com>");
  EXPECT_EQ(h.references.raw, "<a@example.com>");
}

TEST(MessageBuilder, NoDateGivesZero) {
  const store::HeaderFields h = build_message("Subject: x\r\n\r\nbody\r\n").parsed.headers;
  EXPECT_EQ(h.date, 0);
  EXPECT_EQ(h.subject.decoded, "x");
  EXPECT_EQ(build_message("Date: not a date\r\n\r\nx\r\n").parsed.headers.date, 0);
}

TEST(MessageBuilder, NormalizesLineEndsBeforeAnalysis) {
  store::NewMessage m = build_message("Subject: b\n\nline one\nline two\n");
  EXPECT_EQ(m.bytes, "Subject: b\r\n\r\nline one\r\nline two\r\n");
  // Offsets in the part tree refer to the stored (normalized) bytes.
  auto tree = mime::PartTree::deserialize(m.parsed.part_tree);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->total_size(), m.bytes.size());
  EXPECT_EQ(tree->nodes()[0].body_begin, 14u);
  EXPECT_EQ(tree->nodes()[0].body_end, m.bytes.size());
}

TEST(MessageBuilder, KeepsBinaryContentWhenAsked) {
  const std::string binary = "Content-Type: application/octet-stream\n\n\x00\x01\n\xff"s;
  BuildOptions keep;
  keep.normalize_line_endings = false;
  store::NewMessage m = build_message(binary, keep);
  EXPECT_EQ(m.bytes, binary);
  auto tree = mime::PartTree::deserialize(m.parsed.part_tree);
  ASSERT_TRUE(tree.ok());
  EXPECT_EQ(tree->total_size(), binary.size());
}

TEST(MessageBuilder, MultipartGetsAPartTreeWithChildren) {
  const std::string msg =
      "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
      "--XX\r\nContent-Type: text/plain\r\n\r\none\r\n"
      "--XX\r\nContent-Type: text/html\r\n\r\n<b>two</b>\r\n"
      "--XX--\r\n";
  store::NewMessage m = build_message(msg);
  auto tree = mime::PartTree::deserialize(m.parsed.part_tree);
  ASSERT_TRUE(tree.ok());
  ASSERT_EQ(tree->nodes().size(), 3u);
  EXPECT_TRUE(tree->nodes()[0].multipart);
  EXPECT_EQ(tree->nodes()[0].child_count, 2u);
  EXPECT_EQ(m.parsed.bodystructure.rfind("((\"text\" \"plain\"", 0), 0u) << m.parsed.bodystructure;
  EXPECT_EQ(mime::body_text(m.bytes), "one\ntwo");
}

}  // namespace
}  // namespace petrel::imap
