// `--at STORYTIME`: a moment of story time for a query, as a cut in the
// story order (docs/queries.md, "Story time in queries").
//
// Ranks come from Universe::time (a linear extension of the story order).
// A moment is stored as a "doubled rank" cut c: a fact with viewer-known
// start s and end e holds at the moment when
//     2*rank(s) <= c < 2*rank(e)
// with an open start counting as -infinity and an open end as +infinity.
// So c = 2k means "at rank k, after everything at rank k happened" (a fact
// that starts there holds, one that ends there does not) and c = 2k-1
// means "just before rank k".
//
//   at EVENT / after EVENT     c = 2*rank(event)       (its effects in force)
//   before EVENT               c = 2*rank(event) - 1
//   FACT_LABEL[.end]           as an event at the fact's start (end)
//   WORKPATH / at / after W    c = 2*rank(slot end of W)
//   before W                   c = 2*rank(slot start of W) - 1
//   DATE / at / after DATE     c = 2k+1, k = the highest rank of a point the
//                              viewer can see whose stated date (its own
//                              `story DATE`, or that of a visible event it is
//                              at) ends no later than the date's last day
//                              (-1 when none)
//   before DATE                same with "ends before the date's first day"
// Resolved day bounds are deliberately not used: they can carry information
// from constraints the viewer has not seen.
//
// Anchors are looked up among what the viewer can see: events, then fact
// labels, then work paths (a work must be at least partly in the horizon).
// A hidden event gives exactly the error of a nonexistent one.
#ifndef CANON_QUERY_AT_H_
#define CANON_QUERY_AT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "canon/status.h"
#include "query/view.h"

namespace canon {

struct StoryInstant {
  std::string spec;         // as given ("before reva_death")
  std::string description;  // for answers ("just before Reva's death")
  int64_t cut = 0;          // doubled rank, see above
};

inline constexpr int64_t kOpenStart = std::numeric_limits<int64_t>::min() / 4;
inline constexpr int64_t kOpenEnd = std::numeric_limits<int64_t>::max() / 4;

// Parses `--at`. Needs resolved story time (Internal error otherwise).
Result<StoryInstant> ParseAt(const View& v, std::string_view spec);

// Doubled ranks of a point (kOpenStart / kOpenEnd for kNone).
int64_t StartCut(const View& v, PointId start);
int64_t EndCut(const View& v, PointId end);

// Does visible fact `f` (as the viewer knows it) hold at `at`? Facts the
// viewer knows were overturned never hold.
bool FactHoldsAt(const View& v, FactId f, const StoryInstant& at);
// Has point `p` happened by `at` (kNone counts as "always")?
bool PointBy(const View& v, PointId p, const StoryInstant& at);

}  // namespace canon

#endif  // CANON_QUERY_AT_H_
