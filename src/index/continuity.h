// Whole-universe continuity check over the indexes: three rules a writers'
// room wants re-run while typing.
//
//   exclusive-overlap: two facts of one subject and one exclusive predicate
//       (both directions for a symmetric one) with different objects whose
//       story intervals overlap;
//   presence-after-death: an appearance of an entity (`appears`, `cast`;
//       Universe::appearances) while a `status dead` fact of it holds: for
//       an appearance without `story`, for the whole of its work's story
//       slot (one may appear in the episode of one's death), for a placed
//       one at its point. As lint's `dead-acts` judges appearances;
//   knowledge-before-learned: a use `uses TARGET by X` of an event
//       (Event::uses: X acts on, refers to or reveals an event or a labelled
//       fact) whose story time is before X knows TARGET (the earliest
//       `known_by`/`learns`/participant knowledge of X about it), or X never
//       learns it. As lint's `knowledge-before-learned`.
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
  FactId fact_a = kNone;  // overlap: both facts (a < b); knowledge: the fact used, if a fact
  FactId fact_b = kNone;  // presence: the status-dead fact
  EventId event = kNone;  // knowledge: the event used, if an event
  // knowledge: the event that uses it; presence: the appearance.
  EventId using_event = kNone;
  AppearanceId appearance = kNone;
  bool operator==(const ContinuityViolation&) const = default;
};

std::string_view ContinuityRuleName(ContinuityViolation::Rule rule);

class ContinuityIndex {
 public:
  static ContinuityIndex Build(const FactIndex& ix);
  // Every violation, sorted by (rule, entity, fact_a, fact_b, event).
  std::vector<ContinuityViolation> Check() const;
  // A stable text key per violation for comparing systems:
  //   overlap  "exclusive-overlap\tc0:e12\tlives_in e5 e9" (objects sorted);
  //   presence "presence-after-death\tc0:e12\tcm0.v1.3" (the work it appears in);
  //   knowledge "knowledge-before-learned\tc0:e12\ts3" (the event id or
  //   fact label used).
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
  // An appearance spans [lo, hi]: its work's slot, or its own point.
  struct Presence {
    EntityId entity;
    TimeKey lo, hi;
    AppearanceId appearance;
  };
  struct Dead {
    EntityId entity;
    TimeKey start, end;
    FactId fact;
  };
  struct Use {
    EventId user;  // the event with the `uses` clause
    EntityId who;
    bool target_is_fact;
    uint32_t target;  // EventId or FactId
    TimeKey at;       // the using event's story time
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
