// Cheap "did you mean" pre-filtering (see suggest.h).
#include "lang/suggest.h"

#include <algorithm>

#include "base/strings.h"

namespace canon::lang {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

bool WithinDistance(std::string_view a, std::string_view b, size_t max_distance) {
  size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > max_distance) return false;
  constexpr size_t kMax = 128;
  if (lb >= kMax) return EditDistance(a, b) <= max_distance;
  size_t prev[kMax + 1], cur[kMax + 1];
  for (size_t j = 0; j <= lb; ++j) prev[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= lb; ++j) {
      size_t sub = prev[j - 1] + (Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max_distance) return false;
    std::copy(cur, cur + lb + 1, prev);
  }
  return prev[lb] <= max_distance;
}

std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string_view>& candidates) {
  const size_t max_distance = std::max<size_t>(1, word.size() / 3);
  std::vector<std::string> close;
  for (std::string_view c : candidates) {
    if (WithinDistance(word, c, max_distance)) close.emplace_back(c);
    if (close.size() > 64) break;  // enough to rank the best three
  }
  return ClosestMatches(word, close);
}

std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string>& candidates) {
  std::vector<std::string_view> views(candidates.begin(), candidates.end());
  return Suggest(word, views);
}

std::string DidYouMeanHint(std::string_view word, const std::vector<std::string>& candidates) {
  return DidYouMean(Suggest(word, candidates));
}
std::string DidYouMeanHint(std::string_view word, const std::vector<std::string_view>& candidates) {
  return DidYouMean(Suggest(word, candidates));
}

}  // namespace canon::lang
