// View: a universe as one viewer knows it. Precomputes, once per (universe,
// horizon), which facts, events, entities and knowledge the viewer may see,
// the facts' intervals as the viewer knows them, and per-entity indexes, so
// every query is spoiler-safe by construction: queries read the universe
// only through a View.
//
// THE SPOILER RULE: nothing revealed outside the horizon appears in any
// answer: no name (including aliases whose fact is hidden), no id, no count,
// no "N hidden", no hint. Name resolution obeys it too: an entity or event
// that exists but is not visible yields exactly the error of one that does
// not exist.
//
// Visibility (docs/queries.md, "Visibility"):
//   - a fact with reveal points is visible when one of them is in the
//     horizon; it makes its subject and entity object visible;
//   - an event is visible when one of its reveal points is; it makes every
//     entity in a role visible;
//   - an appearance (scene presence) is visible when its point is in the
//     horizon (the point is its reveal point); it makes its entity visible;
//   - an entity is visible when an `introduced` point is in the horizon, a
//     visible appearance is of it, or a visible fact/event (above) involves
//     it; a person is visible when a visible `played_by` names them;
//   - a fact without reveal points ("revealed with the entity") is visible
//     when its subject is, and, if its object is an entity other than a
//     played_by person, when that entity is visible too (so a visible fact
//     never names a hidden entity);
//   - knowledge is visible when its own reveal point is in the horizon (or it
//     has none and its target is visible), its target is visible and the
//     knower is visible;
//   - a fact or event is overturned for the viewer when it is visible and
//     one of its overturn points is in the horizon too. A fact started by an
//     event the viewer knows was overturned is overturned with it.
//
// A View holds references to its universe and horizon; both must outlive it.
#ifndef CANON_QUERY_VIEW_H_
#define CANON_QUERY_VIEW_H_

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "index/fact_index.h"
#include "query/horizon.h"

namespace canon {

// Orders reveal points by when the audience has certainly seen them: by leaf
// release rank, then position within the leaf; a point without a position
// (or on a non-leaf work) counts at the end of its (last) leaf.
struct RevealKey {
  uint32_t rank = kNone;
  uint8_t kind = 0xff;  // PositionKind, or 0xff for "end of the leaf"
  int32_t position = 0;
  auto operator<=>(const RevealKey&) const = default;
  bool valid() const { return rank != kNone; }
};
RevealKey KeyOf(const Universe& u, const RevealPoint& p);

// Horizon-independent columns of a universe that make building a View cheap:
// per work its RevealKey rank; per fact its subject, entity object and, for
// a "simple" fact (its only reveal point is a whole leaf without a
// position), that leaf's release rank; flat lists of introductions,
// appearances and event roles; the few facts that need the exact path
// (several, positioned or non-leaf reveal points, overturns, event starts,
// no reveal points); and per entity its facts, events and appearances as a
// View would list them if everything were visible (a View filters those
// when a good part survives its horizon). Built in O(facts + works + events
// + entities + appearances log) time, ~20 bytes per fact (about 15 ms and
// 10 MB at 500k facts). A plan describes the universe as it was when built:
// rebuild it after any change (View checks sizes and falls back to building
// its own when they differ). Immutable, so one plan may be shared by any
// number of threads (see QueryContext::Plan()).
class ViewPlan {
 public:
  explicit ViewPlan(const Universe& u);
  ViewPlan(const ViewPlan&) = delete;
  ViewPlan& operator=(const ViewPlan&) = delete;

  // Was this plan built over `u` as it is now (same object, same sizes)?
  bool Matches(const Universe& u) const;
  // RevealKey of `p`, equal to KeyOf(u, p) without reading Work structs.
  RevealKey Key(const RevealPoint& p) const;

 private:
  friend class View;
  // FactCol::leaf for facts that take the exact path / have no reveal points.
  static constexpr uint32_t kComplex = 0xfffffffe;
  static constexpr uint32_t kNoReveals = 0xffffffff;
  struct WorkKey {
    uint32_t rank = kNone;  // leaf: release rank; else end_leaf_rank - 1 (kNone: none)
    bool leaf = false;
  };
  struct FactCol {
    EntityId subject = kNone;
    EntityId object = kNone;   // the object entity, kNone when not an entity
    uint32_t leaf = kComplex;  // simple fact: release rank of its reveal leaf
  };
  struct Implicit {  // a fact without reveal points
    FactId fact = kNone;
    bool object_is_entity = false;  // object.kind == kEntity (entity may be bad)
    bool played_by = false;
  };
  struct Placed {  // an introduction or appearance
    EntityId entity = kNone;
    RevealPoint at;
  };

  const Universe* u_;
  size_t works_ = 0, facts_n_ = 0, entities_ = 0, events_ = 0, appearances_ = 0, knowledge_ = 0;
  PredicateId alias_pred_ = kNone;
  PredicateId played_by_pred_ = kNone;
  std::vector<WorkKey> work_keys_;
  std::vector<FactCol> facts_;
  std::vector<Implicit> implicit_;      // by FactId
  std::vector<FactId> overturnable_;    // overturn points or started_by, by FactId
  std::vector<Placed> introductions_;   // by entity, then point order
  std::vector<Placed> appearances_at_;  // by AppearanceId
  std::vector<RevealKey> appearance_keys_;
  // Per event, its role entities (< entities, first occurrence only), CSR.
  std::vector<uint32_t> role_offsets_;
  std::vector<EntityId> role_entities_;
  // Columns only, without the per-entity lists below (a View's own plan:
  // building the lists costs more than one View saves with them).
  struct ColumnsOnly {};
  ViewPlan(const Universe& u, ColumnsOnly);
  bool entity_lists_ = false;
  // Per entity, what View::FactsOf / EventsOf / AppearancesOf would list
  // for the horizon "everything is visible" (CSR): a View filters these by
  // its flags, which keeps their order. Facts and events by id,
  // appearances by (Key of their point, AppearanceId).
  std::vector<uint32_t> entity_fact_offsets_;
  std::vector<FactId> entity_facts_;
  std::vector<uint32_t> entity_event_offsets_;
  std::vector<EventId> entity_events_;
  std::vector<uint32_t> entity_appearance_offsets_;
  std::vector<AppearanceId> entity_appearances_;
};

class View {
 public:
  // Builds a ViewPlan for this View alone (use the 3-argument form with a
  // shared plan when building many Views over one universe).
  View(const Universe& u, const Horizon& h);
  // `plan` must have been built over `u` (nullptr, or a plan that no longer
  // Matches(u): builds its own). Only used during construction.
  View(const Universe& u, const Horizon& h, const ViewPlan* plan);
  // The straightforward computation over the Universe structs, without a
  // plan: same answers, slower. The reference the fast path is tested
  // against.
  struct ReferencePath {};
  View(const Universe& u, const Horizon& h, ReferencePath);
  View(const View&) = delete;
  View& operator=(const View&) = delete;

  const Universe& universe() const { return u_; }
  const Horizon& horizon() const { return h_; }

  bool FactVisible(FactId f) const { return (fact_flags_[f] & kVisible) != 0; }
  bool FactOverturnedForViewer(FactId f) const { return (fact_flags_[f] & kOverturned) != 0; }
  // Visible and revealed with its subject (no reveal points of its own).
  bool FactImplicit(FactId f) const { return (fact_flags_[f] & kImplicit) != 0; }
  bool EventVisible(EventId e) const { return (event_flags_[e] & kVisible) != 0; }
  bool EventOverturnedForViewer(EventId e) const { return (event_flags_[e] & kOverturned) != 0; }
  bool EntityVisible(EntityId e) const { return entity_visible_[e] != 0; }
  bool KnowledgeVisible(KnowledgeId k) const { return knowledge_visible_[k] != 0; }
  bool AppearanceVisible(AppearanceId a) const { return appearance_visible_[a] != 0; }
  bool InHorizon(const RevealPoint& p) const { return h_.Contains(p); }

  // The fact's start / end as the viewer knows them: kNone when open, and
  // also when set by an event effect the viewer has not seen, so a hidden
  // ending never shows as an ending. An end set by an event the viewer knows
  // was overturned is void (kNone) too.
  PointId FactStart(FactId f) const;
  PointId FactEnd(FactId f) const;

  // Reveal / overturn points inside the horizon, in declaration order. For a
  // fact revealed with its entity: the entity's first visible reveal point.
  std::vector<RevealPoint> FactReveals(FactId f) const;
  std::vector<RevealPoint> FactOverturns(FactId f) const;
  std::vector<RevealPoint> EventReveals(EventId e) const;
  std::vector<RevealPoint> EventOverturns(EventId e) const;
  // Where the audience learns that `who` knows: own points in the horizon,
  // else (none of its own) the target's.
  std::vector<RevealPoint> KnowledgeReveals(KnowledgeId k) const;

  // First visible reveal (invalid key when not visible).
  RevealKey FactRevealKey(FactId f) const;
  RevealKey EventRevealKey(EventId e) const;
  RevealKey EntityRevealKey(EntityId e) const { return entity_key_[e]; }
  // The point behind EntityRevealKey (work kNone when none).
  const RevealPoint& EntityFirstReveal(EntityId e) const { return entity_first_[e]; }

  // Visible facts whose subject or entity object is `e`, by FactId.
  std::span<const FactId> FactsOf(EntityId e) const;
  // Visible events with `e` in a role, by EventId.
  std::span<const EventId> EventsOf(EntityId e) const;
  // Visible appearances of `e`, in reveal order (KeyOf their point, then
  // AppearanceId).
  std::span<const AppearanceId> AppearancesOf(EntityId e) const;
  // Visible counterparts of `e`.
  std::vector<EntityId> Counterparts(EntityId e) const;
  // Visible alias facts of `e`.
  std::vector<FactId> AliasFacts(EntityId e) const;

  // Story time. `time_resolved()` is false when the universe's story time
  // was not resolved; ranks are then 0.
  bool time_resolved() const;
  uint32_t Rank(PointId p) const;
  // Position of `p` among the distinct ranks of the points this viewer can
  // see (dense, 0-based; equal = simultaneous). Raw ranks are never shown:
  // their gaps would count hidden points.
  uint32_t ViewerRank(PointId p) const;
  // Points the viewer can see (of visible events, of visible facts as the
  // viewer knows them, of visible knowledge, of visible appearances, and
  // slots of works the horizon touches), by PointId. Built on first use in linear time.
  const std::vector<PointId>& VisiblePoints() const;

  // Optional FactIndex over the same universe (see query/query_context.h):
  // queries may take their candidate facts from it instead of scanning
  // FactsOf(e), but every candidate must still pass this View's checks
  // (FactVisible, FactHoldsAt, ...): the View stays the only gate of
  // visibility. Builds the viewer's HorizonMask (O(leaves)). `ix` must
  // outlive the View; nullptr detaches.
  void UseIndex(const FactIndex* ix);
  const FactIndex* index() const { return index_; }
  const HorizonMask& index_mask() const { return index_mask_; }

  PredicateId alias_predicate() const { return alias_pred_; }
  PredicateId played_by_predicate() const { return played_by_pred_; }

 private:
  static constexpr uint8_t kVisible = 1, kOverturned = 2, kImplicit = 4;
  void Compute();  // reference path
  void BuildIndexes();
  // Fills `visible_facts` with the visible facts, by FactId.
  void ComputeFast(const ViewPlan& plan, std::vector<FactId>& visible_facts);
  void ComputeKnowledge();  // step 6, shared by both paths
  // `visible_facts`: the visible facts, by FactId.
  void BuildIndexesFast(const ViewPlan& plan, const std::vector<FactId>& visible_facts);
  bool AnyInHorizon(const std::vector<RevealPoint>& ps) const;
  void MarkOverturnedIfSo(FactId f);
  void Touch(EntityId e, const RevealKey& key, const RevealPoint& p);

  const Universe& u_;
  const Horizon& h_;
  PredicateId alias_pred_ = kNone;
  PredicateId played_by_pred_ = kNone;
  std::vector<uint8_t> fact_flags_;
  std::vector<uint8_t> event_flags_;
  std::vector<uint8_t> entity_visible_;
  std::vector<uint8_t> knowledge_visible_;
  std::vector<uint8_t> appearance_visible_;
  std::vector<RevealKey> entity_key_;
  std::vector<RevealPoint> entity_first_;
  // CSR indexes over entities.
  std::vector<uint32_t> fact_offsets_, fact_index_;
  std::vector<uint32_t> event_offsets_, event_index_;
  std::vector<uint32_t> appearance_offsets_, appearance_index_;
  // Lazily built (thread-safe) by VisiblePoints().
  mutable std::once_flag points_once_;
  mutable std::vector<PointId> visible_points_;
  mutable std::vector<uint64_t> rank_bits_;    // ranks of visible points
  mutable std::vector<uint32_t> rank_prefix_;  // set bits before each word
  const FactIndex* index_ = nullptr;
  HorizonMask index_mask_;
};

// Name resolution for the viewer (case-insensitive). Entities match, in
// order of precedence: qualified id (`netflix:jessica`), id, display name,
// visible alias. The first tier with a match decides; two or more matches
// in it is an ambiguity error listing the visible candidates qualified.
// Unknown names: NotFound whose hint suggests only visible names. A hidden
// entity gives byte-identical errors to a nonexistent one.
Result<EntityId> ResolveEntity(const View& v, std::string_view name);
// Events: qualified id, id, title.
Result<EventId> ResolveEvent(const View& v, std::string_view name);
// Visible fact by label (`label` or `continuity:label`).
Result<FactId> ResolveFactLabel(const View& v, std::string_view name);

}  // namespace canon

#endif  // CANON_QUERY_VIEW_H_
