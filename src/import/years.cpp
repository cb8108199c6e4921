// Free-text in-universe years (see years.h).
#include "import/years.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "base/strings.h"

namespace canon::import {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == ',')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
  return s.substr(i);
}

}  // namespace

// Reads the free-text dates of characters.csv (see the shapes listed in
// docs/importers.md).
YearSpec ParseYears(const std::string& input) {
  YearSpec spec;
  std::string text = input;
  // The place: ", at PLACE" or a whole "At PLACE".
  if (size_t at = text.find(", at "); at != std::string::npos) {
    spec.place = Trim(text.substr(at + 5));
    text = text.substr(0, at);
  } else if (text.starts_with("At ")) {
    spec.place = Trim(text.substr(3));
    text.clear();
  } else if (text.starts_with(", at ")) {
    spec.place = Trim(text.substr(5));
    text.clear();
  }
  // Parenthetical comments ("(roughly)", "(supposedly)") make it approximate.
  for (size_t open; (open = text.find('(')) != std::string::npos;) {
    size_t close = text.find(')', open);
    if (close == std::string::npos) close = text.size() - 1;
    text.erase(open, close - open + 1);
    spec.approximate = true;
  }
  std::string lower = AsciiLower(text);
  for (const char* word : {"around", "about", "circa", "+/-", "~"}) {
    if (lower.find(word) != std::string::npos) spec.approximate = true;
  }
  // Years with their eras, in order; a number without an era takes the next
  // era written after it ("In 247 or 248 AC").
  struct Y {
    int value;
    int sign;  // +1 AC, -1 BC, 0 none yet
  };
  std::vector<Y> years;
  for (size_t i = 0; i < text.size();) {
    if (text[i] >= '0' && text[i] <= '9') {
      long v = 0;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        v = v * 10 + (text[i] - '0');
        if (v > 100000) v = 100000;
        ++i;
      }
      size_t j = i;
      while (j < text.size() && text[j] == ' ') ++j;
      int sign = 0;
      if (text.compare(j, 2, "AC") == 0) sign = 1, i = j + 2;
      if (text.compare(j, 2, "BC") == 0) sign = -1, i = j + 2;
      years.push_back({static_cast<int>(v), sign});
    } else {
      ++i;
    }
  }
  for (size_t k = years.size(); k-- > 0;) {
    if (years[k].sign == 0) {
      years[k].sign = k + 1 < years.size() ? years[k + 1].sign : 0;
      if (years[k].sign == 0) {
        years[k].sign = 1;
        spec.era_assumed = true;
      }
    }
  }
  if (years.empty()) {
    std::string rest = Trim(text);
    if (rest.starts_with("In ")) rest = rest.substr(3);
    if (!rest.empty()) spec.unparsed = rest;
    return spec;
  }
  spec.has_year = true;
  int lo = years[0].sign * years[0].value, hi = lo;
  for (const Y& y : years) {
    lo = std::min(lo, y.sign * y.value);
    hi = std::max(hi, y.sign * y.value);
  }
  const bool or_before = lower.find("or before") != std::string::npos;
  const bool or_after =
      lower.find("or after") != std::string::npos || lower.find("or later") != std::string::npos;
  const bool before = !or_before && lower.find("before") != std::string::npos;
  const bool after = !or_after && lower.find("after") != std::string::npos;
  if (or_before) {
    spec.hi = hi;
  } else if (before) {
    spec.hi = lo - 1;
  } else if (or_after) {
    spec.lo = lo;
  } else if (after) {
    spec.lo = hi + 1;
  } else {
    spec.lo = lo;
    spec.hi = hi;
  }
  return spec;
}

// An absolute year as written on the books' calendar: "263 AC", "27 BC".
std::string YearText(int year) {
  return year >= 0 ? std::to_string(year) + " AC" : std::to_string(-year) + " BC";
}

// The story-time expression for a year spec (without `story`).
std::string StoryText(const YearSpec& y) {
  if (y.lo == y.hi) return YearText(y.lo);
  std::vector<std::string> terms;
  if (y.lo != -kOpenYear) terms.push_back("after " + YearText(y.lo - 1));
  if (y.hi != kOpenYear) terms.push_back("before " + YearText(y.hi + 1));
  return Join(terms, " and ");
}

}  // namespace canon::import
