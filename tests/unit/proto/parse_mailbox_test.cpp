// SELECT/EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, STATUS, LIST, LSUB,
// COPY/MOVE, quota and metadata commands.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

struct Canon {
  const char* in;
  const char* out;
};

void expect_canon(std::initializer_list<Canon> cases) {
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
}

void expect_bad(std::initializer_list<const char*> cases) {
  for (const char* b : cases) {
    CommandError e = parse_err(b);
    EXPECT_EQ(e.tag, "a") << b;
    EXPECT_EQ(e.kind, ErrorKind::Bad) << b;
  }
}

TEST(ParseMailboxTest, SelectExamine) {
  expect_canon({
      {"a select inbox", "a SELECT INBOX"},
      {"a SELECT \"InBoX\"", "a SELECT INBOX"},
      {"a EXAMINE \"Sent Items\"", "a EXAMINE \"Sent Items\""},
      {"a SELECT {4}\r\nWork", "a SELECT Work"},
      {"a SELECT INBOX (condstore)", "a SELECT INBOX (CONDSTORE)"},
      {"a SELECT INBOX (QRESYNC (67890007 20050715194045000))",
       "a SELECT INBOX (QRESYNC (67890007 20050715194045000))"},
      {"a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))",
       "a SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541))"},
      {"a SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 "
       "15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))",
       "a SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 "
       "15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))"},
      {"a SELECT INBOX (QRESYNC (1 2 (1:5 10:14)))", "a SELECT INBOX (QRESYNC (1 2 (1:5 10:14)))"},
      {"a SELECT INBOX (CONDSTORE QRESYNC (1 2))", "a SELECT INBOX (CONDSTORE QRESYNC (1 2))"},
  });
  Command c = parse_ok("a SELECT INBOX (QRESYNC (7 9 1:10 (1,3 2,9)))");
  const SelectArgs& s = args_of<SelectArgs>(c);
  EXPECT_EQ(s.mailbox, "INBOX");
  ASSERT_TRUE(s.qresync);
  EXPECT_EQ(s.qresync->uidvalidity, 7u);
  EXPECT_EQ(s.qresync->modseq, 9u);
  EXPECT_EQ(s.qresync->known_uids->to_string(), "1:10");
  EXPECT_EQ(s.qresync->known_seqs->to_string(), "1,3");
  EXPECT_EQ(s.qresync->known_seq_uids->to_string(), "2,9");
  expect_bad({"a SELECT", "a SELECT ", "a SELECT INBOX ()", "a SELECT INBOX (FOO)",
              "a SELECT INBOX (CONDSTORE CONDSTORE)", "a SELECT INBOX (QRESYNC)",
              "a SELECT INBOX (QRESYNC (0 5))", "a SELECT INBOX (QRESYNC (1 0))",
              "a SELECT INBOX (QRESYNC (1 2 1:*))", "a SELECT INBOX (QRESYNC (1 2 $))",
              "a SELECT INBOX (QRESYNC (1 2 ))", "a SELECT INBOX (QRESYNC (1 2 (1:5)))",
              "a SELECT INBOX (QRESYNC (1 2 1:5 x))", "a SELECT INBOX CONDSTORE", "a SELECT a b",
              "a SELECT (INBOX)", "a EXAMINE \"a\rb\""});
}

TEST(ParseMailboxTest, CreateDeleteRenameSubscribe) {
  expect_canon({
      {"a CREATE owatagusiam/", "a CREATE owatagusiam/"},
      {"a create \"new box\"", "a CREATE \"new box\""},
      {"a CREATE Drafts (USE (\\drafts))", "a CREATE Drafts (USE (\\Drafts))"},
      {"a CREATE Mix (USE (\\All \\Archive \\Flagged \\Junk \\Sent \\Trash \\X-Other))",
       "a CREATE Mix (USE (\\All \\Archive \\Flagged \\Junk \\Sent \\Trash \\X-Other))"},
      {"a CREATE x (USE ())", "a CREATE x"},
      {"a DELETE blurdybloop", "a DELETE blurdybloop"},
      {"a delete inbox", "a DELETE INBOX"},
      {"a RENAME blurdybloop sarasoop", "a RENAME blurdybloop sarasoop"},
      {"a RENAME INBOX \"Old Mail\"", "a RENAME INBOX \"Old Mail\""},
      {"a SUBSCRIBE #news.comp.mail.mime", "a SUBSCRIBE #news.comp.mail.mime"},
      {"a UNSUBSCRIBE \"x y\"", "a UNSUBSCRIBE \"x y\""},
      {"a CREATE \"caf\xC3\xA9\"", "a CREATE \"caf\xC3\xA9\""},
      {"a CREATE &AOk-t&AOk-", "a CREATE &AOk-t&AOk-"},
  });
  Command c = parse_ok("a CREATE Trash (USE (\\Trash))");
  EXPECT_EQ(args_of<CreateArgs>(c).special_use, (std::vector<std::string>{"\\Trash"}));
  Command r = parse_ok("a RENAME a b");
  EXPECT_EQ(args_of<RenameArgs>(r).from, "a");
  EXPECT_EQ(args_of<RenameArgs>(r).to, "b");
  expect_bad({"a CREATE", "a CREATE x (USE)", "a CREATE x (USE (Drafts))", "a CREATE x (FOO)",
              "a CREATE x (USE (\\Drafts) USE (\\Sent))", "a CREATE x ()", "a DELETE",
              "a DELETE a b", "a RENAME a", "a RENAME a b c", "a SUBSCRIBE", "a UNSUBSCRIBE a b",
              "a CREATE \"caf\xC3\"", "a CREATE caf\xC3\xA9"});
}

TEST(ParseMailboxTest, Status) {
  expect_canon({
      {"a STATUS blurdybloop (UIDNEXT MESSAGES)", "a STATUS blurdybloop (UIDNEXT MESSAGES)"},
      {"a status inbox (messages recent uidnext uidvalidity unseen deleted size highestmodseq "
       "appendlimit mailboxid deleted-storage)",
       "a STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN DELETED SIZE HIGHESTMODSEQ "
       "APPENDLIMIT MAILBOXID DELETED-STORAGE)"},
  });
  Command c = parse_ok("a STATUS x (SIZE UNSEEN)");
  EXPECT_EQ(args_of<StatusArgs>(c).items,
            (std::vector<StatusItem>{StatusItem::Size, StatusItem::Unseen}));
  expect_bad({"a STATUS x", "a STATUS x ()", "a STATUS x (FOO)", "a STATUS x MESSAGES",
              "a STATUS (MESSAGES)", "a STATUS x (MESSAGES", "a STATUS x (MESSAGES )"});
}

TEST(ParseMailboxTest, ListBasic) {
  expect_canon({
      {"a LIST \"\" \"\"", "a LIST \"\" \"\""},
      {"a LIST \"\" *", "a LIST \"\" \"*\""},
      {"a list #news.comp.mail.misc %", "a LIST #news.comp.mail.misc \"%\""},
      {"a LIST /usr/staff/jones \"\"", "a LIST /usr/staff/jones \"\""},
      {"a LIST ~/Mail/ %", "a LIST ~/Mail/ \"%\""},
      {"a LIST inbox *", "a LIST inbox \"*\""},  // the reference is not normalised
      {"a LIST \"\" %/%]x", "a LIST \"\" \"%/%]x\""},
      {"a LSUB \"#news.\" \"comp.mail.*\"", "a LSUB #news. \"comp.mail.*\""},
      {"a LSUB \"\" *", "a LSUB \"\" \"*\""},
  });
  Command c = parse_ok("a LIST \"\" %");
  const ListArgs& l = args_of<ListArgs>(c);
  EXPECT_FALSE(l.extended);
  EXPECT_EQ(l.reference, "");
  EXPECT_EQ(l.patterns, (std::vector<std::string>{"%"}));
  Command ls = parse_ok("a LSUB x y*");
  EXPECT_EQ(ls.name, "LSUB");
  EXPECT_EQ(args_of<ListArgs>(ls).patterns, (std::vector<std::string>{"y*"}));
  expect_bad({"a LIST", "a LIST \"\"", "a LIST \"\" ", "a LIST * \"\"", "a LIST \"\" a b",
              "a LSUB \"\"", "a LSUB \"\" (a)", "a LIST \"\" a\"b"});
}

TEST(ParseMailboxTest, ListExtended) {
  expect_canon({
      {"a LIST (SUBSCRIBED) \"\" *", "a LIST (SUBSCRIBED) \"\" (\"*\") RETURN ()"},
      {"a LIST () \"\" %", "a LIST () \"\" (\"%\") RETURN ()"},
      {"a LIST (subscribed remote recursivematch) \"\" %",
       "a LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) \"\" (\"%\") RETURN ()"},
      {"a LIST (SPECIAL-USE) \"\" *", "a LIST (SPECIAL-USE) \"\" (\"*\") RETURN ()"},
      {"a LIST \"\" (\"INBOX\" \"Drafts\" foo/%)",
       "a LIST () \"\" (\"INBOX\" \"Drafts\" \"foo/%\") RETURN ()"},
      {"a LIST \"\" % RETURN (CHILDREN)", "a LIST () \"\" (\"%\") RETURN (CHILDREN)"},
      {"a LIST \"\" % RETURN (subscribed children special-use myrights)",
       "a LIST () \"\" (\"%\") RETURN (SUBSCRIBED CHILDREN SPECIAL-USE MYRIGHTS)"},
      {"a LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))",
       "a LIST () \"\" (\"%\") RETURN (STATUS (MESSAGES UNSEEN))"},
      {"a LIST \"\" % RETURN (CHILDREN STATUS (SIZE))",
       "a LIST () \"\" (\"%\") RETURN (CHILDREN STATUS (SIZE))"},
      {"a LIST \"\" % RETURN ()", "a LIST () \"\" (\"%\") RETURN ()"},
  });
  Command c = parse_ok("a LIST (SUBSCRIBED RECURSIVEMATCH) \"\" (a b) RETURN (STATUS (UIDNEXT))");
  const ListArgs& l = args_of<ListArgs>(c);
  EXPECT_TRUE(l.extended);
  EXPECT_TRUE(l.select_subscribed);
  EXPECT_TRUE(l.select_recursive_match);
  EXPECT_EQ(l.patterns, (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE(l.return_status);
  EXPECT_EQ(*l.return_status, std::vector<StatusItem>{StatusItem::UidNext});
  expect_bad({"a LIST (RECURSIVEMATCH) \"\" %", "a LIST (REMOTE RECURSIVEMATCH) \"\" %",
              "a LIST (FOO) \"\" %", "a LIST (SUBSCRIBED)\"\" %", "a LIST \"\" () ",
              "a LIST \"\" ()", "a LIST \"\" % RETURN", "a LIST \"\" % RETURN (FOO)",
              "a LIST \"\" % RETURN (STATUS ())", "a LIST \"\" % RETURN (STATUS)",
              "a LIST \"\" % RETURN (STATUS (SIZE) STATUS (SIZE))", "a LIST \"\" % (CHILDREN)",
              "a LIST \"\" (a  b)", "a LIST ( SUBSCRIBED) \"\" %"});
}

TEST(ParseMailboxTest, CopyMove) {
  expect_canon({
      {"a COPY 2:4 MEETING", "a COPY 2:4 MEETING"},
      {"a uid copy 1:* \"x y\"", "a UID COPY 1:* \"x y\""},
      {"a MOVE $ inbox", "a MOVE $ INBOX"},
      {"a UID MOVE 42:69 foo", "a UID MOVE 42:69 foo"},
  });
  Command c = parse_ok("a UID MOVE 1,3 Trash");
  EXPECT_TRUE(c.uid);
  EXPECT_EQ(c.name, "MOVE");
  EXPECT_EQ(args_of<CopyArgs>(c).set.to_string(), "1,3");
  EXPECT_EQ(args_of<CopyArgs>(c).mailbox, "Trash");
  expect_bad({"a COPY", "a COPY 1", "a COPY 1 ", "a COPY x y", "a COPY 0 y", "a MOVE 1:2:3 y",
              "a COPY 1 a b", "a COPY 1,,2 a"});
}

TEST(ParseMailboxTest, Quota) {
  expect_canon({
      {"a GETQUOTA \"\"", "a GETQUOTA \"\""},
      {"a GETQUOTA \"#user/alice\"", "a GETQUOTA #user/alice"},
      {"a GETQUOTAROOT inbox", "a GETQUOTAROOT INBOX"},
      {"a SETQUOTA \"\" (STORAGE 512)", "a SETQUOTA \"\" (STORAGE 512)"},
      {"a SETQUOTA \"\" (storage 512 message 1000 annotation-storage 0)",
       "a SETQUOTA \"\" (STORAGE 512 MESSAGE 1000 ANNOTATION-STORAGE 0)"},
      {"a SETQUOTA \"\" ()", "a SETQUOTA \"\" ()"},
  });
  Command c = parse_ok("a SETQUOTA r (STORAGE 9223372036854775807)");
  const SetQuotaArgs& q = args_of<SetQuotaArgs>(c);
  EXPECT_EQ(q.root, "r");
  ASSERT_EQ(q.limits.size(), 1u);
  EXPECT_EQ(q.limits[0].limit, 9223372036854775807ull);
  expect_bad({"a GETQUOTA", "a GETQUOTAROOT", "a SETQUOTA \"\"", "a SETQUOTA \"\" (STORAGE)",
              "a SETQUOTA \"\" (STORAGE x)", "a SETQUOTA \"\" STORAGE 5",
              "a SETQUOTA \"\" (STORAGE 9223372036854775808)"});
}

TEST(ParseMailboxTest, Metadata) {
  expect_canon({
      {"a GETMETADATA \"\" /shared/comment", "a GETMETADATA \"\" (/shared/comment)"},
      {"a GETMETADATA INBOX (/shared/comment /private/comment)",
       "a GETMETADATA INBOX (/shared/comment /private/comment)"},
      {"a GETMETADATA \"INBOX\" (MAXSIZE 1024) (/shared/comment /private/comment)",
       "a GETMETADATA INBOX (MAXSIZE 1024) (/shared/comment /private/comment)"},
      {"a GETMETADATA (DEPTH infinity) INBOX /shared",
       "a GETMETADATA INBOX (DEPTH infinity) (/shared)"},
      {"a GETMETADATA INBOX (MAXSIZE 5 DEPTH 1) /private",
       "a GETMETADATA INBOX (MAXSIZE 5 DEPTH 1) (/private)"},
      {"a SETMETADATA INBOX (/private/comment {33}\r\nMy new comment across\r\ntwo lines.)",
       "a SETMETADATA INBOX (/private/comment {33}\r\nMy new comment across\r\ntwo lines.)"},
      {"a SETMETADATA INBOX (/private/comment NIL)", "a SETMETADATA INBOX (/private/comment NIL)"},
      {"a SETMETADATA \"\" (/shared/a \"x\" /shared/b NIL)",
       "a SETMETADATA \"\" (/shared/a \"x\" /shared/b NIL)"},
  });
  const std::string bin = std::string("a SETMETADATA x (/shared/bin ~{3}\r\na") + '\0' + "b)";
  Command c = parse_ok(bin);
  const SetMetadataArgs& s = args_of<SetMetadataArgs>(c);
  ASSERT_EQ(s.entries.size(), 1u);
  EXPECT_EQ(s.entries[0].value, std::string("a\0b", 3));
  EXPECT_EQ(canon(bin), bin);
  Command g_cmd = parse_ok("a GETMETADATA INBOX (DEPTH 1) /a");
  const GetMetadataArgs& g = args_of<GetMetadataArgs>(g_cmd);
  EXPECT_EQ(g.depth, MetadataDepth::One);
  EXPECT_FALSE(g.max_size);
  expect_bad({"a GETMETADATA", "a GETMETADATA INBOX", "a GETMETADATA INBOX (DEPTH 2) /a",
              "a GETMETADATA (MAXSIZE 1) INBOX (MAXSIZE 2) /a", "a GETMETADATA INBOX ()",
              "a SETMETADATA INBOX", "a SETMETADATA INBOX ()", "a SETMETADATA INBOX (/a)",
              "a SETMETADATA INBOX /a \"v\""});
}

}  // namespace
}  // namespace petrel::imap::testing
