// Partial date arithmetic (see dates.h).
#include "model/dates.h"

#include <charconv>
#include <cstdio>

namespace canon {
namespace {

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

}  // namespace

int64_t DayNumber(int64_t year, int month, int day) {
  // Howard Hinnant's days_from_civil, shifted so 0001-01-01 is day 0.
  int64_t y = year - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (month + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + 719162;
}

int64_t AbsoluteYear(const Universe& u, const PartialDate& d) {
  if (d.era == 0 || d.era >= u.eras.size()) return d.year;
  const Era& e = u.eras[d.era];
  return static_cast<int64_t>(e.epoch) + static_cast<int64_t>(e.direction) * d.year;
}

int64_t EarliestDay(const Universe& u, const PartialDate& d) {
  int64_t y = AbsoluteYear(u, d);
  return DayNumber(y, d.month == 0 ? 1 : d.month, d.day == 0 ? 1 : d.day);
}

int64_t LatestDay(const Universe& u, const PartialDate& d) {
  int64_t y = AbsoluteYear(u, d);
  int m = d.month == 0 ? 12 : d.month;
  int day = d.day == 0 ? DaysInMonth(y, m) : d.day;
  return DayNumber(y, m, day);
}

std::optional<PartialDate> ParseIsoDate(std::string_view text) {
  PartialDate d;
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') {
    negative = true;
    ++i;
  }
  auto read_int = [&](size_t min_digits, size_t max_digits, int32_t& out) {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    size_t n = i - start;
    if (n < min_digits || n > max_digits) return false;
    auto r = std::from_chars(text.data() + start, text.data() + i, out);
    return r.ec == std::errc();
  };
  int32_t year = 0, month = 0, day = 0;
  if (!read_int(1, 6, year)) return std::nullopt;
  d.year = negative ? -year : year;
  if (i < text.size()) {
    if (text[i] != '-') return std::nullopt;
    ++i;
    if (!read_int(2, 2, month) || month < 1 || month > 12) return std::nullopt;
    d.month = static_cast<uint8_t>(month);
    if (i < text.size()) {
      if (text[i] != '-') return std::nullopt;
      ++i;
      if (!read_int(2, 2, day) || day < 1 || day > DaysInMonth(d.year, month)) {
        return std::nullopt;
      }
      d.day = static_cast<uint8_t>(day);
    }
  }
  if (i != text.size()) return std::nullopt;
  return d;
}

void CivilFromDay(int64_t day, int64_t& year, int& month, int& dom) {
  // Howard Hinnant's civil_from_days; DayNumber() counts from 0001-01-01,
  // which is 719162 days before 1970-01-01.
  const int64_t z = day - 719162 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  dom = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

std::string FormatDateText(int32_t year, uint8_t month, uint8_t day, std::string_view era) {
  char buf[48];
  const char* const fmt_day = era.empty() ? "%04d-%02d-%02d" : "%d-%02d-%02d";
  const char* const fmt_month = era.empty() ? "%04d-%02d" : "%d-%02d";
  const char* const fmt_year = era.empty() ? "%04d" : "%d";
  if (day != 0) {
    std::snprintf(buf, sizeof buf, fmt_day, year, month, day);
  } else if (month != 0) {
    std::snprintf(buf, sizeof buf, fmt_month, year, month);
  } else {
    std::snprintf(buf, sizeof buf, fmt_year, year);
  }
  std::string out = buf;
  if (!era.empty()) {
    out += ' ';
    out += era;
  }
  return out;
}

std::string FormatDate(const Universe& u, const PartialDate& d) {
  std::string_view era;
  if (d.era != 0 && d.era < u.eras.size()) era = u.eras[d.era].id;
  return FormatDateText(d.year, d.month, d.day, era);
}

std::string ValueSourceText(const Universe& u, const Value& v) {
  switch (v.kind) {
    case ValueKind::kEntity:
      return v.entity < u.entities.size() ? u.entities[v.entity].id : "?";
    case ValueKind::kString:
      return "\"" + v.text + "\"";
    case ValueKind::kKeyword:
      return v.text;
    case ValueKind::kNumber: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", v.number);
      return buf;
    }
    case ValueKind::kDate:
      return FormatDate(u, v.date);
  }
  return "?";
}

}  // namespace canon
