#include "imap/commands/list_select.h"

#include <gtest/gtest.h>

namespace petrel::imap {
namespace {

using store::MailboxInfo;

std::vector<MailboxInfo> boxes(std::initializer_list<const char*> names) {
  std::vector<MailboxInfo> out;
  for (const char* n : names) {
    MailboxInfo m;
    m.id = static_cast<store::MailboxId>(out.size() + 1);
    m.name = n;
    out.push_back(m);
  }
  return out;
}

MailboxInfo& find(std::vector<MailboxInfo>& list, std::string_view name) {
  for (MailboxInfo& m : list)
    if (m.name == name) return m;
  throw std::runtime_error("no such mailbox in the test");
}

// "name" plus markers: "?" no mailbox, "!" \Noselect placeholder, "+" has
// children, "s" subscribed, "~" does not meet the criteria, "c" CHILDINFO.
std::string show(const std::vector<ListEntry>& entries) {
  std::string out;
  for (const ListEntry& e : entries) {
    if (!out.empty()) out += ' ';
    out += e.name;
    if (!e.mailbox) out += '?';
    if (e.mailbox && e.mailbox->noselect) out += '!';
    if (e.has_children) out += '+';
    if (e.subscribed) out += 's';
    if (!e.meets_criteria) out += '~';
    if (e.childinfo) out += 'c';
  }
  return out;
}

std::string list(const std::vector<MailboxInfo>& mailboxes, std::vector<std::string> patterns,
                 const std::vector<std::string>& subs = {}, ListSelection sel = {}) {
  sel.patterns = std::move(patterns);
  return show(select_list_entries(mailboxes, subs, sel));
}

TEST(ListSelect, InboxFirstThenParentsBeforeChildren) {
  auto mb = boxes({"a-b", "Trash", "a/b", "a", "INBOX/x", "Archive", "INBOX", "b"});
  EXPECT_EQ(list(mb, {"*"}), "INBOX+ INBOX/x Archive Trash a+ a/b a-b b");
  EXPECT_TRUE(list_order_less("INBOX/z", "A"));
  EXPECT_TRUE(list_order_less("a/zzz", "a-"));
  EXPECT_FALSE(list_order_less("a", "a"));
}

TEST(ListSelect, PercentStopsAtTheDelimiter) {
  auto mb = boxes({"INBOX", "a", "a/b", "a/b/c", "b"});
  EXPECT_EQ(list(mb, {"%"}), "INBOX a+ b");
  EXPECT_EQ(list(mb, {"a/%"}), "a/b+");
  EXPECT_EQ(list(mb, {"a/*"}), "a/b+ a/b/c");
  EXPECT_EQ(list(mb, {"%/%/%"}), "a/b/c");
  EXPECT_EQ(list(mb, {"nothing*"}), "");
}

TEST(ListSelect, InboxMatchesInAnyCase) {
  auto mb = boxes({"INBOX", "INBOX/Sub", "Inbound", "inbox2"});
  EXPECT_EQ(list(mb, {"inbox"}), "INBOX+");
  EXPECT_EQ(list(mb, {"inb*"}), "INBOX+ INBOX/Sub inbox2");
  EXPECT_EQ(list(mb, {"InBoX/%"}), "INBOX/Sub");
  EXPECT_EQ(list(mb, {"In%"}), "INBOX+ Inbound");
}

TEST(ListSelect, SeveralPatternsReturnEachNameOnce) {
  auto mb = boxes({"INBOX", "Fruit", "Fruit/Apple", "Veg"});
  EXPECT_EQ(list(mb, {"Fruit", "F*", "Fruit/%", ""}), "Fruit+ Fruit/Apple");
  EXPECT_EQ(list(mb, {""}), "");
}

TEST(ListSelect, PercentReturnsLevelsWithoutMailbox) {
  // RFC 9051 6.3.9 and its example 10: a level without a mailbox of its own.
  auto mb = boxes({"INBOX", "music/rock"});
  EXPECT_EQ(list(mb, {"%"}), "INBOX music?+~");
  EXPECT_EQ(list(mb, {"*"}), "INBOX music/rock");
  EXPECT_EQ(list(mb, {"m%"}), "music?+~");
  EXPECT_EQ(list(mb, {"mu%ic"}), "");  // "%" not last
}

TEST(ListSelect, PlaceholdersAreListed) {
  auto mb = boxes({"INBOX", "foo", "foo/bar"});
  find(mb, "foo").noselect = true;
  EXPECT_EQ(list(mb, {"*"}), "INBOX foo!+ foo/bar");
}

// RFC 9051 6.3.9.8, examples 1 and 2.
std::vector<MailboxInfo> fruit() {
  return boxes({"INBOX", "Fruit", "Fruit/Apple", "Fruit/Banana", "Tofu", "Vegetable",
                "Vegetable/Broccoli", "Vegetable/Corn"});
}

TEST(ListSelect, SubscribedListsSubscribedNamesExistingOrNot) {
  ListSelection sel;
  sel.subscribed = true;
  std::vector<std::string> subs = {"Fruit/Banana", "Fruit/Peach", "INBOX", "Vegetable",
                                   "Vegetable/Broccoli"};
  EXPECT_EQ(list(fruit(), {"*"}, subs, sel),
            "INBOXs Fruit/Bananas Fruit/Peach?s Vegetable+s Vegetable/Broccolis");
  // Without RECURSIVEMATCH, "%" does not bring in unsubscribed parents.
  EXPECT_EQ(list(fruit(), {"%"}, subs, sel), "INBOXs Vegetable+s");
}

TEST(ListSelect, PlainListKnowsSubscriptionsFromTheMailboxes) {
  auto mb = fruit();
  find(mb, "Tofu").subscribed = true;
  EXPECT_EQ(list(mb, {"T*"}), "Tofus");
}

TEST(ListSelect, RecursiveMatchReturnsParentsWithChildInfo) {
  ListSelection sel;
  sel.subscribed = true;
  sel.recursive_match = true;
  // Example 7 A: only Foo/Baz is subscribed.
  auto mb = boxes({"INBOX", "Foo", "Foo/Bar", "Foo/Baz", "Moo"});
  EXPECT_EQ(list(mb, {"%"}, {"Foo/Baz"}, sel), "Foo+~c");
  // A1: Foo subscribed as well.
  EXPECT_EQ(list(mb, {"%"}, {"Foo", "Foo/Baz"}, sel), "Foo+sc");
  // A2: Foo does not exist.
  auto mb2 = boxes({"INBOX", "Moo"});
  EXPECT_EQ(list(mb2, {"%"}, {"Foo/Baz"}, sel), "Foo?~c");
  // B: nothing subscribed.
  EXPECT_EQ(list(mb, {"%"}, {}, sel), "");
  // C: Foo and Moo subscribed, no subscribed child.
  EXPECT_EQ(list(mb, {"%"}, {"Foo", "Moo"}, sel), "Foo+s Moos");
}

TEST(ListSelect, RecursiveMatchSuppressesRedundantChildInfo) {
  // RFC 9051 6.3.9.8 example 8.
  auto mb = boxes({"INBOX", "foo2", "foo2/bar1", "foo2/bar2", "baz2", "baz2/bar2", "baz2/bar22",
                   "baz2/bar222", "eps2", "eps2/mamba", "qux2/bar2"});
  std::vector<std::string> subs = {"foo2/bar1",   "foo2/bar2", "baz2/bar2",  "baz2/bar22",
                                   "baz2/bar222", "eps2",      "eps2/mamba", "qux2/bar2"};
  ListSelection sel;
  sel.subscribed = true;
  sel.recursive_match = true;
  EXPECT_EQ(list(mb, {"*2"}, subs, sel),
            "baz2/bar2s baz2/bar22s baz2/bar222s eps2+sc foo2+~c foo2/bar2s qux2/bar2s");
}

TEST(ListSelect, SpecialUseSelection) {
  auto mb = boxes({"INBOX", "Drafts", "Sent", "Work", "Work/Old"});
  find(mb, "Drafts").special_use = store::kDrafts;
  find(mb, "Sent").special_use = store::kSent;
  find(mb, "Work/Old").special_use = store::kArchive;
  ListSelection sel;
  sel.special_use = true;
  EXPECT_EQ(list(mb, {"*"}, {}, sel), "Drafts Sent Work/Old");
  EXPECT_EQ(list(mb, {"%"}, {}, sel), "Drafts Sent");
  // With SUBSCRIBED, both criteria hold (RFC 9051 6.3.9: cumulative).
  sel.subscribed = true;
  EXPECT_EQ(list(mb, {"*"}, {"Sent", "Work", "Trash"}, sel), "Sents");
}

TEST(ListSelect, LsubReturnsUnsubscribedParentsForPercent) {
  // RFC 3501 6.3.9: "foo/bar" subscribed, "foo" not: "%" returns foo.
  auto mb = boxes({"INBOX", "foo", "foo/bar", "zap"});
  ListSelection sel;
  sel.lsub = true;
  EXPECT_EQ(list(mb, {"%"}, {"INBOX", "foo/bar"}, sel), "INBOXs foo+~");
  EXPECT_EQ(list(mb, {"*"}, {"INBOX", "foo/bar"}, sel), "INBOXs foo/bars");
  EXPECT_EQ(list(mb, {"%"}, {"foo", "foo/bar"}, sel), "foo+s");
  // Names that do not exist stay listed (RFC 3501 6.3.9: never removed).
  EXPECT_EQ(list(mb, {"*"}, {"gone/away"}, sel), "gone/away?s");
  EXPECT_EQ(list(mb, {"%"}, {"gone/away"}, sel), "gone?~");
}

TEST(ListSelect, JoinsReferenceAndPattern) {
  EXPECT_EQ(join_list_pattern("", "*"), "*");
  EXPECT_EQ(join_list_pattern("Fruit/", "%"), "Fruit/%");
  EXPECT_EQ(join_list_pattern("Fruit/", "/Apple"), "Fruit/Apple");
  EXPECT_EQ(join_list_pattern("Fruit", "*"), "Fruit*");
  EXPECT_TRUE(list_patterns_match({join_list_pattern("Fruit/", "%")}, "Fruit/Apple"));
  EXPECT_FALSE(list_patterns_match({join_list_pattern("Fruit/", "%")}, "Fruit"));
}

}  // namespace
}  // namespace petrel::imap
