// The three whole-universe continuity rules: gather once, sweep per check.
#include "index/continuity.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace canon {

std::string_view ContinuityRuleName(ContinuityViolation::Rule rule) {
  switch (rule) {
    case ContinuityViolation::Rule::kExclusiveOverlap:
      return "exclusive-overlap";
    case ContinuityViolation::Rule::kPresenceAfterDeath:
      return "presence-after-death";
    case ContinuityViolation::Rule::kKnowledgeBeforeLearned:
      return "knowledge-before-learned";
  }
  return "?";
}

namespace {

bool AnyReveal(const std::vector<RevealPoint>& ps) { return !ps.empty(); }

}  // namespace

ContinuityIndex ContinuityIndex::Build(const FactIndex& ix) {
  ContinuityIndex c;
  c.ix_ = &ix;
  const Universe& u = ix.universe();
  const HorizonMask all = HorizonMask::Prefix(static_cast<uint32_t>(u.release_order.size()),
                                              static_cast<uint32_t>(u.release_order.size()));
  std::unordered_map<std::string, uint32_t> interned;
  auto intern = [&](const std::string& s) -> uint32_t {
    auto [it, fresh] = interned.try_emplace(s, static_cast<uint32_t>(c.texts_.size()));
    if (fresh) c.texts_.push_back(s);
    return it->second | (1u << 31);
  };
  const PredicateId status = u.FindPredicate("status");
  // An event is "real" for the whole universe unless it was overturned.
  auto event_real = [&](EventId e) {
    return e < u.events.size() && !AnyReveal(u.events[e].overturned);
  };
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    if (ix.FactOverturned(f, all)) continue;
    const TimeKey start = ix.ViewerStart(f, all), end = ix.ViewerEnd(f, all);
    const Predicate& p = u.predicates[fact.predicate];
    if (p.exclusive) {
      uint32_t obj = fact.object.kind == ValueKind::kEntity ? fact.object.entity
                     : fact.object.kind == ValueKind::kNumber
                         ? intern("#" + std::to_string(fact.object.number))
                         : intern(fact.object.text);
      c.excl_.push_back({fact.subject, fact.predicate, start, end, obj, f});
      if (p.symmetric && fact.object.kind == ValueKind::kEntity) {
        c.excl_.push_back({fact.object.entity, fact.predicate, start, end, fact.subject, f});
      }
    }
    if (fact.predicate == status && status != kNone && fact.object.text == "dead") {
      c.dead_.push_back({fact.subject, start, end, f});
    }
  }
  // Appearances: a placed one at its point, the others over their work's
  // slot (whole-slot semantics, as lint's dead-acts).
  for (AppearanceId a = 0; a < u.appearances.size(); ++a) {
    const Appearance& ap = u.appearances[a];
    if (ap.entity >= u.entities.size()) continue;
    if (ap.time != kNone) {
      const TimeKey k = ix.PointKey(ap.time);
      c.presence_.push_back({ap.entity, k, k, a});
    } else if (ap.at.work < u.works.size()) {
      const Work& w = u.works[ap.at.work];
      if (w.slot_start == kNone || w.slot_end == kNone) continue;
      c.presence_.push_back({ap.entity, ix.PointKey(w.slot_start), ix.PointKey(w.slot_end), a});
    }
  }
  // Uses of knowledge: one per user (the model stores one per `by`; a use
  // without a user stands for every participant that can know).
  for (EventId e = 0; e < u.events.size(); ++e) {
    const Event& ev = u.events[e];
    if (ev.uses.empty() || !event_real(e) || ev.time == kNone) continue;
    const TimeKey at = ix.PointKey(ev.time);
    for (const Event::Use& use : ev.uses) {
      if (use.target == kNone) continue;
      if (use.who != kNone) {
        c.uses_.push_back({e, use.who, use.target_is_fact, use.target, at, kOpenKey});
        continue;
      }
      std::vector<EntityId> users;
      for (const Role& r : ev.roles) {
        if (r.entity >= u.entities.size()) continue;
        const EntityKind kind = u.entities[r.entity].kind;
        if (kind == EntityKind::kPlace || kind == EntityKind::kObject) continue;
        if (std::find(users.begin(), users.end(), r.entity) != users.end()) continue;
        users.push_back(r.entity);
        c.uses_.push_back({e, r.entity, use.target_is_fact, use.target, at, kOpenKey});
      }
    }
  }
  // Learned moments per (who, target): the earliest knowledge of it. A
  // record without `from` knows an event from its time, a fact from the
  // beginning.
  if (!c.uses_.empty()) {
    auto key_of = [](EntityId who, bool is_fact, uint32_t target) {
      return (uint64_t{who} << 32) ^ (uint64_t{is_fact} << 31) ^ target;
    };
    std::unordered_map<uint64_t, TimeKey> learned;
    learned.reserve(c.uses_.size() * 2);
    for (const Use& use : c.uses_) {
      learned.emplace(key_of(use.who, use.target_is_fact, use.target), kOpenKey);
    }
    for (const Knowledge& k : u.knowledge) {
      const bool is_fact = k.target_kind == Knowledge::TargetKind::kFact;
      auto it = learned.find(key_of(k.who, is_fact, k.target));
      if (it == learned.end()) continue;
      TimeKey from = 0;
      if (k.from != kNone) {
        from = ix.PointKey(k.from);
      } else if (!is_fact && k.target < u.events.size() && u.events[k.target].time != kNone) {
        from = ix.PointKey(u.events[k.target].time);
      }
      it->second = std::min(it->second, from);
    }
    for (Use& use : c.uses_) use.learned = learned[key_of(use.who, use.target_is_fact, use.target)];
  }
  std::sort(c.excl_.begin(), c.excl_.end(), [](const Excl& a, const Excl& b) {
    return std::tie(a.subject, a.pred, a.start, a.fact) <
           std::tie(b.subject, b.pred, b.start, b.fact);
  });
  std::sort(c.presence_.begin(), c.presence_.end(), [](const Presence& a, const Presence& b) {
    return std::tie(a.entity, a.lo, a.appearance) < std::tie(b.entity, b.lo, b.appearance);
  });
  std::sort(c.dead_.begin(), c.dead_.end(), [](const Dead& a, const Dead& b) {
    return std::tie(a.entity, a.start, a.fact) < std::tie(b.entity, b.start, b.fact);
  });
  return c;
}

std::vector<ContinuityViolation> ContinuityIndex::Check() const {
  using Rule = ContinuityViolation::Rule;
  std::vector<ContinuityViolation> out;
  // Rule 1: sweep each (subject, predicate) group in start order with the
  // list of facts still holding.
  std::vector<const Excl*> active;
  for (size_t i = 0; i < excl_.size(); ++i) {
    const Excl& x = excl_[i];
    if (i == 0 || x.subject != excl_[i - 1].subject || x.pred != excl_[i - 1].pred) active.clear();
    std::erase_if(active, [&](const Excl* a) { return a->end <= x.start; });
    if (x.end > x.start) {
      for (const Excl* a : active) {
        if (a->object != x.object) {
          out.push_back({Rule::kExclusiveOverlap, x.subject, std::min(a->fact, x.fact),
                         std::max(a->fact, x.fact), kNone});
        }
      }
      active.push_back(&x);
    }
  }
  // Rule 2: merge presences with death intervals, both sorted by entity.
  size_t d = 0;
  for (const Presence& p : presence_) {
    while (d < dead_.size() && dead_[d].entity < p.entity) ++d;
    for (size_t j = d; j < dead_.size() && dead_[j].entity == p.entity; ++j) {
      if (dead_[j].start < p.lo && p.hi < dead_[j].end) {
        ContinuityViolation v{Rule::kPresenceAfterDeath, p.entity, kNone, dead_[j].fact};
        v.appearance = p.appearance;
        out.push_back(v);
        break;
      }
    }
  }
  // Rule 3: each use against the moment its user learned the event.
  for (const Use& use : uses_) {
    if (use.at < use.learned) {
      ContinuityViolation v{Rule::kKnowledgeBeforeLearned, use.who};
      (use.target_is_fact ? v.fact_a : v.event) = use.target;
      v.using_event = use.user;
      out.push_back(v);
    }
  }
  std::sort(out.begin(), out.end(), [](const ContinuityViolation& a, const ContinuityViolation& b) {
    return std::tie(a.rule, a.entity, a.fact_a, a.fact_b, a.event, a.using_event, a.appearance) <
           std::tie(b.rule, b.entity, b.fact_a, b.fact_b, b.event, b.using_event, b.appearance);
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string ContinuityIndex::Key(const ContinuityViolation& v) const {
  const Universe& u = ix_->universe();
  std::string key(ContinuityRuleName(v.rule));
  key += '\t';
  key += v.entity < u.entities.size() ? u.QualifiedId(v.entity) : "?";
  key += '\t';
  auto object_name = [&](FactId f) -> std::string {
    const Value& o = u.facts[f].object;
    if (o.kind == ValueKind::kEntity) {
      // For a symmetric predicate seen from the object's side, the "object"
      // is the subject.
      EntityId other = o.entity == v.entity ? u.facts[f].subject : o.entity;
      return u.entities[other].id;
    }
    return o.text;
  };
  switch (v.rule) {
    case ContinuityViolation::Rule::kExclusiveOverlap: {
      std::string a = object_name(v.fact_a), b = object_name(v.fact_b);
      if (b < a) std::swap(a, b);
      key += u.predicates[u.facts[v.fact_a].predicate].name + " " + a + " " + b;
      break;
    }
    case ContinuityViolation::Rule::kPresenceAfterDeath: {
      const uint32_t w =
          v.appearance < u.appearances.size() ? u.appearances[v.appearance].at.work : kNone;
      key += w < u.works.size() ? u.works[w].path : "?";
      break;
    }
    case ContinuityViolation::Rule::kKnowledgeBeforeLearned:
      key += v.event < u.events.size()   ? u.events[v.event].id
             : v.fact_a < u.facts.size() ? u.facts[v.fact_a].label
                                         : "?";
      break;
  }
  return key;
}

size_t ContinuityIndex::bytes() const {
  return excl_.capacity() * sizeof(Excl) + presence_.capacity() * sizeof(Presence) +
         dead_.capacity() * sizeof(Dead) + uses_.capacity() * sizeof(Use);
}

}  // namespace canon
