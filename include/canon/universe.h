// The checked universe: the in-memory model every stage after the checker
// reads (time resolution, store, queries, lint). It is plain data with dense
// integer ids; the checker builds it, the store round-trips it.
//
// Invariants (established by the checker or the store loader, relied on by
// every reader):
//   - every id stored in a field indexes a live element of its vector;
//   - `works[w].children` are in declaration (= release tie-break) order;
//   - `points` holds exactly: one point per event, one start and one end per
//     fact (either may be kNone = open), one start and one end per work slot;
//   - `Finalize()` has been called after the last mutation (lookup maps and
//     release order are current).
#ifndef CANON_UNIVERSE_H_
#define CANON_UNIVERSE_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace canon {

using ContinuityId = uint32_t;
using WorkId = uint32_t;
using EntityId = uint32_t;
using PredicateId = uint32_t;
using FactId = uint32_t;
using EventId = uint32_t;
using KnowledgeId = uint32_t;
using PointId = uint32_t;
using EraId = uint32_t;
inline constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// A place in a source file. file indexes Universe::files; line/col are
// 1-based; line 0 means "no location" (data that came from a store).
struct SourceLoc {
  uint32_t file = kNone;
  uint32_t line = 0;
  uint32_t col = 0;
  uint32_t length = 0;  // bytes covered on that line, for carets
  bool valid() const { return line != 0; }
};

struct Continuity {
  std::string id;     // "netflix"
  std::string title;  // "Marvel Netflix television"
  SourceLoc loc;
};

// A calendar era (issue: in-universe calendars). Year y of an era is
// absolute year `epoch + direction * y` on the continuity's year line.
// Era 0 is always the built-in Gregorian "CE" era (epoch 0, direction +1).
struct Era {
  std::string id;  // "AC", "BBY"
  ContinuityId continuity = kNone;  // kNone: usable everywhere
  int32_t epoch = 0;
  int32_t direction = 1;  // +1 counts forward, -1 counts backward (BBY)
  SourceLoc loc;
};

// A possibly partial date: year only, year-month, or full date, in an era.
struct PartialDate {
  int32_t year = 0;
  uint8_t month = 0;  // 0 = unknown
  uint8_t day = 0;    // 0 = unknown
  EraId era = 0;
  bool operator==(const PartialDate&) const = default;
};

enum class WorkKind : uint8_t {
  kSeries, kSeason, kEpisode, kScene,
  kComic, kVolume, kIssue,
  kFilm,
  kBook, kChapter,
};

struct Work {
  std::string id;     // local id, unique among siblings ("s1", "e8", "14")
  std::string path;   // full dotted path, unique ("jj.s1.e8")
  std::string title;  // may be empty
  WorkKind kind = WorkKind::kSeries;
  WorkId parent = kNone;
  std::vector<WorkId> children;
  ContinuityId continuity = kNone;  // inherited from the parent when not given
  std::optional<PartialDate> released;  // inherited from the parent if unset
  std::optional<int32_t> runtime_minutes;
  // The work's story slot: facts and events revealed in it happen inside it
  // unless they say otherwise. Leaf slots follow release order within a
  // continuity unless the work carries explicit story constraints.
  PointId slot_start = kNone;
  PointId slot_end = kNone;
  bool flashback = false;  // slot is not chained into release order
  // Derived by Finalize(): leaves only, position in Universe::release_order.
  uint32_t release_rank = kNone;
  // Derived by Finalize(): for any work, the half-open range of release
  // ranks of its leaves [first_leaf_rank, end_leaf_rank).
  uint32_t first_leaf_rank = kNone;
  uint32_t end_leaf_rank = kNone;
  SourceLoc loc;
  bool is_leaf() const { return children.empty(); }
};

// Where the audience learns something: a work, optionally a position inside
// a leaf (a scene number or a timecode in seconds). A non-leaf work means
// "somewhere in this work": it is only in a horizon that holds all of it.
struct RevealPoint {
  enum class PositionKind : uint8_t { kNone, kScene, kSeconds };
  WorkId work = kNone;
  PositionKind position_kind = PositionKind::kNone;
  int32_t position = 0;
  bool operator==(const RevealPoint&) const = default;
};

enum class EntityKind : uint8_t { kCharacter, kPerson, kGroup, kPlace, kObject };

struct Entity {
  std::string id;    // unique within its continuity ("jessica")
  std::string name;  // display name ("Jessica Jones")
  EntityKind kind = EntityKind::kCharacter;
  ContinuityId continuity = kNone;  // kNone for real people
  // Explicit first appearances. When empty, the entity exists for a viewer
  // as soon as any visible fact or event involves it.
  std::vector<RevealPoint> introduced;
  SourceLoc loc;
};

enum class ValueKind : uint8_t { kEntity, kString, kKeyword, kNumber, kDate };

struct Predicate {
  std::string name;          // "married_to"
  ValueKind object_kind = ValueKind::kEntity;
  bool symmetric = false;    // a p b implies b p a
  bool exclusive = false;    // a subject holds at most one value at a time
  std::string inverse;       // name for reading b<-a ("child_of"); may be empty
  std::string phrase;        // English verb phrase ("is married to")
  std::vector<std::string> keywords;  // allowed values for kKeyword
  bool builtin = false;
  SourceLoc loc;
};

struct Value {
  ValueKind kind = ValueKind::kEntity;
  EntityId entity = kNone;  // kEntity
  std::string text;         // kString, kKeyword
  double number = 0;        // kNumber
  PartialDate date;         // kDate
  bool operator==(const Value&) const = default;
};

struct Fact {
  std::string label;  // optional id, for knowledge and overturn references
  EntityId subject = kNone;
  PredicateId predicate = kNone;
  Value object;
  PointId start = kNone;  // kNone: holds since before the story began
  PointId end = kNone;    // kNone: still holds (open-ended)
  std::vector<RevealPoint> revealed;
  // When `revealed` is empty the fact was declared inside an entity block
  // without a reveal: it is visible exactly when its subject is.
  std::vector<RevealPoint> overturned;  // shown to be false here
  std::string source;  // citation
  EventId started_by = kNone;  // set when an event effect created it
  EventId ended_by = kNone;
  ContinuityId continuity = kNone;
  SourceLoc loc;
};

struct Role {
  std::string role;  // "killer"
  EntityId entity = kNone;
  bool operator==(const Role&) const = default;
};

struct Event {
  std::string id;     // unique within its continuity ("reva_death")
  std::string title;  // may be empty
  std::string kind;   // "killing", "wedding", ... or "" for generic
  std::vector<Role> roles;
  PointId time = kNone;
  std::vector<RevealPoint> revealed;
  std::vector<RevealPoint> overturned;
  std::vector<FactId> starts;  // facts this event begins
  std::vector<FactId> ends;    // facts this event ends
  std::string source;
  ContinuityId continuity = kNone;
  SourceLoc loc;
};

// Character `who` knows fact or event `target` from story point `from` on.
struct Knowledge {
  enum class TargetKind : uint8_t { kFact, kEvent };
  EntityId who = kNone;
  TargetKind target_kind = TargetKind::kEvent;
  uint32_t target = kNone;
  PointId from = kNone;
  // Where the audience learns that `who` knows. Empty: with the target.
  std::vector<RevealPoint> revealed;
  bool implicit = false;  // derived: a participant of the event
  std::string source;
  SourceLoc loc;
};

// One story-time constraint on a point, as written (before resolution).
struct TimeConstraint {
  enum class Kind : uint8_t {
    kBefore,  // point < anchor (for a work: < its slot start)
    kAfter,   // point > anchor (for a work: > its slot end)
    kDuring,  // work slot start <= point <= work slot end
    kSame,    // point == anchor point
    kDate,    // point within the date's bounds
    kOffset,  // point == anchor + amount unit (amount may be negative)
  };
  enum class AnchorKind : uint8_t { kPoint, kWork, kDate };
  enum class Unit : uint8_t { kDays, kMonths, kYears };
  Kind kind = Kind::kSame;
  AnchorKind anchor_kind = AnchorKind::kPoint;
  PointId point = kNone;   // kPoint
  WorkId work = kNone;     // kWork
  PartialDate date;        // kDate
  int32_t amount = 0;      // kOffset
  Unit unit = Unit::kYears;
  bool implicit = false;   // added by defaults (reveal slot, release chain)
  SourceLoc loc;
};

struct TimePoint {
  enum class Owner : uint8_t { kEvent, kFactStart, kFactEnd, kWorkStart, kWorkEnd };
  Owner owner = Owner::kEvent;
  uint32_t owner_id = kNone;
  std::vector<TimeConstraint> constraints;
};

// Output of story-time resolution (src/time). Indexed by PointId.
struct ResolvedTime {
  static constexpr int64_t kNegInf = std::numeric_limits<int64_t>::min() / 4;
  static constexpr int64_t kPosInf = std::numeric_limits<int64_t>::max() / 4;
  // Position of each point in one linear extension of the story order. Two
  // points with equal rank are simultaneous (kSame).
  std::vector<uint32_t> rank;
  // Earliest and latest day (days since 0001-01-01 on the continuity's year
  // line), kNegInf/kPosInf when unbounded.
  std::vector<int64_t> earliest;
  std::vector<int64_t> latest;
  bool resolved = false;
};

struct Universe {
  std::string title;
  std::vector<std::string> files;  // source names, indexed by SourceLoc::file
  std::vector<Continuity> continuities;
  std::vector<Era> eras;
  std::vector<Work> works;
  std::vector<Entity> entities;
  std::vector<Predicate> predicates;
  std::vector<Fact> facts;
  std::vector<Event> events;
  std::vector<Knowledge> knowledge;
  std::vector<std::pair<EntityId, EntityId>> counterparts;
  std::vector<TimePoint> points;

  // Derived by Finalize(): leaves in release order (release date, then tree
  // order). Horizons are bitmaps over this order.
  std::vector<WorkId> release_order;
  // Derived by the time stage.
  ResolvedTime time;

  // Lookups (valid after Finalize()). Return kNone when absent.
  ContinuityId FindContinuity(std::string_view id) const;
  WorkId FindWorkByPath(std::string_view path) const;
  // Entity by exact id within a continuity (kNone continuity = real people).
  EntityId FindEntity(ContinuityId continuity, std::string_view id) const;
  PredicateId FindPredicate(std::string_view name) const;
  EventId FindEvent(ContinuityId continuity, std::string_view id) const;
  FactId FindFactByLabel(ContinuityId continuity, std::string_view label) const;
  EraId FindEra(std::string_view id) const;

  // Qualified display id: "netflix:jessica", or "krysten_ritter" for people.
  std::string QualifiedId(EntityId e) const;

  // Rebuilds the lookup maps and the release order; call after mutation.
  void Finalize();

 private:
  std::unordered_map<std::string, ContinuityId> continuity_index_;
  std::unordered_map<std::string, WorkId> work_index_;
  std::unordered_map<std::string, EntityId> entity_index_;  // "cont\x1fid"
  std::unordered_map<std::string, PredicateId> predicate_index_;
  std::unordered_map<std::string, EventId> event_index_;
  std::unordered_map<std::string, FactId> fact_label_index_;
  std::unordered_map<std::string, EraId> era_index_;
};

std::string_view WorkKindName(WorkKind kind);   // "season"
std::string_view EntityKindName(EntityKind kind);  // "character"

// Adds the built-in predicates (knows, friends, dating, married_to, ...) to
// an empty universe. Their ids are stable in declaration order.
void AddBuiltinPredicates(Universe& u);

}  // namespace canon

#endif  // CANON_UNIVERSE_H_
