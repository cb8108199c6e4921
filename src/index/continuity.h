// Whole-universe continuity check over the indexes: three rules a writers'
// room wants re-run while typing.
//
//   exclusive-overlap: two facts of one subject and one exclusive predicate
//       (both directions for a symmetric one) with different objects whose
//       story intervals overlap;
//   presence-after-death: an entity in role `present` of an event of kind
//       `appearance` (scene presence) at a moment where a `status dead` fact
//       of it holds;
//   knowledge-before-learned: a fact `X acts_on "EVENT"` (a character using
//       what they know of an event, or of a labelled fact) starting before X
//       knows it (the earliest `known_by`/`learns`/participant knowledge of
//       X about it), or X never learns it.
// Overturned facts and events (shown to be false) take no part. The check
// is over the whole universe (every reveal point): it is for authors.
//
// ContinuityIndex::Build gathers and sorts what the rules read once per
// universe (O(F log F)); Check() is then a few linear sweeps.
#ifndef CANON_INDEX_CONTINUITY_H_
#define CANON_INDEX_CONTINUITY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "index/fact_index.h"

namespace canon {

struct ContinuityViolation {
  enum class Rule : uint8_t { kExclusiveOverlap, kPresenceAfterDeath, kKnowledgeBeforeLearned };
  Rule rule = Rule::kExclusiveOverlap;
  EntityId entity = kNone;
  FactId fact_a = kNone;  // overlap: both facts (a < b); knowledge: the acts_on fact
  FactId fact_b = kNone;  // presence: the status-dead fact
  EventId event = kNone;  // presence: the appearance; knowledge: the event used
  bool operator==(const ContinuityViolation&) const = default;
};

std::string_view ContinuityRuleName(ContinuityViolation::Rule rule);

struct ContinuityConventions {
  std::string presence_kind = "appearance";
  std::string presence_role = "present";
  std::string uses_predicate = "acts_on";
};

class ContinuityIndex {
 public:
  static ContinuityIndex Build(const FactIndex& ix, const ContinuityConventions& conv = {});
  // Every violation, sorted by (rule, entity, fact_a, fact_b, event).
  std::vector<ContinuityViolation> Check() const;
  // A stable text key per violation for comparing systems:
  //   overlap  "exclusive-overlap\tc0:e12\tlives_in e5 e9" (objects sorted);
  //   presence "presence-after-death\tc0:e12\ta77";
  //   knowledge "knowledge-before-learned\tc0:e12\ts3".
  std::string Key(const ContinuityViolation& v) const;
  size_t bytes() const;

 private:
  struct Excl {
    EntityId subject;
    PredicateId pred;
    TimeKey start, end;
    uint32_t object;  // entity id, or interned text id | 1<<31
    FactId fact;
  };
  struct Presence {
    EntityId entity;
    TimeKey key;
    EventId event;
  };
  struct Dead {
    EntityId entity;
    TimeKey start, end;
    FactId fact;
  };
  struct Use {
    FactId fact;
    EntityId who;
    EventId event;
    TimeKey start;
    TimeKey learned;  // kOpenKey: never learned
  };
  const FactIndex* ix_ = nullptr;
  std::vector<Excl> excl_;
  std::vector<Presence> presence_;
  std::vector<Dead> dead_;
  std::vector<Use> uses_;
  std::vector<std::string> texts_;  // interned string/keyword objects
};

}  // namespace canon

#endif  // CANON_INDEX_CONTINUITY_H_
