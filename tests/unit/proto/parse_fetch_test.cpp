// FETCH and STORE.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

struct Canon {
  const char* in;
  const char* out;
};

TEST(ParseFetchTest, Forms) {
  const Canon cases[] = {
      {"a FETCH 1 ALL", "a FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)"},
      {"a FETCH 1 fast", "a FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE)"},
      {"a FETCH 1 FULL", "a FETCH 1 (FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY)"},
      {"a FETCH 2:4 flags", "a FETCH 2:4 (FLAGS)"},
      {"a fetch 1:* (uid flags internaldate rfc822.size envelope body bodystructure)",
       "a FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODY BODYSTRUCTURE)"},
      {"a FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT)",
       "a FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT)"},
      {"a FETCH 1 BODY[]", "a FETCH 1 (BODY[])"},
      {"a FETCH 1 body.peek[]<0.1024>", "a FETCH 1 (BODY.PEEK[]<0.1024>)"},
      {"a FETCH 1 (BODY[HEADER] BODY[TEXT] BODY.PEEK[header.fields (DATE FROM)])",
       "a FETCH 1 (BODY[HEADER] BODY[TEXT] BODY.PEEK[HEADER.FIELDS (DATE FROM)])"},
      {"a FETCH 1 BODY[HEADER.FIELDS.NOT (\"Received\" {4}\r\nX-Ab)]",
       "a FETCH 1 (BODY[HEADER.FIELDS.NOT (Received X-Ab)])"},
      {"a FETCH 1 (BODY[1] BODY[1.2.3] BODY[4.2.HEADER] BODY[3.MIME] BODY[2.TEXT])",
       "a FETCH 1 (BODY[1] BODY[1.2.3] BODY[4.2.HEADER] BODY[3.MIME] BODY[2.TEXT])"},
      {"a FETCH 1 BODY[1.HEADER.FIELDS (Subject)]<10.20>",
       "a FETCH 1 (BODY[1.HEADER.FIELDS (Subject)]<10.20>)"},
      {"a FETCH 1 (BINARY[] BINARY.PEEK[1.2]<0.100> BINARY.SIZE[3] BINARY.SIZE[])",
       "a FETCH 1 (BINARY[] BINARY.PEEK[1.2]<0.100> BINARY.SIZE[3] BINARY.SIZE[])"},
      {"a FETCH 1 (MODSEQ SAVEDATE EMAILID THREADID)",
       "a FETCH 1 (MODSEQ SAVEDATE EMAILID THREADID)"},
      {"a FETCH 1 (PREVIEW)", "a FETCH 1 (PREVIEW)"},
      {"a FETCH 1 (PREVIEW (LAZY) FLAGS)", "a FETCH 1 (PREVIEW (LAZY) FLAGS)"},
      {"a FETCH 1 PREVIEW (lazy)", "a FETCH 1 (PREVIEW (LAZY))"},
      {"a FETCH 1 PREVIEW (CHANGEDSINCE 5)", "a FETCH 1 (PREVIEW) (CHANGEDSINCE 5)"},
      {"a FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)", "a FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)"},
      {"a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
       "a UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)"},
      {"a UID FETCH 1 FLAGS (VANISHED CHANGEDSINCE 1)",
       "a UID FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)"},
      {"a FETCH $ FLAGS", "a FETCH $ (FLAGS)"},
      {"a FETCH 1 BODY[]<0.9223372036854775807>", "a FETCH 1 (BODY[]<0.9223372036854775807>)"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;

  Command c = parse_ok("a UID FETCH 5 (BODY.PEEK[1.2.HEADER.FIELDS (From To)]<5.10> PREVIEW)");
  EXPECT_TRUE(c.uid);
  const FetchArgs& f = args_of<FetchArgs>(c);
  ASSERT_EQ(f.atts.size(), 2u);
  const FetchAtt& b = f.atts[0];
  EXPECT_EQ(b.item, FetchItem::BodySection);
  EXPECT_TRUE(b.peek);
  EXPECT_EQ(b.section.part, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(b.section.text, SectionText::HeaderFields);
  EXPECT_EQ(b.section.fields, (std::vector<std::string>{"From", "To"}));
  ASSERT_TRUE(b.partial);
  EXPECT_EQ(b.partial->offset, 5u);
  EXPECT_EQ(b.partial->length, 10u);
  EXPECT_EQ(f.atts[1].item, FetchItem::Preview);
  EXPECT_FALSE(f.atts[1].lazy);
}

TEST(ParseFetchTest, Invalid) {
  const char* bad[] = {
      "a FETCH",
      "a FETCH 1",
      "a FETCH 1 ",
      "a FETCH 0 FLAGS",
      "a FETCH 1: FLAGS",
      "a FETCH x FLAGS",
      "a FETCH 1 ()",
      "a FETCH 1 (FLAGS",
      "a FETCH 1 (FLAGS )",
      "a FETCH 1 ( FLAGS)",
      "a FETCH 1 FOO",
      "a FETCH 1 (ALL)",
      "a FETCH 1 (FAST FLAGS)",
      "a FETCH 1 BODY[",
      "a FETCH 1 BODY[HEADER",
      "a FETCH 1 BODY[MIME]",
      "a FETCH 1 BODY[0]",
      "a FETCH 1 BODY[1.0]",
      "a FETCH 1 BODY[1.]",
      "a FETCH 1 BODY[01]",
      "a FETCH 1 BODY[HEADER.FIELDS]",
      "a FETCH 1 BODY[HEADER.FIELDS ()]",
      "a FETCH 1 BODY[HEADER.FIELDS (a]",
      "a FETCH 1 BODY[TEXT.HEADER]",
      "a FETCH 1 BODY[FOO]",
      "a FETCH 1 BODY.PEEK",
      "a FETCH 1 BODY[]<0>",
      "a FETCH 1 BODY[]<0.0>",
      "a FETCH 1 BODY[]<a.1>",
      "a FETCH 1 BODY[]<0.1",
      "a FETCH 1 BINARY",
      "a FETCH 1 BINARY[HEADER]",
      "a FETCH 1 BINARY[1.TEXT]",
      "a FETCH 1 BINARY.SIZE[1]<0.1>",
      "a FETCH 1 BINARY.SIZE",
      "a FETCH 1 BODYSTRUCTURE[]",
      "a FETCH 1 (FLAGS) (CHANGEDSINCE 0)",
      "a FETCH 1 (FLAGS) (CHANGEDSINCE)",
      "a FETCH 1 (FLAGS) (CHANGEDSINCE 1 CHANGEDSINCE 2)",
      "a FETCH 1 (FLAGS) (VANISHED)",
      "a FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)",  // VANISHED needs UID FETCH
      "a UID FETCH 1 (FLAGS) (VANISHED)",             // ... and CHANGEDSINCE
      "a FETCH 1 (FLAGS) (FOO)",
      "a FETCH 1 (FLAGS) ()",
      "a FETCH 1 (PREVIEW (FOO))",
      "a FETCH 1 (PREVIEW (LAZY)",
      "a FETCH 1 FLAGS FLAGS",
      "a FETCH 1 (FLAGS) (CHANGEDSINCE 1) x",
  };
  for (const char* b : bad) {
    CommandError e = parse_err(b);
    EXPECT_EQ(e.tag, "a") << b;
  }
}

TEST(ParseStoreTest, Forms) {
  const Canon cases[] = {
      {"a STORE 2:4 +FLAGS (\\Deleted)", "a STORE 2:4 +FLAGS (\\Deleted)"},
      {"a store 1 flags \\seen", "a STORE 1 FLAGS (\\Seen)"},
      {"a STORE 1 -FLAGS.SILENT (\\Seen $Junk)", "a STORE 1 -FLAGS.SILENT (\\Seen $Junk)"},
      {"a STORE 1 +flags.silent \\Answered \\Flagged foo",
       "a STORE 1 +FLAGS.SILENT (\\Answered \\Flagged foo)"},
      {"a STORE 1 FLAGS ()", "a STORE 1 FLAGS ()"},
      {"a STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)",
       "a STORE 7,5,9 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"},
      {"a UID STORE 1:* (unchangedsince 0) FLAGS (\\Seen)",
       "a UID STORE 1:* (UNCHANGEDSINCE 0) FLAGS (\\Seen)"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
  Command c = parse_ok("a UID STORE 3 -FLAGS.SILENT (\\draft kw)");
  const StoreArgs& s = args_of<StoreArgs>(c);
  EXPECT_EQ(s.mode, StoreMode::Remove);
  EXPECT_TRUE(s.silent);
  EXPECT_EQ(s.flags, (std::vector<std::string>{"\\Draft", "kw"}));
  EXPECT_FALSE(s.unchanged_since);
  const char* bad[] = {
      "a STORE",
      "a STORE 1",
      "a STORE 1 FLAGS",
      "a STORE 1 FLAGS ",
      "a STORE 1 LABELS (x)",
      "a STORE 1 *FLAGS (x)",
      "a STORE 1 FLAGS.LOUD (x)",
      "a STORE 1 FLAGS (\\*)",
      "a STORE 1 FLAGS (x",
      "a STORE 1 FLAGS x  y",
      "a STORE 1 FLAGS x (y)",
      "a STORE 1 (UNCHANGEDSINCE) FLAGS x",
      "a STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) FLAGS x",
      "a STORE 1 (FOO 1) FLAGS x",
      "a STORE 1 () FLAGS x",
      "a STORE 0 FLAGS x",
      "a STORE 1 +FLAGS \"x\"",
  };
  for (const char* b : bad) EXPECT_EQ(parse_err(b).tag, "a") << b;
}

}  // namespace
}  // namespace petrel::imap::testing
