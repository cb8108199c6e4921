// What a work builds on (see focus.h).
#include "recap/focus.h"

#include <algorithm>

namespace canon {
namespace {

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

WorkReliance ComputeReliance(const Universe& u, WorkId w) {
  WorkReliance r;
  r.work = w;
  r.in_work.assign(u.works.size(), 0);
  if (w >= u.works.size()) return r;
  // Works under w (iterative: trees can be deep).
  std::vector<WorkId> stack = {w};
  while (!stack.empty()) {
    WorkId x = stack.back();
    stack.pop_back();
    if (x >= u.works.size() || r.in_work[x]) continue;
    r.in_work[x] = 1;
    for (WorkId c : u.works[x].children) stack.push_back(c);
  }
  auto any_in = [&](const std::vector<RevealPoint>& ps) {
    return std::any_of(ps.begin(), ps.end(), [&](const RevealPoint& p) { return r.Contains(p); });
  };
  // What a point refers to through its constraints.
  auto refer = [&](PointId p) {
    if (p == kNone || p >= u.points.size()) return;
    for (const TimeConstraint& c : u.points[p].constraints) {
      if (c.implicit || c.anchor_kind != TimeConstraint::AnchorKind::kPoint ||
          c.point >= u.points.size()) {
        continue;
      }
      const TimePoint& q = u.points[c.point];
      switch (q.owner) {
        case TimePoint::Owner::kEvent:
          if (q.owner_id < u.events.size()) r.events.push_back(q.owner_id);
          break;
        case TimePoint::Owner::kFactStart:
        case TimePoint::Owner::kFactEnd:
          if (q.owner_id < u.facts.size()) r.facts.push_back(q.owner_id);
          break;
        default:
          break;
      }
    }
  };
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (any_in(u.entities[e].introduced)) r.cast.push_back(e);
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    const Event& ev = u.events[e];
    if (!any_in(ev.revealed)) continue;
    for (const Role& role : ev.roles) {
      if (role.entity < u.entities.size()) r.cast.push_back(role.entity);
    }
    refer(ev.time);
    for (const Event::Use& use : ev.uses) {
      if (use.target_is_fact) {
        if (use.target < u.facts.size()) r.facts.push_back(use.target);
      } else if (use.target < u.events.size()) {
        r.events.push_back(use.target);
      }
    }
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& x = u.facts[f];
    if (!any_in(x.revealed)) continue;
    if (x.subject < u.entities.size()) r.cast.push_back(x.subject);
    if (x.object.kind == ValueKind::kEntity && x.object.entity < u.entities.size()) {
      r.cast.push_back(x.object.entity);
    }
    refer(x.start);
    refer(x.end);
  }
  for (const Appearance& a : u.appearances) {
    if (r.Contains(a.at) && a.entity < u.entities.size()) r.cast.push_back(a.entity);
  }
  for (const Knowledge& k : u.knowledge) {
    if (!any_in(k.revealed)) continue;
    if (k.target_kind == Knowledge::TargetKind::kEvent) {
      if (k.target < u.events.size()) r.events.push_back(k.target);
    } else if (k.target < u.facts.size()) {
      r.facts.push_back(k.target);
    }
  }
  SortUnique(r.cast);
  SortUnique(r.events);
  SortUnique(r.facts);
  return r;
}

}  // namespace canon
