// Recaps: selection, ordering, sections and prose (see recap.h).
#include "recap/recap.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "query/at.h"
#include "query/format.h"
#include "query/queries.h"
#include "recap/english.h"
#include "recap/focus.h"

namespace canon {
namespace {

enum class ItemKind { kEvent = 0, kEnd = 1, kStart = 2 };

struct Item {
  ItemKind kind = ItemKind::kEvent;
  uint32_t id = kNone;  // EventId or FactId
  ContinuityId continuity = kNone;
  int64_t cut = 0;  // doubled story rank (kOpenStart for background)
  RevealKey reveal;
  PointId point = kNone;
  std::vector<FactId> starts, ends;  // follow-ups of an event
  bool told_ended = false;           // reveal order: a fact told as over ("was ... until")
  std::string section;
};

// The heading of a story-order item at point `p`, from the point's own
// stated time: "during W" (explicit or implied), "before W", "after W".
// Empty when nothing about works is stated (the item continues the current
// section). Only works the horizon touches are named.
std::string StorySection(const View& v, const Templates& t, PointId p) {
  const Universe& u = v.universe();
  if (p == kNone || p >= u.points.size()) return "";
  const TimePoint& tp = u.points[p];
  WorkId before = kNone, after = kNone;
  for (int pass = 0; pass < 2; ++pass) {
    const bool implicit = pass == 1;
    std::vector<WorkId> lower, upper;
    WorkId during = kNone;
    for (const TimeConstraint& c : tp.constraints) {
      if (c.implicit != implicit) continue;
      using K = TimeConstraint::Kind;
      if (c.anchor_kind == TimeConstraint::AnchorKind::kWork) {
        if (c.work >= u.works.size() || !v.horizon().TouchesWork(c.work)) continue;
        if (c.kind == K::kDuring || c.kind == K::kSame) {
          if (during == kNone) during = c.work;
        } else if (!implicit && (c.kind == K::kBefore || c.kind == K::kNotAfter)) {
          if (before == kNone) before = c.work;
        } else if (!implicit && (c.kind == K::kAfter || c.kind == K::kNotBefore)) {
          if (after == kNone) after = c.work;
        }
      } else if (c.anchor_kind == TimeConstraint::AnchorKind::kPoint && c.point < u.points.size()) {
        const TimePoint& q = u.points[c.point];
        const bool start = q.owner == TimePoint::Owner::kWorkStart;
        const bool end = q.owner == TimePoint::Owner::kWorkEnd;
        if ((!start && !end) || q.owner_id >= u.works.size() ||
            !v.horizon().TouchesWork(q.owner_id)) {
          continue;
        }
        if (start && (c.kind == K::kAfter || c.kind == K::kNotBefore)) lower.push_back(q.owner_id);
        if (end && (c.kind == K::kBefore || c.kind == K::kNotAfter)) upper.push_back(q.owner_id);
        if (!implicit && start && c.kind == K::kBefore && before == kNone) before = q.owner_id;
        if (!implicit && end && c.kind == K::kAfter && after == kNone) after = q.owner_id;
      }
    }
    for (WorkId w : lower) {
      if (during == kNone && std::find(upper.begin(), upper.end(), w) != upper.end()) during = w;
    }
    if (during != kNone) {
      return Fill(t, "heading_during", {{"work", WorkLabel(u, SectionUnit(u, during))}});
    }
    if (!implicit && (before != kNone || after != kNone)) break;
  }
  if (before != kNone && after != kNone) {
    return Fill(t, "heading_between",
                {{"work", WorkLabel(u, SectionUnit(u, after))},
                 {"work2", WorkLabel(u, SectionUnit(u, before))}});
  }
  if (before != kNone) {
    return Fill(t, "heading_before", {{"work", WorkLabel(u, SectionUnit(u, before))}});
  }
  if (after != kNone)
    return Fill(t, "heading_after", {{"work", WorkLabel(u, SectionUnit(u, after))}});
  return "";
}

bool Involves(const Universe& u, const Fact& x, const std::vector<uint8_t>& set) {
  if (x.subject < set.size() && set[x.subject]) return true;
  return x.object.kind == ValueKind::kEntity && x.object.entity < set.size() &&
         set[x.object.entity];
}

bool EventInvolves(const Event& ev, const std::vector<uint8_t>& set) {
  for (const Role& r : ev.roles) {
    if (r.entity < set.size() && set[r.entity]) return true;
  }
  return false;
}

}  // namespace

WorkId SectionUnit(const Universe& u, WorkId w) {
  if (w >= u.works.size()) return w;
  std::vector<WorkId> chain;
  for (WorkId a = w; a != kNone && a < u.works.size(); a = u.works[a].parent) chain.push_back(a);
  if (chain.size() < 2) return w;
  const WorkId child_of_root = chain[chain.size() - 2];
  return u.works[child_of_root].is_leaf() ? chain.back() : child_of_root;
}

RecapResult Recap(const View& v, const Templates& t, const RecapOptions& o) {
  const Universe& u = v.universe();
  RecapResult r;
  r.horizon = v.horizon().spec();
  r.options = o;

  // --- Selection -----------------------------------------------------------
  std::vector<uint8_t> about(u.entities.size(), 0);
  for (EntityId e : o.about) {
    if (e < about.size()) about[e] = 1;
  }
  std::vector<uint8_t> cast(u.entities.size(), 0);
  std::vector<uint8_t> referred_event(u.events.size(), 0), referred_fact(u.facts.size(), 0);
  if (o.before != kNone) {
    const WorkReliance rel = ComputeReliance(u, o.before);
    // Only what the viewer can see of it is ever used.
    for (EntityId e : rel.cast) {
      if (v.EntityVisible(e)) cast[e] = 1;
    }
    for (EventId e : rel.events) {
      if (v.EventVisible(e)) referred_event[e] = 1;
    }
    for (FactId f : rel.facts) {
      if (v.FactVisible(f)) referred_fact[f] = 1;
    }
  }
  // The focus of "where things stand": the about entities, else W's cast.
  const std::vector<uint8_t>& focus = o.about.empty() ? cast : about;
  const bool has_focus = !o.about.empty() || o.before != kNone;
  const bool full = o.length == RecapLength::kFull;
  const PredicateId played_by = v.played_by_predicate();

  std::vector<uint8_t> fact_selected(u.facts.size(), 0), event_selected(u.events.size(), 0);
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!v.EventVisible(e)) continue;
    const Event& ev = u.events[e];
    if (!o.about.empty() && !EventInvolves(ev, about)) continue;
    if (o.before != kNone && !EventInvolves(ev, cast) && !referred_event[e]) continue;
    event_selected[e] = 1;
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (!v.FactVisible(f)) continue;
    const Fact& x = u.facts[f];
    if (x.predicate == played_by || x.continuity == kNone) continue;
    if (!o.about.empty() && !Involves(u, x, about)) continue;
    if (o.before != kNone && !Involves(u, x, cast) && !referred_fact[f]) continue;
    if (!full) {
      // Short: only relations between two of the entities it is about.
      const bool between = o.about.size() >= 2 && x.object.kind == ValueKind::kEntity &&
                           about[x.subject] && x.object.entity < about.size() &&
                           about[x.object.entity] && x.object.entity != x.subject;
      if (!between) continue;
    }
    fact_selected[f] = 1;
  }

  // --- Items ---------------------------------------------------------------
  std::vector<Item> items;
  // Pointers into `items` are held while facts are added: no reallocation.
  items.reserve(u.events.size() + 2 * u.facts.size());
  std::map<PointId, size_t> event_item_at;  // event point -> item index (first)
  std::map<EventId, size_t> event_item;     // event -> item index
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!event_selected[e]) continue;
    Item it;
    it.kind = ItemKind::kEvent;
    it.id = e;
    it.continuity = u.events[e].continuity;
    it.point = u.events[e].time;
    it.cut = it.point == kNone ? kOpenEnd : StartCut(v, it.point);
    it.reveal = v.EventRevealKey(e);
    if (it.point != kNone && !event_item_at.count(it.point)) event_item_at[it.point] = items.size();
    event_item[e] = items.size();
    items.push_back(it);
  }
  const bool story = o.order == StoryOrder::kStory;
  // The told event a fact starts or ends at: the visible event whose effect
  // it is, or one whose point it shares.
  auto event_at = [&](PointId p, EventId by) -> Item* {
    if (!full || p == kNone) return nullptr;
    if (by != kNone) {
      auto found = event_item.find(by);
      if (found != event_item.end()) return &items[found->second];
    }
    auto found = event_item_at.find(p);
    return found == event_item_at.end() ? nullptr : &items[found->second];
  };
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (!fact_selected[f]) continue;
    const Fact& x = u.facts[f];
    const bool overturned = v.FactOverturnedForViewer(f);
    const PointId start = v.FactStart(f);
    const PointId end = v.FactEnd(f);
    const RevealKey key = v.FactRevealKey(f);
    Item* start_event = overturned ? nullptr : event_at(start, x.started_by);
    Item* end_event = overturned ? nullptr : event_at(end, x.ended_by);
    bool told_ended = false;
    if (!story) {
      // Reveal order: an effect is told with its event only when revealed
      // with it; an ending only when told with or after the fact.
      if (start_event != nullptr && start_event->reveal != key) start_event = nullptr;
      if (end_event != nullptr && end_event->reveal < key) end_event = nullptr;
      told_ended = !overturned && end != kNone && end_event == nullptr;
      if (told_ended) start_event = nullptr;
    }
    if (start_event != nullptr) {
      start_event->starts.push_back(f);
    } else {
      Item it;
      it.kind = ItemKind::kStart;
      it.id = f;
      it.continuity = x.continuity;
      it.point = start;
      it.cut = StartCut(v, start);
      it.reveal = key;
      it.told_ended = told_ended;
      items.push_back(it);
    }
    if (end_event != nullptr) {
      end_event->ends.push_back(f);
    } else if (story && full && !overturned && end != kNone) {
      Item it;
      it.kind = ItemKind::kEnd;
      it.id = f;
      it.continuity = x.continuity;
      it.point = end;
      it.cut = EndCut(v, end);
      it.reveal = key;
      items.push_back(it);
    }
  }
  auto kind_order = [](ItemKind k) { return static_cast<int>(k); };
  std::sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    if (story) {
      return std::make_tuple(a.continuity, a.cut, kind_order(a.kind), a.reveal, a.id) <
             std::make_tuple(b.continuity, b.cut, kind_order(b.kind), b.reveal, b.id);
    }
    return std::make_tuple(a.continuity, a.reveal, a.cut, kind_order(a.kind), a.id) <
           std::make_tuple(b.continuity, b.reveal, b.cut, kind_order(b.kind), b.id);
  });

  // Background facts of one subject together, subjects in order of first fact.
  for (size_t i = 0; i < items.size();) {
    size_t j = i;
    while (j < items.size() && items[j].continuity == items[i].continuity &&
           items[j].kind == ItemKind::kStart && items[j].cut == kOpenStart && story) {
      ++j;
    }
    if (j > i + 1) {
      std::map<EntityId, size_t> first;
      for (size_t k = i; k < j; ++k) first.try_emplace(u.facts[items[k].id].subject, k);
      std::stable_sort(items.begin() + static_cast<std::ptrdiff_t>(i),
                       items.begin() + static_cast<std::ptrdiff_t>(j),
                       [&](const Item& a, const Item& b) {
                         return first[u.facts[a.id].subject] < first[u.facts[b.id].subject];
                       });
    }
    i = j > i ? j : i + 1;
  }

  // --- Sections --------------------------------------------------------------
  std::string current;
  ContinuityId current_continuity = kNone;
  size_t unlabeled_from = items.size();  // leading items with no stated period
  for (size_t i = 0; i < items.size(); ++i) {
    Item& it = items[i];
    if (it.continuity != current_continuity) {
      current.clear();
      current_continuity = it.continuity;
      unlabeled_from = items.size();
    }
    if (story) {
      if (it.cut == kOpenStart) {
        it.section = t.Text("heading_background");
      } else {
        std::string s = StorySection(v, t, it.point);
        if (!s.empty()) {
          current = s;
          // Items before the first stated period of this continuity join it:
          // the story order puts them just before it.
          for (size_t k = unlabeled_from; k < i; ++k) items[k].section = s;
          unlabeled_from = items.size();
        } else if (current.empty() && unlabeled_from == items.size()) {
          unlabeled_from = i;
        }
        it.section = current;
      }
    } else {
      const std::vector<RevealPoint> ps =
          it.kind == ItemKind::kEvent ? v.EventReveals(it.id) : v.FactReveals(it.id);
      // The first visible reveal point (by reveal key).
      const RevealPoint* first = nullptr;
      for (const RevealPoint& p : ps) {
        if (first == nullptr || KeyOf(u, p) < KeyOf(u, *first)) first = &p;
      }
      it.section = first == nullptr ? ""
                                    : Fill(t, "heading_revealed",
                                           {{"work", WorkLabel(u, SectionUnit(u, first->work))}});
    }
  }

  // --- Prose -----------------------------------------------------------------
  std::vector<EntityId> cast_list;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (focus[e]) cast_list.push_back(e);
  }
  for (const Item& it : items) {
    if (it.kind == ItemKind::kEvent) {
      for (const Role& role : u.events[it.id].roles) cast_list.push_back(role.entity);
      for (FactId f : it.starts) cast_list.push_back(u.facts[f].subject);
    } else {
      const Fact& x = u.facts[it.id];
      cast_list.push_back(x.subject);
      if (x.object.kind == ValueKind::kEntity) cast_list.push_back(x.object.entity);
    }
  }
  Narrator n(v, t, cast_list);

  RecapPart* part = nullptr;
  RecapSection* section = nullptr;
  int64_t max_cut = kOpenStart;  // reveal order: latest story time told so far
  auto flush_group = [&](std::vector<FactId>& group, FactForm form) {
    if (group.empty()) return;
    if (group.size() == 1) {  // alone, a symmetric relation reads as a pair
      section->sentences.push_back(n.Say(n.FactSpec(group[0], form)));
      group.clear();
      return;
    }
    for (const ClauseSpec& spec : n.SameSubjectSpecs(group, form)) {
      section->sentences.push_back(n.Say(spec));
    }
    group.clear();
  };
  // A run of plain present facts with one subject and cut merges into one sentence.
  std::vector<FactId> group;
  for (size_t i = 0; i < items.size(); ++i) {
    const Item& it = items[i];
    if (part == nullptr || part->continuity != it.continuity) {
      if (section != nullptr) flush_group(group, FactForm::kPresent);
      r.parts.push_back(RecapPart{it.continuity, {}});
      part = &r.parts.back();
      section = nullptr;
      max_cut = kOpenStart;
    }
    if (section == nullptr || section->title != it.section) {
      if (section != nullptr) flush_group(group, FactForm::kPresent);
      part->sections.push_back(RecapSection{it.section, {}});
      section = &part->sections.back();
      n.NewParagraph();
    }
    const bool flashback = !story && it.cut != kOpenStart && it.cut < max_cut;
    if (!story && it.cut != kOpenStart) max_cut = std::max(max_cut, it.cut);

    // Story order: the background (facts holding since before the story) is
    // told as aggregated states.
    auto plain_background = [&](const Item& x) {
      return story && x.continuity == it.continuity && x.kind == ItemKind::kStart &&
             x.cut == kOpenStart && !v.FactOverturnedForViewer(x.id);
    };
    if (plain_background(it)) {
      flush_group(group, FactForm::kPresent);
      std::vector<FactId> facts;
      size_t j = i;
      for (; j < items.size() && plain_background(items[j]); ++j) facts.push_back(items[j].id);
      for (const ClauseSpec& spec : n.StateSpecs(facts, FactForm::kPresent)) {
        section->sentences.push_back(n.Say(spec));
      }
      i = j - 1;
      continue;
    }

    if (it.kind == ItemKind::kEvent) {
      flush_group(group, FactForm::kPresent);
      const bool overturned = v.EventOverturnedForViewer(it.id);
      ClauseSpec spec = n.EventSpec(it.id);
      std::string wrapper;
      if (overturned) {
        wrapper = "overturned";
      } else if (flashback) {
        // A title keeps its tense; a template can be told in the past.
        if (!spec.titled) spec = n.EventSpec(it.id, /*past=*/true);
        wrapper = spec.titled ? "flashback_title" : "flashback";
      }
      section->sentences.push_back(n.Say(spec, wrapper));
      // Follow-ups: what it ends, then what it starts.
      for (FactId f : it.ends) {
        ClauseSpec end = n.FactSpec(f, FactForm::kNoLonger);
        end.events.push_back(it.id);  // it rests on the event that ends it too
        section->sentences.push_back(n.Say(end));
      }
      std::vector<std::vector<FactId>> by_shape;  // same predicate and object
      for (FactId f : it.starts) {
        const Fact& x = u.facts[f];
        auto same = std::find_if(by_shape.begin(), by_shape.end(), [&](const auto& g) {
          const Fact& y = u.facts[g.front()];
          return y.predicate == x.predicate && y.object == x.object &&
                 !u.predicates[x.predicate].symmetric;
        });
        if (same == by_shape.end()) {
          by_shape.push_back({f});
        } else {
          same->push_back(f);
        }
      }
      for (const auto& g : by_shape) {
        ClauseSpec start = n.SameObjectSpec(g, FactForm::kPresent);
        start.events.push_back(it.id);
        section->sentences.push_back(n.Say(start, "now"));
      }
      continue;
    }
    const Fact& x = u.facts[it.id];
    if (it.kind == ItemKind::kEnd) {
      flush_group(group, FactForm::kPresent);
      section->sentences.push_back(n.Say(n.FactSpec(it.id, FactForm::kNoLonger)));
      continue;
    }
    // A fact told at its start (story) or where it was revealed (reveal).
    if (v.FactOverturnedForViewer(it.id)) {
      flush_group(group, FactForm::kPresent);
      section->sentences.push_back(n.Say(n.FactSpec(it.id, FactForm::kPresent), "overturned"));
      continue;
    }
    if (it.told_ended) {
      // Over, as the viewer knows: past tense, with the event that ended it.
      flush_group(group, FactForm::kPresent);
      StorySentence s = n.Say(n.FactSpec(it.id, FactForm::kPast), flashback ? "flashback" : "");
      const TimeRef until = DescribePoint(v, v.FactEnd(it.id));
      if (!until.event.empty() || !until.date.empty()) {
        const std::string clause = english::StripEnd(s.text);
        s.text = english::EndSentence(Fill(t, "until", {{"clause", clause}, {"time", until.text}}));
      }
      section->sentences.push_back(std::move(s));
      continue;
    }
    // Merge with the run when subject and time match.
    if (!group.empty()) {
      const Item& prev = items[i - 1];
      const bool same = prev.kind == ItemKind::kStart &&
                        u.facts[group.front()].subject == x.subject && prev.cut == it.cut &&
                        prev.section == it.section;
      if (!same) flush_group(group, FactForm::kPresent);
    }
    group.push_back(it.id);
  }
  if (section != nullptr) flush_group(group, FactForm::kPresent);

  // --- Where things stand ----------------------------------------------------
  if (full && has_focus && !r.parts.empty()) {
    r.now.title = t.Text("heading_now");
    n.NewParagraph();
    std::vector<std::pair<EntityId, std::vector<FactId>>> by_subject;
    std::vector<FactId> pairs_done;
    for (FactId f = 0; f < u.facts.size(); ++f) {
      if (!fact_selected[f] || v.FactOverturnedForViewer(f) || v.FactEnd(f) != kNone) continue;
      const Fact& x = u.facts[f];
      const bool relation = x.object.kind == ValueKind::kEntity && x.object.entity < focus.size() &&
                            x.subject < focus.size() && focus[x.subject] &&
                            focus[x.object.entity] && x.object.entity != x.subject;
      const bool status = x.subject < focus.size() && focus[x.subject] &&
                          u.predicates[x.predicate].name == "status";
      if (!relation && !status) continue;
      // A symmetric relation stated both ways is told once.
      if (relation && u.predicates[x.predicate].symmetric) {
        bool dup = false;
        for (FactId g : pairs_done) {
          const Fact& y = u.facts[g];
          dup = dup || (y.predicate == x.predicate && y.subject == x.object.entity &&
                        y.object.entity == x.subject);
          dup =
              dup || (y.predicate == x.predicate && y.subject == x.subject && y.object == x.object);
        }
        if (dup) continue;
        pairs_done.push_back(f);
      }
      auto it = std::find_if(by_subject.begin(), by_subject.end(),
                             [&](const auto& g) { return g.first == x.subject; });
      if (it == by_subject.end()) {
        by_subject.push_back({x.subject, {f}});
      } else {
        it->second.push_back(f);
      }
    }
    std::vector<FactId> facts;
    for (auto& [subject, list] : by_subject) facts.insert(facts.end(), list.begin(), list.end());
    for (const ClauseSpec& spec : n.StateSpecs(facts, FactForm::kPresent)) {
      r.now.sentences.push_back(n.Say(spec));
    }
  }

  // Nothing to tell, but the entities it is about have been met.
  if (r.parts.empty() && has_focus) {
    std::vector<EntityId> met;
    for (EntityId e = 0; e < u.entities.size(); ++e) {
      if (focus[e] && v.EntityVisible(e) && u.entities[e].kind != EntityKind::kPerson) {
        met.push_back(e);
      }
    }
    std::stable_sort(met.begin(), met.end(), [&](EntityId a, EntityId b) {
      return v.EntityRevealKey(a) < v.EntityRevealKey(b);
    });
    if (!met.empty()) {
      StorySentence s;
      std::vector<std::string> names;
      for (EntityId e : met) {
        names.push_back(n.Mention(e, &s.facts));
        const RevealPoint& p = v.EntityFirstReveal(e);
        if (p.work != kNone && std::find(s.cited.begin(), s.cited.end(), p) == s.cited.end()) {
          s.cited.push_back(p);
        }
      }
      for (FactId f : s.facts) {
        for (const RevealPoint& p : v.FactReveals(f)) {
          if (std::find(s.cited.begin(), s.cited.end(), p) == s.cited.end()) s.cited.push_back(p);
        }
      }
      s.text = english::EndSentence(Fill(t, "met_only", {{"names", english::JoinList(names)}}));
      r.met = std::move(s);
    }
  }

  // --- Title -----------------------------------------------------------------
  std::string title = t.Text("recap_title");
  if (!o.about.empty()) {
    std::vector<std::string> names;
    for (EntityId e : o.about) names.push_back(n.FullName(e));
    title = Fill(t, "recap_title_about", {{"names", english::JoinList(names)}});
  }
  if (o.before != kNone) {
    title =
        o.about.empty()
            ? Fill(t, "recap_title_plain_before", {{"work", WorkLabel(u, o.before)}})
            : Fill(t, "recap_title_before", {{"title", title}, {"work", WorkLabel(u, o.before)}});
  }
  r.title = title;
  r.scope = Fill(t, "recap_scope",
                 {{"seen", r.horizon}, {"order", t.Text(story ? "order_story" : "order_reveal")}});
  return r;
}

Doc RecapDoc(const View& v, const Templates& t, const RecapResult& r) {
  const Universe& u = v.universe();
  Doc d;
  d.title = r.title;
  d.notes.push_back(r.scope);
  d.sources_heading = t.Text("heading_sources");
  const bool many = r.parts.size() > 1;
  for (const RecapPart& part : r.parts) {
    if (many && part.continuity < u.continuities.size()) {
      const Continuity& c = u.continuities[part.continuity];
      DocBlock h;
      h.kind = DocBlock::Kind::kHeading;
      h.level = 2;
      h.text = FillTemplate(t.Text("continuity_heading"), [&](std::string_view) -> std::string {
        return c.title.empty() ? c.id : c.title;
      });
      d.blocks.push_back(std::move(h));
    }
    for (const RecapSection& s : part.sections) {
      if (!s.title.empty()) {
        DocBlock h;
        h.kind = DocBlock::Kind::kHeading;
        h.level = many ? 3 : 2;
        h.text = s.title;
        d.blocks.push_back(std::move(h));
      }
      DocBlock p;
      p.kind = DocBlock::Kind::kParagraph;
      p.sentences = s.sentences;
      d.blocks.push_back(std::move(p));
    }
  }
  if (r.met) {
    DocBlock p;
    p.kind = DocBlock::Kind::kParagraph;
    p.sentences.push_back(*r.met);
    d.blocks.push_back(std::move(p));
  } else if (r.parts.empty()) {
    DocBlock p;
    p.kind = DocBlock::Kind::kNote;
    p.text = t.Text("nothing");
    d.blocks.push_back(std::move(p));
  }
  if (!r.now.sentences.empty()) {
    DocBlock h;
    h.kind = DocBlock::Kind::kHeading;
    h.level = 2;
    h.text = r.now.title;
    d.blocks.push_back(std::move(h));
    DocBlock p;
    p.kind = DocBlock::Kind::kParagraph;
    p.sentences = r.now.sentences;
    d.blocks.push_back(std::move(p));
  }
  return d;
}

std::string RenderRecapJson(const View& v, const RecapResult& r) {
  const Universe& u = v.universe();
  FactIdNames ids(v);
  OrderedJson j;
  j["command"] = "recap";
  j["seen"] = r.horizon;
  if (r.options.before != kNone) {
    OrderedJson w;
    w["work"] = u.works[r.options.before].path;
    w["label"] = WorkLabel(u, r.options.before);
    j["before"] = std::move(w);
  } else {
    j["before"] = nullptr;
  }
  OrderedJson about = OrderedJson::array();
  for (EntityId e : r.options.about) about.push_back(EntityJson(u, e));
  j["about"] = std::move(about);
  j["order"] = r.options.order == StoryOrder::kStory ? "story" : "reveal";
  j["length"] = r.options.length == RecapLength::kFull ? "full" : "short";
  j["title"] = r.title;
  OrderedJson parts = OrderedJson::array();
  for (const RecapPart& part : r.parts) {
    OrderedJson pj;
    if (part.continuity < u.continuities.size()) {
      OrderedJson c;
      c["id"] = u.continuities[part.continuity].id;
      c["title"] = u.continuities[part.continuity].title;
      pj["continuity"] = std::move(c);
    } else {
      pj["continuity"] = nullptr;
    }
    OrderedJson sections = OrderedJson::array();
    for (const RecapSection& s : part.sections) {
      OrderedJson sj;
      sj["title"] = s.title.empty() ? OrderedJson(nullptr) : OrderedJson(s.title);
      OrderedJson sentences = OrderedJson::array();
      for (const StorySentence& st : s.sentences) sentences.push_back(SentenceJson(u, st, ids));
      sj["sentences"] = std::move(sentences);
      sections.push_back(std::move(sj));
    }
    pj["sections"] = std::move(sections);
    parts.push_back(std::move(pj));
  }
  j["parts"] = std::move(parts);
  OrderedJson now = OrderedJson::array();
  for (const StorySentence& st : r.now.sentences) now.push_back(SentenceJson(u, st, ids));
  j["now"] = std::move(now);
  j["met"] = r.met ? SentenceJson(u, *r.met, ids) : OrderedJson(nullptr);
  return j.dump(2) + "\n";
}

}  // namespace canon
