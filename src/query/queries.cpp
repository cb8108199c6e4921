// Show, State, History and WhoKnows (see queries.h).
#include "query/queries.h"

#include <algorithm>
#include <span>
#include <tuple>
#include <vector>

#include "base/strings.h"
#include "model/dates.h"
#include "query/format.h"

namespace canon {
namespace {

std::string ValueKindName(ValueKind k) {
  switch (k) {
    case ValueKind::kEntity:
      return "entity";
    case ValueKind::kString:
      return "string";
    case ValueKind::kKeyword:
      return "keyword";
    case ValueKind::kNumber:
      return "number";
    case ValueKind::kDate:
      return "date";
  }
  return "value";
}

std::vector<RevealRef> Refs(const Universe& u, const std::vector<RevealPoint>& ps) {
  std::vector<RevealRef> out;
  out.reserve(ps.size());
  for (const RevealPoint& p : ps) out.push_back(MakeRevealRef(u, p));
  return out;
}

// "Luke Cage is married to Reva Connors" (no story time: describing a point
// must never recurse into describing another fact's points).
std::string FactSentence(const Universe& u, FactId f) {
  const Fact& fact = u.facts[f];
  return EntityName(u, fact.subject) + " " + PredicatePhrase(u, fact.predicate) + " " +
         ValueText(u, fact.object);
}

// The text of a story-time anchor, or "" when the viewer may not be told
// about it (a hidden event or fact, a work outside the horizon).
std::string AnchorText(const View& v, const TimeConstraint& c, EventId* event_id) {
  const Universe& u = v.universe();
  switch (c.anchor_kind) {
    case TimeConstraint::AnchorKind::kDate:
      return FormatDate(u, c.date);
    case TimeConstraint::AnchorKind::kWork:
      if (c.work < u.works.size() && v.horizon().TouchesWork(c.work)) return WorkLabel(u, c.work);
      return "";
    case TimeConstraint::AnchorKind::kPoint: {
      if (c.point >= u.points.size()) return "";
      const TimePoint& q = u.points[c.point];
      switch (q.owner) {
        case TimePoint::Owner::kEvent:
          if (q.owner_id < u.events.size() && v.EventVisible(q.owner_id)) {
            if (event_id != nullptr) *event_id = q.owner_id;
            return QuotedEventName(u, q.owner_id);
          }
          return "";
        case TimePoint::Owner::kFactStart:
        case TimePoint::Owner::kFactEnd: {
          const bool start = q.owner == TimePoint::Owner::kFactStart;
          if (q.owner_id >= u.facts.size() || !v.FactVisible(q.owner_id)) return "";
          // Only the viewer's own notion of the fact's interval may be named.
          PointId known = start ? v.FactStart(q.owner_id) : v.FactEnd(q.owner_id);
          if (known != c.point) return "";
          const Fact& f = u.facts[q.owner_id];
          std::string what =
              f.label.empty() ? "`" + FactSentence(u, q.owner_id) + "`" : "`" + f.label + "`";
          return std::string(start ? "the start of " : "the end of ") + what;
        }
        case TimePoint::Owner::kWorkStart:
        case TimePoint::Owner::kWorkEnd:
          if (q.owner_id < u.works.size() && v.horizon().TouchesWork(q.owner_id)) {
            return std::string(q.owner == TimePoint::Owner::kWorkStart ? "the start of "
                                                                       : "the end of ") +
                   WorkLabel(u, q.owner_id);
          }
          return "";
        case TimePoint::Owner::kAppearance:
          return "";  // (the language gives no way to anchor on an appearance)
        case TimePoint::Owner::kKnowledge: {
          if (q.owner_id >= u.knowledge.size() || !v.KnowledgeVisible(q.owner_id)) return "";
          const Knowledge& k = u.knowledge[q.owner_id];
          std::string what =
              k.target_kind == Knowledge::TargetKind::kEvent
                  ? QuotedEventName(u, k.target)
                  : (u.facts[k.target].label.empty() ? "`" + FactSentence(u, k.target) + "`"
                                                     : "`" + u.facts[k.target].label + "`");
          return "when " + EntityName(u, k.who) + " learns of " + what;
        }
      }
      return "";
    }
  }
  return "";
}

std::string UnitText(const TimeConstraint& c, int32_t n) {
  const char* unit = c.unit == TimeConstraint::Unit::kDays
                         ? "day"
                         : (c.unit == TimeConstraint::Unit::kMonths ? "month" : "year");
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

// A term for one constraint ("before Reva's death", "2015"), or "".
std::string TermText(const View& v, const TimeConstraint& c, EventId* event_id) {
  std::string anchor = AnchorText(v, c, nullptr);
  if (anchor.empty()) return "";
  switch (c.kind) {
    case TimeConstraint::Kind::kSame:
      AnchorText(v, c, event_id);
      return c.anchor_kind == TimeConstraint::AnchorKind::kWork ? "during " + anchor : anchor;
    case TimeConstraint::Kind::kDate:
      return anchor;
    case TimeConstraint::Kind::kBefore:
      return "before " + anchor;
    case TimeConstraint::Kind::kAfter:
      return "after " + anchor;
    case TimeConstraint::Kind::kDuring:
      return "during " + anchor;
    case TimeConstraint::Kind::kOffset:
      if (c.amount < 0) return UnitText(c, -c.amount) + " before " + anchor;
      return UnitText(c, c.amount) + " after " + anchor;
    case TimeConstraint::Kind::kNotBefore:
      return "not before " + anchor;
    case TimeConstraint::Kind::kNotAfter:
      return "not after " + anchor;
  }
  return "";
}

int64_t SortCut(const View& v, PointId p) { return StartCut(v, p); }

}  // namespace

EntityRef MakeEntityRef(const Universe& u, EntityId e) {
  EntityRef r;
  r.id = e;
  r.local_id = u.entities[e].id;
  r.qualified = u.QualifiedId(e);
  r.name = EntityName(u, e);
  r.kind = std::string(EntityKindName(u.entities[e].kind));
  return r;
}

RevealRef MakeRevealRef(const Universe& u, const RevealPoint& p) {
  RevealRef r;
  r.path = p.work < u.works.size() ? u.works[p.work].path : "?";
  r.title = p.work < u.works.size() ? u.works[p.work].title : "";
  r.label = RevealLabel(u, p);
  r.position = PositionText(p);
  return r;
}

TimeRef DescribePoint(const View& v, PointId p, EventId self_event) {
  const Universe& u = v.universe();
  TimeRef t;
  if (p == kNone || p >= u.points.size()) return t;
  t.open = false;
  t.rank = v.ViewerRank(p);
  const TimePoint& tp = u.points[p];
  for (const TimeConstraint& c : tp.constraints) {
    if (c.kind == TimeConstraint::Kind::kDate && t.date.empty()) t.date = FormatDate(u, c.date);
  }
  if (tp.owner == TimePoint::Owner::kEvent && tp.owner_id != self_event &&
      tp.owner_id < u.events.size() && v.EventVisible(tp.owner_id)) {
    t.event = u.events[tp.owner_id].id;
    t.text = QuotedEventName(u, tp.owner_id);
    return t;
  }
  if ((tp.owner == TimePoint::Owner::kWorkStart || tp.owner == TimePoint::Owner::kWorkEnd) &&
      tp.owner_id < u.works.size() && v.horizon().TouchesWork(tp.owner_id)) {
    t.text =
        std::string(tp.owner == TimePoint::Owner::kWorkStart ? "the start of " : "the end of ") +
        WorkLabel(u, tp.owner_id);
    return t;
  }
  // Explicit constraints first.
  std::vector<std::string> dates, terms;
  for (const TimeConstraint& c : tp.constraints) {
    if (c.implicit) continue;
    EventId event_id = kNone;
    std::string term = TermText(v, c, &event_id);
    if (term.empty()) continue;
    if (t.event.empty() && event_id != kNone && c.kind == TimeConstraint::Kind::kSame) {
      // Simultaneous with a visible event: name it, and borrow its stated date.
      t.event = u.events[event_id].id;
      if (t.date.empty() && u.events[event_id].time < u.points.size()) {
        for (const TimeConstraint& ec : u.points[u.events[event_id].time].constraints) {
          if (ec.kind == TimeConstraint::Kind::kDate) {
            t.date = FormatDate(u, ec.date);
            break;
          }
        }
      }
    }
    auto& list = c.kind == TimeConstraint::Kind::kDate ? dates : terms;
    if (std::find(list.begin(), list.end(), term) == list.end()) list.push_back(term);
  }
  if (terms.empty() && dates.empty()) {
    // Defaults (the reveal work's slot, slot containment): only "during W",
    // from an explicit `during` or a lower and an upper bound on W's slot.
    std::vector<WorkId> lower, upper, during;
    for (const TimeConstraint& c : tp.constraints) {
      if (!c.implicit) continue;
      WorkId w = kNone;
      bool at_start = false, at_end = false;
      if (c.anchor_kind == TimeConstraint::AnchorKind::kWork) {
        w = c.work;  // before/after a work compare with its slot's far ends: only `during` counts
      } else if (c.anchor_kind == TimeConstraint::AnchorKind::kPoint && c.point < u.points.size()) {
        const TimePoint& q = u.points[c.point];
        if (q.owner == TimePoint::Owner::kWorkStart) {
          w = q.owner_id;
          at_start = true;
        } else if (q.owner == TimePoint::Owner::kWorkEnd) {
          w = q.owner_id;
          at_end = true;
        }
      }
      if (w == kNone || w >= u.works.size() || !v.horizon().TouchesWork(w)) continue;
      switch (c.kind) {
        case TimeConstraint::Kind::kDuring:
          during.push_back(w);
          break;
        case TimeConstraint::Kind::kNotBefore:
        case TimeConstraint::Kind::kAfter:
          if (at_start) lower.push_back(w);
          break;
        case TimeConstraint::Kind::kNotAfter:
        case TimeConstraint::Kind::kBefore:
          if (at_end) upper.push_back(w);
          break;
        default:
          break;
      }
    }
    for (WorkId w : lower) {
      if (std::find(upper.begin(), upper.end(), w) != upper.end()) during.push_back(w);
    }
    for (WorkId w : during) {
      std::string term = "during " + WorkLabel(u, w);
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    }
  }
  // "2014, after "Reva's death" and before Jessica Jones S1".
  t.text = Join(dates, ", ");
  if (!terms.empty()) t.text += (t.text.empty() ? "" : ", ") + Join(terms, " and ");
  return t;
}

FactItem MakeFactItem(const View& v, FactId f, EntityId first) {
  const Universe& u = v.universe();
  const Fact& fact = u.facts[f];
  const Predicate& pred = u.predicates[fact.predicate];
  FactItem item;
  item.id = f;
  item.label = fact.label;
  item.subject = MakeEntityRef(u, fact.subject);
  item.predicate = pred.name;
  item.phrase = PredicatePhrase(u, fact.predicate);
  item.object.kind = ValueKindName(fact.object.kind);
  item.object.text = ValueText(u, fact.object);
  switch (fact.object.kind) {
    case ValueKind::kEntity:
      if (fact.object.entity < u.entities.size()) {
        item.object.entity = MakeEntityRef(u, fact.object.entity);
        item.object.raw = u.entities[fact.object.entity].id;
      }
      break;
    case ValueKind::kString:
    case ValueKind::kKeyword:
      item.object.raw = fact.object.text;
      break;
    case ValueKind::kNumber:
    case ValueKind::kDate:
      item.object.raw = item.object.text;
      break;
  }
  // Symmetric facts read from the entity the caller is about.
  if (pred.symmetric && first != kNone && fact.object.kind == ValueKind::kEntity &&
      fact.object.entity == first && fact.subject != first) {
    item.sentence = EntityName(u, first) + " " + item.phrase + " " + EntityName(u, fact.subject);
  } else {
    item.sentence = item.subject.name + " " + item.phrase + " " + item.object.text;
  }
  item.from = DescribePoint(v, v.FactStart(f));
  item.until = DescribePoint(v, v.FactEnd(f));
  item.revealed = Refs(u, v.FactReveals(f));
  item.revealed_with_entity = v.FactImplicit(f);
  item.overturned_for_viewer = v.FactOverturnedForViewer(f);
  if (item.overturned_for_viewer) item.overturned = Refs(u, v.FactOverturns(f));
  return item;
}

EventItem MakeEventItem(const View& v, EventId e) {
  const Universe& u = v.universe();
  const Event& ev = u.events[e];
  EventItem item;
  item.id = e;
  item.local_id = ev.id;
  item.qualified = ev.continuity < u.continuities.size()
                       ? u.continuities[ev.continuity].id + ":" + ev.id
                       : ev.id;
  item.title = ev.title;
  item.kind = ev.kind;
  item.name = EventName(u, e);
  item.sentence = EventSentence(u, e);
  for (const Role& r : ev.roles) {
    if (r.entity < u.entities.size()) item.roles.emplace_back(r.role, MakeEntityRef(u, r.entity));
  }
  item.time = DescribePoint(v, ev.time, e);
  item.revealed = Refs(u, v.EventReveals(e));
  item.overturned_for_viewer = v.EventOverturnedForViewer(e);
  if (item.overturned_for_viewer) item.overturned = Refs(u, v.EventOverturns(e));
  return item;
}

AppearanceItem MakeAppearanceItem(const View& v, AppearanceId a) {
  const Universe& u = v.universe();
  const Appearance& ap = u.appearances[a];
  AppearanceItem item;
  item.id = a;
  item.entity = MakeEntityRef(u, ap.entity);
  item.at = MakeRevealRef(u, ap.at);
  item.sentence = item.entity.name + " appears in " + item.at.label;
  if (ap.time != kNone) {
    item.time = DescribePoint(v, ap.time);
  } else if (ap.at.work < u.works.size()) {
    item.time.open = false;
    item.time.rank = v.ViewerRank(u.works[ap.at.work].slot_start);
    item.time.text = "during " + WorkLabel(u, ap.at.work);
  }
  return item;
}

namespace {

// Facts sorted by (start, end, id) in story order.
void SortFacts(const View& v, std::vector<FactItem>& items) {
  std::stable_sort(items.begin(), items.end(), [&](const FactItem& a, const FactItem& b) {
    auto key = [&](const FactItem& x) {
      return std::make_tuple(SortCut(v, v.FactStart(x.id)), EndCut(v, v.FactEnd(x.id)), x.id);
    };
    return key(a) < key(b);
  });
}

// A pair history asks the index only when `a` has more facts than this:
// below it, filtering FactsOf(a) is cheaper (measured in
// docs/performance.md, "Query commands").
constexpr size_t kIndexMinFacts = 64;

// Facts from a FactIndex lookup as candidates: by FactId, each once (a
// self-relation sits in its entity's run twice), so loops see them in the
// order of View::FactsOf.
std::vector<FactId> IndexCandidates(std::vector<FactId> facts) {
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  return facts;
}

}  // namespace

ShowResult Show(const View& v, EntityId e, const StoryInstant* at) {
  const Universe& u = v.universe();
  ShowResult r;
  r.horizon = v.horizon().spec();
  if (at != nullptr) r.at = *at;
  r.entity = MakeEntityRef(u, e);
  const Entity& ent = u.entities[e];
  if (ent.continuity < u.continuities.size()) {
    r.continuity = u.continuities[ent.continuity].id;
    r.continuity_title = u.continuities[ent.continuity].title;
  }
  auto include = [&](FactId f) {
    if (at == nullptr) return true;
    return FactHoldsAt(v, f, *at);
  };
  // Candidates: with an index and a moment, the facts of `e` the index says
  // hold then (by FactId, as FactsOf lists them); `include` re-checks each
  // against the View. Otherwise every visible fact of `e`.
  std::vector<FactId> from_index;
  std::span<const FactId> candidates = v.FactsOf(e);
  if (at != nullptr && v.index() != nullptr) {
    from_index = IndexCandidates(v.index()->AsOfFacts(e, CutKey(at->cut), v.index_mask()));
    candidates = from_index;
  }
  for (FactId f : candidates) {
    if (!include(f)) continue;
    const Fact& fact = u.facts[f];
    if (fact.predicate == v.alias_predicate() && fact.subject == e) {
      r.aliases.push_back(MakeFactItem(v, f, e));
    } else if (fact.predicate == v.played_by_predicate()) {
      r.played_by.push_back(MakeFactItem(v, f, e));
    } else if (fact.object.kind != ValueKind::kEntity) {
      r.attributes.push_back(MakeFactItem(v, f, e));
    } else {
      r.relations.push_back(MakeFactItem(v, f, e));
    }
  }
  SortFacts(v, r.aliases);
  SortFacts(v, r.played_by);
  SortFacts(v, r.relations);
  SortFacts(v, r.attributes);
  std::stable_sort(r.attributes.begin(), r.attributes.end(),
                   [](const FactItem& a, const FactItem& b) { return a.predicate < b.predicate; });
  for (EntityId c : v.Counterparts(e)) r.counterparts.push_back(MakeEntityRef(u, c));
  std::sort(r.counterparts.begin(), r.counterparts.end(),
            [](const EntityRef& a, const EntityRef& b) { return a.qualified < b.qualified; });
  std::span<const AppearanceId> apps = v.AppearancesOf(e);
  r.appearance_count = static_cast<uint32_t>(apps.size());
  if (!apps.empty()) {
    r.first_appearance = MakeAppearanceItem(v, apps.front());
    r.latest_appearance = MakeAppearanceItem(v, apps.back());
  }
  return r;
}

StateResult State(const View& v, EntityId a, EntityId b, const StoryInstant& at) {
  const Universe& u = v.universe();
  StateResult r;
  r.horizon = v.horizon().spec();
  r.at = at;
  r.a = MakeEntityRef(u, a);
  r.b = MakeEntityRef(u, b);
  std::vector<PredicateId> symmetric_seen;
  // Candidates by FactId (the first of a symmetric pair wins): from the
  // index's pair lookup when there is one, re-checked below by FactHoldsAt.
  std::vector<FactId> from_index;
  std::span<const FactId> candidates = v.FactsOf(a);
  if (v.index() != nullptr && a != b) {
    from_index = IndexCandidates(v.index()->PairAsOfFacts(a, b, CutKey(at.cut), v.index_mask()));
    candidates = from_index;
  }
  for (FactId f : candidates) {
    const Fact& fact = u.facts[f];
    if (fact.object.kind != ValueKind::kEntity) continue;
    const bool ab = fact.subject == a && fact.object.entity == b;
    const bool ba = fact.subject == b && fact.object.entity == a;
    if (!ab && !ba) continue;
    if (!FactHoldsAt(v, f, at)) continue;
    if (u.predicates[fact.predicate].symmetric) {
      if (std::find(symmetric_seen.begin(), symmetric_seen.end(), fact.predicate) !=
          symmetric_seen.end()) {
        continue;
      }
      symmetric_seen.push_back(fact.predicate);
    }
    r.relations.push_back(MakeFactItem(v, f, a));
  }
  // A self-relation (a == b) is indexed once per fact; nothing to dedupe.
  SortFacts(v, r.relations);
  return r;
}

HistoryResult History(const View& v, EntityId a, std::optional<EntityId> b, HistoryOrder order,
                      bool appearances) {
  const Universe& u = v.universe();
  HistoryResult r;
  r.horizon = v.horizon().spec();
  r.order = order;
  r.a = MakeEntityRef(u, a);
  if (b) r.b = MakeEntityRef(u, *b);

  struct Keyed {
    std::tuple<int64_t, RevealKey, int, uint32_t> story;
    std::tuple<RevealKey, int64_t, int, uint32_t> reveal;
    HistoryEntry entry;
  };
  std::vector<Keyed> items;
  // A pair history takes the index's pair run (re-checked by FactVisible)
  // instead of scanning all of `a`'s facts.
  std::vector<FactId> from_index;
  std::span<const FactId> candidates = v.FactsOf(a);
  if (b && *b != a && v.index() != nullptr && v.FactsOf(a).size() > kIndexMinFacts) {
    from_index = IndexCandidates(v.index()->PairHistory(a, *b, v.index_mask()));
    candidates = from_index;
  }
  for (FactId f : candidates) {
    if (!v.FactVisible(f)) continue;
    const Fact& fact = u.facts[f];
    if (b) {
      if (fact.object.kind != ValueKind::kEntity) continue;
      const bool ab = fact.subject == a && fact.object.entity == *b;
      const bool ba = fact.subject == *b && fact.object.entity == a;
      if (!ab && !ba) continue;
    }
    Keyed k;
    const int64_t start = SortCut(v, v.FactStart(f));
    const RevealKey rk = v.FactRevealKey(f);
    k.story = {start, rk, 1, f};
    k.reveal = {rk, start, 1, f};
    k.entry.is_event = false;
    k.entry.fact = MakeFactItem(v, f, a);
    items.push_back(std::move(k));
  }
  for (EventId e : v.EventsOf(a)) {
    if (b) {
      bool has_b = false;
      for (const Role& role : u.events[e].roles) has_b = has_b || role.entity == *b;
      if (!has_b) continue;
    }
    Keyed k;
    const PointId t = u.events[e].time;
    const int64_t when = t == kNone ? kOpenEnd : 2 * static_cast<int64_t>(v.Rank(t));
    const RevealKey rk = v.EventRevealKey(e);
    // An event sorts before the facts it starts (same rank).
    k.story = {when, rk, 0, e};
    k.reveal = {rk, when, 0, e};
    k.entry.is_event = true;
    k.entry.event = MakeEventItem(v, e);
    items.push_back(std::move(k));
  }
  if (appearances) {
    // With b: the points where b visibly appears, sorted for lookup.
    using PointKey = std::tuple<WorkId, int, int32_t>;
    auto key_of = [](const RevealPoint& p) {
      return PointKey{p.work, static_cast<int>(p.position_kind), p.position};
    };
    std::vector<PointKey> b_points;
    if (b) {
      for (AppearanceId other : v.AppearancesOf(*b))
        b_points.push_back(key_of(u.appearances[other].at));
      std::sort(b_points.begin(), b_points.end());
    }
    for (AppearanceId id : v.AppearancesOf(a)) {
      const Appearance& ap = u.appearances[id];
      if (b && !std::binary_search(b_points.begin(), b_points.end(), key_of(ap.at))) continue;
      Keyed k;
      PointId t = ap.time;
      if (t == kNone && ap.at.work < u.works.size()) t = u.works[ap.at.work].slot_start;
      const int64_t when = t == kNone ? kOpenEnd : 2 * static_cast<int64_t>(v.Rank(t));
      const RevealKey rk = KeyOf(u, ap.at);
      // After the events and facts of the same moment.
      k.story = {when, rk, 2, id};
      k.reveal = {rk, when, 2, id};
      k.entry.is_appearance = true;
      k.entry.appearance = MakeAppearanceItem(v, id);
      items.push_back(std::move(k));
    }
  }
  std::sort(items.begin(), items.end(), [&](const Keyed& x, const Keyed& y) {
    return order == HistoryOrder::kStory ? x.story < y.story : x.reveal < y.reveal;
  });
  for (Keyed& k : items) r.entries.push_back(std::move(k.entry));
  return r;
}

namespace {

// How strongly a symmetric relation binds two entities, and the phase it
// names; 0 for relations that make no phase (directed ones).
struct PhaseKind {
  int level = 0;
  std::string name;
};

PhaseKind PhaseOf(const Predicate& p) {
  static const std::pair<const char*, PhaseKind> kBuiltin[] = {
      {"married_to", {90, "married"}},  {"engaged_to", {80, "engaged"}},
      {"dating", {70, "together"}},     {"sibling_of", {50, "siblings"}},
      {"enemy_of", {45, "enemies"}},    {"friends", {40, "friends"}},
      {"partner_of", {35, "partners"}}, {"allied_with", {30, "allies"}},
      {"knows", {10, "acquainted"}},
  };
  for (const auto& [name, kind] : kBuiltin) {
    if (p.name == name) return kind;
  }
  if (!p.symmetric) return {};
  // A universe's own symmetric relations rank between siblings and dating.
  std::string spaced = p.name;
  for (char& c : spaced) {
    if (c == '_') c = ' ';
  }
  return {60, spaced};
}

constexpr int kCloseLevel = 60;  // at or above: a phase whose end means "apart"

}  // namespace

std::vector<PhaseItem> RelationshipPhases(const View& v, EntityId a, EntityId b) {
  const Universe& u = v.universe();
  struct Span {
    FactId f;
    int64_t s, e;
    PointId sp, ep;
    PhaseKind kind;
  };
  std::vector<Span> spans;
  for (FactId f : v.FactsOf(a)) {
    const Fact& x = u.facts[f];
    if (x.object.kind != ValueKind::kEntity || v.FactOverturnedForViewer(f)) continue;
    const bool ab = x.subject == a && x.object.entity == b;
    const bool ba = x.subject == b && x.object.entity == a;
    if (!ab && !ba) continue;
    PhaseKind kind = PhaseOf(u.predicates[x.predicate]);
    if (kind.level == 0) continue;
    const PointId sp = v.FactStart(f), ep = v.FactEnd(f);
    spans.push_back({f, StartCut(v, sp), EndCut(v, ep), sp, ep, kind});
  }
  if (spans.empty()) return {};
  // Reconciliation events between them mark a phase of their own.
  std::vector<std::pair<int64_t, EventId>> marks;
  for (EventId e : v.EventsOf(a)) {
    const Event& ev = u.events[e];
    bool has_b = false;
    for (const Role& r : ev.roles) has_b = has_b || r.entity == b;
    if (!has_b || v.EventOverturnedForViewer(e) || ev.time == kNone) continue;
    if (ev.kind.find("reconcil") == std::string::npos) continue;
    marks.push_back({StartCut(v, ev.time), e});
  }
  std::vector<int64_t> cuts;
  for (const Span& sp : spans) {
    cuts.push_back(sp.s);
    if (sp.e != kOpenEnd) cuts.push_back(sp.e);
  }
  for (const auto& [cut, e] : marks) cuts.push_back(cut);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  // The point to describe a boundary by: a visible event's, when one is there.
  auto point_at = [&](int64_t cut) -> PointId {
    PointId best = kNone;
    auto consider = [&](PointId p) {
      if (p == kNone) return;
      const TimePoint& tp = u.points[p];
      const bool event = tp.owner == TimePoint::Owner::kEvent && v.EventVisible(tp.owner_id);
      if (best == kNone || (event && !(u.points[best].owner == TimePoint::Owner::kEvent &&
                                       v.EventVisible(u.points[best].owner_id)))) {
        best = p;
      }
    };
    for (const auto& [c, e] : marks) {
      if (c == cut) consider(u.events[e].time);
    }
    for (const Span& sp : spans) {
      if (sp.s == cut) consider(sp.sp);
      if (sp.e == cut) consider(sp.ep);
    }
    return best;
  };
  auto reveals_at = [&](int64_t cut, bool first) {
    std::vector<RevealPoint> ps;
    for (const Span& sp : spans) {
      const bool holds_at_start = first && sp.s <= cut && cut < sp.e;
      if (sp.s == cut || sp.e == cut || holds_at_start) {
        for (const RevealPoint& p : v.FactReveals(sp.f)) ps.push_back(p);
      }
    }
    for (const auto& [c, e] : marks) {
      if (c == cut) {
        for (const RevealPoint& p : v.EventReveals(e)) ps.push_back(p);
      }
    }
    std::stable_sort(ps.begin(), ps.end(), [&](const RevealPoint& x, const RevealPoint& y) {
      return KeyOf(u, x) < KeyOf(u, y);
    });
    std::vector<RevealRef> out;
    std::vector<RevealPoint> seen;
    for (const RevealPoint& p : ps) {
      if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
      seen.push_back(p);
      out.push_back(MakeRevealRef(u, p));
    }
    return out;
  };

  std::vector<PhaseItem> phases;
  bool had_close = false, apart_since_close = false, reconciled_low = false;
  std::string close_name;
  for (size_t k = 0; k < cuts.size(); ++k) {
    const int64_t cut = cuts[k];
    int level = 0;
    std::string name;
    int64_t top_start = kOpenEnd;
    std::vector<std::pair<int, std::string>> relations;
    for (const Span& sp : spans) {
      if (!(sp.s <= cut && cut < sp.e)) continue;
      const std::string pred = u.predicates[u.facts[sp.f].predicate].name;
      if (std::find_if(relations.begin(), relations.end(),
                       [&](const auto& r) { return r.second == pred; }) == relations.end()) {
        relations.push_back({-sp.kind.level, pred});
      }
      if (sp.kind.level > level || (sp.kind.level == level && sp.s < top_start)) {
        level = sp.kind.level;
        name = sp.kind.name;
        top_start = sp.s;
      }
    }
    std::sort(relations.begin(), relations.end());
    const bool mark =
        std::any_of(marks.begin(), marks.end(), [&](const auto& m) { return m.first == cut; });
    if (level == 0 && phases.empty()) continue;
    std::string phase;
    if (level >= kCloseLevel) {
      const bool back =
          had_close && name == close_name &&
          (apart_since_close || (!phases.empty() && phases.back().name == "reconciled"));
      phase = back ? "reconciled" : name;
      had_close = true;
      close_name = name;
      apart_since_close = false;
      reconciled_low = false;
    } else if (had_close || level == 0) {
      if (mark) reconciled_low = true;
      phase = reconciled_low ? "reconciled" : "apart";
      apart_since_close = true;
    } else {
      const bool first_meeting =
          name == "acquainted" && (phases.empty() || phases.back().name == "met");
      phase = first_meeting ? "met" : name;
    }
    std::vector<std::string> rel_names;
    rel_names.reserve(relations.size());
    for (const auto& [lvl, pred] : relations) rel_names.push_back(pred);
    if (!phases.empty() && phases.back().name == phase) {
      for (const std::string& r : rel_names) {
        if (std::find(phases.back().relations.begin(), phases.back().relations.end(), r) ==
            phases.back().relations.end()) {
          phases.back().relations.push_back(r);
        }
      }
      continue;
    }
    PhaseItem item;
    item.name = phase;
    item.relations = rel_names;
    item.from = cut == kOpenStart ? TimeRef{} : DescribePoint(v, point_at(cut));
    item.revealed = reveals_at(cut, cut == kOpenStart);
    if (!phases.empty()) phases.back().until = item.from;
    phases.push_back(std::move(item));
  }
  return phases;
}

Result<KnowledgeTarget> ResolveKnowledgeTarget(const View& v, std::string_view name) {
  Result<EventId> ev = ResolveEvent(v, name);
  if (ev.ok()) return KnowledgeTarget{Knowledge::TargetKind::kEvent, *ev};
  if (ev.status().code() != StatusCode::kNotFound) return ev.status();
  Result<FactId> fact = ResolveFactLabel(v, name);
  if (fact.ok()) return KnowledgeTarget{Knowledge::TargetKind::kFact, *fact};
  if (fact.status().code() != StatusCode::kNotFound) return fact.status();
  const Universe& u = v.universe();
  std::vector<std::string> candidates;
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!v.EventVisible(e)) continue;
    candidates.push_back(u.events[e].id);
    if (!u.events[e].title.empty()) candidates.push_back(u.events[e].title);
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (v.FactVisible(f) && !u.facts[f].label.empty()) candidates.push_back(u.facts[f].label);
  }
  std::string hint = DidYouMean(ClosestMatches(name, candidates));
  if (hint.empty()) hint = "names are matched against what you have seen (--seen)";
  return Status::NotFound("unknown event or fact `" + std::string(name) + "`", hint);
}

WhoKnowsResult WhoKnows(const View& v, KnowledgeTarget target, const StoryInstant* at) {
  const Universe& u = v.universe();
  WhoKnowsResult r;
  r.horizon = v.horizon().spec();
  if (at != nullptr) r.at = *at;
  PointId default_from = kNone;
  if (target.kind == Knowledge::TargetKind::kEvent) {
    r.target_kind = "event";
    r.target_id = u.events[target.id].id;
    r.target_name = EventName(u, target.id);
    r.target_sentence = EventSentence(u, target.id);
    default_from = u.events[target.id].time;
  } else {
    r.target_kind = "fact";
    r.target_id = u.facts[target.id].label;
    r.target_name = u.facts[target.id].label;
    r.target_sentence = MakeFactItem(v, target.id).sentence;
    default_from = v.FactStart(target.id);
  }
  struct Found {
    int64_t cut;
    KnowledgeId k;
  };
  std::vector<Found> found;
  for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) {
    const Knowledge& kn = u.knowledge[k];
    if (kn.target_kind != target.kind || kn.target != target.id || !v.KnowledgeVisible(k)) continue;
    const PointId from = kn.from != kNone ? kn.from : default_from;
    if (at != nullptr && !PointBy(v, from, *at)) continue;
    found.push_back({StartCut(v, from), k});
  }
  std::sort(found.begin(), found.end(), [&](const Found& x, const Found& y) {
    const Knowledge& kx = u.knowledge[x.k];
    const Knowledge& ky = u.knowledge[y.k];
    return std::make_tuple(x.cut, EntityName(u, kx.who), kx.who, x.k) <
           std::make_tuple(y.cut, EntityName(u, ky.who), ky.who, y.k);
  });
  std::vector<EntityId> seen;
  for (const Found& fnd : found) {
    const Knowledge& kn = u.knowledge[fnd.k];
    if (std::find(seen.begin(), seen.end(), kn.who) != seen.end()) continue;  // earliest only
    seen.push_back(kn.who);
    KnowerItem item;
    item.who = MakeEntityRef(u, kn.who);
    item.from = DescribePoint(v, kn.from != kNone ? kn.from : default_from);
    item.revealed = Refs(u, v.KnowledgeReveals(fnd.k));
    item.participant = kn.implicit;
    r.knowers.push_back(std::move(item));
  }
  return r;
}

}  // namespace canon
