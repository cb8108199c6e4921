// Test support for the query module: a small hand-built universe (a slice of
// the Defenders story) with story time filled in by hand, so query tests do
// not depend on the parser or the time stage.
//
// Release order (leaf ranks): 0 dd.s1.e1, 1 dd.s1.e2, 2 jj.s1.e1, 3 jj.s1.e2,
// 4 jj.s1.e3, 5 jj.s1.e4, 6 jj.s2.e1, 7 jj.s2.e2.
//
// Story (ranks): 0 dd.s1 slots, 1 reva_death (2014), 2 jj.s1 starts,
// 3 meeting (jj.s1e1, 2015-01-10), 4 trish "dies" (a lie), 5 breakup,
// 6 jj.s1 ends, 7 jj.s2 starts, 8 secret_event, 9 jj.s2 ends.
#ifndef CANON_QUERY_QUERY_TESTING_H_
#define CANON_QUERY_QUERY_TESTING_H_

#include <string>
#include <vector>

#include "canon/universe.h"
#include "model/dates.h"

namespace canon::query_testing {

struct Mini {
  Universe u;
  // Handy ids.
  WorkId jj = kNone, jj_s1 = kNone, jj_s2 = kNone, dd = kNone;
  EntityId jessica = kNone, luke = kNone, reva = kNone, kilgrave = kNone, trish = kNone,
           krysten = kNone, matt = kNone, hidden_guy = kNone, jessica616 = kNone;
  EventId reva_death = kNone, meeting = kNone, breakup = kNone, secret_event = kNone;
  FactId married = kNone, dating = kNone, reva_dead = kNone, trish_dead = kNone, friends = kNone,
         secret_alias = kNone, knows_hidden = kNone;
};

class MiniBuilder {
 public:
  MiniBuilder() { AddBuiltinPredicates(m_.u); }

  WorkId AddWork(WorkId parent, WorkKind kind, const std::string& id, const std::string& title,
                 std::optional<PartialDate> released, uint32_t start_rank, uint32_t end_rank) {
    Universe& u = m_.u;
    Work w;
    w.id = id;
    w.path = parent == kNone ? id : u.works[parent].path + "." + id;
    w.title = title;
    w.kind = kind;
    w.parent = parent;
    w.continuity = 0;
    w.released = released;
    WorkId wid = static_cast<WorkId>(u.works.size());
    w.slot_start = AddPoint(TimePoint::Owner::kWorkStart, wid, start_rank);
    w.slot_end = AddPoint(TimePoint::Owner::kWorkEnd, wid, end_rank);
    u.works.push_back(std::move(w));
    if (parent != kNone) u.works[parent].children.push_back(wid);
    return wid;
  }

  PointId AddPoint(TimePoint::Owner owner, uint32_t owner_id, uint32_t rank,
                   std::vector<TimeConstraint> constraints = {}) {
    Universe& u = m_.u;
    TimePoint p;
    p.owner = owner;
    p.owner_id = owner_id;
    p.constraints = std::move(constraints);
    u.points.push_back(std::move(p));
    ranks_.push_back(rank);
    return static_cast<PointId>(u.points.size() - 1);
  }

  EntityId AddEntity(const std::string& id, const std::string& name, EntityKind kind,
                     std::vector<RevealPoint> introduced, ContinuityId c = 0) {
    Entity e;
    e.id = id;
    e.name = name;
    e.kind = kind;
    e.continuity = kind == EntityKind::kPerson ? kNone : c;
    e.introduced = std::move(introduced);
    m_.u.entities.push_back(std::move(e));
    return static_cast<EntityId>(m_.u.entities.size() - 1);
  }

  FactId AddFact(EntityId subject, const std::string& pred, Value object,
                 std::vector<RevealPoint> revealed, std::optional<uint32_t> start_rank = {},
                 std::optional<uint32_t> end_rank = {}, const std::string& label = "") {
    Universe& u = m_.u;
    Fact f;
    f.label = label;
    f.subject = subject;
    f.predicate = u.FindPredicate(pred);
    f.object = std::move(object);
    f.revealed = std::move(revealed);
    f.continuity = 0;
    FactId id = static_cast<FactId>(u.facts.size());
    if (start_rank) f.start = AddPoint(TimePoint::Owner::kFactStart, id, *start_rank);
    if (end_rank) f.end = AddPoint(TimePoint::Owner::kFactEnd, id, *end_rank);
    u.facts.push_back(std::move(f));
    return id;
  }

  EventId AddEvent(const std::string& id, const std::string& title, const std::string& kind,
                   std::vector<Role> roles, std::vector<RevealPoint> revealed, uint32_t rank,
                   std::vector<TimeConstraint> constraints = {}) {
    Universe& u = m_.u;
    Event e;
    e.id = id;
    e.title = title;
    e.kind = kind;
    e.roles = std::move(roles);
    e.revealed = std::move(revealed);
    e.continuity = 0;
    EventId eid = static_cast<EventId>(u.events.size());
    e.time = AddPoint(TimePoint::Owner::kEvent, eid, rank, std::move(constraints));
    u.events.push_back(std::move(e));
    return eid;
  }

  // Makes the fact start/end at the event (effect).
  void StartedBy(FactId f, EventId e) {
    Universe& u = m_.u;
    u.facts[f].started_by = e;
    TimeConstraint c;
    c.kind = TimeConstraint::Kind::kSame;
    c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    c.point = u.events[e].time;
    if (u.facts[f].start == kNone) {
      u.facts[f].start = AddPoint(TimePoint::Owner::kFactStart, f, ranks_[u.events[e].time]);
    }
    u.points[u.facts[f].start].constraints.push_back(c);
    u.events[e].starts.push_back(f);
  }
  void EndedBy(FactId f, EventId e) {
    Universe& u = m_.u;
    u.facts[f].ended_by = e;
    TimeConstraint c;
    c.kind = TimeConstraint::Kind::kSame;
    c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    c.point = u.events[e].time;
    if (u.facts[f].end == kNone) {
      u.facts[f].end = AddPoint(TimePoint::Owner::kFactEnd, f, ranks_[u.events[e].time]);
    }
    u.points[u.facts[f].end].constraints.push_back(c);
    u.events[e].ends.push_back(f);
  }

  Mini& mini() { return m_; }

  // Finalize and fill story time: ranks as given, days from explicit dates.
  Mini Build() {
    Universe& u = m_.u;
    u.Finalize();
    u.time.rank = ranks_;
    u.time.earliest.assign(u.points.size(), ResolvedTime::kNegInf);
    u.time.latest.assign(u.points.size(), ResolvedTime::kPosInf);
    for (PointId p = 0; p < u.points.size(); ++p) {
      for (const TimeConstraint& c : u.points[p].constraints) {
        if (c.kind == TimeConstraint::Kind::kDate) {
          u.time.earliest[p] = EarliestDay(u, c.date);
          u.time.latest[p] = LatestDay(u, c.date);
        }
      }
    }
    u.time.resolved = true;
    return std::move(m_);
  }

 private:
  Mini m_;
  std::vector<uint32_t> ranks_;
};

inline RevealPoint At(const Universe& u, const std::string& path,
                      RevealPoint::PositionKind kind = RevealPoint::PositionKind::kNone,
                      int32_t position = 0) {
  RevealPoint p;
  p.work = u.FindWorkByPath(path);
  p.position_kind = kind;
  p.position = position;
  return p;
}

inline Value EntityValue(EntityId e) {
  Value v;
  v.kind = ValueKind::kEntity;
  v.entity = e;
  return v;
}
inline Value StringValue(const std::string& s) {
  Value v;
  v.kind = ValueKind::kString;
  v.text = s;
  return v;
}
inline Value KeywordValue(const std::string& s) {
  Value v;
  v.kind = ValueKind::kKeyword;
  v.text = s;
  return v;
}
inline PartialDate Date(int y, int m = 0, int d = 0) {
  PartialDate p;
  p.year = y;
  p.month = static_cast<uint8_t>(m);
  p.day = static_cast<uint8_t>(d);
  return p;
}
inline TimeConstraint DateConstraint(PartialDate d) {
  TimeConstraint c;
  c.kind = TimeConstraint::Kind::kDate;
  c.anchor_kind = TimeConstraint::AnchorKind::kDate;
  c.date = d;
  return c;
}

// The mini Defenders universe described at the top of this file.
inline Mini MakeMini() {
  MiniBuilder b;
  Universe& u = b.mini().u;
  Mini& m = b.mini();
  u.title = "Mini Defenders";
  u.continuities.push_back({"netflix", "Marvel Netflix television", {}});
  u.continuities.push_back({"earth616", "Marvel comics (Earth-616)", {}});
  Era ce;
  ce.id = "CE";
  u.eras.push_back(ce);

  m.dd = b.AddWork(kNone, WorkKind::kSeries, "dd", "Daredevil", Date(2015, 4, 10), 0, 0);
  WorkId dd_s1 = b.AddWork(m.dd, WorkKind::kSeason, "s1", "", std::nullopt, 0, 0);
  b.AddWork(dd_s1, WorkKind::kEpisode, "e1", "Into the Ring", std::nullopt, 0, 0);
  b.AddWork(dd_s1, WorkKind::kEpisode, "e2", "Cut Man", std::nullopt, 0, 0);
  m.jj = b.AddWork(kNone, WorkKind::kSeries, "jj", "Jessica Jones", std::nullopt, 2, 9);
  m.jj_s1 = b.AddWork(m.jj, WorkKind::kSeason, "s1", "", Date(2015, 11, 20), 2, 6);
  b.AddWork(m.jj_s1, WorkKind::kEpisode, "e1", "AKA Ladies Night", std::nullopt, 2, 3);
  b.AddWork(m.jj_s1, WorkKind::kEpisode, "e2", "AKA Crush Syndrome", std::nullopt, 3, 4);
  b.AddWork(m.jj_s1, WorkKind::kEpisode, "e3", "", std::nullopt, 4, 5);
  b.AddWork(m.jj_s1, WorkKind::kEpisode, "e4", "", std::nullopt, 5, 6);
  m.jj_s2 = b.AddWork(m.jj, WorkKind::kSeason, "s2", "", Date(2018, 3, 8), 7, 9);
  b.AddWork(m.jj_s2, WorkKind::kEpisode, "e1", "", std::nullopt, 7, 8);
  b.AddWork(m.jj_s2, WorkKind::kEpisode, "e2", "", std::nullopt, 8, 9);
  u.Finalize();  // for path lookups below

  using PK = RevealPoint::PositionKind;
  m.jessica = b.AddEntity("jessica", "Jessica Jones", EntityKind::kCharacter, {At(u, "jj.s1.e1")});
  m.luke = b.AddEntity("luke", "Luke Cage", EntityKind::kCharacter,
                       {At(u, "jj.s1.e1", PK::kSeconds, 20 * 60)});
  m.reva = b.AddEntity("reva", "Reva Connors", EntityKind::kCharacter, {});
  m.kilgrave = b.AddEntity("kilgrave", "Kilgrave", EntityKind::kCharacter, {At(u, "jj.s1.e4")});
  m.trish = b.AddEntity("trish", "Trish Walker", EntityKind::kCharacter, {At(u, "jj.s1.e1")});
  m.krysten = b.AddEntity("krysten_ritter", "Krysten Ritter", EntityKind::kPerson, {});
  m.matt = b.AddEntity("matt", "Matt Murdock", EntityKind::kCharacter, {At(u, "dd.s1.e1")});
  m.hidden_guy =
      b.AddEntity("zebediah", "Zebediah Killgrave", EntityKind::kCharacter, {At(u, "jj.s2.e1")});
  m.jessica616 =
      b.AddEntity("jessica", "Jessica Jones", EntityKind::kCharacter, {At(u, "dd.s1.e1")}, 1);
  u.counterparts.emplace_back(m.jessica, m.jessica616);

  // Nested (revealed with the entity).
  b.AddFact(m.jessica, "played_by", EntityValue(m.krysten), {});
  b.AddFact(m.jessica, "alias", StringValue("Jewel"), {});
  b.AddFact(m.jessica, "status", KeywordValue("alive"), {});
  // Nested fact naming an entity the viewer may not have met yet.
  b.AddFact(m.jessica, "knows", EntityValue(m.kilgrave), {});
  m.secret_alias = b.AddFact(m.jessica, "alias", StringValue("Zeb's Girl"), {At(u, "jj.s2.e1")});
  m.knows_hidden = b.AddFact(m.jessica, "enemy_of", EntityValue(m.hidden_guy), {At(u, "jj.s2.e2")});

  // reva_death: before the story, revealed somewhere in jj.s1 (non-leaf).
  TimeConstraint before_jj;
  before_jj.kind = TimeConstraint::Kind::kBefore;
  before_jj.anchor_kind = TimeConstraint::AnchorKind::kWork;
  before_jj.work = m.jj_s1;
  m.reva_death = b.AddEvent("reva_death", "Reva's death", "killing",
                            {{"killer", m.jessica}, {"victim", m.reva}, {"controller", m.kilgrave}},
                            {At(u, "jj.s1")}, 1, {before_jj, DateConstraint(Date(2014))});
  m.married = b.AddFact(m.luke, "married_to", EntityValue(m.reva), {At(u, "jj.s1")});
  b.EndedBy(m.married, m.reva_death);
  // A `until` written on the fact itself: not an effect, so always known.
  m.reva_dead = b.AddFact(m.reva, "status", KeywordValue("dead"), {At(u, "jj.s1")});
  b.StartedBy(m.reva_dead, m.reva_death);

  m.meeting = b.AddEvent(
      "meeting", "", "meeting", {{"participant", m.jessica}, {"participant", m.luke}},
      {At(u, "jj.s1.e1", PK::kSeconds, 25 * 60)}, 3, {DateConstraint(Date(2015, 1, 10))});
  m.friends = b.AddFact(m.jessica, "friends", EntityValue(m.trish), {At(u, "jj.s1.e1")});
  m.dating = b.AddFact(m.jessica, "dating", EntityValue(m.luke), {At(u, "jj.s1.e2")}, 3);
  {
    // `from at meeting` (written on the fact, not an effect of the event).
    TimeConstraint c;
    c.kind = TimeConstraint::Kind::kSame;
    c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    c.point = u.events[m.meeting].time;
    u.points[u.facts[m.dating].start].constraints.push_back(c);
  }
  m.breakup = b.AddEvent("breakup", "The break-up", "breakup",
                         {{"partner", m.jessica}, {"partner", m.luke}}, {At(u, "jj.s1.e4")}, 5);
  b.EndedBy(m.dating, m.breakup);

  // A lie: shown in e3, overturned in e4.
  m.trish_dead = b.AddFact(m.trish, "status", KeywordValue("dead"), {At(u, "jj.s1.e3")}, 4);
  u.facts[m.trish_dead].overturned = {At(u, "jj.s1.e4")};

  m.secret_event =
      b.AddEvent("secret_event", "The Secret", "",
                 {{"agent", m.hidden_guy}, {"patient", m.jessica}}, {At(u, "jj.s2.e1")}, 8);

  // Knowledge: participants (implicit), and Luke learns of Reva's death.
  auto know = [&](EntityId who, EventId e, PointId from, std::vector<RevealPoint> rev,
                  bool implicit) {
    Knowledge k;
    k.who = who;
    k.target_kind = Knowledge::TargetKind::kEvent;
    k.target = e;
    k.from = from;
    k.revealed = std::move(rev);
    k.implicit = implicit;
    u.knowledge.push_back(std::move(k));
  };
  know(m.jessica, m.reva_death, u.events[m.reva_death].time, {}, true);
  know(m.reva, m.reva_death, u.events[m.reva_death].time, {}, true);
  know(m.kilgrave, m.reva_death, u.events[m.reva_death].time, {}, true);
  know(m.luke, m.reva_death, u.works[m.jj_s2].slot_start, {At(u, "jj.s2.e1")}, false);
  know(m.trish, m.reva_death, u.works[m.jj_s1].slot_end, {At(u, "jj.s1.e4")}, false);
  return b.Build();
}

}  // namespace canon::query_testing

#endif  // CANON_QUERY_QUERY_TESTING_H_
