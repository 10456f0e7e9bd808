#include "mime/date.h"

#include <array>
#include <string>
#include <vector>

#include "mime/ascii.h"

namespace petrel::mime {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

struct Zone {
  std::string_view name;
  int minutes;
};
// RFC 5322 section 4.3 obs-zone.
constexpr std::array<Zone, 12> kZones = {{{"ut", 0},
                                          {"utc", 0},
                                          {"gmt", 0},
                                          {"z", 0},
                                          {"est", -300},
                                          {"edt", -240},
                                          {"cst", -360},
                                          {"cdt", -300},
                                          {"mst", -420},
                                          {"mdt", -360},
                                          {"pst", -480},
                                          {"pdt", -420}}};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

bool is_leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Splits into words: whitespace, commas and comments separate; '-' separates
// inside "21-Nov-97" but not in front of a zone.
std::vector<std::string_view> tokens(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size() && out.size() < 16) {
    const char c = s[i];
    if (is_space(c) || c == ',') {
      ++i;
    } else if (c == '(') {
      int depth = 0;
      while (i < s.size()) {
        const char d = s[i++];
        if (d == '\\') {
          ++i;
        } else if (d == '(') {
          ++depth;
        } else if (d == ')' && --depth == 0) {
          break;
        }
      }
    } else {
      const std::size_t b = i;
      ++i;
      while (i < s.size() && !is_space(s[i]) && s[i] != ',' && s[i] != '(' &&
             !(s[i] == '-' && !(s[b] == '+' || s[b] == '-'))) {
        ++i;
      }
      out.push_back(s.substr(b, i - b));
      if (i < s.size() && s[i] == '-' && !(s[b] == '+' || s[b] == '-')) {
        // A dash right after a word: date separator unless a zone follows
        // ("+0000" never directly follows a word, "-0800" may: "12:00-0800").
        const bool zone_follows = i + 5 <= s.size() && all_digits(s.substr(i + 1, 4)) &&
                                  out.back().find(':') != std::string_view::npos;
        if (!zone_follows) ++i;
      }
    }
  }
  return out;
}

bool parse_time(std::string_view t, int& h, int& m, int& sec) {
  const std::size_t c1 = t.find(':');
  if (c1 == std::string_view::npos) return false;
  const std::size_t c2 = t.find(':', c1 + 1);
  const std::string_view hs = t.substr(0, c1);
  const std::string_view ms = t.substr(c1 + 1, c2 == std::string_view::npos ? t.npos : c2 - c1 - 1);
  const std::string_view ss = c2 == std::string_view::npos ? "0" : t.substr(c2 + 1);
  if (!all_digits(hs) || !all_digits(ms) || !all_digits(ss) || hs.size() > 2 || ms.size() != 2 ||
      ss.size() > 2) {
    return false;
  }
  h = to_int(hs), m = to_int(ms), sec = to_int(ss);
  if (h > 23 || m > 59 || sec > 60) return false;
  if (sec == 60) sec = 59;  // leap second: keep the instant in the same minute
  return true;
}

bool parse_zone(std::string_view z, int& minutes) {
  if ((z[0] == '+' || z[0] == '-') && z.size() == 5 && all_digits(z.substr(1))) {
    const int hh = to_int(z.substr(1, 2));
    const int mm = to_int(z.substr(3, 2));
    if (mm > 59) return false;
    minutes = (z[0] == '-' ? -1 : 1) * (hh * 60 + mm);
    return true;
  }
  const std::string lower = to_lower(z);
  for (const Zone& zone : kZones) {
    if (lower == zone.name) {
      minutes = zone.minutes;
      return true;
    }
  }
  // Military single letters: RFC 5322 4.3 says to treat them as -0000.
  if (z.size() == 1 && ((z[0] >= 'a' && z[0] <= 'z') || (z[0] >= 'A' && z[0] <= 'Z'))) {
    minutes = 0;
    return true;
  }
  return false;
}

int month_of(std::string_view w) {
  if (w.size() < 3) return 0;
  const std::string lower = to_lower(w.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

}  // namespace

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's algorithm (public domain description of the Gregorian
  // calendar arithmetic).
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<MailDate> parse_mail_date(std::string_view value) {
  const auto words = tokens(value);
  int month = 0;
  int h = 0, mi = 0, sec = 0;
  bool have_time = false, have_zone = false;
  int zone = 0;
  std::vector<std::string_view> numbers;
  for (std::string_view w : words) {
    if (!have_time && w.find(':') != std::string_view::npos) {
      if (!parse_time(w, h, mi, sec)) return std::nullopt;
      have_time = true;
    } else if (all_digits(w)) {
      numbers.push_back(w);
    } else if (month == 0 && month_of(w) != 0 && !have_time) {
      month = month_of(w);
    } else if (have_time && !have_zone && parse_zone(w, zone)) {
      have_zone = true;
    } else if (!have_time && (w[0] == '+' || w[0] == '-')) {
      return std::nullopt;
    }
    // Other words (day names, "at", unknown zones) are ignored.
  }
  if (month == 0 || numbers.size() < 2) return std::nullopt;
  // Day and year: the day has at most two digits; RFC order is day first.
  std::string_view day_s = numbers[0], year_s = numbers[1];
  if (day_s.size() > 2 && year_s.size() <= 2) std::swap(day_s, year_s);
  if (day_s.size() > 2 || year_s.size() > 4) return std::nullopt;
  int64_t year = to_int(year_s);
  if (year_s.size() <= 2) {
    year += year < 50 ? 2000 : 1900;  // RFC 5322 4.3
  } else if (year_s.size() == 3) {
    year += 1900;
  }
  const int day = to_int(day_s);
  if (year < 1000 || day < 1 || static_cast<unsigned>(day) > days_in_month(year, month)) {
    return std::nullopt;
  }
  MailDate d;
  d.zone_minutes = zone;
  d.utc = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
          h * 3600 + mi * 60 + sec - int64_t{zone} * 60;
  return d;
}

}  // namespace petrel::mime
