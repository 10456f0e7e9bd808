#include "imap/proto/date.h"

#include "imap/proto/chars.h"

namespace petrel::imap {
namespace {

constexpr std::string_view kMonths[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

// Reads exactly `n` digits at s[i].
bool digits(std::string_view s, std::size_t i, std::size_t n, int& out) {
  if (s.size() < i + n) return false;
  out = 0;
  for (std::size_t k = i; k < i + n; ++k) {
    if (!chars::is_digit(s[k])) return false;
    out = out * 10 + (s[k] - '0');
  }
  return true;
}

int month_from_name(std::string_view s) {
  for (int m = 0; m < 12; ++m) {
    if (chars::iequals(s, kMonths[m])) return m + 1;
  }
  return 0;
}

// Parses "-Mon-yyyy" at s[i]; on success `i` points after the year.
bool month_year(std::string_view s, std::size_t& i, int& month, int& year) {
  if (s.size() < i + 9 || s[i] != '-' || s[i + 4] != '-') return false;
  month = month_from_name(s.substr(i + 1, 3));
  if (month == 0 || !digits(s, i + 5, 4, year)) return false;
  i += 9;
  return true;
}

void two_digits(std::string& out, int v) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

std::int64_t Date::days_since_epoch() const {
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::int64_t DateTime::unix_time() const {
  return date.days_since_epoch() * 86400 + hour * 3600 + minute * 60 + second -
         static_cast<std::int64_t>(zone_minutes) * 60;
}

std::optional<Date> parse_date(std::string_view s) {
  // date-day = 1*2DIGIT
  std::size_t i = 0;
  int day = 0;
  while (i < s.size() && i < 2 && chars::is_digit(s[i])) day = day * 10 + (s[i++] - '0');
  if (i == 0) return std::nullopt;
  Date d;
  if (!month_year(s, i, d.month, d.year) || i != s.size()) return std::nullopt;
  if (day < 1 || day > days_in_month(d.year, d.month)) return std::nullopt;
  d.day = day;
  return d;
}

std::optional<DateTime> parse_date_time(std::string_view s) {
  std::size_t i = 0;
  int day = 0;
  if (!s.empty() && s[0] == ' ') ++i;  // date-day-fixed = SP DIGIT / 2DIGIT
  std::size_t first = i;
  while (i < s.size() && i < first + 2 && chars::is_digit(s[i])) day = day * 10 + (s[i++] - '0');
  if (i == first || (first == 1 && i != 2)) return std::nullopt;
  DateTime t;
  if (!month_year(s, i, t.date.month, t.date.year)) return std::nullopt;
  if (day < 1 || day > days_in_month(t.date.year, t.date.month)) return std::nullopt;
  t.date.day = day;
  // SP time SP zone: " hh:mm:ss +zzzz" is exactly 15 bytes.
  if (s.size() != i + 15 || s[i] != ' ' || s[i + 3] != ':' || s[i + 6] != ':' || s[i + 9] != ' ' ||
      (s[i + 10] != '+' && s[i + 10] != '-')) {
    return std::nullopt;
  }
  int zh, zm;
  if (!digits(s, i + 1, 2, t.hour) || !digits(s, i + 4, 2, t.minute) ||
      !digits(s, i + 7, 2, t.second) || !digits(s, i + 11, 2, zh) || !digits(s, i + 13, 2, zm)) {
    return std::nullopt;
  }
  if (t.hour > 23 || t.minute > 59 || t.second > 60 || zm > 59) return std::nullopt;
  t.zone_minutes = (zh * 60 + zm) * (s[i + 10] == '-' ? -1 : 1);
  return t;
}

std::string format_internaldate(std::int64_t unix_seconds, int zone_minutes) {
  std::int64_t local = unix_seconds + static_cast<std::int64_t>(zone_minutes) * 60;
  std::int64_t days = local / 86400;
  std::int64_t secs = local % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  int y, m, d;
  civil_from_days(days, y, m, d);
  std::string out;
  out.reserve(26);
  two_digits(out, d);
  out.push_back('-');
  out.append(kMonths[m - 1]);
  out.push_back('-');
  // date-year is 4DIGIT; clamp instants outside years 0..9999.
  int year = y < 0 ? 0 : (y > 9999 ? 9999 : y);
  two_digits(out, year / 100);
  two_digits(out, year % 100);
  out.push_back(' ');
  two_digits(out, static_cast<int>(secs / 3600));
  out.push_back(':');
  two_digits(out, static_cast<int>(secs / 60 % 60));
  out.push_back(':');
  two_digits(out, static_cast<int>(secs % 60));
  out.push_back(' ');
  int z = zone_minutes < 0 ? -zone_minutes : zone_minutes;
  out.push_back(zone_minutes < 0 ? '-' : '+');
  two_digits(out, z / 60 % 100);
  two_digits(out, z % 60);
  return out;
}

std::string format_date_time(const DateTime& t) {
  std::string out;
  out.reserve(26);
  two_digits(out, t.date.day);
  out.push_back('-');
  out.append(kMonths[t.date.month - 1]);
  out.push_back('-');
  two_digits(out, t.date.year / 100);
  two_digits(out, t.date.year % 100);
  out.push_back(' ');
  two_digits(out, t.hour);
  out.push_back(':');
  two_digits(out, t.minute);
  out.push_back(':');
  two_digits(out, t.second);
  out.push_back(' ');
  int z = t.zone_minutes < 0 ? -t.zone_minutes : t.zone_minutes;
  out.push_back(t.zone_minutes < 0 ? '-' : '+');
  two_digits(out, z / 60 % 100);
  two_digits(out, z % 60);
  return out;
}

std::string format_date(const Date& date) {
  std::string out = std::to_string(date.day);
  out.push_back('-');
  out.append(kMonths[date.month - 1]);
  out.push_back('-');
  two_digits(out, date.year / 100);
  two_digits(out, date.year % 100);
  return out;
}

}  // namespace petrel::imap
