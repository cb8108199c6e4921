// "Did you mean" for the front end: like ClosestMatches (base/strings.h) but
// pre-filtered with an allocation-free, banded edit distance, so scanning a
// large scope (thousands of entity ids) for every unknown name stays cheap.
#ifndef CANON_LANG_SUGGEST_H_
#define CANON_LANG_SUGGEST_H_

#include <string>
#include <string_view>
#include <vector>

namespace canon::lang {

// True when EditDistance(a, b) (case-insensitive) <= max_distance.
bool WithinDistance(std::string_view a, std::string_view b, size_t max_distance);

// The best candidates (at most 3), as ClosestMatches ranks them.
std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string_view>& candidates);
std::vector<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates);

// DidYouMean(Suggest(...)).
std::string DidYouMeanHint(std::string_view word, const std::vector<std::string>& candidates);
std::string DidYouMeanHint(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace canon::lang

#endif  // CANON_LANG_SUGGEST_H_
