// Small string helpers shared by every module: case folding, edit distance,
// "did you mean" suggestions, and escaping for quoted .canon strings.
#ifndef CANON_BASE_STRINGS_H_
#define CANON_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace canon {

// ASCII lower-case copy. Names in canon are matched case-insensitively on
// ASCII letters; other bytes (UTF-8) are compared exactly.
std::string AsciiLower(std::string_view s);

// Underscores as spaces: a name written in `.canon` (`married_to`) in prose.
std::string Spaced(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Damerau-free Levenshtein distance on bytes, case-insensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidates closest to `word` (distance <= max(1, len/3)), best first,
// at most `limit`. Deterministic: ties are broken by candidate text.
std::vector<std::string> ClosestMatches(std::string_view word,
                                        const std::vector<std::string>& candidates,
                                        size_t limit = 3);

// "did you mean `a`?" / "did you mean `a` or `b`?" or "" when empty.
std::string DidYouMean(const std::vector<std::string>& matches);

// Quotes `s` as a .canon string literal: "..." with \" \\ \n \t escaped.
std::string QuoteString(std::string_view s);

// Joins with a separator.
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

}  // namespace canon

#endif  // CANON_BASE_STRINGS_H_
