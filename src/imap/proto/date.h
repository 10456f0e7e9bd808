#pragma once
// IMAP dates: "date" (SEARCH keys, RFC 9051 section 9: d-Mon-yyyy) and
// "date-time" (APPEND and INTERNALDATE: dd-Mon-yyyy hh:mm:ss +zzzz).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace petrel::imap {

struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31, valid for the month
  // Days since 1970-01-01 (negative before).
  std::int64_t days_since_epoch() const;
  bool operator==(const Date&) const = default;
};

struct DateTime {
  Date date;
  int hour = 0;
  int minute = 0;
  int second = 0;        // 0..60 (a leap second is accepted)
  int zone_minutes = 0;  // offset east of UTC, e.g. -0700 -> -420
  // Seconds since the epoch in UTC: the given time minus the zone.
  std::int64_t unix_time() const;
  bool operator==(const DateTime&) const = default;
};

// date-text = date-day "-" date-month "-" date-year (no quotes; the parser
// strips the optional DQUOTEs). The month is case-insensitive.
std::optional<Date> parse_date(std::string_view text);

// The inside of a date-time (without DQUOTEs). date-day-fixed is SP DIGIT
// or 2DIGIT; a single digit day is also accepted for lenience.
std::optional<DateTime> parse_date_time(std::string_view text);

// "dd-Mon-yyyy hh:mm:ss +zzzz" (no quotes) for a UTC instant shown in the
// given zone; used for INTERNALDATE and SAVEDATE (RFC 9051 section 7.5.2).
std::string format_internaldate(std::int64_t unix_seconds, int zone_minutes = 0);

// The same form from broken-down fields (keeps a leap second as :60).
std::string format_date_time(const DateTime& t);

// "d-Mon-yyyy", the form SEARCH dates are written in.
std::string format_date(const Date& date);

}  // namespace petrel::imap
