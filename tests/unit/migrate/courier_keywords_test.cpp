// Courier-IMAP's courierimapkeywords/ (README.imapkeywords): the :list file,
// update files and which of them wins.
#include "migrate/courier_keywords.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../auth/temp_dir.h"

namespace petrel::migrate {
namespace {

using V = std::vector<std::string>;

TEST(CourierKeywords, ListNamesThenPositions) {
  auto list = parse_courier_list(
      "$Work\nurgent\n$Label1\n\n"
      "1700000000.M1P2.host,S=120:0 2\n"
      "1700000001.M3P4.host:1\r\n"
      "no colon here\n"
      "1700000002.M5P6.host:7 x 1\n"
      "1700000003.M7P8.host:\n");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list["1700000000.M1P2.host,S=120"], (V{"$Work", "$Label1"}));
  EXPECT_EQ(list["1700000001.M3P4.host"], V{"urgent"});
  // Positions past the names and junk are skipped; the rest stands.
  EXPECT_EQ(list["1700000002.M5P6.host"], V{"urgent"});
  EXPECT_EQ(list.count("1700000003.M7P8.host"), 0u);
  EXPECT_TRUE(parse_courier_list("").empty());
  EXPECT_TRUE(parse_courier_list("only\nnames\n").empty());
}

TEST(CourierKeywords, UpdateFileIsOneKeywordPerLine) {
  EXPECT_EQ(parse_courier_update("a\nb\r\n"), (V{"a", "b"}));
  EXPECT_EQ(parse_courier_update(""), V{});
  EXPECT_EQ(parse_courier_update("a\n\nignored\n"), V{"a"});
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

TEST(CourierKeywords, UpdateFilesWinOverTheList) {
  auth::testing::TempDir dir;
  auto kw = dir.path() / "courierimapkeywords";
  std::filesystem::create_directories(kw);
  write(kw / ":list", "$Old\n$Kept\n\nm1:0\nm2:1\nm3:0 1\nm4:0\n");
  write(kw / ".5.m1", "$Five\n");
  write(kw / ".12.m1", "$Twelve\n");  // highest N wins (numerically, not by name)
  write(kw / ".7.m1", "$Seven\n");
  write(kw / ".3.m3", "$Three\n");
  write(kw / "m3", "$Newest\n");  // a plain name outranks every .N.
  write(kw / ".9.m4", "");        // empty: the keywords were removed
  write(kw / "m5:2,S", "$NotListed\n");
  write(kw / ".tmp.123.m2", "$Scratch\n");  // scratch file: ignored
  write(kw / ".x.m2", "$Junk\n");
  auto all = read_courier_keywords(dir.path());
  EXPECT_EQ(all["m1"], V{"$Twelve"});
  EXPECT_EQ(all["m2"], V{"$Kept"});
  EXPECT_EQ(all["m3"], V{"$Newest"});
  EXPECT_EQ(all.count("m4"), 0u);
  EXPECT_EQ(all["m5"], V{"$NotListed"});
  EXPECT_EQ(all.size(), 4u);
}

TEST(CourierKeywords, NoDirectoryMeansNoKeywords) {
  auth::testing::TempDir dir;
  EXPECT_TRUE(read_courier_keywords(dir.path()).empty());
  EXPECT_TRUE(read_courier_keywords(dir.path() / "missing").empty());
}

}  // namespace
}  // namespace petrel::migrate
