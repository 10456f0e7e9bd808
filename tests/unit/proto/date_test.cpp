#include "imap/proto/date.h"

#include <gtest/gtest.h>

namespace petrel::imap {
namespace {

TEST(DateTest, ParsesDates) {
  auto d = parse_date("1-Feb-1994");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 1994);
  EXPECT_EQ(d->month, 2);
  EXPECT_EQ(d->day, 1);
  EXPECT_TRUE(parse_date("01-feb-1994"));
  EXPECT_TRUE(parse_date("29-Feb-2000"));
  EXPECT_TRUE(parse_date("31-DEC-9999"));
  EXPECT_EQ(parse_date("1-Jan-1970")->days_since_epoch(), 0);
  EXPECT_EQ(parse_date("2-Jan-1970")->days_since_epoch(), 1);
  EXPECT_EQ(parse_date("31-Dec-1969")->days_since_epoch(), -1);
}

TEST(DateTest, RejectsInvalidDates) {
  const char* bad[] = {
      "",           "1-Feb-94",    "001-Feb-1994", "1-Febr-1994", "1 Feb 1994", "32-Jan-2020",
      "0-Jan-2020", "29-Feb-1900", "30-Feb-2000",  "31-Apr-2021", "1-Foo-2020", "1-Feb-1994 ",
      "-Feb-1994",  "1-Feb-19x4",  "1-Feb-1994x"};
  for (const char* b : bad) EXPECT_FALSE(parse_date(b)) << b;
}

TEST(DateTest, ParsesDateTimes) {
  auto t = parse_date_time("17-Jul-1996 02:44:25 -0700");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->date, (Date{1996, 7, 17}));
  EXPECT_EQ(t->hour, 2);
  EXPECT_EQ(t->minute, 44);
  EXPECT_EQ(t->second, 25);
  EXPECT_EQ(t->zone_minutes, -420);
  EXPECT_EQ(t->unix_time(), 837596665);
  auto sp = parse_date_time(" 7-Jul-1996 02:44:25 +0000");
  ASSERT_TRUE(sp);
  EXPECT_EQ(sp->date.day, 7);
  EXPECT_TRUE(parse_date_time("7-Jul-1996 02:44:25 +0530"));  // lenient one-digit day
  EXPECT_EQ(parse_date_time("01-Jan-1970 00:00:00 +0100")->unix_time(), -3600);
}

TEST(DateTest, RejectsInvalidDateTimes) {
  const char* bad[] = {
      "17-Jul-1996 02:44:25",        "17-Jul-1996 24:00:00 +0000",  "17-Jul-1996 02:60:00 +0000",
      "17-Jul-1996 02:44:61 +0000",  "17-Jul-1996 02:44:25 0700",   "17-Jul-1996 02:44:25 +07",
      "17-Jul-1996 02:44:25 +0760",  "17-Jul-1996  02:44:25 +0000", "  7-Jul-1996 02:44:25 +0000",
      " 17-Jul-1996 02:44:25 +0000", "17-Jul-96 02:44:25 +0000",    "17-Jul-1996 2:44:25 +0000",
      "31-Jun-1996 02:44:25 +0000",  "17-Jul-1996T02:44:25 +0000"};
  for (const char* b : bad) EXPECT_FALSE(parse_date_time(b)) << b;
}

TEST(DateTest, FormatsInternalDate) {
  EXPECT_EQ(format_internaldate(837596665, -420), "17-Jul-1996 02:44:25 -0700");
  EXPECT_EQ(format_internaldate(0), "01-Jan-1970 00:00:00 +0000");
  EXPECT_EQ(format_internaldate(-1), "31-Dec-1969 23:59:59 +0000");
  EXPECT_EQ(format_internaldate(951782400, 330), "29-Feb-2000 05:30:00 +0530");
  // Round trip through the parser.
  for (std::int64_t t : {0LL, 1LL, 951782399LL, 1700000000LL, 4102444800LL}) {
    for (int zone : {0, -420, 330, 840, -720}) {
      auto back = parse_date_time(format_internaldate(t, zone));
      ASSERT_TRUE(back);
      EXPECT_EQ(back->unix_time(), t);
      EXPECT_EQ(back->zone_minutes, zone);
    }
  }
  EXPECT_EQ(format_date(Date{1994, 2, 1}), "1-Feb-1994");
  DateTime leap{{2016, 12, 31}, 23, 59, 60, 0};
  EXPECT_EQ(format_date_time(leap), "31-Dec-2016 23:59:60 +0000");
}

}  // namespace
}  // namespace petrel::imap
