// CommandReader framing: lines, literals, continuations, raw lines, STARTTLS.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

using Events = std::vector<std::string>;

Events run(std::string_view bytes, const ReaderLimits& limits = {}) {
  return describe_all(read_all(bytes, limits));
}

const std::string kContinue = "Continue:+ Ready for literal data\r\n";

TEST(ReaderTest, SimpleCommands) {
  EXPECT_EQ(run("a NOOP\r\n"), (Events{"Command:a NOOP\r\n"}));
  EXPECT_EQ(run("a NOOP\n"), (Events{"Command:a NOOP\r\n"}));  // bare LF accepted
  EXPECT_EQ(run("a NOOP"), Events{});                          // no line end yet
  EXPECT_EQ(run("a NOOP\r\nb LOGOUT\r\n"), (Events{"Command:a NOOP\r\n", "Command:b LOGOUT\r\n"}));
  // Blank lines between commands are ignored.
  EXPECT_EQ(run("\r\n\na NOOP\r\n\r\n"), (Events{"Command:a NOOP\r\n"}));
}

TEST(ReaderTest, GrammarErrorsKeepTheTag) {
  auto events = read_all("t1 FETCH 0 FLAGS\r\nt2 NOOP\r\n");
  ASSERT_EQ(events.size(), 2u);
  const auto& e = std::get<CommandError>(events[0]);
  EXPECT_EQ(e.tag, "t1");
  EXPECT_EQ(e.kind, ErrorKind::Bad);
  EXPECT_FALSE(e.fatal);
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(events[1]));
}

TEST(ReaderTest, SynchronizingLiteral) {
  EXPECT_EQ(run("a LOGIN {4}\r\nfred {6}\r\nsecret\r\n"),
            (Events{kContinue, kContinue, "Command:a LOGIN fred secret\r\n"}));
  // The continuation comes as soon as the marker line is complete.
  CommandReader r;
  r.feed("a LOGIN {4}\r\n");
  EXPECT_TRUE(std::holds_alternative<SendContinuation>(r.next()));
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next()));
  r.feed("fr");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next()));
  r.feed("ed pw\r\n");
  auto e = r.next();
  ASSERT_TRUE(std::holds_alternative<ReadyCommand>(e));
  EXPECT_EQ(args_of<LoginArgs>(std::get<ReadyCommand>(e).command).user, "fred");
}

TEST(ReaderTest, NonSynchronizingLiteral) {
  EXPECT_EQ(run("a LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n"),
            (Events{"Command:a LOGIN fred secret\r\n"}));
  // LITERAL+ (not LITERAL-): non-sync literals above 4096 bytes are fine.
  std::string big(100000, 'x');
  auto events = read_all("a APPEND box {100000+}\r\n" + big + "\r\n");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(args_of<AppendArgs>(std::get<ReadyCommand>(events[0]).command).messages[0].data, big);
}

TEST(ReaderTest, LiteralContentIsVerbatim) {
  // CRLF, braces and markers inside a literal are data.
  std::string data = "line1\r\n{5}\r\na BAD\r\n\"x";
  std::string cmd = "a APPEND box {" + std::to_string(data.size()) + "}\r\n" + data + "\r\n";
  auto events = read_all(cmd);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(args_of<AppendArgs>(std::get<ReadyCommand>(events[1]).command).messages[0].data, data);
}

TEST(ReaderTest, Literal8AndZeroLength) {
  std::string bin = std::string("a APPEND box ~{3}\r\n") + '\0' + "\x01\xFF" + "\r\n";
  auto events = read_all(bin);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(args_of<AppendArgs>(std::get<ReadyCommand>(events[1]).command).messages[0].data,
            std::string("\0\x01\xFF", 3));
  EXPECT_EQ(run("a APPEND box {0}\r\n\r\n"),
            (Events{kContinue, "Command:a APPEND box {0}\r\n\r\n"}));
  EXPECT_EQ(run("a APPEND box ~{0+}\r\n\r\n"), (Events{"Command:a APPEND box ~{0}\r\n\r\n"}));
  EXPECT_EQ(run("a LOGIN {0+}\r\n {0+}\r\n\r\n"), (Events{"Command:a LOGIN \"\" \"\"\r\n"}));
}

TEST(ReaderTest, LiteralInTheMiddleAndMultipleLiterals) {
  EXPECT_EQ(run("a SEARCH CHARSET UTF-8 SUBJECT {4+}\r\ncaf\xC3 SEEN\r\n"),
            (Events{"Command:a SEARCH CHARSET UTF-8 SUBJECT {4}\r\ncaf\xC3 SEEN\r\n"}));
  EXPECT_EQ(run("a APPEND x {1+}\r\na {1+}\r\nb {1}\r\nc\r\n"),
            (Events{kContinue, "Command:a APPEND x {1}\r\na {1}\r\nb {1}\r\nc\r\n"}));
  EXPECT_EQ(run("a RENAME {1+}\nx {1+}\ny\n"), (Events{"Command:a RENAME x y\r\n"}));
}

TEST(ReaderTest, NulBytes) {
  std::string nul = std::string("a NOOP") + '\0' + "\r\nb NOOP\r\n";
  auto events = read_all(nul);
  ASSERT_EQ(events.size(), 2u);
  const auto& e = std::get<CommandError>(events[0]);
  EXPECT_EQ(e.tag, "a");
  EXPECT_EQ(e.kind, ErrorKind::Bad);
  EXPECT_FALSE(e.fatal);
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(events[1]));
  // NUL on a line that announces a non-synchronizing literal: the literal is
  // skipped too, so the stream stays in step.
  std::string lit = std::string("a LOGIN x") + '\0' + " {5+}\r\nb NOP\r\nc NOOP\r\n";
  EXPECT_EQ(run(lit),
            (Events{"BAD tag=a code= text=NUL byte in command line", "Command:c NOOP\r\n"}));
  // NUL in a literal is refused by the grammar (only literal8 may carry it).
  std::string in_lit = std::string("a LOGIN {1+}\r\n") + '\0' + " x\r\n";
  auto le = read_all(in_lit);
  ASSERT_EQ(le.size(), 1u);
  EXPECT_EQ(std::get<CommandError>(le[0]).tag, "a");
}

TEST(ReaderTest, InvalidUtf8InQuotedString) {
  auto events = read_all("a SELECT \"caf\xC3\"\r\nb NOOP\r\n");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<CommandError>(events[0]).tag, "a");
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(events[1]));
}

TEST(ReaderTest, EmptyAndInvalidTags) {
  EXPECT_EQ(run(" NOOP\r\n"), (Events{"BAD tag= code= text=Missing or invalid tag"}));
  EXPECT_EQ(run("+ NOOP\r\n"), (Events{"BAD tag= code= text=Missing or invalid tag"}));
  ReaderLimits limits;
  limits.max_tag = 8;
  EXPECT_EQ(run("abcdefghi NOOP\r\nabcdefgh NOOP\r\n", limits),
            (Events{"BAD tag= code=LIMIT text=Tag too long", "Command:abcdefgh NOOP\r\n"}));
  // A bad tag on a line announcing a literal: no continuation is sent.
  EXPECT_EQ(run("+x LOGIN {3}\r\nb NOOP\r\n"),
            (Events{"BAD tag= code= text=Missing or invalid tag", "Command:b NOOP\r\n"}));
  EXPECT_EQ(run("t FOO {3}\r\nb NOOP\r\n"),
            (Events{"BAD tag=t code= text=Unknown command", "Command:b NOOP\r\n"}));
  EXPECT_EQ(run("t FOO {3+}\r\nabc\r\nb NOOP\r\n"),
            (Events{"BAD tag=t code= text=Unknown command", "Command:b NOOP\r\n"}));
}

TEST(ReaderTest, PipelinedCommandsComeOutInOrder) {
  std::string in;
  for (int i = 0; i < 1000; ++i) {
    in += "t" + std::to_string(i) +
          (i % 3 == 0   ? " NOOP\r\n"
           : i % 3 == 1 ? " LOGIN {1+}\r\nu p\r\n"
                        : " FETCH 1 FLAGS\r\n");
  }
  auto events = read_all(in);
  ASSERT_EQ(events.size(), 1000u);
  for (int i = 0; i < 1000; ++i) {
    const auto* r = std::get_if<ReadyCommand>(&events[i]);
    ASSERT_NE(r, nullptr) << i;
    EXPECT_EQ(r->command.tag, "t" + std::to_string(i));
  }
}

TEST(ReaderTest, RawLines) {
  CommandReader r;
  r.feed("a AUTHENTICATE PLAIN\r\nAGZyZWQAc2VjcmV0\r\n\r\n*\r\nb IDLE\r\nDONE\nc NOOP\r\n");
  auto e = r.next();
  ASSERT_TRUE(std::holds_alternative<ReadyCommand>(e));
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "AGZyZWQAc2VjcmV0");
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "");  // empty responses are lines too
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "*");
  EXPECT_EQ(std::get<ReadyCommand>(r.next()).command.name, "IDLE");
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "DONE");
  EXPECT_EQ(std::get<ReadyCommand>(r.next()).command.name, "NOOP");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next_line()));
  r.feed("DO");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next_line()));
  r.feed("NE\r\n");
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "DONE");
}

TEST(ReaderTest, RawLineLimits) {
  ReaderLimits limits;
  limits.max_line = 10;
  CommandReader r(limits);
  r.feed(std::string(50, 'x') + "\r\nshort\r\n");
  auto e = r.next_line();
  ASSERT_TRUE(std::holds_alternative<CommandError>(e));
  EXPECT_EQ(std::get<CommandError>(e).code, "TOOBIG");
  EXPECT_EQ(std::get<RawLine>(r.next_line()).line, "short");
  r.feed(std::string("a\0b\r\n", 5));
  EXPECT_TRUE(std::holds_alternative<CommandError>(r.next_line()));
}

TEST(ReaderTest, DiscardBufferedForStarttls) {
  CommandReader r;
  // A man-in-the-middle appends a command after STARTTLS in the clear; it
  // must not run after the handshake (RFC 9051 6.2.1).
  r.feed("a STARTTLS\r\nb LOGIN evil pw\r\n");
  auto e = r.next();
  ASSERT_TRUE(std::holds_alternative<ReadyCommand>(e));
  EXPECT_GT(r.buffered(), 0u);
  r.discard_buffered();
  EXPECT_EQ(r.buffered(), 0u);
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next()));
  r.feed("c CAPABILITY\r\n");
  EXPECT_EQ(std::get<ReadyCommand>(r.next()).command.tag, "c");
}

TEST(ReaderTest, SetLimitsApplies) {
  CommandReader r;
  ReaderLimits tight;
  tight.max_line = 8;
  r.set_limits(tight);
  r.feed("a LOGIN user pass\r\n");
  auto e = r.next();
  ASSERT_TRUE(std::holds_alternative<CommandError>(e));
  EXPECT_EQ(std::get<CommandError>(e).code, "TOOBIG");
}

}  // namespace
}  // namespace petrel::imap::testing
