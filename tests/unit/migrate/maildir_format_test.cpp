// Maildir++ names, file names, dovecot-uidlist, dovecot-keywords, passwd-file.
#include <gtest/gtest.h>

#include "migrate/dovecot_files.h"
#include "migrate/maildir_filename.h"
#include "migrate/maildir_names.h"
#include "migrate/passwd_file.h"

namespace petrel::migrate {
namespace {

TEST(MaildirNames, FoldersMapToMailboxes) {
  EXPECT_EQ(folder_to_mailbox(".Sent"), "Sent");
  EXPECT_EQ(folder_to_mailbox(".Foo.Bar"), "Foo/Bar");
  EXPECT_EQ(folder_to_mailbox(".Entw&APw-rfe"), "Entwürfe");
  EXPECT_EQ(folder_to_mailbox(".&ZeVnLIqe-.x"), "日本語/x");
  for (const char* bad : {".", "..", "Sent", ".a..b", ".a.", ".&Jjo", ".&AC8-"}) {
    EXPECT_FALSE(folder_to_mailbox(bad)) << bad;
  }
  EXPECT_EQ(mailbox_to_folder("INBOX"), "");
  EXPECT_EQ(mailbox_to_folder("Foo/Bar"), ".Foo.Bar");
  EXPECT_EQ(mailbox_to_folder("Entwürfe"), ".Entw&APw-rfe");
  EXPECT_FALSE(mailbox_to_folder("a.b"));
  EXPECT_FALSE(mailbox_to_folder("a//b"));
}

TEST(MaildirFilename, FlagsAndKeywordsFromTheInfo) {
  auto f = parse_maildir_filename("1700000000.M1P2.host,S=123,W=130:2,FRSTDac");
  EXPECT_EQ(f.base, "1700000000.M1P2.host,S=123,W=130");
  EXPECT_EQ(f.flags,
            store::kSeen | store::kAnswered | store::kFlagged | store::kDeleted | store::kDraft);
  EXPECT_EQ(f.keyword_indexes, (std::vector<int>{0, 2}));
  auto plain = parse_maildir_filename("1700000000.M1P2.host");  // new/: no info
  EXPECT_EQ(plain.base, "1700000000.M1P2.host");
  EXPECT_EQ(plain.flags, 0);
  EXPECT_EQ(parse_maildir_filename("x:1,S").flags, 0);  // not version 2
  EXPECT_EQ(parse_maildir_filename("x:2,P").flags, 0);  // passed: not an IMAP flag
  EXPECT_EQ(maildir_info(store::kSeen | store::kDraft, {1, 0}), ":2,DSab");
  EXPECT_EQ(maildir_info(0, {}), ":2,");
}

TEST(DovecotUidlist, Version3) {
  auto list = parse_uidlist(
      "3 V1700000001 N12 G0123456789abcdef\n"
      "3 :1700000000.M1P2.host,S=10,W=11\n"
      "7 W1234 S1200 :1700000001.M2P2.host,S=10:2,S\n"
      "11 G3f :b\n");
  ASSERT_TRUE(list.ok()) << list.error().message;
  EXPECT_EQ(list->uidvalidity, 1700000001u);
  EXPECT_EQ(list->next_uid, 12u);
  EXPECT_EQ(list->uids.at("1700000000.M1P2.host,S=10,W=11"), 3u);
  EXPECT_EQ(list->uids.at("1700000001.M2P2.host,S=10"), 7u);
  EXPECT_EQ(list->uids.at("b"), 11u);
  // Formatted and read back.
  auto again = parse_uidlist(format_uidlist(*list));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->uids, list->uids);
  EXPECT_EQ(again->uidvalidity, list->uidvalidity);
  EXPECT_EQ(again->next_uid, 12u);
}

TEST(DovecotUidlist, Version1AndCourier) {
  auto list = parse_uidlist("1 1234 5\n1 a:2,S\n4 b\n");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->uidvalidity, 1234u);
  EXPECT_EQ(list->uids.at("a"), 1u);
  EXPECT_EQ(list->uids.at("b"), 4u);
}

TEST(DovecotUidlist, MalformedFilesAreErrorsWithLineNumbers) {
  EXPECT_FALSE(parse_uidlist("").ok());
  EXPECT_FALSE(parse_uidlist("9 V1 N2\n").ok());
  EXPECT_FALSE(parse_uidlist("3 N2\n").ok());  // no UIDVALIDITY
  auto bad = parse_uidlist("3 V5 N2\n1 :a\nx :b\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 3"), std::string::npos);
  EXPECT_FALSE(parse_uidlist("3 V5 N2\n0 :a\n").ok());
  EXPECT_FALSE(parse_uidlist("3 V5 N2\n1 :a\n2 :a\n").ok());
  EXPECT_FALSE(parse_uidlist("3 V5 N2\n1 nocolon\n").ok());
  // UIDNEXT is at least above the highest UID listed.
  EXPECT_EQ(parse_uidlist("3 V5 N2\n9 :a\n")->next_uid, 10u);
}

TEST(DovecotKeywords, ReadAndWrite) {
  auto k = parse_keywords("0 $Forwarded\n1 Work\nbad line\n30 TooFar\n2 \n");
  EXPECT_EQ(k.size(), 2u);
  EXPECT_EQ(k.at(0), "$Forwarded");
  EXPECT_EQ(k.at(1), "Work");
  EXPECT_EQ(format_keywords({"a", "b"}), "0 a\n1 b\n");
}

TEST(PasswdFile, LinesWithNumbersAndProblems) {
  auto entries = parse_passwd_file(
      "# comment\n"
      "alice:{PLAIN}secret:1000:1000::/home/alice::\n"
      "\n"
      "bob:{SHA512-CRYPT}$6$x$y\n"
      "nocolon\n"
      ":{PLAIN}x\n"
      "carol:\n");
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].line, 2u);
  EXPECT_EQ(entries[0].user, "alice");
  EXPECT_EQ(entries[0].password, "{PLAIN}secret");
  EXPECT_EQ(entries[1].password, "{SHA512-CRYPT}$6$x$y");
  EXPECT_TRUE(entries[1].problem.empty());
  EXPECT_EQ(entries[2].line, 5u);
  EXPECT_FALSE(entries[2].problem.empty());
  EXPECT_FALSE(entries[3].problem.empty());
  EXPECT_FALSE(entries[4].problem.empty());
}

}  // namespace
}  // namespace petrel::migrate
