#pragma once
// The Date: header (RFC 5322 section 3.3, with the obsolete forms of 4.3:
// two- and three-digit years, alphabetic zones, comments, missing seconds or
// day of week) as a UTC instant for SEARCH SENTBEFORE/SENTON/SENTSINCE and
// SORT DATE (RFC 5256 section 2.2). Lenient on word order (asctime's
// "Mon Jan  2 15:04:05 2006" works) and on a missing zone (taken as UTC);
// impossible values (32 Jan, 25:00) make the date invalid.
#include <cstdint>
#include <optional>
#include <string_view>

namespace petrel::mime {

struct MailDate {
  int64_t utc = 0;       // seconds since 1970-01-01T00:00:00Z
  int zone_minutes = 0;  // the sender's offset from UTC, east positive
};

std::optional<MailDate> parse_mail_date(std::string_view value);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

}  // namespace petrel::mime
