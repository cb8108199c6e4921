// Internals of the story-time stage shared by its .cpp files and tests:
// implicit constraints, wording of points and constraints, day arithmetic.
#ifndef CANON_TIME_INTERNAL_H_
#define CANON_TIME_INTERNAL_H_

#include <cstdint>
#include <string>

#include "canon/universe.h"

namespace canon::time_internal {

// Drops every constraint marked implicit, then writes the implicit ones
// (docs/time.md, "Implicit constraints") with implicit = true and loc = the
// declaration that causes them.
void AddImplicitConstraints(Universe& u);

// One sentence fragment for a constraint on point `p`, for diagnostic notes:
// "event `a` is before event `b`", "`jj.s1e2` follows `jj.s1e1` in release
// order".
std::string DescribeConstraint(const Universe& u, PointId p, const TimeConstraint& c);

// The fact whose implicit "ends after it starts" constraint `c` (on point
// p, the fact's end) is, or kNone. The end may be the point of the event
// that ends the fact.
FactId FactOfOrderConstraint(const Universe& u, PointId p, const TimeConstraint& c);
inline bool IsFactOrderConstraint(const Universe& u, PointId p, const TimeConstraint& c) {
  return FactOfOrderConstraint(u, p, c) != kNone;
}

// The fact's display name: its label, or "subject predicate object".
std::string FactName(const Universe& u, FactId f);

// Inclusive day range of a gap "N unit" (N >= 0), as the language defines
// it: days exactly N; months N*28 .. (N+1)*31-1; years N*365 .. (N+1)*366-1.
void GapRange(int64_t n, TimeConstraint::Unit unit, int64_t& lo, int64_t& hi);

// Test hook: when false, offset contradictions are never taken from the
// predecessor graph, so the rounds-and-record fallback is exercised.
extern bool g_hunt_pred_cycles;

}  // namespace canon::time_internal

#endif  // CANON_TIME_INTERNAL_H_
