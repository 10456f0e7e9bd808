// The backend-independent pieces: UID sets, mailbox names, keywords and
// flag changes, RFC 8474 identifiers.
#include <gtest/gtest.h>

#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/object_id.h"
#include "store/uid_set.h"

namespace petrel::store {
namespace {

TEST(UidSetTest, MergesOverlappingAndAdjacentRanges) {
  UidSet set;
  set.add(5, 7);
  set.add(1, 2);
  set.add(3);      // joins 1:2 and 5:7? only 1:3
  set.add(10, 8);  // reversed bounds
  EXPECT_EQ(set.ranges(), (std::vector<UidRange>{{1, 3}, {5, 10}}));
  set.add(4);
  EXPECT_EQ(set.ranges(), (std::vector<UidRange>{{1, 10}}));
  set.add(0, 0);
  set.add(UINT32_MAX);
  set.add(UINT32_MAX - 1, UINT32_MAX);
  EXPECT_EQ(set.ranges(), (std::vector<UidRange>{{1, 10}, {UINT32_MAX - 1, UINT32_MAX}}));
  EXPECT_TRUE(set.contains(10));
  EXPECT_FALSE(set.contains(11));
  EXPECT_FALSE(set.contains(0));
  EXPECT_TRUE(set.contains(UINT32_MAX));
  EXPECT_EQ(UidSet::of({9, 3, 4, 5, 1}).ranges(), (std::vector<UidRange>{{1, 1}, {3, 5}, {9, 9}}));
  EXPECT_EQ((UidSet{{0, 5}}).ranges(), (std::vector<UidRange>{{1, 5}}));
}

TEST(MailboxPathTest, CanonicalNames) {
  EXPECT_EQ(canonical_mailbox_name("inbox").value(), "INBOX");
  EXPECT_EQ(canonical_mailbox_name("iNbOx/Sub/inbox").value(), "INBOX/Sub/inbox");
  EXPECT_EQ(canonical_mailbox_name("INBOXES").value(), "INBOXES");
  EXPECT_EQ(canonical_mailbox_name("Ärger/..x").value(), "Ärger/..x");
  for (const char* bad : {"", "/", "a/", "/a", "a//b", "..", "a/./b", "x\x7f", "\xc0\xaf",
                          "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
    EXPECT_FALSE(canonical_mailbox_name(bad).ok()) << bad;
  }
  EXPECT_FALSE(canonical_mailbox_name(std::string(1001, 'a')).ok());
  EXPECT_TRUE(canonical_mailbox_name(std::string(1000, 'a')).ok());
}

TEST(MailboxPathTest, Hierarchy) {
  EXPECT_EQ(superior_names("a/b/c"), (std::vector<std::string>{"a", "a/b"}));
  EXPECT_TRUE(superior_names("a").empty());
  EXPECT_TRUE(is_inferior("a/b", "a"));
  EXPECT_TRUE(is_inferior("a/b/c", "a"));
  EXPECT_FALSE(is_inferior("a", "a"));
  EXPECT_FALSE(is_inferior("ab/c", "a"));
  EXPECT_EQ(renamed("foo/bar", "foo", "zap/zowie"), "zap/zowie/bar");
}

TEST(FlagsTest, KeywordRules) {
  EXPECT_TRUE(validate_keyword("$Forwarded").ok());
  EXPECT_TRUE(validate_keyword("NonJunk").ok());
  for (const char* bad : {"", "\\Seen", "a b", "a(", "a)", "a{", "a%", "a*", "a\"", "a\\", "a]",
                          "\x01", "caf\xc3\xa9"}) {
    auto r = validate_keyword(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
  }
  EXPECT_EQ(fold_keyword("$MDNSent"), "$mdnsent");
  EXPECT_EQ(split_keywords(join_keywords({"a", "$B"})), (std::vector<std::string>{"a", "$B"}));
  EXPECT_TRUE(split_keywords("").empty());
}

TEST(FlagsTest, ApplyFlagChange) {
  MessageState s{1, kSeen, 5, {"a"}};
  FlagChange add{FlagChange::Op::Add, kFlagged, {"b", "a"}, std::nullopt};
  EXPECT_TRUE(apply_flag_change(add, {"a", "b"}, s));
  EXPECT_EQ(s.flags, kSeen | kFlagged);
  EXPECT_EQ(s.keywords, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(apply_flag_change(add, {"a", "b"}, s));
  FlagChange remove{FlagChange::Op::Remove, kSeen | kDraft, {"a", "zz"}, std::nullopt};
  EXPECT_TRUE(apply_flag_change(remove, {"a", "zz"}, s));
  EXPECT_EQ(s.flags, kFlagged);
  EXPECT_EQ(s.keywords, std::vector<std::string>{"b"});
  FlagChange replace{FlagChange::Op::Replace, 0xFF, {}, std::nullopt};
  EXPECT_TRUE(apply_flag_change(replace, {}, s));
  EXPECT_EQ(s.flags, kAllSystemFlags) << "unknown bits are dropped";
  EXPECT_TRUE(s.keywords.empty());
  EXPECT_EQ(s.modseq, 5u) << "MODSEQ is the caller's to assign";
}

TEST(ObjectIdTest, IdsAndThreadLinks) {
  EXPECT_EQ(object_id('M', 0xabc, 255), "M00000abcff");
  EXPECT_NE(object_id('M', 1, 7), object_id('T', 1, 7));
  EXPECT_EQ(message_ids("<a@b> junk <c@d>\r\n\t<a@b> <e\r\n @f>"),
            (std::vector<std::string>{"<a@b>", "<c@d>", "<e@f>"}));
  EXPECT_TRUE(message_ids("no ids <> <unclosed").empty());
  HeaderFields h;
  h.message_id.raw = "<self@x>";
  h.in_reply_to.raw = "<parent@x>";
  h.references.raw = "<root@x> <parent@x>";
  EXPECT_EQ(thread_links(h), (std::vector<std::string>{"<self@x>", "<parent@x>", "<root@x>"}));
}

}  // namespace
}  // namespace petrel::store
