// mbox reading: From_ lines, >From unquoting, Status / X-Status flags.
#include "migrate/mbox_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../auth/temp_dir.h"

namespace petrel::migrate {
namespace {

std::vector<MboxMessage> read_all(const std::string& text) {
  petrel::auth::testing::TempDir dir;
  auto path = (dir.path() / "mbox").string();
  std::ofstream(path, std::ios::binary) << text;
  auto reader = MboxReader::open(path);
  EXPECT_TRUE(reader.ok()) << reader.error().message;
  std::vector<MboxMessage> out;
  if (!reader.ok()) return out;
  while (auto m = reader->next()) out.push_back(std::move(*m));
  return out;
}

TEST(MboxReader, SplitsUnquotesAndReadsFlags) {
  auto messages = read_all(
      "From alice@example.com Tue Nov 14 22:13:20 2023\n"
      "Subject: one\n"
      "Status: RO\n"
      "X-Status: AF\n"
      "X-Keywords: $Work, Later\n"
      "X-UID: 5\n"
      "\n"
      "body\n"
      ">From the start\n"
      ">>From quoted twice\n"
      "\n"
      "From bob Wed Nov 15 00:00:00 2023\n"
      "Subject: two\n"
      "Status: O\n"
      "\n"
      "last line\n");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].bytes, "Subject: one\n\nbody\nFrom the start\n>From quoted twice\n");
  EXPECT_EQ(messages[0].flags, store::kSeen | store::kAnswered | store::kFlagged);
  EXPECT_EQ(messages[0].keywords, (std::vector<std::string>{"$Work", "Later"}));
  EXPECT_EQ(messages[0].internal_date, 1700000000);
  EXPECT_EQ(messages[1].bytes, "Subject: two\n\nlast line\n");
  EXPECT_EQ(messages[1].flags, 0);
}

TEST(MboxReader, SkipsThePseudoMessageAndKeepsBlankLinesInside) {
  auto messages = read_all(
      "From MAILER-DAEMON Tue Nov 14 22:13:20 2023\n"
      "Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA\n"
      "X-IMAP: 1700000000 0000000002\n"
      "\n"
      "internal\n"
      "\n"
      "From x Tue Nov 14 22:13:20 2023\n"
      "Subject: real\n"
      "X-Status: TD\n"
      "\n"
      "a\n"
      "\n"
      "\n"
      "b\n");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].bytes, "Subject: real\n\na\n\n\nb\n");
  EXPECT_EQ(messages[0].flags, store::kDraft | store::kDeleted);
}

TEST(MboxReader, RejectsWhatIsNotAnMbox) {
  petrel::auth::testing::TempDir dir;
  auto path = (dir.path() / "x").string();
  std::ofstream(path) << "Subject: no From line\n";
  EXPECT_FALSE(MboxReader::open(path).ok());
  EXPECT_FALSE(MboxReader::open((dir.path() / "missing").string()).ok());
  std::ofstream(path, std::ios::trunc);  // empty: an empty mbox
  auto empty = MboxReader::open(path);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->next());
}

TEST(MboxReader, FromLineDates) {
  EXPECT_EQ(parse_from_line_date("From a Tue Nov 14 22:13:20 2023"), 1700000000);
  EXPECT_EQ(parse_from_line_date("From a  Tue Nov 14 22:13:20 2023"), 1700000000);
  EXPECT_EQ(parse_from_line_date("From a garbage"), 0);
  EXPECT_EQ(parse_from_line_date("From "), 0);
}

}  // namespace
}  // namespace petrel::migrate
