// Story-time resolution: adds the implicit constraints (slot containment,
// release chain, defaults), solves every constraint as a system of day-number
// difference constraints, and fills Universe::time with one story order
// (ranks) and earliest/latest day bounds per point. docs/time.md has the
// semantics and the algorithm.
#ifndef CANON_TIME_RESOLVE_H_
#define CANON_TIME_RESOLVE_H_

#include <cstdint>
#include <string>

#include "canon/universe.h"
#include "diag/diagnostics.h"

namespace canon {

// Removes constraints marked implicit, adds the implicit ones, and solves.
// Fills u.time (resolved = true even on error: best effort, every point gets
// a rank). Reports to `sink`:
//   E0501 time-cycle: constraints that contradict each other (a cycle of
//         "before"s, or day offsets that leave no room), with a DiagNote for
//         every constraint on the offending cycle, at its SourceLoc;
//   E0502 impossible-date: a date outside the bounds the other constraints
//         give, with notes for the constraints that force the conflict;
//   E0503 ends-before-start: a fact whose `until` is forced before (or at)
//         its `from`.
// `implicit = true` is reserved for the constraints this stage writes: the
// checker must write derived constraints (a `starts` fact beginning at its
// event, ...) with implicit = false, or they are dropped here.
// Runs in O((points + constraints) log points) for universes whose day
// offsets do not form cycles; see docs/time.md for the general bound.
void ResolveStoryTime(Universe& u, DiagnosticSink& sink);

// --- Queries over a resolved universe ---------------------------------------
//
// Ranks of real points are dense: 0 .. RankCount(u) - 1. Simultaneous points
// (forced equal) share a rank; every other pair of points has distinct ranks.
//
// Sentinels for the open ends of a fact: a fact without `from` starts at
// kStoryBegin (0, which is <= every rank: it holds at the very first point);
// a fact without `until` ends at kStoryEnd (> every rank: it never stops).
// kStoryEnd equals kNone, so it can never be the rank of a real point. To ask
// about "after everything", use rank RankCount(u).
inline constexpr uint32_t kStoryBegin = 0;
inline constexpr uint32_t kStoryEnd = kNone;

// Number of distinct ranks (0 when the universe is not resolved).
uint32_t RankCount(const Universe& u);

// Rank of point `p`; `if_none` when p is kNone or out of range.
uint32_t PointRank(const Universe& u, PointId p, uint32_t if_none);

// Rank where fact `f` starts holding (kStoryBegin when open) and stops
// holding (kStoryEnd when open).
uint32_t FactStartRank(const Universe& u, FactId f);
uint32_t FactEndRank(const Universe& u, FactId f);

// True when fact `f` holds at story rank `rank`: start_rank <= rank < end_rank.
// (`from` is inclusive and `until` exclusive, as in the language.)
bool FactHoldsAt(const Universe& u, FactId f, uint32_t rank);

// The story rank of an event (kNone when it has no point).
uint32_t EventRank(const Universe& u, EventId e);

// Human wording of a point for messages: "event `reva_death`", "the start of
// fact `luke married_to reva`", "the end of `jj.s1e3`", "when `luke` learns
// of `reva_death`".
std::string DescribeTimePoint(const Universe& u, PointId p);

// A day number (ResolvedTime::earliest/latest) as a date: "2015-11-20"
// (Gregorian), or "283 AC" when `era` is not the Gregorian era (era years
// are whole years on the era's line). "-inf"/"+inf" for unbounded days.
std::string FormatDay(const Universe& u, int64_t day, EraId era = 0);

}  // namespace canon

#endif  // CANON_TIME_RESOLVE_H_
