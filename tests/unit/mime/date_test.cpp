#include "mime/date.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

TEST(MailDateTest, ParsesRfc5322AndObsoleteForms) {
  struct Case {
    const char* in;
    int64_t utc;
    int zone;
  } cases[] = {
      {"Wed, 17 Jul 1996 02:23:25 -0700 (PDT)", 837595405, -420},
      {"1 Jan 2020 10:00:00 +0100", 1577869200, 60},
      {"Thu, 01 Jan 1970 00:00:00 +0000", 0, 0},
      {"Thu, 1 Jan 1970 00:00 +0000", 0, 0},          // no seconds
      {"Fri, 21 Nov 97 09:55:06 GMT", 880106106, 0},  // 2-digit year, obs-zone
      {"21 Nov 49 09:55:06 GMT", 2521101306, 0},      // 49 -> 2049
      {"21 Nov 50 09:55:06 GMT", -603122694, 0},      // 50 -> 1950
      {"21 Nov 097 09:55:06 GMT", 880106106, 0},      // 3-digit year: +1900
      {"Tuesday, 2 Jan 2006 15:04:05 EST", 1136232245, -300},
      {"Mon,2 Jan 2006 15:04:05 -0800", 1136243045, -480},
      {"  Mon , 02 Jan 2006 15:04:05 PDT", 1136239445, -420},
      {"2 jan 2006 15:04:05 +0000 (UTC)", 1136214245, 0},
      {"Mon Jan  2 15:04:05 2006", 1136214245, 0},  // asctime, no zone: UTC
      {"2-Jan-2006 15:04:05 +0000", 1136214245, 0},
      {"2 Jan 2006 15:04:05 Z", 1136214245, 0},       // military zone
      {"2 Jan 2006 15:04:05 XYZ", 1136214245, 0},     // unknown zone
      {"31 Dec 2016 23:59:60 +0000", 1483228799, 0},  // leap second
      {"29 Feb 2024 12:00:00 +0530", 1709188200, 330},
  };
  for (const auto& c : cases) {
    const auto d = parse_mail_date(c.in);
    ASSERT_TRUE(d) << c.in;
    EXPECT_EQ(d->utc, c.utc) << c.in;
    EXPECT_EQ(d->zone_minutes, c.zone) << c.in;
  }
}

TEST(MailDateTest, RejectsMalformedDates) {
  const char* bad[] = {"",
                       "garbage",
                       "Tuesday, 32 Foo 2020 99:99",
                       "32 Jan 2020 10:00:00 +0000",
                       "29 Feb 2023 10:00:00 +0000",
                       "1 Jan 2020 24:00:00 +0000",
                       "1 Jan 2020 10:60:00 +0000",
                       "1 Foo 2020 10:00:00 +0000",
                       "1 Jan 10:00:00 +0000",
                       "Jan 2020",
                       "0 Jan 2020 10:00:00 +0000",
                       "1 Jan 99999 10:00:00 +0000",
                       "1 Jan 0999 10:00:00 +0000"};
  for (const char* b : bad) EXPECT_FALSE(parse_mail_date(b)) << b;
}

TEST(MailDateTest, DaysFromCivil) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
}

}  // namespace
}  // namespace petrel::mime
