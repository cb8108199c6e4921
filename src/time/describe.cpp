// Wording of points, constraints and days for story-time diagnostics, and
// the small day arithmetic they share with the solver.
#include <cstdio>
#include <string>

#include "model/dates.h"
#include "time/internal.h"
#include "time/resolve.h"

namespace canon {
namespace time_internal {

void GapRange(int64_t n, TimeConstraint::Unit unit, int64_t& lo, int64_t& hi) {
  switch (unit) {
    case TimeConstraint::Unit::kDays:
      lo = hi = n;
      return;
    case TimeConstraint::Unit::kMonths:
      lo = n * 28;
      hi = (n + 1) * 31 - 1;
      return;
    case TimeConstraint::Unit::kYears:
      lo = n * 365;
      hi = (n + 1) * 366 - 1;
      return;
  }
  lo = hi = n;
}

namespace {

std::string Quoted(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string WorkName(const Universe& u, WorkId w) {
  return w < u.works.size() ? Quoted(u.works[w].path) : "a work";
}

std::string UnitName(TimeConstraint::Unit unit, int64_t n) {
  const char* base = unit == TimeConstraint::Unit::kDays     ? "day"
                     : unit == TimeConstraint::Unit::kMonths ? "month"
                                                             : "year";
  return std::to_string(n) + " " + base + (n == 1 ? "" : "s");
}

// The anchor of `c` as words: a point, a work, or a date.
std::string AnchorText(const Universe& u, const TimeConstraint& c) {
  switch (c.anchor_kind) {
    case TimeConstraint::AnchorKind::kPoint:
      return DescribeTimePoint(u, c.point);
    case TimeConstraint::AnchorKind::kWork:
      return WorkName(u, c.work);
    case TimeConstraint::AnchorKind::kDate:
      return FormatDate(u, c.date);
  }
  return "?";
}

const Work* OwnerWork(const Universe& u, const TimePoint& tp) {
  if (tp.owner != TimePoint::Owner::kWorkStart && tp.owner != TimePoint::Owner::kWorkEnd) {
    return nullptr;
  }
  return tp.owner_id < u.works.size() ? &u.works[tp.owner_id] : nullptr;
}

// Wording for the implicit constraints the stage writes (implicit.cpp).
std::string DescribeImplicit(const Universe& u, PointId p, const TimeConstraint& c) {
  const TimePoint& tp = u.points[p];
  const Work* w = OwnerWork(u, tp);
  const bool point_anchor =
      c.anchor_kind == TimeConstraint::AnchorKind::kPoint && c.point < u.points.size();
  if (w != nullptr && point_anchor) {
    const TimePoint& anchor = u.points[c.point];
    const Work* aw = OwnerWork(u, anchor);
    if (aw == w) return "the slot of " + Quoted(w->path) + " cannot end before it starts";
    if (aw != nullptr && w->parent < u.works.size() && aw == &u.works[w->parent]) {
      return Quoted(w->path) + " happens within " + Quoted(aw->path);
    }
    if (aw != nullptr && aw->parent < u.works.size() && &u.works[aw->parent] == w) {
      // Tight slots (implicit.cpp): a parent with no placed descendant.
      return tp.owner == TimePoint::Owner::kWorkStart
                 ? Quoted(w->path) + " starts with its first child " + Quoted(aw->path) +
                       " (nothing in it is a `flashback` or placed by `story`)"
                 : Quoted(w->path) + " ends with its last child " + Quoted(aw->path) +
                       " (nothing in it is a `flashback` or placed by `story`)";
    }
    if (aw != nullptr && anchor.owner == TimePoint::Owner::kWorkEnd) {
      return Quoted(w->path) + " comes after " + Quoted(aw->path) +
             " in release order (neither is a `flashback` or placed by `story`)";
    }
  }
  if (tp.owner == TimePoint::Owner::kAppearance && c.kind == TimeConstraint::Kind::kDuring) {
    return DescribeTimePoint(u, p) + " happens during " + WorkName(u, c.work);
  }
  if (tp.owner == TimePoint::Owner::kEvent && c.kind == TimeConstraint::Kind::kDuring) {
    return DescribeTimePoint(u, p) + " has no `story`, so it happens during " +
           WorkName(u, c.work) + ", where it is first revealed";
  }
  if (const FactId f = FactOfOrderConstraint(u, p, c); f != kNone) {
    return "fact " + Quoted(FactName(u, f)) + " must start before it ends";
  }
  if (tp.owner == TimePoint::Owner::kKnowledge && c.kind == TimeConstraint::Kind::kSame) {
    return DescribeTimePoint(u, p) + " is when it happens (no `from` given)";
  }
  return {};
}

}  // namespace

std::string FactName(const Universe& u, FactId f) {
  if (f >= u.facts.size()) return "?";
  const Fact& fact = u.facts[f];
  if (!fact.label.empty()) return fact.label;
  std::string s = fact.subject < u.entities.size() ? u.entities[fact.subject].id : "?";
  s += " ";
  s += fact.predicate < u.predicates.size() ? u.predicates[fact.predicate].name : "?";
  s += " ";
  s += ValueSourceText(u, fact.object);
  return s;
}

FactId FactOfOrderConstraint(const Universe& u, PointId p, const TimeConstraint& c) {
  // Only this rule writes implicit kAfter constraints (implicit.cpp).
  if (!c.implicit || c.kind != TimeConstraint::Kind::kAfter ||
      c.anchor_kind != TimeConstraint::AnchorKind::kPoint || p >= u.points.size()) {
    return kNone;
  }
  const TimePoint& tp = u.points[p];
  auto is_it = [&](FactId f) {
    return f < u.facts.size() && u.facts[f].end == p && u.facts[f].start == c.point;
  };
  if (tp.owner == TimePoint::Owner::kFactEnd && is_it(tp.owner_id)) return tp.owner_id;
  if (tp.owner == TimePoint::Owner::kEvent && tp.owner_id < u.events.size()) {
    for (FactId f : u.events[tp.owner_id].ends) {
      if (is_it(f)) return f;
    }
  }
  return kNone;
}

std::string DescribeConstraint(const Universe& u, PointId p, const TimeConstraint& c) {
  if (p >= u.points.size()) return "a story-time constraint";
  if (c.implicit) {
    std::string s = DescribeImplicit(u, p, c);
    if (!s.empty()) return s;
  }
  const std::string subject = DescribeTimePoint(u, p);
  const std::string anchor = AnchorText(u, c);
  using K = TimeConstraint::Kind;
  switch (c.kind) {
    case K::kBefore:
      return subject + " is before " + anchor;
    case K::kAfter:
      return subject + " is after " + anchor;
    case K::kDuring:
      return subject + " is during " + anchor;
    case K::kSame:
      return subject + " is at " + anchor;
    case K::kDate: {
      const bool full = c.date.day != 0 && c.date.era == 0;
      return subject + (full ? " is on " : " is in ") + FormatDate(u, c.date);
    }
    case K::kOffset: {
      const int64_t n = c.amount < 0 ? -static_cast<int64_t>(c.amount) : c.amount;
      return subject + " is " + UnitName(c.unit, n) + (c.amount < 0 ? " before " : " after ") +
             anchor;
    }
    case K::kNotBefore:
      return subject + " is not before " + anchor;
    case K::kNotAfter:
      return subject + " is not after " + anchor;
  }
  return subject + " is constrained by " + anchor;
}

}  // namespace time_internal

std::string DescribeTimePoint(const Universe& u, PointId p) {
  using time_internal::FactName;
  if (p >= u.points.size()) return "an unknown point";
  const TimePoint& tp = u.points[p];
  const uint32_t id = tp.owner_id;
  auto q = [](std::string_view s) { return "`" + std::string(s) + "`"; };
  switch (tp.owner) {
    case TimePoint::Owner::kEvent:
      if (id < u.events.size()) return "event " + q(u.events[id].id);
      break;
    case TimePoint::Owner::kFactStart:
      if (id < u.facts.size()) return "the start of fact " + q(FactName(u, id));
      break;
    case TimePoint::Owner::kFactEnd:
      if (id < u.facts.size()) return "the end of fact " + q(FactName(u, id));
      break;
    case TimePoint::Owner::kWorkStart:
      if (id < u.works.size()) return "the start of " + q(u.works[id].path);
      break;
    case TimePoint::Owner::kWorkEnd:
      if (id < u.works.size()) return "the end of " + q(u.works[id].path);
      break;
    case TimePoint::Owner::kKnowledge:
      if (id < u.knowledge.size()) {
        const Knowledge& k = u.knowledge[id];
        std::string who = k.who < u.entities.size() ? u.entities[k.who].id : "?";
        std::string what = "?";
        if (k.target_kind == Knowledge::TargetKind::kEvent && k.target < u.events.size()) {
          what = u.events[k.target].id;
        } else if (k.target_kind == Knowledge::TargetKind::kFact) {
          what = FactName(u, k.target);
        }
        return "when " + q(who) + " learns of " + q(what);
      }
      break;
    case TimePoint::Owner::kAppearance:
      if (id < u.appearances.size()) {
        const Appearance& a = u.appearances[id];
        const std::string who = a.entity < u.entities.size() ? u.entities[a.entity].id : "?";
        const std::string where = a.at.work < u.works.size() ? u.works[a.at.work].path : "?";
        return "the appearance of " + q(who) + " in " + q(where);
      }
      break;
  }
  return "point " + std::to_string(p);
}

std::string FormatDay(const Universe& u, int64_t day, EraId era) {
  if (day <= ResolvedTime::kNegInf) return "-inf";
  if (day >= ResolvedTime::kPosInf) return "+inf";
  int64_t year = 0;
  int month = 0, dom = 0;
  CivilFromDay(day, year, month, dom);
  if (era != 0 && era < u.eras.size()) {
    const Era& e = u.eras[era];
    const int64_t era_year = (year - e.epoch) * (e.direction < 0 ? -1 : 1);
    return std::to_string(era_year) + " " + e.id;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(year), month, dom);
  return buf;
}

}  // namespace canon
