// In-universe years written as free text in "An API of Ice and Fire"
// ("In 263 AC, at Winterfell", "In or between 240 AC and 249 AC", "27 BC"):
// parsed into a year range on the AC/BC calendar and written back as a
// .canon story-time expression.
#ifndef CANON_IMPORT_YEARS_H_
#define CANON_IMPORT_YEARS_H_

#include <string>

namespace canon::import {

// A year range on the absolute year line (AC years count up from 0, BC years
// down from it): lo and hi inclusive; an open side is -kOpenYear / kOpenYear.
inline constexpr int kOpenYear = 1 << 30;
struct YearSpec {
  bool has_year = false;
  int lo = -kOpenYear, hi = kOpenYear;
  bool approximate = false;  // "(roughly)", "around", "circa", "+/-", "~", ...
  bool era_assumed = false;  // a year with no AC/BC: read as AC
  std::string place;         // ", at PLACE" or "At PLACE"
  std::string unparsed;      // text that is neither a year nor a place ("Age of Heroes")
};

// Shapes read (N a number): "In N AC", "N AC", "N BC", "In N AC or N AC"
// (and ", N AC or N AC", "either ..."), "In or between N AC and N AC",
// "In N AC or before" / "or before N AC" / "before N AC", "In N AC or later"
// / "In or after N AC" / "After N AC"; qualifiers that make it approximate;
// a number without an era takes the era written after it, else AC.
YearSpec ParseYears(const std::string& text);

// "263 AC", "27 BC" for an absolute year.
std::string YearText(int year);

// The story-time expression for a spec with a year: "263 AC",
// "after 239 AC and before 250 AC", "before 241 AC".
std::string StoryText(const YearSpec& y);

}  // namespace canon::import

#endif  // CANON_IMPORT_YEARS_H_
