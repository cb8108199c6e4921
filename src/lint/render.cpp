// Findings as diagnostics: messages that name the statements involved, the
// story times that make it a violation and where the audience sees them
// (reveal points with work titles and release dates), notes at every
// statement involved, and a hint. Rendered from the current universe, so
// cached findings read exactly like fresh ones.
#include <cstdio>
#include <string>

#include "base/strings.h"
#include "lint/internal.h"
#include "model/dates.h"
#include "time/resolve.h"

namespace canon::lint_internal {
namespace {

std::string Tick(std::string_view s) { return "`" + std::string(s) + "`"; }

std::string EntityName(const Universe& u, EntityId e) {
  if (e >= u.entities.size()) return "?";
  if (u.continuities.size() > 1) return u.QualifiedId(e);
  return u.entities[e].id;
}

std::string PredName(const Universe& u, PredicateId p) {
  return p < u.predicates.size() ? u.predicates[p].name : "?";
}

// `luke married_to reva`
std::string FactText(const Universe& u, FactId f) {
  const Fact& fact = u.facts[f];
  std::string s = fact.subject < u.entities.size() ? u.entities[fact.subject].id : "?";
  return Tick(s + " " + PredName(u, fact.predicate) + " " + ValueSourceText(u, fact.object));
}

// fact `label` (`luke married_to reva`), or fact `luke married_to reva`
std::string FactRef(const Universe& u, FactId f) {
  const Fact& fact = u.facts[f];
  if (!fact.label.empty()) return "fact " + Tick(fact.label) + " (" + FactText(u, f) + ")";
  return "fact " + FactText(u, f);
}

std::string TargetRef(const Universe& u, bool is_fact, uint32_t target) {
  if (is_fact) return target < u.facts.size() ? FactRef(u, target) : "a fact";
  return target < u.events.size() ? "event " + Tick(u.events[target].id) : "an event";
}

std::optional<PartialDate> Released(const Universe& u, WorkId w) {
  while (w < u.works.size()) {
    if (u.works[w].released) return u.works[w].released;
    w = u.works[w].parent;
  }
  return std::nullopt;
}

// "Jessica Jones, released 2015-11-20": the nearest title and the release.
std::string WorkDetails(const Universe& u, WorkId w) {
  std::string title;
  for (WorkId x = w; x < u.works.size(); x = u.works[x].parent) {
    if (!u.works[x].title.empty()) {
      title = u.works[x].title;
      break;
    }
  }
  std::vector<std::string> parts;
  if (!title.empty()) parts.push_back(title);
  if (auto d = Released(u, w)) parts.push_back("released " + FormatDate(u, *d));
  return Join(parts, ", ");
}

// `jj.s1` (Jessica Jones, released 2015-11-20)
std::string WorkRef(const Universe& u, WorkId w) {
  if (w >= u.works.size()) return "a work";
  std::string title;
  for (WorkId x = w; x < u.works.size(); x = u.works[x].parent) {
    if (!u.works[x].title.empty()) {
      title = u.works[x].title;
      break;
    }
  }
  std::vector<std::string> parts;
  if (!title.empty()) parts.push_back(title);
  if (auto d = Released(u, w)) parts.push_back("released " + FormatDate(u, *d));
  std::string s = Tick(u.works[w].path);
  if (!parts.empty()) s += " (" + Join(parts, ", ") + ")";
  return s;
}

// ", scene 3" or " at 41:10" for a positioned point; "" otherwise.
std::string PositionText(const RevealPoint& r) {
  if (r.position_kind == RevealPoint::PositionKind::kScene) {
    return ", scene " + std::to_string(r.position);
  }
  if (r.position_kind == RevealPoint::PositionKind::kSeconds) {
    char buf[32];
    int t = r.position;
    if (t >= 3600) {
      std::snprintf(buf, sizeof buf, "%d:%02d:%02d", t / 3600, (t / 60) % 60, t % 60);
    } else {
      std::snprintf(buf, sizeof buf, "%d:%02d", t / 60, t % 60);
    }
    return " at " + std::string(buf);
  }
  return "";
}

std::string PointRef(const Universe& u, const RevealPoint& r) {
  return WorkRef(u, r.work) + PositionText(r);
}

// "revealed in `jj.s1` (Jessica Jones, released 2015-11-20)": the earliest
// released reveal point.
std::string RevealText(const Universe& u, const std::vector<RevealPoint>& reveals) {
  const RevealPoint* best = nullptr;
  uint32_t best_rank = kNone;
  for (const RevealPoint& r : reveals) {
    if (r.work >= u.works.size()) continue;
    uint32_t rank = u.works[r.work].first_leaf_rank;
    if (best == nullptr || rank < best_rank) {
      best = &r;
      best_rank = rank;
    }
  }
  if (best == nullptr) return "";
  return "revealed in " + PointRef(u, *best);
}

std::string FactRevealText(const Universe& u, FactId f) {
  const Fact& fact = u.facts[f];
  if (!fact.revealed.empty()) return RevealText(u, fact.revealed);
  if (fact.started_by != kNone) return RevealText(u, u.events[fact.started_by].revealed);
  if (fact.subject < u.entities.size() && !u.entities[fact.subject].introduced.empty()) {
    return RevealText(u, u.entities[fact.subject].introduced);
  }
  return "";
}

// The thing a point belongs to, as an anchor would name it.
std::string PointOwnerText(const Universe& u, PointId p) {
  if (p >= u.points.size()) return "?";
  const TimePoint& tp = u.points[p];
  const uint32_t id = tp.owner_id;
  switch (tp.owner) {
    case TimePoint::Owner::kEvent:
      return id < u.events.size() ? Tick(u.events[id].id) : "an event";
    case TimePoint::Owner::kFactStart:
      if (id >= u.facts.size()) return "a fact";
      return u.facts[id].label.empty() ? "the start of " + FactText(u, id)
                                       : Tick(u.facts[id].label);
    case TimePoint::Owner::kFactEnd:
      if (id >= u.facts.size()) return "a fact";
      return u.facts[id].label.empty() ? "the end of " + FactText(u, id)
                                       : Tick(u.facts[id].label + ".end");
    case TimePoint::Owner::kWorkStart:
    case TimePoint::Owner::kWorkEnd:
      return id < u.works.size() ? Tick(u.works[id].path) : "a work";
    case TimePoint::Owner::kKnowledge:
    case TimePoint::Owner::kAppearance:
      return DescribeTimePoint(u, p);
  }
  return "?";
}

std::string ConstraintText(const Universe& u, const TimeConstraint& c) {
  std::string anchor;
  switch (c.anchor_kind) {
    case TimeConstraint::AnchorKind::kPoint:
      anchor = PointOwnerText(u, c.point);
      break;
    case TimeConstraint::AnchorKind::kWork:
      anchor = c.work < u.works.size() ? Tick(u.works[c.work].path) : "a work";
      break;
    case TimeConstraint::AnchorKind::kDate:
      anchor = FormatDate(u, c.date);
      break;
  }
  switch (c.kind) {
    case TimeConstraint::Kind::kBefore:
      return "before " + anchor;
    case TimeConstraint::Kind::kAfter:
      return "after " + anchor;
    case TimeConstraint::Kind::kDuring:
      return "during " + anchor;
    case TimeConstraint::Kind::kSame:
      return "at " + anchor;
    case TimeConstraint::Kind::kDate:
      return anchor;
    case TimeConstraint::Kind::kNotBefore:
      return "not before " + anchor;
    case TimeConstraint::Kind::kNotAfter:
      return "not after " + anchor;
    case TimeConstraint::Kind::kOffset: {
      const char* unit = c.unit == TimeConstraint::Unit::kDays     ? "day"
                         : c.unit == TimeConstraint::Unit::kMonths ? "month"
                                                                   : "year";
      int32_t n = c.amount < 0 ? -c.amount : c.amount;
      return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") +
             (c.amount < 0 ? " before " : " after ") + anchor;
    }
  }
  return "?";
}

EraId PreferredEra(const Universe& u, ContinuityId c) {
  for (EraId e = 1; e < u.eras.size(); ++e) {
    if (u.eras[e].continuity == c) return e;
  }
  for (EraId e = 1; e < u.eras.size(); ++e) {
    if (u.eras[e].continuity == kNone) return e;
  }
  return 0;
}

// "before `jj.s1`", "during `jj.s2` and after `x`; 2015-11-20": the written
// constraints of a point (or the implicit ones when none is written), then
// its day bounds when known.
std::string StoryText(const Universe& u, PointId p, ContinuityId c) {
  if (p == kNone || p >= u.points.size()) return "before the story begins";
  std::vector<std::string> parts;
  for (int pass = 0; pass < 2 && parts.empty(); ++pass) {
    for (const TimeConstraint& tc : u.points[p].constraints) {
      if (tc.implicit != (pass == 1)) continue;
      if (pass == 1 && tc.kind != TimeConstraint::Kind::kDuring) continue;
      if (parts.size() == 2) {
        parts.back() += " and more";
        break;
      }
      parts.push_back(ConstraintText(u, tc));
    }
  }
  std::string s = parts.empty() ? "unplaced" : Join(parts, " and ");
  bool dated = false;  // a written date already says it
  for (const TimeConstraint& tc : u.points[p].constraints) {
    dated = dated || (!tc.implicit && tc.kind == TimeConstraint::Kind::kDate);
  }
  if (!dated && p < u.time.earliest.size() && p < u.time.latest.size()) {
    int64_t lo = u.time.earliest[p], hi = u.time.latest[p];
    bool flo = lo > ResolvedTime::kNegInf && lo < ResolvedTime::kPosInf;
    bool fhi = hi > ResolvedTime::kNegInf && hi < ResolvedTime::kPosInf;
    EraId era = PreferredEra(u, c);
    if (flo && fhi) {
      std::string a = FormatDay(u, lo, era), b = FormatDay(u, hi, era);
      s += a == b ? "; " + a : "; between " + a + " and " + b;
    } else if (flo) {
      s += "; not before " + FormatDay(u, lo, era);
    } else if (fhi) {
      s += "; not after " + FormatDay(u, hi, era);
    }
  }
  return s;
}

SourceLoc ItemLoc(const Universe& u, const ItemRef& it) {
  switch (it.kind) {
    case ItemKind::kFact:
    case ItemKind::kPartnerFact: {
      const Fact& f = u.facts[it.id];
      if (!f.loc.valid() && f.started_by != kNone) return u.events[f.started_by].loc;
      return f.loc;
    }
    case ItemKind::kEvent:
    case ItemKind::kUse:
      return u.events[it.id].loc;
    case ItemKind::kAppearance:
      return u.appearances[it.id].loc;
    case ItemKind::kKnowledge:
      return u.knowledge[it.id].loc;
  }
  return {};
}

std::string Parenthesized(const std::vector<std::string>& parts) {
  std::vector<std::string> keep;
  for (const std::string& p : parts) {
    if (!p.empty()) keep.push_back(p);
  }
  return keep.empty() ? "" : " (" + Join(keep, "; ") + ")";
}

// What the key does in a dead-acts / unborn-acts finding, with its story
// time and reveal point.
std::string ActivityText(const Universe& u, EntityId e, const ItemRef& it, int64_t kind,
                         int64_t param) {
  const ContinuityId c = u.entities[e].continuity;
  const std::string who = Tick(EntityName(u, e));
  switch (kind) {
    case 0: {  // event role
      const Event& ev = u.events[it.id];
      std::string role = param >= 0 && static_cast<size_t>(param) < ev.roles.size()
                             ? ev.roles[static_cast<size_t>(param)].role
                             : "participant";
      return who + " takes part in event " + Tick(ev.id) + " as " + Tick(role) +
             Parenthesized({"story time: " + StoryText(u, ev.time, c), RevealText(u, ev.revealed)});
    }
    case 1: {  // appearance
      const Appearance& a = u.appearances[it.id];
      std::string path = a.at.work < u.works.size() ? u.works[a.at.work].path : "?";
      std::string where = Tick(path) + PositionText(a.at);
      std::string story = a.time != kNone ? StoryText(u, a.time, c) : "during " + Tick(path);
      return who + " appears in " + where +
             Parenthesized({WorkDetails(u, a.at.work), "story time: " + story});
    }
    case 2: {  // learns
      const Knowledge& k = u.knowledge[it.id];
      return who + " learns of " +
             TargetRef(u, k.target_kind == Knowledge::TargetKind::kFact, k.target) +
             Parenthesized({"story time: " + StoryText(u, k.from, c)});
    }
    case 3: {  // uses
      const Event& ev = u.events[it.id];
      const Event::Use& use = ev.uses[static_cast<size_t>(param)];
      return who + " acts on " + TargetRef(u, use.target_is_fact, use.target) + " at event " +
             Tick(ev.id) + Parenthesized({"story time: " + StoryText(u, ev.time, c)});
    }
    case 4: {  // relation
      const Fact& f = u.facts[it.id];
      std::string when = Parenthesized({"story time: " + StoryText(u, f.start, c)});
      if (param == 0) return who + " starts " + FactText(u, it.id) + when;
      return who + " is bound by " + FactText(u, it.id) + ", which starts" + when;
    }
  }
  return who + " acts";
}

// The anchor a writer would use to place something before/after a fact's start.
std::string StartAnchor(const Universe& u, FactId f) {
  const Fact& fact = u.facts[f];
  if (fact.started_by != kNone) return u.events[fact.started_by].id;
  if (!fact.label.empty()) return fact.label;
  return "";
}

Diagnostic LifeFinding(const RuleContext& ctx, const Finding& f, bool dead) {
  const Universe& u = ctx.u;
  const ContinuityId c = u.entities[f.key].continuity;
  const std::string who = Tick(EntityName(u, f.key));
  Diagnostic d;
  d.id = f.rule;
  d.severity = GetDiagKind(f.rule).severity;
  d.loc = ItemLoc(u, f.items[0]);
  std::string act = ActivityText(u, f.key, f.items[0], f.b, f.a);
  const ItemRef& cause = f.items[1];
  std::string anchor;
  if (dead) {
    d.message = act + (f.b == 1 && f.c == 0 ? ", but is dead for all of that story time"
                                            : ", but is dead by then");
    const Fact& fact = u.facts[cause.id];
    if (f.c == 1) {
      d.notes.push_back({ItemLoc(u, cause), who + " died " + ValueSourceText(u, fact.object) +
                                                ": " + FactRef(u, cause.id)});
    } else if (fact.started_by != kNone) {
      const Event& ev = u.events[fact.started_by];
      d.notes.push_back({ev.loc, who + " dies here: event " + Tick(ev.id) +
                                     Parenthesized({"story time: " + StoryText(u, ev.time, c),
                                                    RevealText(u, ev.revealed)})});
      anchor = ev.id;
    } else {
      d.notes.push_back(
          {ItemLoc(u, cause), who + " is dead from here on: " + FactRef(u, cause.id) +
                                  Parenthesized({"story time: " + StoryText(u, fact.start, c),
                                                 FactRevealText(u, cause.id)})});
      anchor = StartAnchor(u, cause.id);
    }
    d.hint = "if this happens before the death (a flashback), place it there (`story before " +
             (anchor.empty() ? std::string("...") : anchor) + "`); if " + who +
             " comes back, add a resurrection (`event ID: " +
             (f.key < u.entities.size() ? u.entities[f.key].id : "X") +
             " returns`); or exempt it: `allow dead-acts \"REASON\"`";
  } else {
    d.message = act + (f.b == 1 ? ", but is not born yet at any of that story time"
                                : ", but is not born yet");
    if (f.c == 1) {
      const Fact& fact = u.facts[cause.id];
      d.notes.push_back({ItemLoc(u, cause), who + " is born " + ValueSourceText(u, fact.object) +
                                                ": " + FactRef(u, cause.id)});
    } else {
      const Event& ev = u.events[cause.id];
      d.notes.push_back({ev.loc, who + " is born here: event " + Tick(ev.id) +
                                     Parenthesized({"story time: " + StoryText(u, ev.time, c),
                                                    RevealText(u, ev.revealed)})});
      anchor = ev.id;
    }
    d.hint = "place it after the birth (`story after " +
             (anchor.empty() ? std::string("...") : anchor) +
             "`) or fix the birth; or exempt it: `allow unborn-acts \"REASON\"`";
  }
  return d;
}

std::string PlacesText(const Universe& u, const Event& ev) {
  std::vector<std::string> ps;
  for (const Role& r : ev.roles) {
    if (r.role == "location" && r.entity < u.entities.size() &&
        u.entities[r.entity].kind == EntityKind::kPlace) {
      ps.push_back(Tick(u.entities[r.entity].id));
    }
  }
  return Join(ps, " and ");
}

std::string Span(const Universe& u, FactId f, ContinuityId c) {
  const Fact& fact = u.facts[f];
  std::string from = fact.start == kNone ? "before the story begins" : StoryText(u, fact.start, c);
  std::string until =
      fact.end == kNone ? "the end of the story (no `until`)" : StoryText(u, fact.end, c);
  return "from " + from + " until " + until;
}

}  // namespace

Diagnostic RenderFinding(const RuleContext& ctx, const Finding& f) {
  const Universe& u = ctx.u;
  Diagnostic d;
  d.id = f.rule;
  d.severity = GetDiagKind(f.rule).severity;
  switch (f.rule) {
    case DiagId::kLintDeadActs:
      return LifeFinding(ctx, f, true);
    case DiagId::kLintUnbornActs:
      return LifeFinding(ctx, f, false);
    case DiagId::kLintTwoPlaces: {
      const ContinuityId c = u.entities[f.key].continuity;
      const std::string who = Tick(EntityName(u, f.key));
      const Event& a = u.events[f.items[0].id];
      d.loc = a.loc;
      if (f.a == 0) {
        const Event& b = u.events[f.items[1].id];
        d.message = who + " is at " + PlacesText(u, a) + " for event " + Tick(a.id) + " and at " +
                    PlacesText(u, b) + " for event " + Tick(b.id) + " at the same story time (" +
                    StoryText(u, a.time, c) + ")";
        d.notes.push_back({b.loc, "event " + Tick(b.id) + " at " + PlacesText(u, b) +
                                      Parenthesized({"story time: " + StoryText(u, b.time, c),
                                                     RevealText(u, b.revealed)})});
        d.hint =
            "if one place is inside the other, say so (`fact INNER located_in OUTER`); "
            "otherwise the two events cannot be simultaneous: place them apart in story "
            "time";
      } else {
        const FactId lf = f.items[1].id;
        const Fact& fact = u.facts[lf];
        d.message =
            who + " is at " + PlacesText(u, a) + " for event " + Tick(a.id) +
            Parenthesized({"story time: " + StoryText(u, a.time, c), RevealText(u, a.revealed)}) +
            ", but " + FactText(u, lf) + " holds then";
        d.notes.push_back({ItemLoc(u, f.items[1]), who + " is in " +
                                                       Tick(ValueSourceText(u, fact.object)) + " " +
                                                       Span(u, lf, c) + ": " + FactRef(u, lf)});
        d.hint =
            "end the `located_in` fact before the event (`until ...`), or say that one "
            "place is inside the other (`fact INNER located_in OUTER`)";
      }
      return d;
    }
    case DiagId::kLintExclusiveOverlap: {
      const ContinuityId c = u.entities[f.key].continuity;
      const FactId nf = f.items[0].id, of = f.items[1].id;
      const std::string pred = PredName(u, u.facts[nf].predicate);
      d.loc = ItemLoc(u, f.items[0]);
      d.message = FactText(u, nf) + " starts while " + FactText(u, of) + " still holds, and " +
                  Tick(pred) + " is exclusive: " + Tick(EntityName(u, f.key)) +
                  " cannot have both at once" +
                  Parenthesized({"story time: " + StoryText(u, u.facts[nf].start, c)});
      d.notes.push_back({ItemLoc(u, f.items[1]), FactRef(u, of) + " holds " + Span(u, of, c) +
                                                     Parenthesized({FactRevealText(u, of)})});
      std::string first_end = u.facts[of].end == kNone
                                  ? "end the first one (`until ...`, or change it with `sets` in "
                                    "the event that changes it)"
                                  : "move the end of the first one earlier or the start of the "
                                    "second one later";
      d.hint = first_end + "; if one of them was never true, mark it `overturned`";
      return d;
    }
    case DiagId::kLintUndeclaredRetcon: {
      const ContinuityId c = u.entities[f.key].continuity;
      const FactId lf = f.items[0].id, ef = f.items[1].id;
      RuleContext::Reveal rl = ctx.FirstReveal(lf);
      d.loc = ItemLoc(u, f.items[0]);
      const std::string later_work = rl.work < u.works.size() ? u.works[rl.work].path : "?";
      d.message = FactText(u, lf) + Parenthesized({FactRevealText(u, lf)}) + " contradicts " +
                  FactText(u, ef) + ", which an earlier release showed: both hold before " +
                  Tick(later_work) + " in story time, and " +
                  Tick(PredName(u, u.facts[lf].predicate)) + " is exclusive";
      d.notes.push_back({ItemLoc(u, f.items[1]), "shown first: " + FactRef(u, ef) +
                                                     Parenthesized({FactRevealText(u, ef)}) +
                                                     ", holding " + Span(u, ef, c)});
      d.hint = "if " + Tick(later_work) +
               " changes the story on purpose, mark the earlier fact `overturned " + later_work +
               "`; otherwise fix one of the two";
      return d;
    }
    case DiagId::kLintKnowledgeBeforeLearned: {
      const ContinuityId c = u.entities[f.key].continuity;
      const std::string who = Tick(EntityName(u, f.key));
      const Event& ev = u.events[f.items[0].id];
      const Event::Use& use = ev.uses[static_cast<size_t>(f.a)];
      const std::string target = TargetRef(u, use.target_is_fact, use.target);
      d.loc = use.loc.valid() ? use.loc : ev.loc;
      std::string at =
          " at event " + Tick(ev.id) +
          Parenthesized({"story time: " + StoryText(u, ev.time, c), RevealText(u, ev.revealed)});
      if (f.b == 1) {
        d.message = who + " acts on " + target + at + ", but never learns it";
        d.hint = "say when they learn it (`learns " +
                 (f.key < u.entities.size() ? u.entities[f.key].id : std::string("WHO")) +
                 " TARGET from ...` or `known_by` on the event), or name who acts on it "
                 "(`uses TARGET by WHO`)";
      } else {
        const Knowledge& k = u.knowledge[f.items[1].id];
        d.message = who + " acts on " + target + at + " before learning it";
        std::string how =
            k.implicit ? who + " knows it from taking part in it" : who + " learns it here";
        d.notes.push_back({ItemLoc(u, f.items[1]),
                           how + Parenthesized({"story time: " + StoryText(u, k.from, c)})});
        d.hint = "make them learn it earlier (`from before " + ev.id +
                 "`), or move the event after they learn it";
      }
      return d;
    }
    case DiagId::kLintAgeMismatch: {
      const ContinuityId c = u.entities[f.key].continuity;
      const std::string who = Tick(EntityName(u, f.key));
      const Fact& age = u.facts[f.items[0].id];
      d.loc = ItemLoc(u, f.items[0]);
      std::string range =
          f.b == f.c ? std::to_string(f.b) : std::to_string(f.b) + " or " + std::to_string(f.c);
      if (f.c - f.b > 1) range = std::to_string(f.b) + " to " + std::to_string(f.c);
      std::string birth;
      const ItemRef& b = f.items[1];
      if (b.kind == ItemKind::kFact) {
        birth = "born " + ValueSourceText(u, u.facts[b.id].object);
        d.notes.push_back({ItemLoc(u, b), who + " is " + birth + ": " + FactRef(u, b.id)});
      } else {
        const Event& ev = u.events[b.id];
        birth = "born at event " + Tick(ev.id) + " (" + StoryText(u, ev.time, c) + ")";
        d.notes.push_back({ev.loc, who + " is born here: event " + Tick(ev.id) +
                                       Parenthesized({"story time: " + StoryText(u, ev.time, c)})});
      }
      d.message = who + " is said to be " + std::to_string(f.a) + " at story time " +
                  StoryText(u, age.start, c) + ", but " + birth + " makes them " + range + " then";
      d.hint =
          "fix the age, the birth date or the story time; ages count whole years on the "
          "continuity's calendar";
      return d;
    }
    case DiagId::kLintCounterpartDiverges: {
      const FactId fid = f.items[0].id;
      const Fact& fact = u.facts[fid];
      d.loc = ItemLoc(u, f.items[0]);
      // Side 0: the key's own fact, the partner is its a-th owned partner;
      // side 1: the partner's fact, the other side is the key.
      EntityId partner = kNone;
      if (ctx.table != nullptr && f.a >= 0 &&
          static_cast<size_t>(f.a) < ctx.table->partners[f.key].size()) {
        partner = ctx.table->partners[f.key][static_cast<size_t>(f.a)];
      }
      EntityId this_side = f.b == 0 ? f.key : partner;
      EntityId other = f.b == 0 ? partner : f.key;
      if (this_side == kNone || other == kNone) {
        d.message = FactText(u, fid) + " differs between counterparts";
        return d;
      }
      const Predicate& p = u.predicates[fact.predicate];
      std::string value;
      if (fact.subject == this_side) {
        if (fact.object.kind == ValueKind::kEntity) {
          EntityId o = fact.object.entity;
          EntityId mapped =
              o == this_side ? other : ctx.CounterpartIn(o, u.entities[other].continuity);
          value = Tick(EntityName(u, mapped == kNone ? o : mapped));
        } else {
          value = ValueSourceText(u, fact.object);
        }
      } else {
        EntityId o = fact.subject;
        EntityId mapped = ctx.CounterpartIn(o, u.entities[other].continuity);
        value = Tick(EntityName(u, mapped == kNone ? o : mapped));
      }
      const std::string cont = Tick(u.continuities[u.entities[other].continuity].id);
      if (p.exclusive) {
        d.message = Tick(EntityName(u, this_side)) + " ends the story with " + FactText(u, fid) +
                    Parenthesized({FactRevealText(u, fid)}) + ", but its counterpart in " + cont +
                    ", " + Tick(EntityName(u, other)) + ", does not (`" + p.name + "` " + value +
                    ")";
      } else {
        d.message = Tick(EntityName(u, this_side)) + ": " + FactText(u, fid) +
                    Parenthesized({FactRevealText(u, fid)}) + " has no counterpart in " + cont +
                    ": " + Tick(EntityName(u, other)) + " is never `" + p.name + "` " + value;
      }
      d.notes.push_back({u.entities[other].loc, Tick(EntityName(u, other)) +
                                                    " is the counterpart of " +
                                                    Tick(EntityName(u, this_side))});
      d.hint =
          "counterparts may differ on purpose; this is information (`lint "
          "counterpart-diverges off` turns it off)";
      return d;
    }
    case DiagId::kLintUnusedPredicate: {
      const Predicate& p = u.predicates[static_cast<size_t>(f.a)];
      d.loc = p.loc;
      d.message = "predicate " + Tick(p.name) + " is declared but no fact uses it";
      d.hint = "remove the declaration, or state a fact with it";
      return d;
    }
    default:
      break;
  }
  d.message = "continuity problem";
  return d;
}

bool WellFormed(const RuleContext& ctx, const Finding& f) {
  const Universe& u = ctx.u;
  if (f.key >= u.entities.size() || f.items.empty()) return false;
  for (const ItemRef& it : f.items) {
    switch (it.kind) {
      case ItemKind::kFact:
      case ItemKind::kPartnerFact:
        if (it.id >= u.facts.size()) return false;
        break;
      case ItemKind::kEvent:
        if (it.id >= u.events.size()) return false;
        break;
      case ItemKind::kUse:
        if (it.id >= u.events.size() || it.sub >= u.events[it.id].uses.size()) return false;
        break;
      case ItemKind::kAppearance:
        if (it.id >= u.appearances.size()) return false;
        break;
      case ItemKind::kKnowledge:
        if (it.id >= u.knowledge.size()) return false;
        break;
    }
  }
  auto is = [&](size_t i, ItemKind k) { return i < f.items.size() && f.items[i].kind == k; };
  auto is_fact = [&](size_t i) { return is(i, ItemKind::kFact) || is(i, ItemKind::kPartnerFact); };
  auto is_event = [&](size_t i) { return is(i, ItemKind::kEvent) || is(i, ItemKind::kUse); };
  switch (f.rule) {
    case DiagId::kLintDeadActs:
    case DiagId::kLintUnbornActs: {
      if (f.items.size() < 2) return false;
      const bool dead = f.rule == DiagId::kLintDeadActs;
      if (dead || f.c == 1) {
        if (!is_fact(1)) return false;
      } else if (!is(1, ItemKind::kEvent)) {
        return false;
      }
      switch (f.b) {
        case 0:
          return is(0, ItemKind::kEvent) && f.a >= 0 &&
                 static_cast<size_t>(f.a) < u.events[f.items[0].id].roles.size();
        case 1:
          return is(0, ItemKind::kAppearance);
        case 2:
          return is(0, ItemKind::kKnowledge);
        case 3:
          return is_event(0) && f.a >= 0 &&
                 static_cast<size_t>(f.a) < u.events[f.items[0].id].uses.size();
        case 4:
          return is_fact(0);
      }
      return false;
    }
    case DiagId::kLintTwoPlaces:
      return f.items.size() >= 2 && is(0, ItemKind::kEvent) &&
             (f.a == 0 ? is(1, ItemKind::kEvent) : is_fact(1));
    case DiagId::kLintExclusiveOverlap:
    case DiagId::kLintUndeclaredRetcon:
      return f.items.size() >= 2 && is_fact(0) && is_fact(1);
    case DiagId::kLintKnowledgeBeforeLearned:
      return is_event(0) && f.a >= 0 &&
             static_cast<size_t>(f.a) < u.events[f.items[0].id].uses.size() &&
             (f.b == 1 || is(1, ItemKind::kKnowledge));
    case DiagId::kLintAgeMismatch:
      return f.items.size() >= 2 && is_fact(0) && (is_fact(1) || is(1, ItemKind::kEvent));
    case DiagId::kLintCounterpartDiverges:
      return is_fact(0) && ctx.table != nullptr && f.a >= 0 &&
             static_cast<size_t>(f.a) < ctx.table->partners[f.key].size();
    default:
      return false;
  }
}

void ItemAllows(const Universe& u, const ItemRef& item, std::vector<const LintAllow*>& out) {
  auto add = [&](const std::vector<LintAllow>& v) {
    for (const LintAllow& a : v) out.push_back(&a);
  };
  switch (item.kind) {
    case ItemKind::kFact:
    case ItemKind::kPartnerFact: {
      const Fact& f = u.facts[item.id];
      add(f.allows);
      if (f.started_by != kNone) add(u.events[f.started_by].allows);
      break;
    }
    case ItemKind::kEvent:
    case ItemKind::kUse:
      add(u.events[item.id].allows);
      break;
    case ItemKind::kAppearance:
      add(u.appearances[item.id].allows);
      break;
    case ItemKind::kKnowledge:
      break;
  }
}

ContinuityId FindingContinuity(const Universe& u, const Finding& f) {
  if (f.key != kNone && f.key < u.entities.size()) return u.entities[f.key].continuity;
  return kNone;
}

}  // namespace canon::lint_internal
