// DiffUniverses: structural comparison "in meaning". Each element is
// rendered as a natural key plus named fields, references rendered through
// the keys of what they point at, and the two renderings are compared.
#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "support/random_universe.h"

namespace canon::testing {
namespace {

struct Item {
  std::string key;
  std::vector<std::pair<std::string, std::string>> fields;
};

// Renders the elements of one universe. Out-of-range ids render as "#N?",
// so an invalid universe still compares without crashing.
class Renderer {
 public:
  Renderer(const Universe& u, const DiffOptions& opts) : u_(u), opts_(opts) {}

  std::vector<Item> Continuities() const {
    std::vector<Item> out;
    for (const Continuity& c : u_.continuities) out.push_back({c.id, {{"title", Quoted(c.title)}}});
    return out;
  }

  std::vector<Item> Eras() const {
    std::vector<Item> out;
    for (const Era& e : u_.eras) {
      out.push_back({e.id,
                     {{"continuity", Cont(e.continuity)},
                      {"epoch", std::to_string(e.epoch)},
                      {"direction", std::to_string(e.direction)}}});
    }
    return out;
  }

  std::vector<Item> Works() const {
    std::vector<Item> out;
    for (WorkId w = 0; w < u_.works.size(); ++w) {
      const Work& work = u_.works[w];
      std::string children;
      for (WorkId c : work.children) children += (children.empty() ? "" : ", ") + WorkKey(c);
      out.push_back(
          {work.path,
           {{"id", work.id},
            {"title", Quoted(work.title)},
            {"kind", std::string(WorkKindName(work.kind))},
            {"parent", work.parent == kNone ? "none" : WorkKey(work.parent)},
            {"children", "[" + children + "]"},
            {"continuity", Cont(work.continuity)},
            {"released", work.released ? Date(*work.released) : "none"},
            {"runtime", work.runtime_minutes ? std::to_string(*work.runtime_minutes) : "none"},
            {"slot_start", OwnPoint(work.slot_start, TimePoint::Owner::kWorkStart, w)},
            {"slot_end", OwnPoint(work.slot_end, TimePoint::Owner::kWorkEnd, w)},
            {"flashback", work.flashback ? "yes" : "no"},
            {"declared_child_count", std::to_string(work.declared_child_count)},
            {"generated", work.generated ? "yes" : "no"}}});
    }
    return out;
  }

  std::vector<Item> Entities() const {
    std::vector<Item> out;
    for (EntityId e = 0; e < u_.entities.size(); ++e) {
      const Entity& ent = u_.entities[e];
      out.push_back({EntityKey(e),
                     {{"name", Quoted(ent.name)},
                      {"kind", std::string(EntityKindName(ent.kind))},
                      {"introduced", Reveals(ent.introduced)}}});
    }
    return out;
  }

  std::vector<Item> Predicates() const {
    std::vector<Item> out;
    for (const Predicate& p : u_.predicates) {
      std::string keywords;
      for (const std::string& k : p.keywords) keywords += (keywords.empty() ? "" : " ") + k;
      out.push_back({p.name,
                     {{"object_kind", std::to_string(static_cast<int>(p.object_kind))},
                      {"symmetric", p.symmetric ? "yes" : "no"},
                      {"exclusive", p.exclusive ? "yes" : "no"},
                      {"inverse", p.inverse},
                      {"phrase", Quoted(p.phrase)},
                      {"keywords", "[" + keywords + "]"},
                      {"builtin", p.builtin ? "yes" : "no"}}});
    }
    return out;
  }

  // Facts are keyed by label when they have one, else by their content;
  // equal keys are numbered in the order of their remaining fields, so
  // numbering does not depend on element order. Must run before the
  // renderers that refer to facts.
  std::vector<Item> Facts() {
    std::vector<Item> out;
    for (FactId f = 0; f < u_.facts.size(); ++f) {
      const Fact& fact = u_.facts[f];
      std::string key = Cont(fact.continuity) + ": ";
      if (!fact.label.empty() && !opts_.ignore_fact_labels) {
        key += fact.label;
      } else {
        key += EntityKey(fact.subject) + " " + PredKey(fact.predicate) + " " +
               ValueText(fact.object) + " revealed " + Reveals(fact.revealed);
      }
      out.push_back({key,
                     {{"label", opts_.ignore_fact_labels ? "" : fact.label},
                      {"subject", EntityKey(fact.subject)},
                      {"predicate", PredKey(fact.predicate)},
                      {"object", ValueText(fact.object)},
                      {"start", OwnPoint(fact.start, TimePoint::Owner::kFactStart, f)},
                      {"end", OwnPoint(fact.end, TimePoint::Owner::kFactEnd, f)},
                      {"revealed", Reveals(fact.revealed)},
                      {"overturned", Reveals(fact.overturned)},
                      {"source", Quoted(fact.source)},
                      {"started_by", fact.started_by == kNone ? "none" : EventKey(fact.started_by)},
                      {"ended_by", fact.ended_by == kNone ? "none" : EventKey(fact.ended_by)},
                      {"continuity", Cont(fact.continuity)},
                      {"allows", Allows(fact.allows)}}});
    }
    Numbered(out);
    fact_keys_.resize(u_.facts.size());
    for (FactId f = 0; f < u_.facts.size(); ++f) fact_keys_[f] = out[f].key;
    return out;
  }

  std::vector<Item> Events() const {
    std::vector<Item> out;
    for (EventId e = 0; e < u_.events.size(); ++e) {
      const Event& ev = u_.events[e];
      std::string roles, starts, ends;
      for (const Role& r : ev.roles) {
        roles += (roles.empty() ? "" : ", ") + r.role + " " + EntityKey(r.entity);
      }
      for (FactId f : ev.starts) starts += (starts.empty() ? "" : "; ") + FactKey(f);
      for (FactId f : ev.ends) ends += (ends.empty() ? "" : "; ") + FactKey(f);
      std::string uses;
      for (const Event::Use& use : ev.uses) {
        uses +=
            (uses.empty() ? "" : "; ") + EntityKey(use.who) + " uses " +
            (use.target_is_fact ? "fact " + FactKey(use.target) : "event " + EventKey(use.target));
      }
      out.push_back({EventKey(e),
                     {{"title", Quoted(ev.title)},
                      {"kind", ev.kind},
                      {"roles", "[" + roles + "]"},
                      {"time", OwnPoint(ev.time, TimePoint::Owner::kEvent, e)},
                      {"revealed", Reveals(ev.revealed)},
                      {"overturned", Reveals(ev.overturned)},
                      {"starts", "[" + starts + "]"},
                      {"ends", "[" + ends + "]"},
                      {"source", Quoted(ev.source)},
                      {"continuity", Cont(ev.continuity)},
                      {"uses", "[" + uses + "]"},
                      {"allows", Allows(ev.allows)}}});
    }
    return out;
  }

  // Knowledge has no natural key: its whole content is the key. A `from`
  // point of its own renders as "own point" (its constraints are compared
  // under the point's key). Must run after Facts() and before Points().
  std::vector<Item> KnowledgeItems() {
    std::vector<Item> all;
    for (KnowledgeId i = 0; i < u_.knowledge.size(); ++i) {
      const Knowledge& k = u_.knowledge[i];
      std::string target = k.target_kind == Knowledge::TargetKind::kFact
                               ? "fact " + FactKey(k.target)
                               : "event " + EventKey(k.target);
      bool own = k.from < u_.points.size() &&
                 u_.points[k.from].owner == TimePoint::Owner::kKnowledge &&
                 u_.points[k.from].owner_id == i;
      std::string from = k.from == kNone ? "default" : own ? "own point" : PointKey(k.from);
      std::string key = EntityKey(k.who) + " knows " + target + " from " + from + " revealed " +
                        Reveals(k.revealed) + (k.implicit ? " (implicit)" : "") +
                        (k.source.empty() ? "" : " source " + Quoted(k.source));
      all.push_back({key, {}});
    }
    Numbered(all);
    std::vector<Item> out;
    knowledge_keys_.resize(u_.knowledge.size());
    for (KnowledgeId i = 0; i < u_.knowledge.size(); ++i) {
      knowledge_keys_[i] = all[i].key;
      if (!(opts_.ignore_implicit && u_.knowledge[i].implicit)) out.push_back(all[i]);
    }
    return out;
  }

  // Appearances, like knowledge, are keyed by their whole content; a point
  // of their own renders as "own point". Must run before Points().
  std::vector<Item> Appearances() {
    std::vector<Item> all;
    for (AppearanceId i = 0; i < u_.appearances.size(); ++i) {
      const Appearance& a = u_.appearances[i];
      bool own = a.time < u_.points.size() &&
                 u_.points[a.time].owner == TimePoint::Owner::kAppearance &&
                 u_.points[a.time].owner_id == i;
      std::string time = a.time == kNone ? "during its work" : own ? "own point" : PointKey(a.time);
      all.push_back({EntityKey(a.entity) + " appears in " + Reveal(a.at) + " at " + time +
                         " allows " + Allows(a.allows),
                     {}});
    }
    Numbered(all);
    appearance_keys_.resize(u_.appearances.size());
    for (AppearanceId i = 0; i < u_.appearances.size(); ++i) appearance_keys_[i] = all[i].key;
    return all;
  }

  std::vector<Item> LintSettings() const {
    std::vector<Item> out;
    for (const LintSetting& ls : u_.lint_settings)
      out.push_back({ls.rule, {{"severity", ls.severity}}});
    Numbered(out);
    return out;
  }

  std::vector<Item> Counterparts() const {
    std::vector<Item> out;
    for (const auto& [a, b] : u_.counterparts) {
      std::string x = EntityKey(a), y = EntityKey(b);
      if (y < x) std::swap(x, y);
      out.push_back({x + " <-> " + y, {}});
    }
    Numbered(out);
    return out;
  }

  std::vector<Item> Points() const {
    std::vector<Item> out;
    for (PointId p = 0; p < u_.points.size(); ++p) {
      Item item{PointKey(p), {}};
      int n = 0;
      for (const TimeConstraint& c : u_.points[p].constraints) {
        if (opts_.ignore_implicit && c.implicit) continue;
        item.fields.emplace_back("constraint " + std::to_string(++n), Constraint(c));
      }
      out.push_back(std::move(item));
    }
    Numbered(out);
    return out;
  }

 private:
  // Gives items with equal keys a "#2", "#3"... suffix in the order of
  // their fields (then of their position), so numbering follows content.
  static void Numbered(std::vector<Item>& items) {
    std::vector<std::vector<size_t>> groups;
    {
      std::unordered_map<std::string_view, size_t> group_of;
      group_of.reserve(items.size());
      for (size_t i = 0; i < items.size(); ++i) {
        auto [it, inserted] = group_of.try_emplace(items[i].key, groups.size());
        if (inserted) {
          groups.emplace_back();
        }
        groups[it->second].push_back(i);
      }
    }  // keys change below: drop the views first
    for (std::vector<size_t>& idx : groups) {
      if (idx.size() < 2) continue;
      std::stable_sort(idx.begin(), idx.end(),
                       [&](size_t x, size_t y) { return items[x].fields < items[y].fields; });
      for (size_t n = 1; n < idx.size(); ++n) items[idx[n]].key += " #" + std::to_string(n + 1);
    }
  }

  static std::string Bad(uint32_t id) { return "#" + std::to_string(id) + "?"; }

  static std::string Quoted(const std::string& s) { return "\"" + s + "\""; }
  static std::string Allows(const std::vector<LintAllow>& allows) {
    std::string s = "[";
    for (size_t i = 0; i < allows.size(); ++i) {
      s += (i ? ", " : "") + allows[i].rule + " " + Quoted(allows[i].reason);
    }
    return s + "]";
  }

  std::string Cont(ContinuityId c) const {
    if (c == kNone) return "(none)";
    return c < u_.continuities.size() ? u_.continuities[c].id : Bad(c);
  }
  std::string EraKey(EraId e) const { return e < u_.eras.size() ? u_.eras[e].id : Bad(e); }
  std::string WorkKey(WorkId w) const { return w < u_.works.size() ? u_.works[w].path : Bad(w); }
  std::string EntityKey(EntityId e) const {
    if (e >= u_.entities.size()) return Bad(e);
    const Entity& ent = u_.entities[e];
    return ent.continuity == kNone ? ent.id : Cont(ent.continuity) + ":" + ent.id;
  }
  std::string PredKey(PredicateId p) const {
    return p < u_.predicates.size() ? u_.predicates[p].name : Bad(p);
  }
  std::string EventKey(EventId e) const {
    return e < u_.events.size() ? Cont(u_.events[e].continuity) + ":" + u_.events[e].id : Bad(e);
  }
  std::string FactKey(FactId f) const {
    return f < fact_keys_.size() ? "{" + fact_keys_[f] + "}" : Bad(f);
  }
  std::string PointKey(PointId p) const {
    if (p >= u_.points.size()) return Bad(p);
    const TimePoint& tp = u_.points[p];
    switch (tp.owner) {
      case TimePoint::Owner::kEvent:
        return "time of event " + EventKey(tp.owner_id);
      case TimePoint::Owner::kFactStart:
        return "start of fact " + FactKey(tp.owner_id);
      case TimePoint::Owner::kFactEnd:
        return "end of fact " + FactKey(tp.owner_id);
      case TimePoint::Owner::kWorkStart:
        return "slot start of " + WorkKey(tp.owner_id);
      case TimePoint::Owner::kWorkEnd:
        return "slot end of " + WorkKey(tp.owner_id);
      case TimePoint::Owner::kKnowledge:
        return "from of knowledge {" +
               (tp.owner_id < knowledge_keys_.size() ? knowledge_keys_[tp.owner_id]
                                                     : Bad(tp.owner_id)) +
               "}";
      case TimePoint::Owner::kAppearance:
        return "time of appearance {" +
               (tp.owner_id < appearance_keys_.size() ? appearance_keys_[tp.owner_id]
                                                      : Bad(tp.owner_id)) +
               "}";
    }
    return "point with bad owner " + Bad(static_cast<uint32_t>(tp.owner));
  }
  // A reference from an element to its own point renders as "set" (the
  // point's constraints are compared under the point's key); anything else
  // renders as the point's key.
  std::string OwnPoint(PointId p, TimePoint::Owner owner, uint32_t id) const {
    if (p == kNone) return "none";
    if (p < u_.points.size() && u_.points[p].owner == owner && u_.points[p].owner_id == id) {
      return "set";
    }
    return "point " + PointKey(p);
  }

  std::string Date(const PartialDate& d) const {
    return std::to_string(d.year) + "-" + std::to_string(d.month) + "-" + std::to_string(d.day) +
           " " + EraKey(d.era);
  }
  std::string Reveal(const RevealPoint& p) const {
    std::string s = WorkKey(p.work);
    switch (p.position_kind) {
      case RevealPoint::PositionKind::kNone:
        break;
      case RevealPoint::PositionKind::kScene:
        s += "@scene" + std::to_string(p.position);
        break;
      case RevealPoint::PositionKind::kSeconds:
        s += "@" + std::to_string(p.position) + "s";
        break;
      default:
        s += "@bad-kind";
        break;
    }
    return s;
  }
  std::string Reveals(const std::vector<RevealPoint>& points) const {
    std::string s = "[";
    for (size_t i = 0; i < points.size(); ++i) s += (i ? ", " : "") + Reveal(points[i]);
    return s + "]";
  }
  std::string ValueText(const Value& v) const {
    switch (v.kind) {
      case ValueKind::kEntity:
        return "entity " + EntityKey(v.entity);
      case ValueKind::kString:
        return "string " + Quoted(v.text);
      case ValueKind::kKeyword:
        return "keyword " + v.text;
      case ValueKind::kNumber: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", v.number);
        return std::string("number ") + buf;
      }
      case ValueKind::kDate:
        return "date " + Date(v.date);
    }
    return "bad value kind " + std::to_string(static_cast<int>(v.kind));
  }
  std::string Constraint(const TimeConstraint& c) const {
    static constexpr const char* kKinds[] = {"before", "after",  "during",     "at",
                                             "date",   "offset", "not before", "not after"};
    static constexpr const char* kUnits[] = {"days", "months", "years"};
    size_t kind = static_cast<size_t>(c.kind);
    std::string s = kind < std::size(kKinds) ? kKinds[kind] : "bad-kind";
    if (c.kind == TimeConstraint::Kind::kOffset) {
      size_t unit = static_cast<size_t>(c.unit);
      s += " " + std::to_string(c.amount) + " " + (unit < std::size(kUnits) ? kUnits[unit] : "?");
    }
    switch (c.anchor_kind) {
      case TimeConstraint::AnchorKind::kPoint:
        s += " " + PointKey(c.point);
        break;
      case TimeConstraint::AnchorKind::kWork:
        s += " work " + WorkKey(c.work);
        break;
      case TimeConstraint::AnchorKind::kDate:
        s += " date " + Date(c.date);
        break;
      default:
        s += " bad-anchor";
        break;
    }
    if (c.implicit) s += " (implicit)";
    return s;
  }

  const Universe& u_;
  const DiffOptions& opts_;
  std::vector<std::string> fact_keys_;
  std::vector<std::string> knowledge_keys_;
  std::vector<std::string> appearance_keys_;
};

// Compares two renderings of one collection; "" when they match.
std::string Compare(const char* what, const std::vector<Item>& a, const std::vector<Item>& b) {
  std::unordered_map<std::string_view, const Item*> in_b, in_a;
  in_b.reserve(b.size());
  in_a.reserve(a.size());
  for (const Item& item : b) in_b.emplace(item.key, &item);
  for (const Item& item : a) in_a.emplace(item.key, &item);
  for (const Item& x : a) {
    auto it = in_b.find(x.key);
    if (it == in_b.end()) {
      return std::string(what) + " `" + x.key + "`: only in a (a has " + std::to_string(a.size()) +
             ", b has " + std::to_string(b.size()) + ")";
    }
    const Item& y = *it->second;
    size_t n = std::max(x.fields.size(), y.fields.size());
    for (size_t i = 0; i < n; ++i) {
      const auto* fx = i < x.fields.size() ? &x.fields[i] : nullptr;
      const auto* fy = i < y.fields.size() ? &y.fields[i] : nullptr;
      if (fx && fy && *fx == *fy) continue;
      std::string field = fx ? fx->first : fy->first;
      return std::string(what) + " `" + x.key + "`: " + field + ": a has " +
             (fx ? "`" + fx->second + "`" : std::string("nothing")) + ", b has " +
             (fy ? "`" + fy->second + "`" : std::string("nothing"));
    }
  }
  for (const Item& y : b) {
    if (!in_a.count(y.key)) {
      return std::string(what) + " `" + y.key + "`: only in b (a has " + std::to_string(a.size()) +
             ", b has " + std::to_string(b.size()) + ")";
    }
  }
  return "";
}

}  // namespace

std::string DiffUniverses(const Universe& a, const Universe& b, const DiffOptions& opts) {
  if (a.title != b.title) return "title: a has \"" + a.title + "\", b has \"" + b.title + "\"";
  Renderer ra(a, opts), rb(b, opts);
  std::string d;
  if (!(d = Compare("continuity", ra.Continuities(), rb.Continuities())).empty()) return d;
  if (!(d = Compare("era", ra.Eras(), rb.Eras())).empty()) return d;
  if (!(d = Compare("work", ra.Works(), rb.Works())).empty()) return d;
  if (!(d = Compare("entity", ra.Entities(), rb.Entities())).empty()) return d;
  if (!(d = Compare("predicate", ra.Predicates(), rb.Predicates())).empty()) return d;
  if (!(d = Compare("fact", ra.Facts(), rb.Facts())).empty()) return d;
  if (!(d = Compare("event", ra.Events(), rb.Events())).empty()) return d;
  if (!(d = Compare("knowledge", ra.KnowledgeItems(), rb.KnowledgeItems())).empty()) return d;
  if (!(d = Compare("appearance", ra.Appearances(), rb.Appearances())).empty()) return d;
  if (!(d = Compare("lint setting", ra.LintSettings(), rb.LintSettings())).empty()) return d;
  if (!(d = Compare("point", ra.Points(), rb.Points())).empty()) return d;
  if (!(d = Compare("counterpart", ra.Counterparts(), rb.Counterparts())).empty()) return d;
  return "";
}

}  // namespace canon::testing
