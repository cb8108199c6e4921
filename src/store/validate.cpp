// ValidateUniverse: the reader-safety invariants of universe.h, checked
// before a universe is written and after one is read back.
#include <cmath>
#include <string>
#include <vector>

#include "model/dates.h"
#include "store/store.h"

namespace canon {
namespace {

// Collects the first problem; later checks become no-ops once one is found,
// so the report names the earliest offending row.
class Checker {
 public:
  explicit Checker(const Universe& u) : u_(u) {}

  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  bool failed() const { return !message_.empty(); }
  const std::string& message() const { return message_; }
  // NOLINTEND(readability-identifier-naming)

  void Fail(const std::string& where, const std::string& what) {
    if (message_.empty()) message_ = where + ": " + what;
  }

  // `id` must index `size` elements of table `table`; kNone only when
  // `optional`.
  void Id(const std::string_view where_table, uint64_t row, const char* field, uint32_t id,
          size_t size, const char* table, bool optional) {
    if (failed()) return;
    if (id == kNone) {
      if (!optional) Fail(Where(where_table, row), std::string(field) + " is missing");
      return;
    }
    if (id >= size) {
      Fail(Where(where_table, row), std::string(field) + " " + std::to_string(id) +
                                        " is out of range (" + table + " has " +
                                        std::to_string(size) + " rows)");
    }
  }

  void Loc(std::string_view table, uint64_t row, const SourceLoc& loc) {
    Id(table, row, "loc_file", loc.file, u_.files.size(), "files", true);
  }

  void Enum(std::string_view table, uint64_t row, const char* field, unsigned value, unsigned max) {
    if (!failed() && value > max) {
      Fail(Where(table, row), std::string(field) + " " + std::to_string(value) +
                                  " is not a valid value (0.." + std::to_string(max) + ")");
    }
  }

  void Date(std::string_view table, uint64_t row, const char* field, const PartialDate& d) {
    if (failed()) return;
    if (d.era != 0 && d.era >= u_.eras.size()) {
      Fail(Where(table, row), std::string(field) + " era " + std::to_string(d.era) +
                                  " is out of range (eras has " + std::to_string(u_.eras.size()) +
                                  " rows)");
      return;
    }
    bool ok = d.month <= 12 && (d.month != 0 || d.day == 0);
    if (ok && d.day != 0) {
      // The last day of the month on the era's year line.
      PartialDate month_only = d;
      month_only.day = 0;
      int64_t days_in_month = LatestDay(u_, month_only) - EarliestDay(u_, month_only) + 1;
      ok = d.day <= days_in_month;
    }
    if (!ok) {
      Fail(Where(table, row), std::string(field) + " " + std::to_string(d.year) + "-" +
                                  std::to_string(d.month) + "-" + std::to_string(d.day) +
                                  " is not a valid date");
    }
  }

  void Reveals(std::string_view table, uint64_t row, const std::vector<RevealPoint>& points) {
    for (const RevealPoint& p : points) {
      Id(table, row, "work", p.work, u_.works.size(), "works", false);
      Enum(table, row, "position_kind", static_cast<unsigned>(p.position_kind), 2);
    }
  }

  // "table `facts`, id 3", or for a list stored in a child table (named
  // "fact_reveals of fact"): "table `fact_reveals`, fact 3".
  static std::string Where(std::string_view table, uint64_t row) {
    std::string_view label = "id";
    size_t of = table.find(" of ");
    if (of != std::string_view::npos) {
      label = table.substr(of + 4);
      table = table.substr(0, of);
    }
    return "table `" + std::string(table) + "`, " + std::string(label) + " " + std::to_string(row);
  }

 private:
  const Universe& u_;
  std::string message_;
};

}  // namespace

Status ValidateUniverse(const Universe& u) {
  Checker c(u);
  const size_t n_cont = u.continuities.size();
  const size_t n_works = u.works.size();
  const size_t n_ent = u.entities.size();
  const size_t n_pred = u.predicates.size();
  const size_t n_facts = u.facts.size();
  const size_t n_events = u.events.size();
  const size_t n_points = u.points.size();

  for (size_t i = 0; i < n_cont; ++i) c.Loc("continuities", i, u.continuities[i].loc);

  for (size_t i = 0; i < u.eras.size() && !c.failed(); ++i) {
    const Era& e = u.eras[i];
    c.Id("eras", i, "continuity", e.continuity, n_cont, "continuities", true);
    if (e.direction != 1 && e.direction != -1) {
      c.Fail(Checker::Where("eras", i),
             "direction " + std::to_string(e.direction) + " is not +1 or -1");
    }
    c.Loc("eras", i, e.loc);
  }

  // Works: ids, then the tree. Each child must name its parent, and every
  // non-root must appear exactly once in its parent's children.
  std::vector<uint32_t> listed(n_works, 0);
  for (size_t i = 0; i < n_works && !c.failed(); ++i) {
    const Work& w = u.works[i];
    c.Enum("works", i, "kind", static_cast<unsigned>(w.kind),
           static_cast<unsigned>(WorkKind::kChapter));
    c.Id("works", i, "parent", w.parent, n_works, "works", true);
    c.Id("works", i, "continuity", w.continuity, n_cont, "continuities", true);
    if (w.released) c.Date("works", i, "released", *w.released);
    c.Id("works", i, "slot_start", w.slot_start, n_points, "points", true);
    c.Id("works", i, "slot_end", w.slot_end, n_points, "points", true);
    c.Loc("works", i, w.loc);
    for (WorkId child : w.children) {
      c.Id("works", i, "child", child, n_works, "works", false);
      if (c.failed()) break;
      if (u.works[child].parent != i) {
        c.Fail(Checker::Where("works", i),
               "child " + std::to_string(child) + " names parent " +
                   (u.works[child].parent == kNone ? std::string("none")
                                                   : std::to_string(u.works[child].parent)));
      } else if (++listed[child] > 1) {
        c.Fail(Checker::Where("works", i), "child " + std::to_string(child) + " is listed twice");
      }
    }
  }
  for (size_t i = 0; i < n_works && !c.failed(); ++i) {
    if (u.works[i].parent != kNone && listed[i] != 1) {
      c.Fail(Checker::Where("works", i),
             "is not among the children of its parent " + std::to_string(u.works[i].parent));
    }
  }
  // Acyclic parent chains: 0 = unvisited, 1 = on the current walk, 2 = reaches a root.
  std::vector<uint8_t> state(c.failed() ? 0 : n_works, 0);
  std::vector<WorkId> walk;
  for (size_t i = 0; i < state.size() && !c.failed(); ++i) {
    walk.clear();
    WorkId w = static_cast<WorkId>(i);
    while (w != kNone && state[w] == 0) {
      state[w] = 1;
      walk.push_back(w);
      w = u.works[w].parent;
    }
    if (w != kNone && state[w] == 1) {
      c.Fail(Checker::Where("works", w), "is its own ancestor (the work tree has a cycle)");
    }
    for (WorkId x : walk) state[x] = 2;
  }

  for (size_t i = 0; i < n_ent && !c.failed(); ++i) {
    const Entity& e = u.entities[i];
    c.Enum("entities", i, "kind", static_cast<unsigned>(e.kind),
           static_cast<unsigned>(EntityKind::kObject));
    c.Id("entities", i, "continuity", e.continuity, n_cont, "continuities", true);
    c.Reveals("entity_introductions of entity", i, e.introduced);
    c.Loc("entities", i, e.loc);
  }

  for (size_t i = 0; i < n_pred && !c.failed(); ++i) {
    c.Enum("predicates", i, "object_kind", static_cast<unsigned>(u.predicates[i].object_kind),
           static_cast<unsigned>(ValueKind::kDate));
    c.Loc("predicates", i, u.predicates[i].loc);
  }

  for (size_t i = 0; i < n_facts && !c.failed(); ++i) {
    const Fact& f = u.facts[i];
    c.Id("facts", i, "subject", f.subject, n_ent, "entities", false);
    c.Id("facts", i, "predicate", f.predicate, n_pred, "predicates", false);
    c.Enum("facts", i, "object_kind", static_cast<unsigned>(f.object.kind),
           static_cast<unsigned>(ValueKind::kDate));
    c.Id("facts", i, "object_entity", f.object.entity, n_ent, "entities",
         f.object.kind != ValueKind::kEntity);
    if (std::isnan(f.object.number)) c.Fail(Checker::Where("facts", i), "object_number is NaN");
    c.Date("facts", i, "object date", f.object.date);
    c.Id("facts", i, "start_point", f.start, n_points, "points", true);
    c.Id("facts", i, "end_point", f.end, n_points, "points", true);
    c.Reveals("fact_reveals of fact", i, f.revealed);
    c.Reveals("fact_reveals of fact", i, f.overturned);
    c.Id("facts", i, "started_by", f.started_by, n_events, "events", true);
    c.Id("facts", i, "ended_by", f.ended_by, n_events, "events", true);
    c.Id("facts", i, "continuity", f.continuity, n_cont, "continuities", true);
    c.Loc("facts", i, f.loc);
    for (const LintAllow& a : f.allows) c.Loc("lint_allows of fact", i, a.loc);
  }

  for (size_t i = 0; i < n_events && !c.failed(); ++i) {
    const Event& e = u.events[i];
    for (const Role& r : e.roles) {
      c.Id("event_roles of event", i, "entity", r.entity, n_ent, "entities", false);
    }
    c.Id("events", i, "time_point", e.time, n_points, "points", true);
    c.Reveals("event_reveals of event", i, e.revealed);
    c.Reveals("event_reveals of event", i, e.overturned);
    for (FactId f : e.starts) c.Id("event_effects of event", i, "fact", f, n_facts, "facts", false);
    for (FactId f : e.ends) c.Id("event_effects of event", i, "fact", f, n_facts, "facts", false);
    c.Id("events", i, "continuity", e.continuity, n_cont, "continuities", true);
    c.Loc("events", i, e.loc);
    for (const Event::Use& use : e.uses) {
      c.Id("event_uses of event", i, "who", use.who, n_ent, "entities", false);
      if (use.target_is_fact) {
        c.Id("event_uses of event", i, "target", use.target, n_facts, "facts", false);
      } else {
        c.Id("event_uses of event", i, "target", use.target, n_events, "events", false);
      }
      c.Loc("event_uses of event", i, use.loc);
    }
    for (const LintAllow& a : e.allows) c.Loc("lint_allows of event", i, a.loc);
  }

  for (size_t i = 0; i < u.appearances.size() && !c.failed(); ++i) {
    const Appearance& a = u.appearances[i];
    c.Id("appearances", i, "entity", a.entity, n_ent, "entities", false);
    c.Reveals("appearances", i, {a.at});
    c.Id("appearances", i, "time_point", a.time, n_points, "points", true);
    c.Loc("appearances", i, a.loc);
    for (const LintAllow& l : a.allows) c.Loc("lint_allows of appearance", i, l.loc);
  }

  for (size_t i = 0; i < u.lint_settings.size() && !c.failed(); ++i) {
    c.Loc("lint_settings", i, u.lint_settings[i].loc);
  }

  for (size_t i = 0; i < u.knowledge.size() && !c.failed(); ++i) {
    const Knowledge& k = u.knowledge[i];
    c.Id("knowledge", i, "who", k.who, n_ent, "entities", false);
    c.Enum("knowledge", i, "target_kind", static_cast<unsigned>(k.target_kind), 1);
    if (k.target_kind == Knowledge::TargetKind::kFact) {
      c.Id("knowledge", i, "target", k.target, n_facts, "facts", false);
    } else {
      c.Id("knowledge", i, "target", k.target, n_events, "events", false);
    }
    c.Id("knowledge", i, "from_point", k.from, n_points, "points", true);
    c.Reveals("knowledge_reveals of knowledge", i, k.revealed);
    c.Loc("knowledge", i, k.loc);
  }

  for (size_t i = 0; i < u.counterparts.size() && !c.failed(); ++i) {
    c.Id("counterparts", i, "a", u.counterparts[i].first, n_ent, "entities", false);
    c.Id("counterparts", i, "b", u.counterparts[i].second, n_ent, "entities", false);
  }

  for (size_t i = 0; i < n_points && !c.failed(); ++i) {
    const TimePoint& p = u.points[i];
    c.Enum("points", i, "owner_kind", static_cast<unsigned>(p.owner),
           static_cast<unsigned>(TimePoint::Owner::kAppearance));
    if (c.failed()) break;
    switch (p.owner) {
      case TimePoint::Owner::kEvent:
        c.Id("points", i, "owner", p.owner_id, n_events, "events", false);
        break;
      case TimePoint::Owner::kFactStart:
      case TimePoint::Owner::kFactEnd:
        c.Id("points", i, "owner", p.owner_id, n_facts, "facts", false);
        break;
      case TimePoint::Owner::kWorkStart:
      case TimePoint::Owner::kWorkEnd:
        c.Id("points", i, "owner", p.owner_id, n_works, "works", false);
        break;
      case TimePoint::Owner::kKnowledge:
        c.Id("points", i, "owner", p.owner_id, u.knowledge.size(), "knowledge", false);
        break;
      case TimePoint::Owner::kAppearance:
        c.Id("points", i, "owner", p.owner_id, u.appearances.size(), "appearances", false);
        break;
    }
    for (const TimeConstraint& k : p.constraints) {
      const char* table = "constraints of point";
      c.Enum(table, i, "kind", static_cast<unsigned>(k.kind),
             static_cast<unsigned>(TimeConstraint::Kind::kNotAfter));
      c.Enum(table, i, "anchor_kind", static_cast<unsigned>(k.anchor_kind),
             static_cast<unsigned>(TimeConstraint::AnchorKind::kDate));
      c.Enum(table, i, "unit", static_cast<unsigned>(k.unit),
             static_cast<unsigned>(TimeConstraint::Unit::kYears));
      c.Id(table, i, "anchor_point", k.point, n_points, "points",
           k.anchor_kind != TimeConstraint::AnchorKind::kPoint);
      c.Id(table, i, "anchor_work", k.work, n_works, "works",
           k.anchor_kind != TimeConstraint::AnchorKind::kWork);
      c.Date(table, i, "date", k.date);
      c.Loc(table, i, k.loc);
    }
  }

  // Resolved time (kept only in the image): one rank and day range per
  // point, every rank kNone or below the point count (readers size tables
  // by the largest rank).
  if (!c.failed() && u.time.resolved) {
    const ResolvedTime& t = u.time;
    if (t.rank.size() != n_points || t.earliest.size() != n_points || t.latest.size() != n_points) {
      c.Fail("resolved time", "covers " + std::to_string(t.rank.size()) + " points, not " +
                                  std::to_string(n_points));
    }
    for (size_t i = 0; i < t.rank.size() && !c.failed(); ++i) {
      if (t.rank[i] != kNone && t.rank[i] >= n_points) {
        c.Fail("resolved time, point " + std::to_string(i),
               "rank " + std::to_string(t.rank[i]) + " is out of range (" +
                   std::to_string(n_points) + " points)");
      }
    }
  }

  if (c.failed()) return Status::InvalidArgument(c.message());
  return Status::Ok();
}

}  // namespace canon
