// Splitting the input differently never changes the events.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

using namespace std::string_literals;  // "..."s keeps embedded NUL bytes

const std::string kStreams[] = {
    "a NOOP\r\n"s,
    "a LOGIN {4}\r\nfred {6}\r\nsecret\r\n"s,
    "a LOGIN {4+}\r\nfred {6+}\r\nsecret\r\n"s,
    "A003 APPEND saved-messages (\\Seen) \"17-Jul-1996 02:44:25 -0700\" {23}\r\n"
    "Subject: hi\r\n\r\nbody\r\n\r\n"s,
    "a APPEND x ~{3+}\r\nabc UTF8 (~{2}\r\nde)\r\n"s,
    "a FETCH 1:* (FLAGS BODY.PEEK[HEADER.FIELDS (From {2}\r\nTo)]<0.100>)\r\nb NOOP\n"s,
    "a SEARCH CHARSET UTF-8 OR (SUBJECT {4+}\r\ncaf\xC3 SEEN) NOT 1:5\r\n"s,
    "a SELECT INBOX (QRESYNC (1 2 1:5 (1,2 3,4)))\r\n"s,
    "a FOO\r\n\r\nb FETCH 0 FLAGS\r\nc NOOP\r\n"s,
    "+ bad\r\n a\r\nx BAD\"\r\nd NOOP\r\n"s,
    "a LOGIN x\0y z\r\nb NOOP\r\n"s,
    "t FOO {3}\r\nu NOOP\r\nt2 FOO {3+}\r\nabc\r\nv NOOP\r\n"s,
    "a APPEND x {99999999999}\r\nb NOOP\r\n"s,
    "a UID STORE 1:3 (UNCHANGEDSINCE 5) +FLAGS.SILENT (\\Deleted)\r\nb UID EXPUNGE 1:3\r\n"s,
    "a ID (\"name\" {5}\r\nsodr. \"os\" NIL)\r\nb ENABLE CONDSTORE\r\n"s,
    "a LIST (SUBSCRIBED) \"\" (\"%\" {1+}\r\n*) RETURN (STATUS (MESSAGES))\r\n"s,
    "a APPEND x {0}\r\n\r\n"s,
};

TEST(ReaderIncrementalTest, SplitAtEveryOffsetGivesTheSameEvents) {
  for (const std::string& in : kStreams) {
    std::vector<ReaderEvent> whole = read_all(in);
    ASSERT_FALSE(whole.empty()) << in;
    EXPECT_EQ(read_bytewise(in), whole) << in;
    for (std::size_t cut = 1; cut < in.size(); ++cut) {
      CommandReader r;
      std::vector<ReaderEvent> events;
      r.feed(std::string_view(in).substr(0, cut));
      drain(r, events);
      r.feed(std::string_view(in).substr(cut));
      drain(r, events);
      ASSERT_EQ(events, whole) << "cut at " << cut << " of: " << in;
    }
  }
}

TEST(ReaderIncrementalTest, TightLimitsToo) {
  ReaderLimits limits;
  limits.max_line = 24;
  limits.max_other_literal = 3;
  limits.max_literal = 30;
  for (const std::string& in : kStreams) {
    std::vector<ReaderEvent> whole = read_all(in, limits);
    EXPECT_EQ(read_bytewise(in, limits), whole) << in;
    for (std::size_t cut = 1; cut < in.size(); ++cut) {
      CommandReader r(limits);
      std::vector<ReaderEvent> events;
      r.feed(std::string_view(in).substr(0, cut));
      drain(r, events);
      r.feed(std::string_view(in).substr(cut));
      drain(r, events);
      ASSERT_EQ(events, whole) << "cut at " << cut << " of: " << in;
    }
  }
}

TEST(ReaderIncrementalTest, ReadyCommandsEqualDirectParse) {
  // The framed text handed to the parser is exactly what was sent.
  const char* cmds[] = {"a LOGIN {4}\r\nfred pw", "a APPEND x {3+}\r\nabc", "a NOOP"};
  for (const char* c : cmds) {
    auto events = read_bytewise(std::string(c) + "\r\n");
    const auto* r = std::get_if<ReadyCommand>(&events.back());
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->command, parse_ok(c));
  }
}

}  // namespace
}  // namespace petrel::imap::testing
