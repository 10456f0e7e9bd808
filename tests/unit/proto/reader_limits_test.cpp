// CommandReader limits: line length, literal sizes, nesting, memory bounds.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

using Events = std::vector<std::string>;

Events run(std::string_view bytes, const ReaderLimits& limits = {}) {
  return describe_all(read_all(bytes, limits));
}

TEST(ReaderLimitsTest, LineTooLongThenNextCommandParses) {
  ReaderLimits limits;
  limits.max_line = 100;
  std::string longline = "a1 LOGIN " + std::string(200, 'x') + " y\r\na2 NOOP\r\n";
  EXPECT_EQ(run(longline, limits),
            (Events{"BAD tag=a1 code=TOOBIG text=Command line too long", "Command:a2 NOOP\r\n"}));
  EXPECT_EQ(describe_all(read_bytewise(longline, limits)),
            (Events{"BAD tag=a1 code=TOOBIG text=Command line too long", "Command:a2 NOOP\r\n"}));
  // Exactly at the limit is fine; one more byte is not (with CRLF or LF).
  std::string exact = "a LOGIN " + std::string(100 - 10, 'u') + " p";
  ASSERT_EQ(exact.size(), 100u);
  EXPECT_EQ(read_all(exact + "\r\n", limits).size(), 1u);
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(read_all(exact + "\r\n", limits)[0]));
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(read_all(exact + "\n", limits)[0]));
  EXPECT_TRUE(std::holds_alternative<CommandError>(read_all(exact + "x\n", limits)[0]));
  EXPECT_TRUE(std::holds_alternative<CommandError>(read_all(exact + "x\r\n", limits)[0]));
}

TEST(ReaderLimitsTest, LineLimitCountsAllSegmentsButNotLiterals) {
  ReaderLimits limits;
  limits.max_line = 40;
  // 2 x 19 line bytes + a 1000-byte literal: fine.
  std::string ok = "a APPEND box {1000+}\r\n" + std::string(1000, 'm') + " {1+}\r\nz\r\n";
  auto events = read_all(ok, limits);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(events[0]));
  // Three segments whose sum exceeds the limit.
  std::string over = "a LOGIN {1+}\r\nx {1+}\r\ny " + std::string(30, 'z') + "\r\nb NOOP\r\n";
  EXPECT_EQ(run(over, limits),
            (Events{"BAD tag=a code=TOOBIG text=Command line too long", "Command:b NOOP\r\n"}));
}

TEST(ReaderLimitsTest, HugeLineWithoutCrlfUsesBoundedMemory) {
  CommandReader r;  // default 64 KiB lines
  std::vector<ReaderEvent> events;
  std::string chunk(64 * 1024, 'A');
  chunk[0] = 'b';  // the tag stays readable: "bAAAA..." is too long for a tag anyway
  std::size_t max_buffered = 0;
  for (int i = 0; i < 1600; ++i) {  // 100 MiB
    r.feed(chunk);
    drain(r, events);
    max_buffered = std::max(max_buffered, r.buffered());
  }
  EXPECT_LE(max_buffered, 2 * chunk.size());
  ASSERT_EQ(events.size(), 1u);
  const auto& e = std::get<CommandError>(events[0]);
  EXPECT_EQ(e.code, "TOOBIG");
  EXPECT_EQ(e.tag, "");
  EXPECT_FALSE(e.fatal);
  r.feed("\r\nz NOOP\r\n");
  drain(r, events);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(std::get<ReadyCommand>(events[1]).command.tag, "z");
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(ReaderLimitsTest, TooLongLineEndingInNonSyncLiteralIsSkippedWithIt) {
  ReaderLimits limits;
  limits.max_line = 20;
  std::string in = "a LOGIN " + std::string(40, 'u') + " {5+}\r\nb BAD\r\nc NOOP\r\n";
  EXPECT_EQ(run(in, limits),
            (Events{"BAD tag=a code=TOOBIG text=Command line too long", "Command:c NOOP\r\n"}));
  EXPECT_EQ(describe_all(read_bytewise(in, limits)),
            (Events{"BAD tag=a code=TOOBIG text=Command line too long", "Command:c NOOP\r\n"}));
  // A synchronizing literal at the end: the client waits for "+" and gets
  // the error instead, so what follows is a new command.
  std::string sync = "a LOGIN " + std::string(40, 'u') + " {5}\r\nc NOOP\r\n";
  EXPECT_EQ(run(sync, limits),
            (Events{"BAD tag=a code=TOOBIG text=Command line too long", "Command:c NOOP\r\n"}));
}

TEST(ReaderLimitsTest, SyncLiteralTooBigIsRefusedWithoutContinuation) {
  // 10 GB announced: NO [TOOBIG], no continuation, and the next command works.
  EXPECT_EQ(run("a APPEND box {10000000000}\r\nb NOOP\r\n"),
            (Events{"NO tag=a code=TOOBIG text=Literal too big", "Command:b NOOP\r\n"}));
  // Other commands have a lower limit than APPEND.
  ReaderLimits limits;
  limits.max_other_literal = 10;
  limits.max_literal = 100;
  EXPECT_EQ(run("a LOGIN {11}\r\nb NOOP\r\n", limits),
            (Events{"NO tag=a code=TOOBIG text=Literal too big", "Command:b NOOP\r\n"}));
  EXPECT_EQ(run("a UID APPEND {11}\r\n", limits),
            (Events{"NO tag=a code=TOOBIG text=Literal too big"}));
  EXPECT_EQ(run("a APPEND x {11}\r\n", limits).size(), 1u);
  EXPECT_EQ(run("a APPEND x {11}\r\n", limits)[0], "Continue:+ Ready for literal data\r\n");
  EXPECT_EQ(run("a APPEND x {101}\r\n", limits)[0], "NO tag=a code=TOOBIG text=Literal too big");
  EXPECT_EQ(run("a append x {99999999999999999999999}\r\nb NOOP\r\n", limits),
            (Events{"NO tag=a code=TOOBIG text=Literal too big", "Command:b NOOP\r\n"}));
}

TEST(ReaderLimitsTest, NonSyncLiteralTooBigIsFatal) {
  CommandReader r;
  r.feed("a APPEND box {10000000000+}\r\n");
  auto e = r.next();
  ASSERT_TRUE(std::holds_alternative<CommandError>(e));
  const auto& err = std::get<CommandError>(e);
  EXPECT_TRUE(err.fatal);
  EXPECT_EQ(err.code, "TOOBIG");
  EXPECT_EQ(err.tag, "a");
  // Nothing more comes out, and nothing is buffered.
  r.feed("b NOOP\r\n");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(r.next()));
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(ReaderLimitsTest, WholeCommandLimit) {
  ReaderLimits limits;
  limits.max_command = 100;
  EXPECT_EQ(run("a APPEND x {40+}\r\n" + std::string(40, 'm') + " {40}\r\n", limits).back(),
            "NO tag=a code=TOOBIG text=Literal too big");
  EXPECT_TRUE(run("a APPEND x {40+}\r\n" + std::string(40, 'm') + " {40+}\r\n", limits)
                  .back()
                  .find("FATAL") != std::string::npos);
  EXPECT_EQ(run("a APPEND x {40+}\r\n" + std::string(40, 'm') + " {20}\r\n", limits).back(),
            "Continue:+ Ready for literal data\r\n");
}

TEST(ReaderLimitsTest, NonAppendCommandsAreBoundedAsAWhole) {
  // Only APPEND carries messages: other commands may not pile up literals
  // beyond max_line + max_other_literal in total.
  ReaderLimits limits;
  limits.max_line = 50;
  limits.max_other_literal = 100;
  EXPECT_EQ(run("a LOGIN {90+}\r\n" + std::string(90, 'u') + " {90}\r\nb NOOP\r\n", limits),
            (Events{"NO tag=a code=TOOBIG text=Literal too big", "Command:b NOOP\r\n"}));
  EXPECT_EQ(run("a LOGIN {90+}\r\n" + std::string(90, 'u') + " {20}\r\n", limits).back(),
            "Continue:+ Ready for literal data\r\n");
  EXPECT_EQ(run("a APPEND x {90+}\r\n" + std::string(90, 'u') + " {90}\r\n", limits).back(),
            "Continue:+ Ready for literal data\r\n");
}

TEST(ReaderLimitsTest, DeepNestingIsACleanError) {
  std::string deep = "a SEARCH " + std::string(10000, '(') + "ALL" + std::string(10000, ')');
  auto events = read_all(deep + "\r\nb NOOP\r\n");
  ASSERT_EQ(events.size(), 2u);
  const auto& e = std::get<CommandError>(events[0]);
  EXPECT_EQ(e.tag, "a");
  EXPECT_EQ(e.kind, ErrorKind::Bad);
  EXPECT_EQ(e.code, "LIMIT");
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(events[1]));
  ReaderLimits limits;
  limits.max_depth = 2;
  EXPECT_TRUE(std::holds_alternative<ReadyCommand>(read_all("a SEARCH ((ALL))\r\n", limits)[0]));
  EXPECT_TRUE(std::holds_alternative<CommandError>(read_all("a SEARCH (((ALL)))\r\n", limits)[0]));
}

TEST(ReaderLimitsTest, ByteByByteFeedingStaysLinear) {
  // 1 MiB of literal and 20,000 short commands, one byte per feed(): the
  // reader remembers where it stopped, so this takes milliseconds, not the
  // hours a rescan per byte would.
  std::string in = "a APPEND box {1048576}\r\n" + std::string(1048576, 'm') + "\r\n";
  for (int i = 0; i < 20000; ++i) in += "t NOOP\r\n";
  CommandReader r;
  std::size_t commands = 0;
  for (char c : in) {
    r.feed(std::string_view(&c, 1));
    for (ReaderEvent e = r.next(); !std::holds_alternative<NeedMore>(e); e = r.next()) {
      commands += std::holds_alternative<ReadyCommand>(e);
    }
  }
  EXPECT_EQ(commands, 20001u);
  EXPECT_EQ(r.buffered(), 0u);
}

TEST(ReaderLimitsTest, MemoryReturnedAfterBigCommand) {
  CommandReader r;
  std::vector<ReaderEvent> events;
  std::string big(8 * 1024 * 1024, 'm');
  r.feed("a APPEND box {" + std::to_string(big.size()) + "+}\r\n");
  r.feed(big);
  r.feed("\r\n");
  drain(r, events);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(r.buffered(), 0u);
}

}  // namespace
}  // namespace petrel::imap::testing
