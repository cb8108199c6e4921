// Property tests for story-time resolution: random constraint systems built
// around a hidden witness must resolve cleanly with every constraint met by
// the ranks and the day bounds; arbitrary random systems must report an
// error exactly when a brute-force oracle finds them contradictory; random
// rings of "before"s are reported as one E0501 naming every constraint.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

#include "model/dates.h"
#include "time/internal.h"
#include "time/resolve.h"
#include "time/test_builder.h"

namespace canon {
namespace {

using testing::UniverseBuilder;
using Kind = TimeConstraint::Kind;
using Unit = TimeConstraint::Unit;
constexpr int64_t kNegInf = ResolvedTime::kNegInf;
constexpr int64_t kPosInf = ResolvedTime::kPosInf;

// The language's meaning of one constraint, restated independently of the
// solver: day differences t(to) - t(from) >= w, which of them also order the
// story (and strictly), and day bounds.
struct Diff {
  PointId from, to;
  int64_t w;
  bool order, strict;
};
struct Meaning {
  std::vector<Diff> diffs;
  int64_t lo = kNegInf, hi = kPosInf;
};

Meaning Mean(const Universe& u, PointId p, const TimeConstraint& c) {
  Meaning m;
  const bool date = c.anchor_kind == TimeConstraint::AnchorKind::kDate;
  const PointId a = c.point;
  const int64_t dlo = date || c.kind == Kind::kDate ? EarliestDay(u, c.date) : 0;
  const int64_t dhi = date || c.kind == Kind::kDate ? LatestDay(u, c.date) : 0;
  auto order = [&](PointId x, PointId y, int64_t w, bool strict) {
    m.diffs.push_back({x, y, w, true, strict});
  };
  switch (c.kind) {
    case Kind::kBefore:
      if (date)
        m.hi = dlo - 1;
      else
        order(p, a, 0, true);
      break;
    case Kind::kAfter:
      if (date)
        m.lo = dhi + 1;
      else
        order(a, p, 0, true);
      break;
    case Kind::kSame:
    case Kind::kDuring:
      if (date) {
        m.lo = dlo;
        m.hi = dhi;
      } else {
        order(a, p, 0, false);
        order(p, a, 0, false);
      }
      break;
    case Kind::kDate:
      m.lo = dlo;
      m.hi = dhi;
      break;
    case Kind::kNotBefore:
      order(a, p, 0, false);
      break;
    case Kind::kNotAfter:
      order(p, a, 0, false);
      break;
    case Kind::kOffset: {
      const int64_t n = std::abs(static_cast<int64_t>(c.amount));
      int64_t lo = n, hi = n;
      if (c.unit == Unit::kMonths) {
        lo = 28 * n;
        hi = 31 * (n + 1) - 1;
      }
      if (c.unit == Unit::kYears) {
        lo = 365 * n;
        hi = 366 * (n + 1) - 1;
      }
      if (c.amount >= 0) {
        order(a, p, lo, lo > 0);
        m.diffs.push_back({p, a, -hi, false, false});
      } else {
        order(p, a, lo, lo > 0);
        m.diffs.push_back({a, p, -hi, false, false});
      }
      break;
    }
  }
  return m;
}

int64_t Add(int64_t a, int64_t w) { return a <= kNegInf || a >= kPosInf ? a : a + w; }

// Every constraint (written and implicit) holds for the ranks and bounds.
void CheckSolution(const Universe& u) {
  const ResolvedTime& t = u.time;
  RC_ASSERT(t.resolved);
  RC_ASSERT(t.rank.size() == u.points.size());
  std::set<uint32_t> ranks(t.rank.begin(), t.rank.end());
  RC_ASSERT(ranks.size() == RankCount(u));
  if (!ranks.empty()) RC_ASSERT(*ranks.rbegin() == ranks.size() - 1);
  for (PointId p = 0; p < u.points.size(); ++p) {
    RC_ASSERT(t.earliest[p] <= t.latest[p]);
    for (const TimeConstraint& c : u.points[p].constraints) {
      const Meaning m = Mean(u, p, c);
      RC_ASSERT(t.earliest[p] >= m.lo);
      RC_ASSERT(t.latest[p] <= m.hi);
      for (const Diff& d : m.diffs) {
        if (d.order) {
          if (d.strict) {
            RC_ASSERT(t.rank[d.from] < t.rank[d.to]);
          } else {
            RC_ASSERT(t.rank[d.from] <= t.rank[d.to]);
          }
        }
        // The bounds are closed under every difference.
        RC_ASSERT(t.earliest[d.to] >= Add(t.earliest[d.from], d.w));
        RC_ASSERT(t.latest[d.from] <= Add(t.latest[d.to], -d.w));
      }
    }
  }
}

// Brute force: contradictory iff a strict order edge lies on a cycle of
// order edges, or the day differences (with dates as edges from a virtual
// origin) have a positive cycle.
bool OracleInfeasible(const Universe& u) {
  const size_t n = u.points.size();
  const size_t origin = n;
  constexpr int64_t kNo = std::numeric_limits<int64_t>::min() / 4;
  std::vector<std::vector<int64_t>> dist(n + 1, std::vector<int64_t>(n + 1, kNo));
  std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false));
  std::vector<Diff> strict;
  for (size_t i = 0; i <= n; ++i) dist[i][i] = 0;
  for (size_t i = 0; i < n; ++i) reach[i][i] = true;
  for (PointId p = 0; p < n; ++p) {
    for (const TimeConstraint& c : u.points[p].constraints) {
      const Meaning m = Mean(u, p, c);
      if (m.lo > kNegInf) dist[origin][p] = std::max(dist[origin][p], m.lo);
      if (m.hi < kPosInf) dist[p][origin] = std::max(dist[p][origin], -m.hi);
      for (const Diff& d : m.diffs) {
        dist[d.from][d.to] = std::max(dist[d.from][d.to], d.w);
        if (d.order) reach[d.from][d.to] = true;
        if (d.strict) strict.push_back(d);
      }
    }
  }
  for (size_t k = 0; k <= n; ++k) {
    for (size_t i = 0; i <= n; ++i) {
      if (dist[i][k] == kNo) continue;
      for (size_t j = 0; j <= n; ++j) {
        if (dist[k][j] == kNo) continue;
        dist[i][j] = std::max(dist[i][j], dist[i][k] + dist[k][j]);
        if (dist[i][i] > 0) return true;
      }
    }
  }
  for (size_t i = 0; i <= n; ++i) {
    if (dist[i][i] > 0) return true;
  }
  for (size_t k = 0; k < n; ++k) {
    for (size_t i = 0; i < n; ++i) {
      if (!reach[i][k]) continue;
      for (size_t j = 0; j < n; ++j) {
        if (reach[k][j]) reach[i][j] = true;
      }
    }
  }
  for (const Diff& d : strict) {
    if (reach[d.to][d.from]) return true;
  }
  return false;
}

PartialDate YearOf(int64_t day) {
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDay(day, y, m, d);
  return PartialDate{static_cast<int32_t>(y), 0, 0, 0};
}

PartialDate DateOf(int64_t day, int precision) {
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDay(day, y, m, d);
  PartialDate out{static_cast<int32_t>(y), 0, 0, 0};
  if (precision >= 1) out.month = static_cast<uint8_t>(m);
  if (precision >= 2) out.day = static_cast<uint8_t>(d);
  return out;
}

// A hidden witness: story positions (ties allowed) and days non-decreasing
// along them. Only constraints the witness satisfies are written, so the
// system is consistent and the witness must lie within the bounds.
RC_GTEST_PROP(ResolveProperty, ConsistentSystemsResolveAndSatisfyEveryConstraint, ()) {
  const int n = *rc::gen::inRange(1, 40);
  const auto pos = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, n));
  const auto steps = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, 400));
  std::vector<int64_t> day_of_pos(n);
  int64_t day = DayNumber(2000, 1, 1);
  for (int i = 0; i < n; ++i) {
    day += steps[i];
    day_of_pos[i] = day;
  }
  UniverseBuilder b;
  std::vector<PointId> pts;
  for (int i = 0; i < n; ++i) pts.push_back(b.EventPoint(b.Event("p" + std::to_string(i))));
  auto d = [&](int i) { return day_of_pos[pos[i]]; };
  const int m = *rc::gen::inRange(0, 3 * n + 1);
  for (int k = 0; k < m; ++k) {
    const int i = *rc::gen::inRange(0, n);
    const int j = *rc::gen::inRange(0, n);
    const int kind = *rc::gen::inRange(0, 11);
    const PointId p = pts[i], a = pts[j];
    switch (kind) {
      case 0:
        if (pos[i] < pos[j]) b.Rel(p, Kind::kBefore, a, k + 1);
        break;
      case 1:
        if (pos[i] > pos[j]) b.Rel(p, Kind::kAfter, a, k + 1);
        break;
      case 2:
        if (pos[i] == pos[j]) b.Rel(p, Kind::kSame, a, k + 1);
        break;
      case 3:
        if (pos[i] >= pos[j]) b.Rel(p, Kind::kNotBefore, a, k + 1);
        break;
      case 4:
        if (pos[i] <= pos[j]) b.Rel(p, Kind::kNotAfter, a, k + 1);
        break;
      case 5:  // exact days, either way round
        if (pos[i] > pos[j]) {
          b.Offset(p, static_cast<int32_t>(d(i) - d(j)), Unit::kDays, a, k + 1);
        } else if (pos[i] < pos[j]) {
          b.Offset(p, -static_cast<int32_t>(d(j) - d(i)), Unit::kDays, a, k + 1);
        }
        break;
      case 6:  // months or years after
        if (pos[i] > pos[j]) {
          const int64_t gap = d(i) - d(j);
          if (*rc::gen::arbitrary<bool>()) {
            b.Offset(p, static_cast<int32_t>(gap / 31), Unit::kMonths, a, k + 1);
          } else {
            b.Offset(p, static_cast<int32_t>(gap / 366), Unit::kYears, a, k + 1);
          }
        }
        break;
      case 7:
        b.Date(p, DateOf(d(i), *rc::gen::inRange(0, 3)), k + 1);
        break;
      case 8: {
        PartialDate later = YearOf(d(i));
        later.year += *rc::gen::inRange(1, 3);
        b.RelDate(p, Kind::kBefore, later, k + 1);
        break;
      }
      case 9: {
        PartialDate earlier = YearOf(d(i));
        earlier.year -= *rc::gen::inRange(1, 3);
        b.RelDate(p, Kind::kAfter, earlier, k + 1);
        break;
      }
      default:
        break;
    }
  }
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  RC_ASSERT(sink.diagnostics().empty());
  RC_CLASSIFY(n > 20 && m > 40, "large");
  CheckSolution(u);
  for (int i = 0; i < n; ++i) {
    RC_ASSERT(u.time.earliest[pts[i]] <= d(i));
    RC_ASSERT(d(i) <= u.time.latest[pts[i]]);
  }
  // Ranks never contradict certain day order.
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (u.time.latest[pts[i]] < u.time.earliest[pts[j]]) {
        RC_ASSERT(u.time.rank[pts[i]] < u.time.rank[pts[j]]);
      }
    }
  }
}

// Arbitrary small systems: an error is reported exactly when the brute-force
// oracle finds a contradiction; otherwise every constraint is met.
RC_GTEST_PROP(ResolveProperty, ErrorsExactlyWhenTheOracleFindsAContradiction, ()) {
  const int n = *rc::gen::inRange(1, 10);
  UniverseBuilder b;
  std::vector<PointId> pts;
  for (int i = 0; i < n; ++i) pts.push_back(b.EventPoint(b.Event("p" + std::to_string(i))));
  const int m = *rc::gen::inRange(0, 2 * n + 2);
  for (int k = 0; k < m; ++k) {
    const PointId p = pts[*rc::gen::inRange(0, n)];
    const PointId a = pts[*rc::gen::inRange(0, n)];
    const uint32_t line = static_cast<uint32_t>(k + 1);
    switch (*rc::gen::inRange(0, 10)) {
      case 0:
        b.Rel(p, Kind::kBefore, a, line);
        break;
      case 1:
        b.Rel(p, Kind::kAfter, a, line);
        break;
      case 2:
        b.Rel(p, Kind::kSame, a, line);
        break;
      case 3:
        b.Rel(p, Kind::kNotBefore, a, line);
        break;
      case 4:
        b.Offset(p, *rc::gen::inRange(-40, 40), Unit::kDays, a, line);
        break;
      case 5:
        b.Offset(p, *rc::gen::inRange(-2, 3), Unit::kMonths, a, line);
        break;
      case 6:
        b.Offset(p, *rc::gen::inRange(-1, 2), Unit::kYears, a, line);
        break;
      case 7:
        b.Date(p, PartialDate{*rc::gen::inRange(2000, 2003), 0, 0, 0}, line);
        break;
      case 8:
        b.RelDate(p, Kind::kBefore,
                  PartialDate{2001, static_cast<uint8_t>(*rc::gen::inRange(1, 13)), 0, 0}, line);
        break;
      default:
        b.RelDate(p, Kind::kAfter, PartialDate{*rc::gen::inRange(1999, 2002), 0, 0, 0}, line);
        break;
    }
  }
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  const bool infeasible = OracleInfeasible(u);
  RC_CLASSIFY(infeasible, "contradictory");
  RC_ASSERT(sink.has_errors() == infeasible);
  RC_ASSERT(u.time.resolved);
  RC_ASSERT(u.time.rank.size() == u.points.size());
  for (const Diagnostic& d : sink.diagnostics()) RC_ASSERT(!d.notes.empty());
  if (!infeasible) CheckSolution(u);
}

// The same with the predecessor-graph shortcut off: every offset
// contradiction goes through the rounds-and-record fallback.
RC_GTEST_PROP(ResolveProperty, RecordedRoundsFindTheSameContradictions, ()) {
  time_internal::g_hunt_pred_cycles = false;
  const int n = *rc::gen::inRange(2, 8);
  UniverseBuilder b;
  std::vector<PointId> pts;
  for (int i = 0; i < n; ++i) pts.push_back(b.EventPoint(b.Event("p" + std::to_string(i))));
  const int m = *rc::gen::inRange(1, 3 * n);
  for (int k = 0; k < m; ++k) {
    const PointId p = pts[*rc::gen::inRange(0, n)];
    const PointId a = pts[*rc::gen::inRange(0, n)];
    const uint32_t line = static_cast<uint32_t>(k + 1);
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
        b.Offset(p, *rc::gen::inRange(-30, 30), Unit::kDays, a, line);
        break;
      case 1:
        b.Offset(p, *rc::gen::inRange(-2, 3), Unit::kMonths, a, line);
        break;
      case 2:
        b.Rel(p, Kind::kNotBefore, a, line);
        break;
      default:
        b.Offset(p, *rc::gen::inRange(0, 2), Unit::kYears, a, line);
        break;
    }
  }
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  time_internal::g_hunt_pred_cycles = true;
  const bool infeasible = OracleInfeasible(u);
  RC_CLASSIFY(infeasible, "contradictory");
  RC_ASSERT(sink.has_errors() == infeasible);
  for (const Diagnostic& d : sink.diagnostics()) {
    RC_ASSERT(!d.notes.empty());
    // The fallback found exact cycles, not the coarse "too large" report.
    RC_ASSERT(d.hint.find("too large") == std::string::npos);
  }
  if (!infeasible) CheckSolution(u);
}

// A ring of constraints that closes on itself with at least one strict
// link, hidden among shuffled points: one E0501 with a note per ring link.
RC_GTEST_PROP(ResolveProperty, RingsAreOneE0501NamingEveryLink, ()) {
  const int n = *rc::gen::inRange(1, 30);
  const int extra = *rc::gen::inRange(0, 10);
  UniverseBuilder b;
  std::vector<PointId> pts;
  for (int i = 0; i < n + extra; ++i) {
    pts.push_back(b.EventPoint(b.Event("p" + std::to_string(i))));
  }
  const auto order = *rc::gen::unique<std::vector<int>>(n, rc::gen::inRange(0, n + extra));
  const int strict_at = *rc::gen::inRange(0, n);
  std::set<uint32_t> ring_lines;
  for (int i = 0; i < n; ++i) {
    const PointId p = pts[order[i]], next = pts[order[(i + 1) % n]];
    const uint32_t line = static_cast<uint32_t>(100 + i);
    ring_lines.insert(line);
    const bool strict = i == strict_at || *rc::gen::arbitrary<bool>();
    switch (*rc::gen::inRange(0, 3)) {
      case 0:
        b.Rel(p, strict ? Kind::kBefore : Kind::kNotAfter, next, line);
        break;
      case 1:
        b.Rel(next, strict ? Kind::kAfter : Kind::kNotBefore, p, line);
        break;
      default:
        b.Offset(next, strict ? *rc::gen::inRange(1, 5) : 0, Unit::kDays, p, line);
        break;
    }
  }
  // Unrelated, consistent noise on the points outside the ring.
  std::vector<PointId> others;
  for (int i = 0; i < n + extra; ++i) {
    if (std::find(order.begin(), order.end(), i) == order.end()) others.push_back(pts[i]);
  }
  for (size_t i = 1; i < others.size(); ++i) {
    b.Rel(others[i], Kind::kAfter, others[i - 1], static_cast<uint32_t>(500 + i));
  }
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  RC_ASSERT(sink.error_count() == 1u);
  const Diagnostic& d = sink.diagnostics()[0];
  RC_ASSERT(d.id == DiagId::kTimeCycle);
  std::set<uint32_t> noted;
  for (const DiagNote& note : d.notes) noted.insert(note.loc.line);
  RC_ASSERT(noted == ring_lines);
  RC_ASSERT(d.notes.size() == ring_lines.size());
  RC_ASSERT(u.time.rank.size() == u.points.size());
}

}  // namespace
}  // namespace canon
