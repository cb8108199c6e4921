// The per-key rules: one pass over an entity's statements gathers what every
// rule needs (death and birth, activities, places, exclusive facts,
// knowledge, ages, counterpart facts), then each enabled rule runs over that
// in near-linear time (sorts by story rank, sweeps). See internal.h for the
// contract with the incremental cache: read only the key's own items and
// what KeyHasher covers.
#include <algorithm>
#include <cmath>

#include "lint/internal.h"
#include "model/dates.h"
#include "time/resolve.h"

namespace canon::lint_internal {
namespace {

// Activity kinds, stored in Finding::b for dead-acts and unborn-acts.
enum ActKind : int64_t {
  kActEvent = 0,
  kActAppearance = 1,
  kActLearn = 2,
  kActUse = 3,
  kActRelation = 4
};

struct Activity {
  ItemRef item;
  ActKind kind = kActEvent;
  uint32_t lo = 0, hi = 0;             // story ranks, inclusive
  PointId p_lo = kNone, p_hi = kNone;  // for day bounds
  int64_t param = 0;                   // role index, use index, or 1 = object side
};

struct Interval {
  ItemRef item;
  uint32_t s = 0, t = 0;  // [s, t) in ranks
  bool open_start = false;
};

struct Exclusive {
  PredicateId pred;
  Value other;  // the value the key holds (for the object side: the subject)
  uint32_t s, t;
  ItemRef item;
};

struct Claim {  // the key is at `places` at rank x (an event with a location)
  uint32_t x;
  ItemRef item;
  std::vector<EntityId> places;
};

struct Use {
  ItemRef item;
  uint32_t x;
  int64_t index;
  bool is_fact;
  uint32_t target;
};

struct Known {
  bool is_fact;
  uint32_t target;
  uint32_t from;  // rank; 0 when known since before the story
  ItemRef item;
};

int64_t Earliest(const Universe& u, PointId p) {
  return p < u.time.earliest.size() ? u.time.earliest[p] : ResolvedTime::kNegInf;
}
int64_t Latest(const Universe& u, PointId p) {
  return p < u.time.latest.size() ? u.time.latest[p] : ResolvedTime::kPosInf;
}
bool Finite(int64_t d) { return d > ResolvedTime::kNegInf && d < ResolvedTime::kPosInf; }

// Whole years from `birth` to `day` (days on one year line).
int64_t AgeAt(int64_t birth, int64_t day) {
  int64_t y1, y2;
  int m1, d1, m2, d2;
  CivilFromDay(birth, y1, m1, d1);
  CivilFromDay(day, y2, m2, d2);
  int64_t years = y2 - y1;
  if (m2 < m1 || (m2 == m1 && d2 < d1)) --years;
  return years;
}

bool IsKeyword(const Value& v, std::string_view word) {
  return v.kind == ValueKind::kKeyword && v.text == word;
}

class KeyChecker {
 public:
  KeyChecker(const RuleContext& ctx, const KeyTable& table, EntityId e, std::vector<Finding>& out)
      : ctx_(ctx), u_(ctx.u), table_(table), e_(e), out_(out) {}

  void Run() {
    Gather();
    if (ctx_.time_ok()) {
      if (ctx_.Enabled(DiagId::kLintDeadActs)) DeadActs();
      if (ctx_.Enabled(DiagId::kLintUnbornActs)) UnbornActs();
      if (ctx_.Enabled(DiagId::kLintTwoPlaces)) TwoPlaces();
      if (ctx_.Enabled(DiagId::kLintExclusiveOverlap) ||
          ctx_.Enabled(DiagId::kLintUndeclaredRetcon)) {
        Overlaps();
      }
      if (ctx_.Enabled(DiagId::kLintKnowledgeBeforeLearned)) KnowledgeBeforeLearned();
      if (ctx_.Enabled(DiagId::kLintAgeMismatch)) Ages();
    }
    if (ctx_.Enabled(DiagId::kLintCounterpartDiverges)) Counterparts();
  }

 private:
  uint32_t R(PointId p, uint32_t if_none) const { return ctx_.Rank(p, if_none); }

  void Emit(DiagId rule, std::vector<ItemRef> items, int64_t a = 0, int64_t b = 0, int64_t c = 0) {
    Finding f;
    f.rule = rule;
    f.key = e_;
    f.items = std::move(items);
    f.a = a;
    f.b = b;
    f.c = c;
    out_.push_back(std::move(f));
  }

  // Whether the key has a death or a birth at all: only then are its
  // activities collected (most entities never die on screen). Precomputed
  // per run by RuleContext.
  bool HasLifeEvents() const { return ctx_.HasLifeEvents(e_); }

  static constexpr size_t kPrefetchAhead = 8;

  void AddAct(const Activity& a) {
    if (life_) acts_.push_back(a);
  }

  void Gather() {
    life_ = (ctx_.Enabled(DiagId::kLintDeadActs) || ctx_.Enabled(DiagId::kLintUnbornActs)) &&
            HasLifeEvents();
    const size_t n = u_.entities.size();
    const EntityKind my_kind = u_.entities[e_].kind;
    const bool can_know = my_kind != EntityKind::kPlace && my_kind != EntityKind::kObject;
    const std::span<const ItemRef> items = table_.Items(e_);
    for (size_t i = 0; i < items.size(); ++i) {
      // The key's facts lie scattered over the universe's fact array: fetch
      // the fields GatherFact reads a few items ahead (the wait for memory
      // dominates lint on large universes).
      if (i + kPrefetchAhead < items.size()) {
        const ItemRef& ahead = items[i + kPrefetchAhead];
        if (ahead.kind == ItemKind::kFact && ahead.id < u_.facts.size()) {
          const Fact& f = u_.facts[ahead.id];
          __builtin_prefetch(&f.subject);
          __builtin_prefetch(&f.start);
          __builtin_prefetch(&f.overturned);
          __builtin_prefetch(&f.started_by);
        }
      }
      const ItemRef& it = items[i];
      switch (it.kind) {
        case ItemKind::kFact:
          GatherFact(it);
          break;
        case ItemKind::kPartnerFact:
          partner_facts_.push_back(it);
          break;
        case ItemKind::kEvent: {
          const Event& ev = u_.events[it.id];
          if (!ev.overturned.empty()) break;
          const uint32_t x = R(ev.time, kNone);
          if (x == kNone) break;
          int64_t active_role = -1;
          bool in_non_location_role = false, is_child = false;
          std::vector<EntityId> places;
          for (size_t i = 0; i < ev.roles.size(); ++i) {
            const Role& r = ev.roles[i];
            if (r.role == "location" && r.entity < n &&
                u_.entities[r.entity].kind == EntityKind::kPlace) {
              if (std::find(places.begin(), places.end(), r.entity) == places.end()) {
                places.push_back(r.entity);
              }
            }
            if (r.entity != e_) continue;
            if (r.role != "location") in_non_location_role = true;
            if (r.role == "child" && ev.kind == "birth") is_child = true;
            if (active_role < 0 && !RuleContext::PassiveRole(r.role)) {
              active_role = static_cast<int64_t>(i);
            }
          }
          if (is_child) {
            if (birth_rank_ == kNone || x < birth_rank_) {
              birth_rank_ = x;
              birth_item_ = it;
              birth_point_ = ev.time;
            }
          } else if (active_role >= 0) {
            AddAct(Activity{it, kActEvent, x, x, ev.time, ev.time, active_role});
          }
          if (in_non_location_role && !places.empty() && my_kind != EntityKind::kPlace) {
            claims_.push_back(Claim{x, it, std::move(places)});
          }
          for (size_t i = 0; i < ev.uses.size(); ++i) {
            const Event::Use& use = ev.uses[i];
            if (use.who == e_ || (use.who == kNone && can_know)) {
              uses_.push_back(Use{it, x, static_cast<int64_t>(i), use.target_is_fact, use.target});
              // An explicit `by` from a passive participant is an act too.
              if (use.who == e_ && active_role < 0) {
                AddAct(Activity{it, kActUse, x, x, ev.time, ev.time, static_cast<int64_t>(i)});
              }
            }
          }
          break;
        }
        case ItemKind::kAppearance: {
          const Appearance& a = u_.appearances[it.id];
          if (a.time != kNone) {
            const uint32_t x = R(a.time, kNone);
            if (x != kNone) AddAct(Activity{it, kActAppearance, x, x, a.time, a.time});
          } else if (a.at.work < u_.works.size()) {
            const Work& w = u_.works[a.at.work];
            const uint32_t lo = R(w.slot_start, kNone), hi = R(w.slot_end, kNone);
            if (lo != kNone && hi != kNone) {
              AddAct(Activity{it, kActAppearance, lo, hi, w.slot_start, w.slot_end});
            }
          }
          break;
        }
        case ItemKind::kKnowledge: {
          const Knowledge& k = u_.knowledge[it.id];
          const bool is_fact = k.target_kind == Knowledge::TargetKind::kFact;
          const uint32_t from = R(k.from, 0);
          known_.push_back(Known{is_fact, k.target, from, it});
          if (!k.implicit && k.from != kNone) {
            AddAct(Activity{it, kActLearn, from, from, k.from, k.from});
          }
          break;
        }
        case ItemKind::kUse: {
          const Event& ev = u_.events[it.id];
          if (!ev.overturned.empty()) break;
          const uint32_t x = R(ev.time, kNone);
          if (x == kNone) break;
          const Event::Use& use = ev.uses[it.sub];
          uses_.push_back(Use{it, x, it.sub, use.target_is_fact, use.target});
          AddAct(Activity{it, kActUse, x, x, ev.time, ev.time, it.sub});
          break;
        }
      }
    }
  }

  void GatherFact(const ItemRef& it) {
    const Fact& f = u_.facts[it.id];
    if (!f.overturned.empty() || f.predicate >= u_.predicates.size()) return;
    const Predicate& p = u_.predicates[f.predicate];
    if (f.subject != e_ &&
        !(p.symmetric && f.object.kind == ValueKind::kEntity && f.object.entity == e_)) {
      return;  // the key is the object of a directed fact: no rule reads it
    }
    const uint32_t s = FactStartRank(u_, it.id), t = FactEndRank(u_, it.id);
    if (f.subject == e_) {
      if (f.predicate == ctx_.status && IsKeyword(f.object, "dead")) {
        dead_.push_back(Interval{it, s, t, f.start == kNone});
      }
      if (f.predicate == ctx_.status && IsKeyword(f.object, "alive") && f.start != kNone &&
          !(f.started_by != kNone && u_.events[f.started_by].kind == "birth")) {
        resurrected_ = true;
      }
      if (f.predicate == ctx_.born && f.object.kind == ValueKind::kDate) born_.push_back(it);
      if (f.predicate == ctx_.died && f.object.kind == ValueKind::kDate) died_.push_back(it);
      if (f.predicate == ctx_.age && f.object.kind == ValueKind::kNumber && f.start != kNone) {
        ages_.push_back(it);
      }
      if (f.predicate == ctx_.located_in && f.object.kind == ValueKind::kEntity) {
        located_.push_back(Interval{it, s, t, f.start == kNone});
      }
      if (p.exclusive) excl_.push_back(Exclusive{f.predicate, f.object, s, t, it});
      if (ctx_.LivingPredicate(f.predicate) && f.start != kNone && f.started_by == kNone) {
        AddAct(Activity{it, kActRelation, s, s, f.start, f.start, 0});
      }
      own_facts_.push_back(it);
    } else if (f.object.kind == ValueKind::kEntity && f.object.entity == e_ && p.symmetric) {
      Value other;
      other.kind = ValueKind::kEntity;
      other.entity = f.subject;
      if (p.exclusive) excl_.push_back(Exclusive{f.predicate, other, s, t, it});
      if (ctx_.LivingPredicate(f.predicate) && f.start != kNone && f.started_by == kNone) {
        AddAct(Activity{it, kActRelation, s, s, f.start, f.start, 1});
      }
      own_facts_.push_back(it);
    }
  }

  // --- dead-acts -------------------------------------------------------------
  void DeadActs() {
    if (dead_.empty() && died_.empty()) return;
    // Death after death (`sets X status dead` again, a second killing) ends
    // the first fact where the second starts: one stretch of being dead.
    std::stable_sort(dead_.begin(), dead_.end(),
                     [](const Interval& a, const Interval& b) { return a.s < b.s; });
    std::vector<Interval> merged;
    for (const Interval& d : dead_) {
      if (!merged.empty() && d.s <= merged.back().t) {
        merged.back().t = std::max(merged.back().t, d.t);
      } else {
        merged.push_back(d);
      }
    }
    dead_ = std::move(merged);
    for (const Activity& a : acts_) {
      bool found = false;
      for (const Interval& d : dead_) {
        if ((d.open_start || a.lo > d.s) && a.hi < d.t) {
          Emit(DiagId::kLintDeadActs, {a.item, d.item}, a.param, a.kind, 0);
          found = true;
          break;
        }
      }
      if (found || resurrected_) continue;
      for (const ItemRef& df : died_) {
        const int64_t last = LatestDay(u_, u_.facts[df.id].object.date);
        const int64_t first = Earliest(u_, a.p_lo);
        if (Finite(first) && first > last) {
          Emit(DiagId::kLintDeadActs, {a.item, df}, a.param, a.kind, 1);
          break;
        }
      }
    }
  }

  // --- unborn-acts -----------------------------------------------------------
  void UnbornActs() {
    if (birth_rank_ == kNone && born_.empty()) return;
    for (const Activity& a : acts_) {
      if (birth_rank_ != kNone && a.hi < birth_rank_) {
        Emit(DiagId::kLintUnbornActs, {a.item, birth_item_}, a.param, a.kind, 0);
        continue;
      }
      for (const ItemRef& bf : born_) {
        const int64_t first = EarliestDay(u_, u_.facts[bf.id].object.date);
        const int64_t last = Latest(u_, a.p_hi);
        if (Finite(last) && last < first) {
          Emit(DiagId::kLintUnbornActs, {a.item, bf}, a.param, a.kind, 1);
          break;
        }
      }
    }
  }

  // --- two-places ------------------------------------------------------------
  bool AnyRelated(const std::vector<EntityId>& a, const std::vector<EntityId>& b) const {
    for (EntityId x : a) {
      for (EntityId y : b) {
        if (ctx_.PlacesRelated(x, y)) return true;
      }
    }
    return false;
  }

  void TwoPlaces() {
    if (claims_.empty()) return;
    std::stable_sort(claims_.begin(), claims_.end(),
                     [](const Claim& a, const Claim& b) { return a.x < b.x; });
    // Simultaneous events at unrelated places.
    for (size_t i = 0; i < claims_.size();) {
      size_t j = i;
      while (j < claims_.size() && claims_[j].x == claims_[i].x) ++j;
      for (size_t a = i; a < j; ++a) {
        for (size_t b = a + 1; b < j; ++b) {
          if (!AnyRelated(claims_[a].places, claims_[b].places)) {
            // Report at the later-declared event.
            const Claim& first = claims_[a].item.id < claims_[b].item.id ? claims_[a] : claims_[b];
            const Claim& second = &first == &claims_[a] ? claims_[b] : claims_[a];
            Emit(DiagId::kLintTwoPlaces, {second.item, first.item}, 0);
          }
        }
      }
      i = j;
    }
    // An event at one place while a `located_in` fact holds at another.
    if (located_.empty()) return;
    std::vector<Interval> loc = located_;
    std::stable_sort(loc.begin(), loc.end(),
                     [](const Interval& a, const Interval& b) { return a.s < b.s; });
    std::vector<const Interval*> active;
    size_t next = 0;
    for (const Claim& c : claims_) {
      while (next < loc.size() && loc[next].s <= c.x) active.push_back(&loc[next++]);
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const Interval* f) { return f->t <= c.x; }),
                   active.end());
      for (const Interval* f : active) {
        EntityId place = u_.facts[f->item.id].object.entity;
        if (!AnyRelated(c.places, {place})) Emit(DiagId::kLintTwoPlaces, {c.item, f->item}, 1);
      }
    }
  }

  // --- exclusive-overlap and undeclared-retcon -------------------------------
  bool SameValue(const Value& a, const Value& b) const {
    if (a.kind == ValueKind::kEntity && b.kind == ValueKind::kEntity) {
      if (a.entity == b.entity) return true;
      const size_t n = u_.entities.size();
      return a.entity < n && b.entity < n && u_.entities[a.entity].kind == EntityKind::kPlace &&
             u_.entities[b.entity].kind == EntityKind::kPlace &&
             ctx_.PlacesRelated(a.entity, b.entity);
    }
    return a == b;
  }

  void Overlaps() {
    if (excl_.size() < 2) return;
    std::stable_sort(excl_.begin(), excl_.end(), [](const Exclusive& a, const Exclusive& b) {
      return a.pred != b.pred ? a.pred < b.pred : a.s < b.s;
    });
    constexpr size_t kMaxPerKey = 1000;
    size_t reported = 0;
    std::vector<const Exclusive*> active;
    for (size_t i = 0; i < excl_.size(); ++i) {
      const Exclusive& f = excl_[i];
      if (i == 0 || excl_[i - 1].pred != f.pred) active.clear();
      active.erase(std::remove_if(active.begin(), active.end(),
                                  [&](const Exclusive* g) { return g->t <= f.s; }),
                   active.end());
      for (const Exclusive* g : active) {
        if (f.item == g->item || SameValue(f.other, g->other)) continue;
        if (reported++ < kMaxPerKey) Conflict(*g, f);
      }
      active.push_back(&f);
    }
  }

  // g starts no later than f; their intervals overlap with different values.
  void Conflict(const Exclusive& g, const Exclusive& f) {
    RuleContext::Reveal rg = ctx_.FirstReveal(g.item.id), rf = ctx_.FirstReveal(f.item.id);
    if (rg.release != kNone && rf.release != kNone && rg.release != rf.release) {
      const bool f_later = rf.release > rg.release;
      const Exclusive& later = f_later ? f : g;
      const Exclusive& earlier = f_later ? g : f;
      const RuleContext::Reveal& rl = f_later ? rf : rg;
      const uint32_t overlap_start = std::max(g.s, f.s);
      const uint32_t slot = R(rl.slot_start, kNone);
      if (slot != kNone && overlap_start < slot) {
        if (ctx_.Enabled(DiagId::kLintUndeclaredRetcon)) {
          Emit(DiagId::kLintUndeclaredRetcon, {later.item, earlier.item});
        }
        return;
      }
    }
    if (ctx_.Enabled(DiagId::kLintExclusiveOverlap)) {
      Emit(DiagId::kLintExclusiveOverlap, {f.item, g.item});
    }
  }

  // --- knowledge-before-learned ----------------------------------------------
  void KnowledgeBeforeLearned() {
    if (uses_.empty()) return;
    std::sort(known_.begin(), known_.end(), [](const Known& a, const Known& b) {
      if (a.is_fact != b.is_fact) return a.is_fact < b.is_fact;
      if (a.target != b.target) return a.target < b.target;
      return a.from < b.from;
    });
    for (const Use& use : uses_) {
      auto it =
          std::lower_bound(known_.begin(), known_.end(), use, [](const Known& k, const Use& x) {
            if (k.is_fact != x.is_fact) return k.is_fact < x.is_fact;
            return k.target < x.target;
          });
      if (it == known_.end() || it->is_fact != use.is_fact || it->target != use.target) {
        Emit(DiagId::kLintKnowledgeBeforeLearned, {use.item}, use.index, 1);
      } else if (it->from > use.x) {
        Emit(DiagId::kLintKnowledgeBeforeLearned, {use.item, it->item}, use.index, 0);
      }
    }
  }

  // --- age-mismatch ----------------------------------------------------------
  void Ages() {
    if (ages_.empty()) return;
    int64_t b1 = ResolvedTime::kNegInf, b2 = ResolvedTime::kPosInf;
    ItemRef birth;
    if (!born_.empty()) {
      const PartialDate& d = u_.facts[born_[0].id].object.date;
      b1 = EarliestDay(u_, d);
      b2 = LatestDay(u_, d);
      birth = born_[0];
    } else if (birth_rank_ != kNone) {
      b1 = Earliest(u_, birth_point_);
      b2 = Latest(u_, birth_point_);
      birth = birth_item_;
    }
    if (!Finite(b1) || !Finite(b2)) return;
    for (const ItemRef& it : ages_) {
      const Fact& f = u_.facts[it.id];
      const int64_t d1 = Earliest(u_, f.start), d2 = Latest(u_, f.start);
      if (!Finite(d1) || !Finite(d2)) continue;
      const int64_t lo = AgeAt(b2, d1), hi = AgeAt(b1, d2);
      if (!std::isfinite(f.object.number)) continue;
      const int64_t age = static_cast<int64_t>(std::floor(f.object.number));
      if (age < lo || age > hi) Emit(DiagId::kLintAgeMismatch, {it, birth}, age, lo, hi);
    }
  }

  // --- counterpart-diverges --------------------------------------------------
  struct Token {
    PredicateId pred;
    bool entity;
    EntityId id;         // when entity
    const Value* value;  // otherwise
    ItemRef item;
  };

  // Values of `who`'s facts per predicate, mapped into continuity `into`
  // (entity values through counterparts). `mapped=false` keeps entities as is.
  void Tokens(const std::vector<ItemRef>& facts, EntityId who, EntityId self_in_target,
              ContinuityId into, bool map, std::vector<Token>& comparable,
              std::vector<PredicateId>& stated) const {
    // Names differ between tellings by nature; actors are not the story.
    const PredicateId played_by = u_.FindPredicate("played_by");
    const PredicateId alias = u_.FindPredicate("alias");
    const PredicateId title = u_.FindPredicate("title");
    for (const ItemRef& it : facts) {
      const Fact& f = u_.facts[it.id];
      if (!f.overturned.empty() || f.predicate >= u_.predicates.size()) continue;
      if (f.predicate == played_by || f.predicate == alias || f.predicate == title) continue;
      const Predicate& p = u_.predicates[f.predicate];
      // An exclusive predicate is a state that changes (status, lives_in):
      // compare where each telling leaves the character, the facts still
      // holding at the end of the story. Other relations compare over all
      // time (one marries, the other never does).
      if (p.exclusive && f.end != kNone) {
        if (f.subject == who ||
            (p.symmetric && f.object.kind == ValueKind::kEntity && f.object.entity == who)) {
          stated.push_back(f.predicate);
        }
        continue;
      }
      const Value* v = nullptr;
      Value subj;
      if (f.subject == who) {
        v = &f.object;
      } else if (p.symmetric && f.object.kind == ValueKind::kEntity && f.object.entity == who) {
        subj.kind = ValueKind::kEntity;
        subj.entity = f.subject;
        v = nullptr;
      } else {
        continue;
      }
      stated.push_back(f.predicate);
      if (v != nullptr && v->kind != ValueKind::kEntity) {
        comparable.push_back(Token{f.predicate, false, kNone, v, it});
        continue;
      }
      EntityId o = v != nullptr ? v->entity : subj.entity;
      EntityId mapped;
      if (o == who) {
        mapped = self_in_target;
      } else if (map) {
        mapped = ctx_.CounterpartIn(o, into);
      } else {
        mapped = ctx_.CounterpartIn(o, into) != kNone ? o : kNone;
      }
      if (mapped != kNone) comparable.push_back(Token{f.predicate, true, mapped, nullptr, it});
    }
  }

  static bool SameToken(const Token& a, const Token& b) {
    if (a.pred != b.pred || a.entity != b.entity) return false;
    return a.entity ? a.id == b.id : *a.value == *b.value;
  }

  void Counterparts() {
    const auto& partners = table_.partners[e_];
    for (size_t i = 0; i < partners.size(); ++i) {
      const EntityId b = partners[i];
      std::vector<ItemRef> b_facts;
      for (const ItemRef& it : partner_facts_) {
        const Fact& f = u_.facts[it.id];
        if (f.subject == b || (f.object.kind == ValueKind::kEntity && f.object.entity == b)) {
          b_facts.push_back(it);
        }
      }
      std::vector<Token> ta, tb;
      std::vector<PredicateId> sa, sb;
      const ContinuityId ca = u_.entities[e_].continuity, cb = u_.entities[b].continuity;
      // Side a mapped into b's continuity; side b kept, comparable when it
      // has a counterpart in a's continuity.
      Tokens(own_facts_, e_, b, cb, true, ta, sa);
      Tokens(b_facts, b, b, ca, false, tb, sb);
      std::sort(sa.begin(), sa.end());
      std::sort(sb.begin(), sb.end());
      auto stated = [](const std::vector<PredicateId>& s, PredicateId p) {
        return std::binary_search(s.begin(), s.end(), p);
      };
      auto report = [&](const std::vector<Token>& mine, const std::vector<Token>& theirs,
                        const std::vector<PredicateId>& their_stated, int64_t side) {
        for (size_t x = 0; x < mine.size(); ++x) {
          const Token& t = mine[x];
          if (!stated(their_stated, t.pred)) continue;
          bool dup = false;
          for (size_t y = 0; y < x && !dup; ++y) dup = SameToken(mine[y], t);
          if (dup) continue;
          bool found = false;
          for (const Token& o : theirs) {
            if (SameToken(o, t)) {
              found = true;
              break;
            }
          }
          if (!found)
            Emit(DiagId::kLintCounterpartDiverges, {t.item}, static_cast<int64_t>(i), side);
        }
      };
      report(ta, tb, sb, 0);
      report(tb, ta, sa, 1);
    }
  }

  const RuleContext& ctx_;
  const Universe& u_;
  const KeyTable& table_;
  const EntityId e_;
  std::vector<Finding>& out_;

  std::vector<Activity> acts_;
  std::vector<Interval> dead_;
  std::vector<Interval> located_;
  std::vector<ItemRef> born_, died_, ages_, own_facts_, partner_facts_;
  std::vector<Exclusive> excl_;
  std::vector<Claim> claims_;
  std::vector<Use> uses_;
  std::vector<Known> known_;
  bool resurrected_ = false;
  bool life_ = false;
  uint32_t birth_rank_ = kNone;
  ItemRef birth_item_;
  PointId birth_point_ = kNone;
};

}  // namespace

void CheckKey(const RuleContext& ctx, const KeyTable& table, EntityId e,
              std::vector<Finding>& out) {
  KeyChecker(ctx, table, e, out).Run();
}

void CheckGlobal(const RuleContext& ctx, std::vector<Finding>& out) {
  const Universe& u = ctx.u;
  if (ctx.Enabled(DiagId::kLintUnusedPredicate)) {
    std::vector<bool> used(u.predicates.size(), false);
    for (const Fact& f : u.facts) {
      if (f.predicate < used.size()) used[f.predicate] = true;
    }
    for (PredicateId p = 0; p < u.predicates.size(); ++p) {
      if (used[p] || u.predicates[p].builtin) continue;
      Finding f;
      f.rule = DiagId::kLintUnusedPredicate;
      f.a = p;
      out.push_back(std::move(f));
    }
  }
}

}  // namespace canon::lint_internal
