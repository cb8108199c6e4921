// Spoiler-test helpers (see spoiler_oracle.h).
#include "support/spoiler_oracle.h"

#include <algorithm>

#include "model/dates.h"

namespace canon::testing {

// Story time for the random universe: any ranks will do for spoiler safety
// (ties allowed), and random day bounds for `--at DATE`.
void FillTime(Universe& u, Rng& rng) {
  const size_t n = u.points.size();
  u.time.rank.resize(n);
  u.time.earliest.resize(n);
  u.time.latest.resize(n);
  for (size_t p = 0; p < n; ++p) {
    u.time.rank[p] = rng.Below(static_cast<uint32_t>(n / 2 + 1));
    if (rng.Percent(50)) {
      int64_t day = DayNumber(1990 + static_cast<int>(rng.Below(40)), 1, 1) + rng.Below(365);
      u.time.earliest[p] = day;
      u.time.latest[p] = day + rng.Below(400);
    } else {
      u.time.earliest[p] = ResolvedTime::kNegInf;
      u.time.latest[p] = ResolvedTime::kPosInf;
    }
  }
  u.time.resolved = true;
}

std::string RandomHorizon(const Universe& u, Rng& rng) {
  std::vector<std::string> items;
  const int n = 1 + static_cast<int>(rng.Below(3));
  for (int i = 0; i < n; ++i) {
    const uint32_t kind = rng.Below(100);
    if (u.works.empty() || kind < 3) {
      items.push_back(rng.Percent(50) ? "none" : "all");
      continue;
    }
    const Work& w = u.works[rng.Below(static_cast<uint32_t>(u.works.size()))];
    if (kind < 45) {
      items.push_back(w.path);
    } else if (kind < 65 && w.is_leaf()) {
      items.push_back(w.path + "@" +
                      (rng.Percent(50) ? std::to_string(rng.Below(10))
                                       : std::to_string(rng.Below(40)) + ":" +
                                             std::to_string(10 + rng.Below(50))));
    } else if (kind < 85 && w.parent != kNone) {
      const auto& sibs = u.works[w.parent].children;
      size_t at = std::find(sibs.begin(), sibs.end(), &w - u.works.data()) - sibs.begin();
      size_t to = at + rng.Below(static_cast<uint32_t>(sibs.size() - at));
      items.push_back(w.path + "-" + u.works[sibs[to]].id);
    } else {
      items.push_back((rng.Percent(50) ? "released<=" : "released<") +
                      std::to_string(1990 + rng.Below(32)));
    }
  }
  std::string spec;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) spec += rng.Percent(50) ? "," : "+";
    spec += items[i];
  }
  return spec;
}

// The oracle: the visibility rules of docs/queries.md, as a fixpoint.
Oracle::Oracle(const Universe& u, const Horizon& h) {
  auto any = [&](const std::vector<RevealPoint>& ps) {
    return std::any_of(ps.begin(), ps.end(), [&](const RevealPoint& p) { return h.Contains(p); });
  };
  entity.assign(u.entities.size(), false);
  fact.assign(u.facts.size(), false);
  event.assign(u.events.size(), false);
  const PredicateId played_by = u.FindPredicate("played_by");
  for (EntityId e = 0; e < u.entities.size(); ++e) entity[e] = any(u.entities[e].introduced);
  // An appearance is visible at its point and shows its entity.
  for (const Appearance& a : u.appearances) {
    if (h.Contains(a.at)) entity[a.entity] = true;
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!any(u.events[e].revealed)) continue;
    event[e] = true;
    for (const Role& r : u.events[e].roles) entity[r.entity] = true;
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& x = u.facts[f];
    if (x.revealed.empty() || !any(x.revealed)) continue;
    fact[f] = true;
    entity[x.subject] = true;
    if (x.object.kind == ValueKind::kEntity) entity[x.object.entity] = true;
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& x = u.facts[f];
      if (fact[f] || !x.revealed.empty() || !entity[x.subject]) continue;
      const bool entity_object = x.object.kind == ValueKind::kEntity;
      if (entity_object && x.predicate == played_by) {
        fact[f] = true;
        if (!entity[x.object.entity]) entity[x.object.entity] = true;
        changed = true;
      } else if (!entity_object || entity[x.object.entity]) {
        fact[f] = true;
        changed = true;
      }
    }
  }
}

bool ContainsWord(const std::string& hay, const std::string& needle) {
  if (needle.empty()) return false;
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
    const bool left = at == 0 || !word(hay[at - 1]) || !word(needle.front());
    const size_t end = at + needle.size();
    const bool right = end >= hay.size() || !word(hay[end]) || !word(needle.back());
    if (left && right) return true;
  }
  return false;
}

std::string QualifiedEvent(const Universe& u, EventId e) {
  return u.continuities[u.events[e].continuity].id + ":" + u.events[e].id;
}

}  // namespace canon::testing
