// Partial dates on a continuity's year line: parsing "2015-11-20", "2015-11",
// "2015", "283 AC", "19 BBY", and conversion to day-number bounds.
#ifndef CANON_MODEL_DATES_H_
#define CANON_MODEL_DATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "canon/universe.h"

namespace canon {

// Days since 0001-01-01 (proleptic Gregorian; year 0 and negative years are
// allowed and extend the same rule backwards).
int64_t DayNumber(int64_t year, int month, int day);

// Inverse of DayNumber: the civil date of day `day` (0 = 0001-01-01).
void CivilFromDay(int64_t day, int64_t& year, int& month, int& dom);

// Absolute year on the continuity's year line for a year in an era.
int64_t AbsoluteYear(const Universe& u, const PartialDate& d);

// Inclusive day bounds of a partial date: "2015" -> [2015-01-01, 2015-12-31].
int64_t EarliestDay(const Universe& u, const PartialDate& d);
int64_t LatestDay(const Universe& u, const PartialDate& d);

// Parses "YYYY", "YYYY-MM", "YYYY-MM-DD" (Gregorian, era 0). Years may carry
// a leading '-'. Returns nullopt on malformed input or an impossible date.
std::optional<PartialDate> ParseIsoDate(std::string_view text);

// A date as written in `.canon` text: "2015-11-20", "2015-11", "2015" (years
// zero-padded to 4 digits), or in an era "283-05 AC", "19 BBY" (the year as
// the era counts it, not padded). The one formatter of dates: messages
// (FormatDate) and `canon fmt`/`export` (the printer) both use it.
std::string FormatDateText(int32_t year, uint8_t month, uint8_t day, std::string_view era);

// A partial date of the universe as written: "2015-11", "283-05 AC".
std::string FormatDate(const Universe& u, const PartialDate& d);

// A fact's object as written in `.canon` text, for messages: an entity's id,
// a quoted string, a keyword, a number (%g), a date (FormatDate).
std::string ValueSourceText(const Universe& u, const Value& v);

}  // namespace canon

#endif  // CANON_MODEL_DATES_H_
