// Internals of the continuity checker shared by its files: statement
// references, abstract findings, the per-entity key table, the rule context
// (universe-wide lookups computed once), the per-key rules, input hashing
// for the incremental cache, and rendering of findings as diagnostics.
//
// Contract that makes the incremental mode exact: a key's findings are a
// function of what KeyHasher hashes for that key (its statements' content,
// the relative story order and day bounds of their points, relative release
// order of their reveals, and the universe-wide facts listed there: place
// containment, counterparts). CheckKey() must read nothing else; findings
// name statements only through ItemRefs from the key's own list and carry
// only position-independent parameters (role/use indexes, ages), so cached
// findings stay valid when ids and lines shift.
#ifndef CANON_LINT_INTERNAL_H_
#define CANON_LINT_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "canon/universe.h"
#include "diag/diagnostics.h"

namespace canon::lint_internal {

enum class ItemKind : uint8_t {
  kFact,         // a fact whose subject is the key, or its object (symmetric predicates)
  kEvent,        // an event in which the key has a role
  kAppearance,   // an appearance of the key
  kKnowledge,    // a knowledge record whose `who` is the key
  kUse,          // `uses TARGET by KEY` on an event the key takes no part in
  kPartnerFact,  // a fact of a counterpart the key owns (see KeyTable)
};

struct ItemRef {
  uint32_t id = kNone;  // FactId, EventId, AppearanceId, KnowledgeId
  uint16_t sub = 0;     // kUse: index into Event::uses
  ItemKind kind = ItemKind::kFact;
  bool operator==(const ItemRef&) const = default;
};

// A rule violation before rendering. items[0] is the statement where it is
// reported; the others are noted. Parameters a, b, c are rule-specific and
// position-independent (see docs/lint.md, "Incremental checking").
struct Finding {
  DiagId rule{};
  EntityId key = kNone;  // owning entity; kNone for universe-wide findings
  std::vector<ItemRef> items;
  int64_t a = 0, b = 0, c = 0;
};

// Per entity, the statements its rules read, in a canonical order (by kind,
// then by id: declaration order, which an edit elsewhere does not permute).
// A counterpart pair (a, b) is owned by the entity listed first; the owner's
// list also holds b's facts as kPartnerFact.
struct KeyTable {
  std::vector<uint32_t> offsets;  // entities + 1
  std::vector<ItemRef> items;
  // Counterpart partners each entity owns, in declaration order (deduplicated).
  std::vector<std::vector<EntityId>> partners;
  std::span<const ItemRef> Items(EntityId e) const {
    return std::span<const ItemRef>(items.data() + offsets[e], offsets[e + 1] - offsets[e]);
  }
};

// Universe-wide lookups computed once per run.
class RuleContext {
 public:
  RuleContext(const Universe& u, std::vector<bool> enabled, bool time_ok);

  const Universe& u;
  // The key table of this run (set once built; rendering reads partners).
  const KeyTable* table = nullptr;
  bool Enabled(DiagId id) const { return enabled_[static_cast<size_t>(id)]; }
  bool time_ok() const { return time_ok_; }
  // Hash of the configuration that decides findings (enabled rules, version).
  uint64_t ConfigHash() const;

  // Built-in predicates by meaning (kNone when absent).
  PredicateId status = kNone, born = kNone, died = kNone, located_in = kNone, age = kNone;
  // Relations that only the living start (married_to, dating, ...); the
  // symmetric ones bind their object too.
  bool LivingPredicate(PredicateId p) const { return p < living_.size() && living_[p]; }
  // Roles a dead or unborn entity may fill without acting (`patient`, ...).
  static bool PassiveRole(std::string_view role);

  // Places: a is inside b or b inside a (or equal), through `located_in`
  // facts between places (at any story time).
  bool PlacesRelated(EntityId a, EntityId b) const;
  uint64_t PlaceHash(EntityId place) const;  // identity + ancestors
  // Counterparts of `e` (both directions), and their identity hash.
  const std::vector<EntityId>& Counterparts(EntityId e) const { return counterparts_[e]; }
  EntityId CounterpartIn(EntityId e, ContinuityId c) const;
  uint64_t CounterpartHash(EntityId e) const;

  // Identity hashes (stable across runs and edits elsewhere).
  uint64_t EntityHash(EntityId e) const { return entity_hash_[e]; }
  uint64_t PredicateHash(PredicateId p) const { return predicate_hash_[p]; }
  uint64_t EventHash(EventId e) const { return event_hash_[e]; }
  uint64_t TargetHash(bool is_fact, uint32_t target) const;

  // The first reveal of a fact: release rank of its earliest-released leaf,
  // the work named there, and the story point where that leaf's slot starts
  // (a leaf's, not a season's: leaves are chained in release order, so the
  // comparison "before the release that reveals it" is forced by the story
  // order; kNone when it has no reveal, see docs/lint.md).
  struct Reveal {
    uint32_t release = kNone;
    WorkId work = kNone;
    PointId slot_start = kNone;
  };
  Reveal FirstReveal(FactId f) const;

  // Rank of a point or `if_none`.
  uint32_t Rank(PointId p, uint32_t if_none) const;

  // Whether entity `e` has a death or a birth at all (a `status dead`,
  // `born` or `died` fact of it, or a `birth` event it takes part in): only
  // then do dead-acts and unborn-acts collect its activities. Computed in
  // one sequential pass per run (a per-key scan of its facts costs a cache
  // miss per fact on large universes).
  bool HasLifeEvents(EntityId e) const { return e < has_life_.size() && has_life_[e]; }

 private:
  const std::vector<EntityId>& Ancestors(EntityId place) const;
  std::vector<bool> enabled_;
  bool time_ok_;
  std::vector<bool> living_;
  std::vector<std::vector<EntityId>> place_parents_;
  mutable std::vector<std::vector<EntityId>> ancestors_;
  mutable std::vector<uint8_t> ancestors_done_;
  std::vector<std::vector<EntityId>> counterparts_;
  std::vector<bool> has_life_;
  std::vector<uint64_t> entity_hash_, predicate_hash_, event_hash_, fact_label_hash_;
};

KeyTable BuildKeyTable(const Universe& u);

// Runs every enabled per-key rule for entity `e` over its items.
void CheckKey(const RuleContext& ctx, const KeyTable& table, EntityId e, std::vector<Finding>& out);
// Hash of everything CheckKey reads for a key (see the contract above).
// Holds per-statement content hashes across keys, so hashing every key of
// a universe costs O(items log items).
class KeyHasher {
 public:
  explicit KeyHasher(const RuleContext& ctx);
  ~KeyHasher();
  uint64_t Hash(const KeyTable& table, EntityId e);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};
// Universe-wide rules (cheap; never cached): unused predicates.
void CheckGlobal(const RuleContext& ctx, std::vector<Finding>& out);

// Whether a finding (restored from a cache file) names statements of the
// kinds its rule expects and in-range indexes; a malformed one is recomputed.
bool WellFormed(const RuleContext& ctx, const Finding& f);
// Rendering: the diagnostic of a finding, from the current universe.
Diagnostic RenderFinding(const RuleContext& ctx, const Finding& f);
// The allow clauses attached to the statement an item names.
void ItemAllows(const Universe& u, const ItemRef& item, std::vector<const LintAllow*>& out);
// The entity or continuity a finding is about (for --continuity).
ContinuityId FindingContinuity(const Universe& u, const Finding& f);

// FNV-1a 64 and a mixing step, for identity hashes.
uint64_t HashString(std::string_view s);
inline uint64_t Mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

}  // namespace canon::lint_internal

#endif  // CANON_LINT_INTERNAL_H_
