// Universe-wide lookups for the rules (RuleContext), the per-entity key
// table, and the input hash of a key for the incremental cache.
#include <algorithm>
#include <cstring>
#include <unordered_set>

#include "lint/internal.h"
#include "model/dates.h"
#include "time/resolve.h"

namespace canon::lint_internal {

uint64_t HashString(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

namespace {

// Bump when a rule's logic changes: cached findings of older versions are
// then recomputed.
constexpr uint64_t kRulesVersion = 1;

uint64_t CombineUnordered(std::vector<uint64_t> hs) {
  std::sort(hs.begin(), hs.end());
  uint64_t h = 0x51ed270b;
  for (uint64_t x : hs) h = Mix(h, x);
  return h;
}

}  // namespace

RuleContext::RuleContext(const Universe& universe, std::vector<bool> enabled, bool time_ok)
    : u(universe), enabled_(std::move(enabled)), time_ok_(time_ok) {
  status = u.FindPredicate("status");
  born = u.FindPredicate("born");
  died = u.FindPredicate("died");
  located_in = u.FindPredicate("located_in");
  age = u.FindPredicate("age");
  if (age != kNone && u.predicates[age].object_kind != ValueKind::kNumber) age = kNone;
  living_.assign(u.predicates.size(), false);
  for (const char* name : {"married_to", "engaged_to", "dating", "partner_of", "friends",
                           "allied_with", "works_for", "member_of", "lives_in"}) {
    PredicateId p = u.FindPredicate(name);
    if (p != kNone && u.predicates[p].builtin) living_[p] = true;
  }

  const size_t n = u.entities.size();
  place_parents_.assign(n, {});
  ancestors_.assign(n, {});
  ancestors_done_.assign(n, 0);
  if (located_in != kNone) {
    for (const Fact& f : u.facts) {
      if (f.predicate != located_in || !f.overturned.empty()) continue;
      if (f.object.kind != ValueKind::kEntity || f.object.entity >= n || f.subject >= n) continue;
      if (u.entities[f.subject].kind != EntityKind::kPlace ||
          u.entities[f.object.entity].kind != EntityKind::kPlace) {
        continue;
      }
      auto& ps = place_parents_[f.subject];
      if (std::find(ps.begin(), ps.end(), f.object.entity) == ps.end()) {
        ps.push_back(f.object.entity);
      }
    }
  }
  has_life_.assign(n, false);
  for (const Fact& f : u.facts) {
    if (f.subject >= n) continue;
    if ((f.predicate == status && status != kNone && f.object.kind == ValueKind::kKeyword &&
         f.object.text == "dead") ||
        (f.predicate == born && born != kNone) || (f.predicate == died && died != kNone)) {
      has_life_[f.subject] = true;
    }
  }
  for (const Event& ev : u.events) {
    if (ev.kind != "birth") continue;
    for (const Role& r : ev.roles) {
      if (r.entity < n) has_life_[r.entity] = true;
    }
  }
  counterparts_.assign(n, {});
  for (const auto& [a, b] : u.counterparts) {
    if (a >= n || b >= n || a == b) continue;
    auto add = [&](EntityId x, EntityId y) {
      auto& v = counterparts_[x];
      if (std::find(v.begin(), v.end(), y) == v.end()) v.push_back(y);
    };
    add(a, b);
    add(b, a);
  }
  entity_hash_.resize(n);
  for (EntityId e = 0; e < n; ++e) entity_hash_[e] = HashString(u.QualifiedId(e));
  predicate_hash_.resize(u.predicates.size());
  for (PredicateId p = 0; p < u.predicates.size(); ++p) {
    predicate_hash_[p] = HashString(u.predicates[p].name);
  }
  auto cont_id = [&](ContinuityId c) -> std::string {
    return c < u.continuities.size() ? u.continuities[c].id : std::string();
  };
  event_hash_.resize(u.events.size());
  for (EventId e = 0; e < u.events.size(); ++e) {
    event_hash_[e] = HashString("E" + cont_id(u.events[e].continuity) + ":" + u.events[e].id);
  }
  fact_label_hash_.resize(u.facts.size());
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    if (!fact.label.empty()) {
      fact_label_hash_[f] = HashString("F" + cont_id(fact.continuity) + ":" + fact.label);
    } else {
      // Unlabelled facts cannot be named by `learns`/`uses`; hash the content.
      uint64_t h = HashString("F#");
      h = Mix(h, fact.subject < n ? entity_hash_[fact.subject] : 0);
      h = Mix(h, fact.predicate < predicate_hash_.size() ? predicate_hash_[fact.predicate] : 0);
      h = Mix(h, fact.object.kind == ValueKind::kEntity && fact.object.entity < n
                     ? entity_hash_[fact.object.entity]
                     : HashString(fact.object.text));
      fact_label_hash_[f] = h;
    }
  }
}

uint64_t RuleContext::ConfigHash() const {
  uint64_t h = Mix(HashString("canon-lint"), kRulesVersion);
  for (size_t i = 0; i < enabled_.size(); ++i) h = Mix(h, enabled_[i] ? i + 1 : 0);
  return Mix(h, time_ok_ ? 1 : 2);
}

bool RuleContext::PassiveRole(std::string_view role) {
  return role == "patient" || role == "target" || role == "deceased" || role == "body" ||
         role == "honoree" || role == "location";
}

const std::vector<EntityId>& RuleContext::Ancestors(EntityId place) const {
  if (ancestors_done_[place]) return ancestors_[place];
  // Iterative DFS over `located_in` between places; cycles are harmless.
  std::vector<EntityId> out;
  std::vector<EntityId> stack(place_parents_[place].begin(), place_parents_[place].end());
  std::unordered_set<EntityId> seen{place};
  while (!stack.empty()) {
    EntityId p = stack.back();
    stack.pop_back();
    if (!seen.insert(p).second) continue;
    out.push_back(p);
    for (EntityId q : place_parents_[p]) stack.push_back(q);
  }
  std::sort(out.begin(), out.end());
  ancestors_[place] = std::move(out);
  ancestors_done_[place] = 1;
  return ancestors_[place];
}

bool RuleContext::PlacesRelated(EntityId a, EntityId b) const {
  if (a == b) return true;
  if (a >= place_parents_.size() || b >= place_parents_.size()) return false;
  const auto& aa = Ancestors(a);
  if (std::binary_search(aa.begin(), aa.end(), b)) return true;
  const auto& ba = Ancestors(b);
  return std::binary_search(ba.begin(), ba.end(), a);
}

uint64_t RuleContext::PlaceHash(EntityId place) const {
  std::vector<uint64_t> hs;
  for (EntityId a : Ancestors(place)) hs.push_back(entity_hash_[a]);
  return Mix(entity_hash_[place], CombineUnordered(std::move(hs)));
}

EntityId RuleContext::CounterpartIn(EntityId e, ContinuityId c) const {
  for (EntityId x : counterparts_[e]) {
    if (u.entities[x].continuity == c) return x;
  }
  return kNone;
}

uint64_t RuleContext::CounterpartHash(EntityId e) const {
  if (counterparts_[e].empty()) return 0;
  std::vector<uint64_t> hs;
  for (EntityId x : counterparts_[e]) hs.push_back(entity_hash_[x]);
  return CombineUnordered(std::move(hs));
}

uint64_t RuleContext::TargetHash(bool is_fact, uint32_t target) const {
  if (is_fact) return target < fact_label_hash_.size() ? fact_label_hash_[target] : 0;
  return target < event_hash_.size() ? event_hash_[target] : 0;
}

RuleContext::Reveal RuleContext::FirstReveal(FactId f) const {
  const Fact& fact = u.facts[f];
  const std::vector<RevealPoint>* reveals = &fact.revealed;
  if (reveals->empty() && fact.started_by != kNone) reveals = &u.events[fact.started_by].revealed;
  if (reveals->empty() && fact.subject < u.entities.size()) {
    reveals = &u.entities[fact.subject].introduced;
  }
  Reveal best;
  for (const RevealPoint& r : *reveals) {
    if (r.work >= u.works.size()) continue;
    uint32_t rank = u.works[r.work].first_leaf_rank;
    if (rank == kNone) continue;
    if (best.release == kNone || rank < best.release) best = Reveal{rank, r.work, kNone};
  }
  if (best.release != kNone && best.release < u.release_order.size()) {
    const WorkId leaf = u.release_order[best.release];
    if (leaf < u.works.size()) best.slot_start = u.works[leaf].slot_start;
  }
  return best;
}

uint32_t RuleContext::Rank(PointId p, uint32_t if_none) const { return PointRank(u, p, if_none); }

// --- key table ----------------------------------------------------------------

KeyTable BuildKeyTable(const Universe& u) {
  const size_t n = u.entities.size();
  KeyTable t;
  t.partners.assign(n, {});
  {
    std::unordered_set<uint64_t> seen;
    for (const auto& [a, b] : u.counterparts) {
      if (a >= n || b >= n || a == b) continue;
      uint64_t key = (static_cast<uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
      if (!seen.insert(key).second) continue;
      t.partners[a].push_back(b);
    }
  }
  // Distinct participants of an event (roles may repeat an entity).
  auto participants = [&](const Event& ev, std::vector<EntityId>& out) {
    out.clear();
    for (const Role& r : ev.roles) {
      if (r.entity < n && std::find(out.begin(), out.end(), r.entity) == out.end()) {
        out.push_back(r.entity);
      }
    }
  };
  // Two passes with the same visiting order: count, then fill.
  std::vector<uint32_t> fact_count(n, 0);
  std::vector<uint32_t> count(n + 1, 0);
  std::vector<EntityId> who;
  auto visit = [&](auto&& emit) {
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& fact = u.facts[f];
      if (fact.subject < n) emit(fact.subject, ItemRef{f, 0, ItemKind::kFact});
      // The object's rules read a fact only when the predicate is symmetric
      // (`b married_to a` binds a too); a hub place that thousands of
      // `lives_in` facts point at does not list them.
      if (fact.object.kind == ValueKind::kEntity && fact.object.entity < n &&
          fact.object.entity != fact.subject && fact.predicate < u.predicates.size() &&
          u.predicates[fact.predicate].symmetric) {
        emit(fact.object.entity, ItemRef{f, 0, ItemKind::kFact});
      }
    }
    for (EventId e = 0; e < u.events.size(); ++e) {
      participants(u.events[e], who);
      for (EntityId x : who) emit(x, ItemRef{e, 0, ItemKind::kEvent});
    }
    for (AppearanceId a = 0; a < u.appearances.size(); ++a) {
      if (u.appearances[a].entity < n) {
        emit(u.appearances[a].entity, ItemRef{a, 0, ItemKind::kAppearance});
      }
    }
    for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) {
      if (u.knowledge[k].who < n) emit(u.knowledge[k].who, ItemRef{k, 0, ItemKind::kKnowledge});
    }
    for (EventId e = 0; e < u.events.size(); ++e) {
      const Event& ev = u.events[e];
      if (ev.uses.empty()) continue;
      participants(ev, who);
      for (size_t i = 0; i < ev.uses.size() && i < 0xffff; ++i) {
        EntityId w = ev.uses[i].who;
        if (w >= n || std::find(who.begin(), who.end(), w) != who.end()) continue;
        emit(w, ItemRef{e, static_cast<uint16_t>(i), ItemKind::kUse});
      }
    }
  };
  visit([&](EntityId e, const ItemRef& it) {
    ++count[e];
    if (it.kind == ItemKind::kFact) ++fact_count[e];
  });
  for (EntityId a = 0; a < n; ++a) {
    for (EntityId b : t.partners[a]) count[a] += fact_count[b];
  }
  t.offsets.assign(n + 1, 0);
  for (size_t e = 0; e < n; ++e) t.offsets[e + 1] = t.offsets[e] + count[e];
  t.items.resize(t.offsets[n]);
  std::vector<uint32_t> pos(t.offsets.begin(), t.offsets.end() - 1);
  visit([&](EntityId e, const ItemRef& it) { t.items[pos[e]++] = it; });
  // Partner facts: a key's facts come first in its list.
  for (EntityId a = 0; a < n; ++a) {
    for (EntityId b : t.partners[a]) {
      for (uint32_t i = 0; i < fact_count[b]; ++i) {
        ItemRef it = t.items[t.offsets[b] + i];
        it.kind = ItemKind::kPartnerFact;
        t.items[pos[a]++] = it;
      }
    }
  }
  return t;
}

// --- input hash -------------------------------------------------------------

namespace {

// Content hashes that do not depend on story order, computed on first use.
class StaticHashes {
 public:
  explicit StaticHashes(const RuleContext& ctx)
      : ctx_(ctx),
        u_(ctx.u),
        entity_(u_.entities.size(), 0),
        fact_(u_.facts.size(), 0),
        event_(u_.events.size(), 0),
        reveal_(u_.facts.size()),
        reveal_done_(u_.facts.size(), 0) {}

  // Identity, kind, containing places and counterparts of an entity.
  uint64_t Entity(EntityId x) {
    if (x >= entity_.size()) return 0;
    uint64_t& h = entity_[x];
    if (h == 0) {
      h = Mix(ctx_.EntityHash(x), static_cast<uint64_t>(u_.entities[x].kind));
      if (u_.entities[x].kind == EntityKind::kPlace) h = Mix(h, ctx_.PlaceHash(x));
      h = Mix(h, ctx_.CounterpartHash(x)) | 1;
    }
    return h;
  }

  uint64_t Value(const canon::Value& val) {
    uint64_t h = static_cast<uint64_t>(val.kind) + 0x5a;
    switch (val.kind) {
      case ValueKind::kEntity:
        return Mix(h, Entity(val.entity));
      case ValueKind::kString:
      case ValueKind::kKeyword:
        return Mix(h, HashString(val.text));
      case ValueKind::kNumber: {
        uint64_t bits;
        std::memcpy(&bits, &val.number, sizeof bits);
        return Mix(h, bits);
      }
      case ValueKind::kDate:
        // Days, so an edit to the era definition is seen too.
        h = Mix(h, static_cast<uint64_t>(EarliestDay(u_, val.date)));
        return Mix(h, static_cast<uint64_t>(LatestDay(u_, val.date)));
    }
    return h;
  }

  uint64_t Fact(FactId f) {
    uint64_t& h = fact_[f];
    if (h != 0) return h;
    const canon::Fact& fact = u_.facts[f];
    h = 0xfac7;
    if (fact.predicate < u_.predicates.size()) {
      const Predicate& p = u_.predicates[fact.predicate];
      h = Mix(h, ctx_.PredicateHash(fact.predicate));
      h = Mix(h, (p.exclusive ? 1 : 0) | (p.symmetric ? 2 : 0) | (p.builtin ? 4 : 0) |
                     (static_cast<uint64_t>(p.object_kind) << 3));
    }
    h = Mix(h, Entity(fact.subject));
    h = Mix(h, Value(fact.object));
    h = Mix(h, fact.overturned.empty() ? 0 : 1);
    h = Mix(h, ctx_.TargetHash(true, f));
    h = Mix(h, (fact.start == kNone ? 1 : 0) | (fact.end == kNone ? 2 : 0));
    if (fact.started_by != kNone && fact.started_by < u_.events.size()) {
      h = Mix(h, ctx_.EventHash(fact.started_by));
      h = Mix(h, HashString(u_.events[fact.started_by].kind));
    }
    h |= 1;
    return h;
  }

  uint64_t Event(EventId e) {
    uint64_t& h = event_[e];
    if (h != 0) return h;
    const canon::Event& ev = u_.events[e];
    h = Mix(ctx_.EventHash(e), HashString(ev.kind));
    h = Mix(h, ev.overturned.empty() ? 0 : 1);
    for (const Role& r : ev.roles) {
      h = Mix(h, HashString(r.role));
      h = Mix(h, Entity(r.entity));
    }
    h = Mix(h, ev.uses.size());
    for (const canon::Event::Use& use : ev.uses) {
      h = Mix(h, use.who < u_.entities.size() ? ctx_.EntityHash(use.who) : 0);
      h = Mix(h, ctx_.TargetHash(use.target_is_fact, use.target));
    }
    h |= 1;
    return h;
  }

  const RuleContext::Reveal& FactReveal(FactId f) {
    if (!reveal_done_[f]) {
      reveal_[f] = ctx_.FirstReveal(f);
      reveal_done_[f] = 1;
    }
    return reveal_[f];
  }

  // What hashing a fact reads, in one contiguous record (one cache miss
  // per fact of a key instead of one per field), built in declaration
  // order on first use.
  struct FactSum {
    uint64_t hash;
    uint32_t start, end;     // ranks, kNone when open
    uint32_t release, slot;  // first reveal: release rank, its slot's start rank
  };
  const FactSum& Sum(FactId f) {
    if (sums_.empty()) {
      sums_.resize(u_.facts.size());
      const ResolvedTime& t = u_.time;
      auto rank = [&](PointId p) { return p < t.rank.size() ? t.rank[p] : kNone; };
      for (FactId i = 0; i < u_.facts.size(); ++i) {
        const canon::Fact& fact = u_.facts[i];
        const RuleContext::Reveal& r = FactReveal(i);
        sums_[i] = FactSum{Fact(i), rank(fact.start), rank(fact.end), r.release,
                           r.release == kNone ? kNone : rank(r.slot_start)};
      }
    }
    return sums_[f];
  }

 private:
  const RuleContext& ctx_;
  const Universe& u_;
  std::vector<uint64_t> entity_, fact_, event_;
  std::vector<RuleContext::Reveal> reveal_;
  std::vector<uint8_t> reveal_done_;
  std::vector<FactSum> sums_;
};

// Visits every input CheckKey reads for a key. The visitor receives words
// (content), points (story order + day bounds) and release ranks; the
// collector pass gathers ranks, the hasher pass hashes them relative to the
// key's own points, so an edit elsewhere that shifts global ranks does not
// change the hash. Content that does not depend on story order (a fact's
// predicate, subject and object; an event's kind, roles and uses) is hashed
// once per statement and cached in the StaticHashes.
template <class V>
void VisitInputs(const RuleContext& ctx, StaticHashes& sh, const KeyTable& table, EntityId e,
                 V& v) {
  const Universe& u = ctx.u;
  auto fact_inputs = [&](FactId f) {
    if (!v.days) {  // the common case, from the contiguous summary
      const StaticHashes::FactSum& sum = sh.Sum(f);
      v.Word(sum.hash);
      v.RankOf(sum.start);
      v.RankOf(sum.end);
      if (sum.release == kNone) {
        v.Word(0x7e7);
      } else {
        v.Release(sum.release);
        v.RankOf(sum.slot);
      }
      return;
    }
    const Fact& fact = u.facts[f];
    v.Word(sh.Fact(f));
    v.Point(fact.start);
    v.Point(fact.end);
    const RuleContext::Reveal& r = sh.FactReveal(f);
    if (r.release == kNone) {
      v.Word(0x7e7);
    } else {
      v.Release(r.release);
      v.Point(r.slot_start);
    }
  };
  // Day bounds matter only to the date-based checks (`born`/`died` dates,
  // ages, a birth event's days): hash them only for keys that have those.
  bool days = false;
  for (const ItemRef& it : table.Items(e)) {
    if (it.kind == ItemKind::kFact) {
      const PredicateId p = u.facts[it.id].predicate;
      if (u.facts[it.id].subject == e && (p == ctx.born || p == ctx.died || p == ctx.age)) {
        days = true;
        break;
      }
    } else if (it.kind == ItemKind::kEvent && u.events[it.id].kind == "birth") {
      days = true;
      break;
    }
  }
  v.Days(days);
  v.Word(sh.Entity(e));
  v.Word(static_cast<uint64_t>(u.entities[e].continuity));
  for (EntityId b : table.partners[e]) v.Word(sh.Entity(b));
  for (const ItemRef& it : table.Items(e)) {
    v.Word(static_cast<uint64_t>(it.kind) + 0x100);
    switch (it.kind) {
      case ItemKind::kFact:
      case ItemKind::kPartnerFact:
        fact_inputs(it.id);
        break;
      case ItemKind::kEvent:
        v.Word(sh.Event(it.id));
        v.Point(u.events[it.id].time);
        break;
      case ItemKind::kAppearance: {
        const Appearance& a = u.appearances[it.id];
        v.Word(a.at.work < u.works.size() ? HashString(u.works[a.at.work].path) : 0);
        v.Word(a.time == kNone ? 1 : 0);
        if (a.time != kNone) {
          v.Point(a.time);
        } else if (a.at.work < u.works.size()) {
          v.Point(u.works[a.at.work].slot_start);
          v.Point(u.works[a.at.work].slot_end);
        }
        break;
      }
      case ItemKind::kKnowledge: {
        const Knowledge& k = u.knowledge[it.id];
        v.Word(ctx.TargetHash(k.target_kind == Knowledge::TargetKind::kFact, k.target));
        v.Word((k.implicit ? 1 : 0) | (k.from == kNone ? 2 : 0));
        v.Point(k.from);
        break;
      }
      case ItemKind::kUse: {
        const Event& ev = u.events[it.id];
        const Event::Use& use = ev.uses[it.sub];
        v.Word(sh.Event(it.id));
        v.Word(it.sub);
        v.Word(ctx.TargetHash(use.target_is_fact, use.target));
        v.Point(ev.time);
        break;
      }
    }
  }
}

// Records a key's inputs in one visit: words as they are, points as their
// rank (mapped to the key's dense order afterwards) plus their day bounds.
struct Recorder {
  enum Kind : uint8_t { kWord, kRank, kRelease, kOpen };
  struct Token {
    uint64_t value;
    Kind kind;
  };
  const RuleContext& ctx;
  std::vector<Token> tokens;
  std::vector<uint32_t> ranks;
  std::vector<uint32_t> releases;

  bool days = true;

  void Days(bool on) {
    days = on;
    tokens.push_back({on ? 1u : 2u, kWord});
  }
  void Word(uint64_t w) { tokens.push_back({w, kWord}); }
  void Point(PointId p) {
    const ResolvedTime& t = ctx.u.time;
    if (p == kNone || p >= t.rank.size()) {
      tokens.push_back({0, kOpen});
      return;
    }
    // (RankOf gives the same tokens for a point without day bounds.)
    const uint32_t r = t.rank[p];
    ranks.push_back(r);
    tokens.push_back({r, kRank});
    if (!this->days) return;
    uint64_t days = 0x3d;
    if (p < t.earliest.size()) days = Mix(days, static_cast<uint64_t>(t.earliest[p]));
    if (p < t.latest.size()) days = Mix(days, static_cast<uint64_t>(t.latest[p]));
    tokens.push_back({days, kWord});
  }
  void Release(uint32_t r) {
    releases.push_back(r);
    tokens.push_back({r, kRelease});
  }
  // A point known by its rank (kNone: open), without day bounds; the same
  // tokens Point() gives when days are off.
  void RankOf(uint32_t r) {
    if (r == kNone) {
      tokens.push_back({0, kOpen});
      return;
    }
    ranks.push_back(r);
    tokens.push_back({r, kRank});
  }
};

void SortUnique(std::vector<uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

struct KeyHasher::Impl {
  explicit Impl(const RuleContext& c) : ctx(c), statics(c), config(c.ConfigHash()) {}
  const RuleContext& ctx;
  StaticHashes statics;
  uint64_t config;
  Recorder rec{ctx, {}, {}, {}};
};

KeyHasher::KeyHasher(const RuleContext& ctx) : impl_(std::make_unique<Impl>(ctx)) {}
KeyHasher::~KeyHasher() = default;

uint64_t KeyHasher::Hash(const KeyTable& table, EntityId e) {
  Impl& im = *impl_;
  Recorder& rec = im.rec;
  rec.tokens.clear();
  // Rank 0 is also the sentinel of open starts (kStoryBegin): keep it in the
  // table so "a real point at rank 0" and "a later point" hash differently.
  rec.ranks.assign(1, 0);
  rec.releases.clear();
  VisitInputs(im.ctx, im.statics, table, e, rec);
  SortUnique(rec.ranks);
  SortUnique(rec.releases);
  uint64_t h = im.config;
  for (const Recorder::Token& t : rec.tokens) {
    switch (t.kind) {
      case Recorder::kWord:
        h = Mix(h, t.value);
        break;
      case Recorder::kOpen:
        h = Mix(h, 0xdeadULL);
        break;
      case Recorder::kRank:
        h = Mix(h, 0x100000000ULL + (std::lower_bound(rec.ranks.begin(), rec.ranks.end(),
                                                      static_cast<uint32_t>(t.value)) -
                                     rec.ranks.begin()));
        break;
      case Recorder::kRelease:
        h = Mix(h, 0x200000000ULL + (std::lower_bound(rec.releases.begin(), rec.releases.end(),
                                                      static_cast<uint32_t>(t.value)) -
                                     rec.releases.begin()));
        break;
    }
  }
  return h;
}

}  // namespace canon::lint_internal
