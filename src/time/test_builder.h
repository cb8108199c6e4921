// Test-only helper: builds small Universes by hand for the story-time tests
// (works with slot points, events, facts, knowledge, constraints with line
// numbers as locations).
#ifndef CANON_TIME_TEST_BUILDER_H_
#define CANON_TIME_TEST_BUILDER_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/universe.h"

namespace canon::testing {

class UniverseBuilder {
 public:
  using Kind = TimeConstraint::Kind;

  UniverseBuilder() {
    u.files.push_back("t.canon");
    u.continuities.push_back({"c", "C", {}});
    AddBuiltinPredicates(u);
  }

  SourceLoc Loc(uint32_t line) const { return SourceLoc{0, line, 1, 1}; }

  PointId NewPoint(TimePoint::Owner owner, uint32_t owner_id) {
    TimePoint tp;
    tp.owner = owner;
    tp.owner_id = owner_id;
    u.points.push_back(tp);
    return static_cast<PointId>(u.points.size() - 1);
  }

  // A work with its two slot points. `released` is a year, 0 for none.
  WorkId Work(const std::string& id, WorkId parent = kNone, int32_t released = 0,
              bool flashback = false, uint32_t line = 0) {
    canon::Work w;
    w.id = id;
    w.path = parent == kNone ? id : u.works[parent].path + "." + id;
    w.kind = parent == kNone ? WorkKind::kSeries : WorkKind::kEpisode;
    w.parent = parent;
    w.continuity = 0;
    if (released != 0) w.released = PartialDate{released, 0, 0, 0};
    w.flashback = flashback;
    w.loc = Loc(line);
    const WorkId wid = static_cast<WorkId>(u.works.size());
    u.works.push_back(w);
    if (parent != kNone) u.works[parent].children.push_back(wid);
    u.works[wid].slot_start = NewPoint(TimePoint::Owner::kWorkStart, wid);
    u.works[wid].slot_end = NewPoint(TimePoint::Owner::kWorkEnd, wid);
    return wid;
  }

  EventId Event(const std::string& id, WorkId revealed = kNone, uint32_t line = 0) {
    canon::Event e;
    e.id = id;
    e.continuity = 0;
    e.loc = Loc(line);
    if (revealed != kNone) e.revealed.push_back(RevealPoint{revealed});
    const EventId eid = static_cast<EventId>(u.events.size());
    e.time = NewPoint(TimePoint::Owner::kEvent, eid);
    u.events.push_back(e);
    return eid;
  }
  PointId EventPoint(EventId e) const { return u.events[e].time; }

  // A fact `subject status <keyword>` with optional start/end points.
  FactId Fact(const std::string& label, bool with_start, bool with_end, WorkId revealed = kNone,
              uint32_t line = 0) {
    canon::Fact f;
    f.label = label;
    f.subject = Entity("e" + std::to_string(u.facts.size()));
    for (PredicateId i = 0; i < u.predicates.size(); ++i) {
      if (u.predicates[i].name == "status") f.predicate = i;
    }
    f.object.kind = ValueKind::kKeyword;
    f.object.text = "alive";
    f.continuity = 0;
    f.loc = Loc(line);
    if (revealed != kNone) f.revealed.push_back(RevealPoint{revealed});
    const FactId fid = static_cast<FactId>(u.facts.size());
    u.facts.push_back(f);
    if (with_start) u.facts[fid].start = NewPoint(TimePoint::Owner::kFactStart, fid);
    if (with_end) u.facts[fid].end = NewPoint(TimePoint::Owner::kFactEnd, fid);
    return fid;
  }

  EntityId Entity(const std::string& id) {
    canon::Entity e;
    e.id = id;
    e.name = id;
    e.continuity = 0;
    u.entities.push_back(e);
    return static_cast<EntityId>(u.entities.size() - 1);
  }

  // Constraint on p relative to point a.
  void Rel(PointId p, Kind kind, PointId a, uint32_t line = 0) {
    TimeConstraint c;
    c.kind = kind;
    c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    c.point = a;
    c.loc = Loc(line);
    u.points[p].constraints.push_back(c);
  }
  void RelWork(PointId p, Kind kind, WorkId w, uint32_t line = 0) {
    TimeConstraint c;
    c.kind = kind;
    c.anchor_kind = TimeConstraint::AnchorKind::kWork;
    c.work = w;
    c.loc = Loc(line);
    u.points[p].constraints.push_back(c);
  }
  void Date(PointId p, PartialDate d, uint32_t line = 0) {
    TimeConstraint c;
    c.kind = Kind::kDate;
    c.anchor_kind = TimeConstraint::AnchorKind::kDate;
    c.date = d;
    c.loc = Loc(line);
    u.points[p].constraints.push_back(c);
  }
  void RelDate(PointId p, Kind kind, PartialDate d, uint32_t line = 0) {
    TimeConstraint c;
    c.kind = kind;
    c.anchor_kind = TimeConstraint::AnchorKind::kDate;
    c.date = d;
    c.loc = Loc(line);
    u.points[p].constraints.push_back(c);
  }
  void Offset(PointId p, int32_t amount, TimeConstraint::Unit unit, PointId a, uint32_t line = 0) {
    TimeConstraint c;
    c.kind = Kind::kOffset;
    c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    c.point = a;
    c.amount = amount;
    c.unit = unit;
    c.loc = Loc(line);
    u.points[p].constraints.push_back(c);
  }

  Universe& Done() {
    u.Finalize();
    return u;
  }

  Universe u;
};

}  // namespace canon::testing

#endif  // CANON_TIME_TEST_BUILDER_H_
