// SEARCH, SORT and THREAD.
#include "proto_test_util.h"

namespace petrel::imap::testing {
namespace {

struct Canon {
  const char* in;
  const char* out;
};

TEST(ParseSearchTest, EveryKey) {
  const Canon cases[] = {
      {"a SEARCH all", "a SEARCH ALL"},
      {"a SEARCH ANSWERED DELETED DRAFT FLAGGED SEEN RECENT NEW OLD",
       "a SEARCH ANSWERED DELETED DRAFT FLAGGED SEEN RECENT NEW OLD"},
      {"a SEARCH UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN",
       "a SEARCH UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN"},
      {"a SEARCH KEYWORD $Forwarded UNKEYWORD foo", "a SEARCH KEYWORD $Forwarded UNKEYWORD foo"},
      {"a SEARCH BCC x BODY \"two words\" CC {3}\r\nc c FROM Smith SUBJECT \"\" TEXT t TO z",
       "a SEARCH BCC x BODY \"two words\" CC \"c c\" FROM Smith SUBJECT \"\" TEXT t TO z"},
      {"a SEARCH HEADER Message-ID \"<x@y>\"", "a SEARCH HEADER Message-ID <x@y>"},
      {"a SEARCH HEADER X-Spam \"\"", "a SEARCH HEADER X-Spam \"\""},
      {"a SEARCH BEFORE 1-Feb-1994 ON \"01-Feb-1994\" SINCE 31-dec-1999",
       "a SEARCH BEFORE 1-Feb-1994 ON 1-Feb-1994 SINCE 31-Dec-1999"},
      {"a SEARCH SENTBEFORE 1-Feb-1994 SENTON 1-Feb-1994 SENTSINCE 1-Feb-1994",
       "a SEARCH SENTBEFORE 1-Feb-1994 SENTON 1-Feb-1994 SENTSINCE 1-Feb-1994"},
      {"a SEARCH SAVEDBEFORE 1-Feb-1994 SAVEDON 1-Feb-1994 SAVEDSINCE 1-Feb-1994 "
       "SAVEDATESUPPORTED",
       "a SEARCH SAVEDBEFORE 1-Feb-1994 SAVEDON 1-Feb-1994 SAVEDSINCE 1-Feb-1994 "
       "SAVEDATESUPPORTED"},
      {"a SEARCH LARGER 0 SMALLER 9223372036854775807",
       "a SEARCH LARGER 0 SMALLER 9223372036854775807"},
      {"a SEARCH OLDER 3600 YOUNGER 259200", "a SEARCH OLDER 3600 YOUNGER 259200"},
      {"a SEARCH UID 1:*,5 2:4 * $", "a SEARCH UID 1:*,5 2:4 * $"},
      {"a SEARCH NOT SEEN", "a SEARCH NOT SEEN"},
      {"a SEARCH OR SEEN FLAGGED", "a SEARCH OR SEEN FLAGGED"},
      {"a SEARCH OR (SEEN FROM x) NOT (DELETED)", "a SEARCH OR (SEEN FROM x) NOT (DELETED)"},
      {"a SEARCH (((ALL)))", "a SEARCH (((ALL)))"},
      {"a SEARCH MODSEQ 0", "a SEARCH MODSEQ 0"},
      {"a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338",
       "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338"},
      {"a SEARCH MODSEQ \"/flags/$mdnsent\" PRIV 1", "a SEARCH MODSEQ \"/flags/$mdnsent\" priv 1"},
      {"a SEARCH MODSEQ \"/flags/x\" shared 1", "a SEARCH MODSEQ \"/flags/x\" shared 1"},
      {"a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9",
       "a SEARCH EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9"},
      {"a SEARCH FUZZY SUBJECT fox", "a SEARCH FUZZY SUBJECT fox"},
      {"a SEARCH 1:5 OR 7 8", "a SEARCH 1:5 OR 7 8"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
}

TEST(ParseSearchTest, Tree) {
  Command c = parse_ok("a UID SEARCH OR (FROM \"a b\" SINCE 1-Feb-1994) NOT 2:4 HEADER X y");
  EXPECT_TRUE(c.uid);
  const SearchArgs& s = args_of<SearchArgs>(c);
  EXPECT_FALSE(s.ret);
  EXPECT_FALSE(s.charset);
  ASSERT_EQ(s.key.kind, SearchKeyKind::And);
  ASSERT_EQ(s.key.children.size(), 2u);
  const SearchKey& o = s.key.children[0];
  EXPECT_EQ(o.kind, SearchKeyKind::Or);
  ASSERT_EQ(o.children.size(), 2u);
  ASSERT_EQ(o.children[0].kind, SearchKeyKind::And);
  EXPECT_EQ(o.children[0].children[0].kind, SearchKeyKind::From);
  EXPECT_EQ(o.children[0].children[0].value, "a b");
  EXPECT_EQ(o.children[0].children[1].kind, SearchKeyKind::Since);
  EXPECT_EQ(o.children[0].children[1].date, (Date{1994, 2, 1}));
  EXPECT_EQ(o.children[1].kind, SearchKeyKind::Not);
  EXPECT_EQ(o.children[1].children[0].kind, SearchKeyKind::SequenceSet);
  EXPECT_EQ(o.children[1].children[0].set.to_string(), "2:4");
  const SearchKey& h = s.key.children[1];
  EXPECT_EQ(h.kind, SearchKeyKind::Header);
  EXPECT_EQ(h.field, "X");
  EXPECT_EQ(h.value, "y");
  Command m = parse_ok("a SEARCH MODSEQ \"/flags/\\\\Seen\" priv 5");
  const SearchKey& k = args_of<SearchArgs>(m).key.children[0];
  EXPECT_EQ(k.field, "/flags/\\Seen");
  EXPECT_EQ(k.entry_type, EntryType::Private);
  EXPECT_EQ(k.number, 5u);
}

TEST(ParseSearchTest, CharsetAndReturn) {
  const Canon cases[] = {
      {"a SEARCH CHARSET UTF-8 TEXT \"caf\xC3\xA9\"",
       "a SEARCH CHARSET UTF-8 TEXT \"caf\xC3\xA9\""},
      {"a SEARCH charset \"us-ascii\" ALL", "a SEARCH CHARSET us-ascii ALL"},
      {"a SEARCH RETURN (MIN MAX) ALL", "a SEARCH RETURN (MIN MAX) ALL"},
      {"a SEARCH RETURN () ALL", "a SEARCH RETURN () ALL"},
      {"a SEARCH return (all count save) CHARSET UTF-8 ALL",
       "a SEARCH RETURN (ALL COUNT SAVE) CHARSET UTF-8 ALL"},
      {"a UID SEARCH RETURN (SAVE) UID $", "a UID SEARCH RETURN (SAVE) UID $"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
  Command s_cmd = parse_ok("a SEARCH RETURN (COUNT) CHARSET x ALL");
  const SearchArgs& s = args_of<SearchArgs>(s_cmd);
  ASSERT_TRUE(s.ret);
  EXPECT_TRUE(s.ret->count);
  EXPECT_FALSE(s.ret->all);
  EXPECT_EQ(s.charset, "x");
  // An empty RETURN () still asks for ESEARCH.
  EXPECT_TRUE(args_of<SearchArgs>(parse_ok("a SEARCH RETURN () ALL")).ret);
}

TEST(ParseSearchTest, Invalid) {
  const char* bad[] = {
      "a SEARCH",
      "a SEARCH ",
      "a SEARCH ALL ",
      "a SEARCH  ALL",
      "a SEARCH FOO",
      "a SEARCH FROM",
      "a SEARCH FROM ",
      "a SEARCH BEFORE 32-Jan-2020",
      "a SEARCH BEFORE 1-Jan-20",
      "a SEARCH ON \"1-Jan-2020",
      "a SEARCH SINCE 29-Feb-2021",
      "a SEARCH BEFORE 1-Feb-1994 00:00",
      "a SEARCH LARGER x",
      "a SEARCH LARGER -1",
      "a SEARCH SMALLER 9223372036854775808",
      "a SEARCH OLDER 0",
      "a SEARCH YOUNGER",
      "a SEARCH UID",
      "a SEARCH UID 0",
      "a SEARCH 0",
      "a SEARCH 1:0",
      "a SEARCH 4294967296",
      "a SEARCH NOT",
      "a SEARCH OR SEEN",
      "a SEARCH ()",
      "a SEARCH (SEEN",
      "a SEARCH SEEN)",
      "a SEARCH ( SEEN)",
      "a SEARCH KEYWORD \\Seen",
      "a SEARCH KEYWORD",
      "a SEARCH HEADER X",
      "a SEARCH MODSEQ",
      "a SEARCH MODSEQ x",
      "a SEARCH MODSEQ \"/flags/x\" 5",
      "a SEARCH MODSEQ \"/flags/x\" any 5",
      "a SEARCH MODSEQ \"/other/x\" all 5",
      "a SEARCH MODSEQ \"/flags/\" all 5",
      "a SEARCH EMAILID a.b",
      "a SEARCH EMAILID",
      "a SEARCH CHARSET",
      "a SEARCH CHARSET UTF-8",
      "a SEARCH CHARSET UTF-8 ",
      "a SEARCH RETURN ALL",
      "a SEARCH RETURN (FOO) ALL",
      "a SEARCH RETURN (MIN)",
      "a SEARCH SUBJECT \"a\\qb\"",
      "a SEARCH SUBJECT \"\xFF\"",
      "a SEARCH FUZZY",
  };
  for (const char* b : bad) {
    CommandError e = parse_err(b);
    EXPECT_EQ(e.tag, "a") << b;
  }
}

TEST(ParseSearchTest, Sort) {
  const Canon cases[] = {
      {"a SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994", "a SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994"},
      {"a UID sort (reverse date from) us-ascii ALL",
       "a UID SORT (REVERSE DATE FROM) us-ascii ALL"},
      {"a SORT (ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO) UTF-8 ALL",
       "a SORT (ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO) UTF-8 ALL"},
      {"a SORT RETURN (MIN COUNT) (DATE) UTF-8 UNDELETED",
       "a SORT RETURN (MIN COUNT) (DATE) UTF-8 UNDELETED"},
      {"a SORT (SIZE) \"UTF-8\" OR SEEN 1:3", "a SORT (SIZE) UTF-8 OR SEEN 1:3"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
  Command s_cmd = parse_ok("a SORT (REVERSE SIZE SUBJECT) UTF-8 ALL");
  const SortArgs& s = args_of<SortArgs>(s_cmd);
  ASSERT_EQ(s.criteria.size(), 2u);
  EXPECT_EQ(s.criteria[0], (SortCriterion{SortKey::Size, true}));
  EXPECT_EQ(s.criteria[1], (SortCriterion{SortKey::Subject, false}));
  EXPECT_EQ(s.charset, "UTF-8");
  const char* bad[] = {"a SORT",
                       "a SORT (SUBJECT)",
                       "a SORT (SUBJECT) UTF-8",
                       "a SORT () UTF-8 ALL",
                       "a SORT (FOO) UTF-8 ALL",
                       "a SORT (REVERSE) UTF-8 ALL",
                       "a SORT (REVERSE REVERSE DATE) UTF-8 ALL",
                       "a SORT SUBJECT UTF-8 ALL",
                       "a SORT (SUBJECT) ALL",
                       "a SORT RETURN (FOO) (DATE) UTF-8 ALL"};
  for (const char* b : bad) EXPECT_EQ(parse_err(b).tag, "a") << b;
}

TEST(ParseSearchTest, Thread) {
  const Canon cases[] = {
      {"a THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000",
       "a THREAD ORDEREDSUBJECT UTF-8 SINCE 5-Mar-2000"},
      {"a UID thread references us-ascii ALL", "a UID THREAD REFERENCES us-ascii ALL"},
      {"a THREAD REFS \"UTF-8\" (SEEN NOT DELETED)", "a THREAD REFS UTF-8 (SEEN NOT DELETED)"},
  };
  for (const Canon& c : cases) EXPECT_EQ(canon(c.in), c.out) << c.in;
  Command t_cmd = parse_ok("a THREAD references UTF-8 ALL");
  const ThreadArgs& t = args_of<ThreadArgs>(t_cmd);
  EXPECT_EQ(t.algorithm, "REFERENCES");
  EXPECT_EQ(t.charset, "UTF-8");
  for (const char* b : {"a THREAD", "a THREAD REFERENCES", "a THREAD REFERENCES UTF-8",
                        "a THREAD (REFERENCES) UTF-8 ALL", "a THREAD REFERENCES UTF-8 FOO"}) {
    EXPECT_EQ(parse_err(b).tag, "a") << b;
  }
}

TEST(ParseSearchTest, DepthLimit) {
  std::string deep = "a SEARCH " + std::string(10000, '(') + "ALL" + std::string(10000, ')');
  CommandError e = parse_err(deep);
  EXPECT_EQ(e.tag, "a");
  EXPECT_EQ(e.code, "LIMIT");
  std::string nots = "a SEARCH ";
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  nots += "ALL";
  EXPECT_EQ(parse_err(nots).code, "LIMIT");
  std::string ors = "a SEARCH ";
  for (int i = 0; i < 5000; ++i) ors += "OR ALL ";
  ors += "ALL";
  EXPECT_EQ(parse_err(ors).code, "LIMIT");
  // Up to the limit is fine.
  std::string ok = "a SEARCH " + std::string(64, '(') + "ALL" + std::string(64, ')');
  parse_ok(ok);
  std::string over = "a SEARCH " + std::string(65, '(') + "ALL" + std::string(65, ')');
  parse_err(over);
}

TEST(ParseSearchTest, SequenceRangeLimit) {
  ReaderLimits limits;
  limits.max_sequence_ranges = 3;
  parse_ok("a FETCH 1,2,3 FLAGS", limits);
  EXPECT_EQ(parse_err("a FETCH 1,2,3,4 FLAGS", limits).code, "LIMIT");
  EXPECT_EQ(parse_err("a SEARCH UID 1,2,3,4", limits).code, "LIMIT");
  std::string big = "a FETCH 1";
  for (int i = 2; i <= 10001; ++i) big += "," + std::to_string(i);
  big += " FLAGS";
  EXPECT_EQ(parse_err(big).code, "LIMIT");
}

}  // namespace
}  // namespace petrel::imap::testing
