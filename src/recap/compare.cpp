// Counterparts side by side across continuities (see compare.h).
#include "recap/compare.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "base/strings.h"
#include "query/format.h"
#include "query/queries.h"
#include "recap/english.h"

namespace canon {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string ContinuityTitle(const Universe& u, ContinuityId c) {
  if (c >= u.continuities.size()) return "?";
  return u.continuities[c].title.empty() ? u.continuities[c].id : u.continuities[c].title;
}

Status Ambiguous(const Universe& u, std::string_view name, std::vector<EntityId> es) {
  std::sort(es.begin(), es.end(),
            [&](EntityId a, EntityId b) { return u.QualifiedId(a) < u.QualifiedId(b); });
  std::vector<std::string> listed;
  listed.reserve(es.size());
  for (EntityId e : es) listed.push_back(u.QualifiedId(e) + " (" + EntityName(u, e) + ")");
  return Status::InvalidArgument(
      "`" + std::string(name) + "` is ambiguous: it may be " + Join(listed, ", "),
      "use a qualified id, e.g. `" + u.QualifiedId(es.front()) + "`");
}

// Counterpart classes among visible entities: the smallest EntityId of each
// component of the visible counterpart links.
std::vector<EntityId> CounterpartClasses(const View& v) {
  const Universe& u = v.universe();
  std::vector<EntityId> parent(u.entities.size());
  for (EntityId e = 0; e < parent.size(); ++e) parent[e] = e;
  std::function<EntityId(EntityId)> find = [&](EntityId e) {
    while (parent[e] != e) {
      parent[e] = parent[parent[e]];
      e = parent[e];
    }
    return e;
  };
  for (const auto& [a, b] : u.counterparts) {
    if (a >= parent.size() || b >= parent.size() || !v.EntityVisible(a) || !v.EntityVisible(b)) {
      continue;
    }
    EntityId ra = find(a), rb = find(b);
    if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
  }
  std::vector<EntityId> out(parent.size());
  for (EntityId e = 0; e < parent.size(); ++e) out[e] = find(e);
  return out;
}

// One continuity's contribution to a row.
struct Contribution {
  std::vector<FactId> facts;
  std::vector<EventId> events;
  std::vector<std::pair<FactId, FactId>> shared;  // (A's fact, B's fact)
};

}  // namespace

Result<EntityId> ResolveInContinuity(const View& v, std::string_view raw, ContinuityId c) {
  const Universe& u = v.universe();
  std::string_view name = Trim(raw);
  if (name.empty()) return Status::InvalidArgument("empty entity name");
  const std::string cid = c < u.continuities.size() ? u.continuities[c].id : "?";
  auto counterparts_in = [&](EntityId e) {
    std::vector<EntityId> out;
    for (EntityId x : v.Counterparts(e)) {
      if (u.entities[x].continuity == c) out.push_back(x);
    }
    return out;
  };
  if (name.find(':') != std::string_view::npos) {
    CANON_ASSIGN_OR_RETURN(EntityId e, ResolveEntity(v, name));
    if (u.entities[e].continuity == c) return e;
    std::vector<EntityId> cps = counterparts_in(e);
    if (cps.size() == 1) return cps[0];
    if (cps.size() > 1) return Ambiguous(u, name, cps);
    return Status::NotFound(
        "`" + std::string(name) + "` has no counterpart in `" + cid + "` that you have seen",
        "compare names an entity in each continuity; try an unqualified "
        "name, or add to --seen");
  }
  // Exact qualified id in this continuity.
  if (Result<EntityId> q = ResolveEntity(v, cid + ":" + std::string(name)); q.ok()) return *q;
  // Names and aliases, among visible entities.
  std::vector<EntityId> in_c, elsewhere;
  auto add = [&](EntityId e) {
    auto& dst = u.entities[e].continuity == c ? in_c : elsewhere;
    if (std::find(dst.begin(), dst.end(), e) == dst.end()) dst.push_back(e);
  };
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (!v.EntityVisible(e)) continue;
    if (EqualsIgnoreCase(u.entities[e].id, name) || EqualsIgnoreCase(u.entities[e].name, name)) {
      add(e);
    }
  }
  if (in_c.empty() && elsewhere.empty() && v.alias_predicate() != kNone) {
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& x = u.facts[f];
      if (x.predicate == v.alias_predicate() && v.FactVisible(f) &&
          EqualsIgnoreCase(x.object.text, name)) {
        add(x.subject);
      }
    }
  }
  if (in_c.size() == 1) return in_c[0];
  if (in_c.size() > 1) return Ambiguous(u, name, in_c);
  std::vector<EntityId> via;
  for (EntityId e : elsewhere) {
    for (EntityId x : counterparts_in(e)) {
      if (std::find(via.begin(), via.end(), x) == via.end()) via.push_back(x);
    }
  }
  if (via.size() == 1) return via[0];
  if (via.size() > 1) return Ambiguous(u, name, via);
  std::vector<std::string> candidates;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (!v.EntityVisible(e) || u.entities[e].continuity != c) continue;
    candidates.push_back(u.entities[e].id);
    if (!u.entities[e].name.empty()) candidates.push_back(u.entities[e].name);
  }
  std::string hint = DidYouMean(ClosestMatches(name, candidates));
  if (hint.empty()) hint = "names are matched against what you have seen (--seen)";
  return Status::NotFound(
      "no `" + std::string(name) + "` in continuity `" + cid + "` that you have seen", hint);
}

Result<CompareResult> Compare(const View& v, const Templates& t,
                              const std::vector<std::string>& names,
                              const std::vector<ContinuityId>& continuities) {
  const Universe& u = v.universe();
  if (names.empty() || names.size() > 2) {
    return Status::InvalidArgument("`compare` takes 1 or 2 names, got " +
                                   std::to_string(names.size()));
  }
  if (continuities.size() < 2) {
    return Status::InvalidArgument("`compare` needs at least two continuities",
                                   "e.g. `--continuities earth616,netflix`");
  }
  CompareResult r;
  r.horizon = v.horizon().spec();
  r.continuities = continuities;
  for (ContinuityId c : continuities) {
    std::vector<EntityId> es;
    for (const std::string& name : names) {
      CANON_ASSIGN_OR_RETURN(EntityId e, ResolveInContinuity(v, name, c));
      es.push_back(e);
    }
    if (es.size() == 2 && es[0] == es[1]) {
      return Status::InvalidArgument("`" + names[0] + "` and `" + names[1] +
                                         "` are the same entity in `" + u.continuities[c].id + "`",
                                     "compare two different entities, or one");
    }
    r.entities.push_back(es);
  }
  const bool pair = names.size() == 2;
  const std::vector<EntityId> classes = CounterpartClasses(v);
  const size_t nc = continuities.size();

  // Row key -> per continuity contributions.
  struct RowData {
    std::string label;
    int group = 0;  // 0 relations/attributes, 1 shared ties / relations to others, 2 events
    std::string sort;
    std::vector<Contribution> per;
    std::vector<std::vector<std::string>> states;  // per continuity, for sameness
  };
  // "they are married": a pair's clause with the pair as "they".
  auto they = [&](ClauseSpec spec, const std::vector<EntityId>& both) {
    static const std::string kPair = "{subject} and {object} ";
    static const std::string kPlural = "{subjects} ";
    auto same_pair = [&](const std::vector<EntityId>& es) {
      return es.size() == 2 && both.size() == 2 &&
             ((es[0] == both[0] && es[1] == both[1]) || (es[0] == both[1] && es[1] == both[0]));
    };
    if (spec.tpl.rfind(kPair, 0) == 0 &&
        same_pair(
            {spec.slots["subject"].entities.empty() ? kNone : spec.slots["subject"].entities[0],
             spec.slots["object"].entities.empty() ? kNone : spec.slots["object"].entities[0]})) {
      spec.tpl = "they " + spec.tpl.substr(kPair.size());
    } else if (spec.tpl.rfind(kPlural, 0) == 0 && same_pair(spec.slots["subjects"].entities)) {
      spec.tpl = "they " + spec.tpl.substr(kPlural.size());
    }
    return spec;
  };
  std::map<std::string, RowData> rows;
  auto row = [&](const std::string& key, int group, const std::string& label,
                 const std::string& sort) -> RowData& {
    auto [it, inserted] = rows.try_emplace(key);
    if (inserted) {
      it->second.label = label;
      it->second.group = group;
      it->second.sort = sort;
      it->second.per.resize(nc);
      it->second.states.resize(nc);
    }
    return it->second;
  };
  auto noun = [&](PredicateId p, bool reversed) {
    const Predicate& pred = u.predicates[p];
    if (!reversed) {
      if (const PredicateForms* f = t.Predicate(pred.name); f != nullptr && !f->noun.empty()) {
        return f->noun;
      }
      return Spaced(pred.name);
    }
    if (!pred.inverse.empty()) return Spaced(pred.inverse);
    return Spaced(pred.name) + " (the other way)";
  };
  auto shared_noun = [&](PredicateId p) {
    const Predicate& pred = u.predicates[p];
    if (const PredicateForms* f = t.Predicate(pred.name); f != nullptr && !f->shared_noun.empty()) {
      return f->shared_noun;
    }
    return "both " + Spaced(pred.name);
  };
  auto pred_sort = [](PredicateId p) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08u", p);
    return std::string(buf);
  };
  auto value_state = [&](const Value& val) -> std::string {
    if (val.kind == ValueKind::kEntity) {
      return val.entity < classes.size() ? "e" + std::to_string(classes[val.entity]) : "?";
    }
    return "v" + ValueText(u, val);
  };

  // Events by kind. Kinds the templates know, or that occur in more than one
  // continuity, get a row of their own; the rest are counted together.
  std::map<std::string, std::set<size_t>> kind_continuities;
  for (size_t i = 0; i < nc; ++i) {
    const EntityId a = r.entities[i][0];
    for (EventId e : v.EventsOf(a)) {
      if (pair) {
        bool has_b = false;
        for (const Role& role : u.events[e].roles) has_b = has_b || role.entity == r.entities[i][1];
        if (!has_b) continue;
      }
      kind_continuities[u.events[e].kind].insert(i);
    }
  }
  auto add_event = [&](size_t i, EventId e) {
    const std::string& kind = u.events[e].kind;
    if (!kind.empty() && (t.Event(kind) != nullptr || kind_continuities[kind].size() > 1)) {
      RowData& rd = row("event:" + kind, 2, Spaced(kind), kind);
      rd.per[i].events.push_back(e);
      rd.states[i].push_back("yes");
      return;
    }
    RowData& rd = row("event:", 3, t.Text("compare_other_events"), "");
    rd.per[i].events.push_back(e);
    rd.states[i].push_back("yes");
  };
  for (size_t i = 0; i < nc; ++i) {
    const EntityId a = r.entities[i][0];
    if (pair) {
      const EntityId b = r.entities[i][1];
      for (FactId f : v.FactsOf(a)) {
        if (v.FactOverturnedForViewer(f)) continue;
        const Fact& x = u.facts[f];
        if (x.object.kind != ValueKind::kEntity || x.predicate == v.played_by_predicate()) continue;
        const bool ab = x.subject == a && x.object.entity == b;
        const bool ba = x.subject == b && x.object.entity == a;
        const Predicate& pred = u.predicates[x.predicate];
        if (ab || ba) {
          const bool reversed = ba && !pred.symmetric;
          RowData& rd =
              row("rel:" + pred.name + (reversed ? "<" : ">"), 0, noun(x.predicate, reversed),
                  pred_sort(x.predicate) + (reversed ? "b" : "a"));
          rd.per[i].facts.push_back(f);
          rd.states[i].push_back(v.FactEnd(f) == kNone ? "holds" : "ended");
          continue;
        }
        // A tie to a third entity that B shares.
        const bool a_subject = x.subject == a;
        const EntityId third = a_subject ? x.object.entity : x.subject;
        if (third == b || third == a) continue;
        for (FactId g : v.FactsOf(b)) {
          if (v.FactOverturnedForViewer(g)) continue;
          const Fact& y = u.facts[g];
          if (y.predicate != x.predicate || y.object.kind != ValueKind::kEntity) continue;
          const bool same = a_subject ? (y.subject == b && y.object.entity == third)
                                      : (y.object.entity == b && y.subject == third);
          if (!same) continue;
          RowData& rd =
              row("shared:" + pred.name + (a_subject ? ">" : "<"), 1,
                  a_subject ? shared_noun(x.predicate) : "both " + noun(x.predicate, true),
                  pred_sort(x.predicate) + (a_subject ? "a" : "b"));
          rd.per[i].shared.push_back({f, g});
          Value third_value;
          third_value.entity = third;
          rd.states[i].push_back(value_state(third_value));
        }
      }
      for (EventId e : v.EventsOf(a)) {
        bool has_b = false;
        for (const Role& role : u.events[e].roles) has_b = has_b || role.entity == b;
        if (!has_b || v.EventOverturnedForViewer(e)) continue;
        add_event(i, e);
      }
    } else {
      for (FactId f : v.FactsOf(a)) {
        if (v.FactOverturnedForViewer(f)) continue;
        const Fact& x = u.facts[f];
        const Predicate& pred = u.predicates[x.predicate];
        if (x.object.kind != ValueKind::kEntity) {
          if (x.subject != a) continue;
          RowData& rd =
              row("attr:" + pred.name, 0, noun(x.predicate, false), pred_sort(x.predicate));
          rd.per[i].facts.push_back(f);
          rd.states[i].push_back(value_state(x.object));
          continue;
        }
        const bool reversed = x.subject != a && !pred.symmetric;
        const EntityId other = x.subject == a ? x.object.entity : x.subject;
        if (other == a) continue;
        RowData& rd =
            row("rel:" + pred.name + (reversed ? "<" : ">"), 1, noun(x.predicate, reversed),
                pred_sort(x.predicate) + (reversed ? "b" : "a"));
        rd.per[i].facts.push_back(f);
        rd.states[i].push_back(other < classes.size() ? "e" + std::to_string(classes[other]) : "?");
      }
      for (EventId e : v.EventsOf(a)) {
        if (v.EventOverturnedForViewer(e)) continue;
        add_event(i, e);
      }
    }
  }

  // The narrator names everyone involved.
  std::vector<EntityId> cast;
  for (const auto& es : r.entities) cast.insert(cast.end(), es.begin(), es.end());
  for (const auto& [key, rd] : rows) {
    for (const Contribution& c : rd.per) {
      for (FactId f : c.facts) {
        cast.push_back(u.facts[f].subject);
        if (u.facts[f].object.kind == ValueKind::kEntity) cast.push_back(u.facts[f].object.entity);
      }
      for (const auto& [f, g] : c.shared) cast.push_back(u.facts[f].object.entity);
    }
  }
  Narrator n(v, t, cast);
  n.set_actors(false);  // a comparison names actors only in its own rows

  std::vector<const RowData*> ordered;
  ordered.reserve(rows.size());
  for (const auto& [key, rd] : rows) ordered.push_back(&rd);
  std::stable_sort(ordered.begin(), ordered.end(), [](const RowData* x, const RowData* y) {
    return std::tie(x->group, x->sort) < std::tie(y->group, y->sort);
  });
  for (const RowData* rd : ordered) {
    CompareRow out;
    out.label = rd->label;
    out.in_prose = rd->group != 3;
    for (size_t i = 0; i < nc; ++i) {
      const Contribution& c = rd->per[i];
      CompareCell cell;
      const EntityId a = r.entities[i][0];
      if (!c.facts.empty()) {
        cell.present = true;
        std::vector<std::string> parts;
        bool holds = false;
        for (FactId f : c.facts) {
          const Fact& x = u.facts[f];
          const bool ended = v.FactEnd(f) != kNone;
          holds = holds || !ended;
          if (!pair) {
            const EntityId other = x.object.kind == ValueKind::kEntity
                                       ? (x.subject == a ? x.object.entity : x.subject)
                                       : kNone;
            std::string text = other != kNone
                                   ? n.FullName(other)
                                   : (x.object.kind == ValueKind::kString ? x.object.text
                                                                          : ValueText(u, x.object));
            if (ended) text += " (ended)";
            if (std::find(parts.begin(), parts.end(), text) == parts.end()) parts.push_back(text);
          }
          if (c.facts.size() > 1 && !pair) continue;  // told together below
          StorySentence s = n.Phrase(
              they(n.FactSpec(f, ended ? FactForm::kPast : FactForm::kPresent, a), r.entities[i]));
          const TimeRef from = DescribePoint(v, v.FactStart(f));
          const TimeRef until = DescribePoint(v, v.FactEnd(f));
          std::vector<std::string> when;
          if (!from.open && !from.text.empty()) when.push_back("from " + from.text);
          if (!until.open && !until.text.empty()) when.push_back("until " + until.text);
          if (!when.empty()) s.text += ", " + Join(when, " ");
          cell.details.push_back(std::move(s));
        }
        if (c.facts.size() > 1 && !pair) {
          // Several values: aggregated, what still holds and what is over.
          std::vector<FactId> holding, over;
          for (FactId f : c.facts) (v.FactEnd(f) == kNone ? holding : over).push_back(f);
          for (const ClauseSpec& spec : n.StateSpecs(holding, FactForm::kPresent, a)) {
            cell.details.push_back(n.Phrase(spec));
          }
          for (const ClauseSpec& spec : n.StateSpecs(over, FactForm::kPast, a)) {
            cell.details.push_back(n.Phrase(spec));
          }
        }
        if (pair) {
          cell.summary = holds ? "yes" : "ended";
          if (c.facts.size() > 1) cell.summary += " (" + std::to_string(c.facts.size()) + " times)";
        } else {
          cell.summary = english::JoinList(parts);
        }
      }
      if (!c.shared.empty()) {
        cell.present = true;
        std::vector<std::string> parts;
        for (const auto& [f, g] : c.shared) {
          const Fact& x = u.facts[f];
          const EntityId third = x.subject == a ? x.object.entity : x.subject;
          const std::string name = n.FullName(third);
          if (std::find(parts.begin(), parts.end(), name) == parts.end()) parts.push_back(name);
          const bool ended = v.FactEnd(f) != kNone && v.FactEnd(g) != kNone;
          cell.details.push_back(
              n.Phrase(they(n.SameObjectSpec({f, g}, ended ? FactForm::kPast : FactForm::kPresent),
                            r.entities[i])));
        }
        cell.summary = english::JoinList(parts);
      }
      if (!c.events.empty()) {
        cell.present = true;
        std::vector<std::string> parts;
        for (EventId e : c.events) {
          StorySentence s = n.Phrase(n.EventSpec(e));
          parts.push_back(s.text);
          cell.details.push_back(std::move(s));
        }
        cell.summary = c.events.size() == 1 ? "yes" : std::to_string(c.events.size()) + " times";
      }
      std::vector<std::string> st = rd->states[i];
      std::sort(st.begin(), st.end());
      st.erase(std::unique(st.begin(), st.end()), st.end());
      cell.state = Join(st, ",");
      out.cells.push_back(std::move(cell));
    }
    bool all = true, same = true;
    for (const CompareCell& cell : out.cells) {
      all = all && cell.present;
      same = same && cell.state == out.cells[0].state;
    }
    out.status = !all ? CompareRow::Status::kPartial
                      : (same ? CompareRow::Status::kSame : CompareRow::Status::kDiffers);
    r.rows.push_back(std::move(out));
  }

  std::vector<std::string> who;
  who.reserve(r.entities[0].size());
  for (EntityId e : r.entities[0]) who.push_back(EntityName(u, e));
  std::vector<std::string> cs;
  cs.reserve(continuities.size());
  for (ContinuityId c : continuities) cs.push_back(ContinuityTitle(u, c));
  r.title = Fill(t, "compare_title",
                 {{"names", english::JoinList(who)}, {"continuities", english::JoinList(cs)}});
  return r;
}

Doc CompareDoc(const View& v, const Templates& t, const CompareResult& r) {
  const Universe& u = v.universe();
  Doc d;
  d.title = r.title;
  d.notes.push_back(Fill(t, "compare_scope", {{"seen", r.horizon}}));
  d.sources_heading = t.Text("heading_sources");
  if (r.rows.empty()) {
    DocBlock p;
    p.kind = DocBlock::Kind::kNote;
    p.text = t.Text("compare_nothing");
    d.blocks.push_back(std::move(p));
    return d;
  }
  // The table.
  DocBlock h;
  h.kind = DocBlock::Kind::kHeading;
  h.text = t.Text("compare_heading_table");
  d.blocks.push_back(h);
  DocBlock table;
  table.kind = DocBlock::Kind::kTable;
  table.header.push_back(t.Text("compare_column_what"));
  for (size_t i = 0; i < r.continuities.size(); ++i) {
    table.header.push_back(ContinuityTitle(u, r.continuities[i]));
  }
  for (const CompareRow& row : r.rows) {
    std::vector<StorySentence> cells;
    StorySentence label;
    label.text = row.label;
    cells.push_back(label);
    for (const CompareCell& cell : row.cells) {
      StorySentence s;
      s.text = cell.present ? cell.summary : t.Text("compare_none");
      for (const StorySentence& detail : cell.details) {
        for (const RevealPoint& p : detail.cited) {
          if (std::find(s.cited.begin(), s.cited.end(), p) == s.cited.end()) s.cited.push_back(p);
        }
      }
      cells.push_back(std::move(s));
    }
    table.rows.push_back(std::move(cells));
  }
  d.blocks.push_back(std::move(table));

  // The prose.
  h.text = t.Text("compare_heading_prose");
  d.blocks.push_back(h);
  DocBlock para;
  para.kind = DocBlock::Kind::kParagraph;
  // The prose gives at most this many clauses a row; the table and JSON have all.
  constexpr size_t kMaxClauses = 5;
  auto more = [&](size_t n) { return Fill(t, "compare_more", {{"count", std::to_string(n)}}); };
  auto cite_all = [](StorySentence& s, const std::vector<StorySentence>& from) {
    for (const StorySentence& x : from) {
      for (const RevealPoint& p : x.cited) {
        if (std::find(s.cited.begin(), s.cited.end(), p) == s.cited.end()) s.cited.push_back(p);
      }
    }
  };
  // Same in each.
  {
    StorySentence s;
    std::vector<std::string> items;
    for (const CompareRow& row : r.rows) {
      if (row.status != CompareRow::Status::kSame || !row.in_prose) continue;
      items.push_back(row.label);
      for (const CompareCell& cell : row.cells) cite_all(s, cell.details);
    }
    if (!items.empty()) {
      s.text = Fill(t, "compare_same", {{"items", english::JoinList(items)}});
      para.sentences.push_back(std::move(s));
    }
  }
  // Differs.
  for (const CompareRow& row : r.rows) {
    if (row.status != CompareRow::Status::kDiffers || !row.in_prose) continue;
    StorySentence s;
    std::vector<std::string> details;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      std::vector<std::string> clauses;
      const auto& cell = row.cells[i].details;
      for (size_t k = 0; k < cell.size() && k < kMaxClauses; ++k) {
        clauses.push_back(cell[k].text);
        cite_all(s, {cell[k]});
      }
      if (cell.size() > kMaxClauses) clauses.push_back(more(cell.size() - kMaxClauses));
      details.push_back("in " + ContinuityTitle(u, r.continuities[i]) + ", " + Join(clauses, "; "));
    }
    s.text = english::Capitalize(
        Fill(t, "compare_differs", {{"what", row.label}, {"details", Join(details, "; ")}}));
    para.sentences.push_back(std::move(s));
  }
  // Only in some: grouped by the set of continuities that have the row.
  std::map<std::vector<size_t>, std::vector<const CompareRow*>> only;
  for (const CompareRow& row : r.rows) {
    if (row.status != CompareRow::Status::kPartial || !row.in_prose) continue;
    std::vector<size_t> have;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i].present) have.push_back(i);
    }
    only[have].push_back(&row);
  }
  for (const auto& [have, list] : only) {
    StorySentence s;
    std::vector<std::string> items;
    for (const CompareRow* row : list) {
      std::vector<std::string> clauses;
      for (size_t i : have) {
        // At most five clauses a row; the rest are counted (all are in the table and JSON).
        const auto& details = row->cells[i].details;
        for (size_t k = 0; k < details.size() && k < kMaxClauses; ++k) {
          clauses.push_back(details[k].text);
          cite_all(s, {details[k]});
        }
        if (details.size() > kMaxClauses) clauses.push_back(more(details.size() - kMaxClauses));
      }
      items.push_back(row->label + ": " + Join(clauses, "; "));
    }
    std::vector<std::string> where;
    for (size_t i : have) where.push_back(ContinuityTitle(u, r.continuities[i]));
    s.text = Fill(t, "compare_only",
                  {{"continuity", english::JoinList(where)}, {"items", Join(items, "; ")}});
    para.sentences.push_back(std::move(s));
  }
  // Absent from each continuity.
  for (size_t i = 0; i < r.continuities.size(); ++i) {
    std::vector<std::string> missing;
    for (const CompareRow& row : r.rows) {
      if (!row.cells[i].present && row.in_prose) missing.push_back(row.label);
    }
    if (missing.empty()) continue;
    StorySentence s;
    s.text = Fill(t, "compare_absent",
                  {{"continuity", ContinuityTitle(u, r.continuities[i])},
                   {"what", english::JoinList(missing)}});
    para.sentences.push_back(std::move(s));
  }
  d.blocks.push_back(std::move(para));
  return d;
}

std::string RenderCompareJson(const View& v, const CompareResult& r) {
  const Universe& u = v.universe();
  FactIdNames ids(v);
  OrderedJson j;
  j["command"] = "compare";
  j["seen"] = r.horizon;
  OrderedJson cs = OrderedJson::array();
  for (size_t i = 0; i < r.continuities.size(); ++i) {
    OrderedJson c;
    c["id"] = u.continuities[r.continuities[i]].id;
    c["title"] = u.continuities[r.continuities[i]].title;
    OrderedJson es = OrderedJson::array();
    for (EntityId e : r.entities[i]) es.push_back(EntityJson(u, e));
    c["entities"] = std::move(es);
    cs.push_back(std::move(c));
  }
  j["continuities"] = std::move(cs);
  OrderedJson rows = OrderedJson::array();
  for (const CompareRow& row : r.rows) {
    OrderedJson rj;
    rj["what"] = row.label;
    rj["status"] = row.status == CompareRow::Status::kSame      ? "same"
                   : row.status == CompareRow::Status::kDiffers ? "differs"
                                                                : "partial";
    OrderedJson cells = OrderedJson::array();
    for (const CompareCell& cell : row.cells) {
      OrderedJson cj;
      cj["present"] = cell.present;
      cj["summary"] = cell.present ? OrderedJson(cell.summary) : OrderedJson(nullptr);
      OrderedJson details = OrderedJson::array();
      for (const StorySentence& s : cell.details) details.push_back(SentenceJson(u, s, ids));
      cj["details"] = std::move(details);
      cells.push_back(std::move(cj));
    }
    rj["cells"] = std::move(cells);
    rows.push_back(std::move(rj));
  }
  j["rows"] = std::move(rows);
  return j.dump(2) + "\n";
}

}  // namespace canon
