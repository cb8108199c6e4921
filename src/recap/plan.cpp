// Catch-up plans: needs, candidates, a greedy cover (see plan.h).
#include "recap/plan.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "query/format.h"
#include "recap/english.h"
#include "recap/focus.h"
#include "recap/narrator.h"

namespace canon {
namespace {

// Something W builds on that the viewer has not seen.
struct Need {
  enum class Kind { kEntity, kEvent, kFact } kind = Kind::kEntity;
  uint32_t id = kNone;
  std::vector<RevealPoint> points;  // where it is revealed before W
  std::vector<EntityId> involved;   // cast members it concerns
};

// Leaves of `w` in release order (iterative).
std::vector<WorkId> LeavesOf(const Universe& u, WorkId w) {
  std::vector<WorkId> out;
  if (w >= u.works.size()) return out;
  const Work& work = u.works[w];
  if (work.first_leaf_rank == kNone || work.end_leaf_rank == kNone) return out;
  for (uint32_t r = work.first_leaf_rank; r < work.end_leaf_rank && r < u.release_order.size();
       ++r) {
    out.push_back(u.release_order[r]);
  }
  return out;
}

// A leaf's runtime: its own, else the nearest ancestor's (read as the
// typical running time of each of its episodes).
std::optional<int64_t> LeafMinutes(const Universe& u, WorkId leaf) {
  for (WorkId a = leaf; a != kNone && a < u.works.size(); a = u.works[a].parent) {
    if (u.works[a].runtime_minutes) return *u.works[a].runtime_minutes;
  }
  return std::nullopt;
}

std::pair<const char*, const char*> KindNouns(WorkKind k) {
  switch (k) {
    case WorkKind::kSeries:
      return {"series", "series"};
    case WorkKind::kSeason:
      return {"season", "seasons"};
    case WorkKind::kEpisode:
      return {"episode", "episodes"};
    case WorkKind::kScene:
      return {"scene", "scenes"};
    case WorkKind::kComic:
      return {"comic", "comics"};
    case WorkKind::kVolume:
      return {"volume", "volumes"};
    case WorkKind::kIssue:
      return {"issue", "issues"};
    case WorkKind::kFilm:
      return {"film", "films"};
    case WorkKind::kBook:
      return {"book", "books"};
    case WorkKind::kChapter:
      return {"chapter", "chapters"};
  }
  return {"work", "works"};
}

}  // namespace

std::string CostText(const Universe& u, const std::vector<WorkId>& leaves,
                     std::optional<int64_t> minutes) {
  std::vector<std::pair<WorkKind, uint32_t>> counts;
  for (WorkId w : leaves) {
    const WorkKind k = u.works[w].kind;
    auto it =
        std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == k; });
    if (it == counts.end()) {
      counts.push_back({k, 1});
    } else {
      ++it->second;
    }
  }
  std::vector<std::string> parts;
  for (const auto& [k, n] : counts) {
    auto [one, many] = KindNouns(k);
    parts.push_back(std::to_string(n) + " " + (n == 1 ? one : many));
  }
  std::string out = english::JoinList(parts);
  if (minutes && *minutes > 0) {
    const int64_t h = *minutes / 60, m = *minutes % 60;
    std::string time;
    if (h > 0) time = std::to_string(h) + " h";
    if (m > 0) time += (time.empty() ? "" : " ") + std::to_string(m) + " min";
    out += ", " + time;
  }
  return out;
}

PlanResult Plan(const View& v, const Templates& t, WorkId target, bool explain) {
  const Universe& u = v.universe();
  const Horizon& h = v.horizon();
  PlanResult r;
  r.horizon = h.spec();
  r.target = target;
  r.explain = explain;
  if (target >= u.works.size() || u.works[target].first_leaf_rank == kNone) return r;
  const uint32_t first_rank = u.works[target].first_leaf_rank;
  const WorkReliance rel = ComputeReliance(u, target);
  std::vector<uint8_t> in_cast(u.entities.size(), 0);
  for (EntityId e : rel.cast) in_cast[e] = 1;

  // A reveal point counts when it comes out before W and is not in W.
  auto before_w = [&](const RevealPoint& p) {
    if (rel.Contains(p)) return false;
    const RevealKey k = KeyOf(u, p);
    return k.valid() && k.rank < first_rank;
  };
  auto usable = [&](const std::vector<RevealPoint>& ps) {
    std::vector<RevealPoint> out;
    for (const RevealPoint& p : ps) {
      if (before_w(p) && !h.Contains(p)) out.push_back(p);
    }
    return out;
  };

  std::vector<Need> needs;
  // Cast members: met wherever they become visible.
  std::vector<std::vector<RevealPoint>> entity_points(u.entities.size());
  for (EntityId e : rel.cast) {
    for (const RevealPoint& p : u.entities[e].introduced) entity_points[e].push_back(p);
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    for (const Role& role : u.events[e].roles) {
      if (role.entity < u.entities.size() && in_cast[role.entity]) {
        for (const RevealPoint& p : u.events[e].revealed) entity_points[role.entity].push_back(p);
      }
    }
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& x = u.facts[f];
    if (x.subject < u.entities.size() && in_cast[x.subject]) {
      for (const RevealPoint& p : x.revealed) entity_points[x.subject].push_back(p);
    }
    if (x.object.kind == ValueKind::kEntity && x.object.entity < u.entities.size() &&
        in_cast[x.object.entity]) {
      for (const RevealPoint& p : x.revealed) entity_points[x.object.entity].push_back(p);
    }
  }
  for (EntityId e : rel.cast) {
    if (v.EntityVisible(e)) continue;
    std::vector<RevealPoint> ps = usable(entity_points[e]);
    if (ps.empty()) continue;  // first met in W itself, or never before it
    needs.push_back({Need::Kind::kEntity, e, ps, {e}});
  }
  // Referred events and facts, and the cast's shared history.
  std::vector<uint8_t> event_needed(u.events.size(), 0), fact_needed(u.facts.size(), 0);
  for (EventId e : rel.events) event_needed[e] = 1;
  for (FactId f : rel.facts) fact_needed[f] = 1;
  for (EventId e = 0; e < u.events.size(); ++e) {
    std::vector<EntityId> involved;
    for (const Role& role : u.events[e].roles) {
      if (role.entity < u.entities.size() && in_cast[role.entity] &&
          std::find(involved.begin(), involved.end(), role.entity) == involved.end()) {
        involved.push_back(role.entity);
      }
    }
    if (!event_needed[e] && involved.size() < 2) continue;
    if (v.EventVisible(e)) continue;
    std::vector<RevealPoint> ps = usable(u.events[e].revealed);
    if (ps.empty()) continue;
    needs.push_back({Need::Kind::kEvent, e, ps, involved});
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& x = u.facts[f];
    std::vector<EntityId> involved;
    if (x.subject < u.entities.size() && in_cast[x.subject]) involved.push_back(x.subject);
    if (x.object.kind == ValueKind::kEntity && x.object.entity < u.entities.size() &&
        in_cast[x.object.entity] && x.object.entity != x.subject) {
      involved.push_back(x.object.entity);
    }
    if (!fact_needed[f] && involved.size() < 2) continue;
    if (v.FactVisible(f) || x.revealed.empty()) continue;
    std::vector<RevealPoint> ps = usable(x.revealed);
    if (ps.empty()) continue;
    needs.push_back({Need::Kind::kFact, f, ps, involved});
  }
  if (needs.empty()) return r;

  // Candidates: each revealing work, and its unit when all of it is before W.
  auto valid_candidate = [&](WorkId w) {
    const Work& work = u.works[w];
    if (work.first_leaf_rank == kNone || work.end_leaf_rank > first_rank) return false;
    return !rel.in_work[w];
  };
  auto unit_of = [&](WorkId w) {
    std::vector<WorkId> chain;
    for (WorkId a = w; a != kNone && a < u.works.size(); a = u.works[a].parent) chain.push_back(a);
    if (chain.size() < 2) return w;
    const WorkId c = chain[chain.size() - 2];
    return u.works[c].is_leaf() ? chain.back() : c;
  };
  auto inside = [&](const RevealPoint& p, WorkId c) {
    for (WorkId a = p.work; a != kNone && a < u.works.size(); a = u.works[a].parent) {
      if (a == c) return true;
    }
    return false;
  };
  std::set<WorkId> candidate_set;
  for (const Need& n : needs) {
    for (const RevealPoint& p : n.points) {
      if (valid_candidate(p.work)) candidate_set.insert(p.work);
      const WorkId unit = unit_of(p.work);
      if (valid_candidate(unit)) candidate_set.insert(unit);
    }
  }
  std::vector<WorkId> candidates(candidate_set.begin(), candidate_set.end());
  // covers[c] = needs candidate c reveals.
  std::vector<std::vector<size_t>> covers(candidates.size());
  for (size_t c = 0; c < candidates.size(); ++c) {
    for (size_t i = 0; i < needs.size(); ++i) {
      for (const RevealPoint& p : needs[i].points) {
        if (inside(p, candidates[c])) {
          covers[c].push_back(i);
          break;
        }
      }
    }
  }
  auto unseen_leaves = [&](WorkId w) {
    std::vector<WorkId> out;
    for (WorkId leaf : LeavesOf(u, w)) {
      if (!h.ContainsLeafRank(u.works[leaf].release_rank)) out.push_back(leaf);
    }
    return out;
  };

  // Greedy cover.
  std::vector<uint8_t> covered(needs.size(), 0);
  std::vector<uint8_t> planned_leaf(u.works.size(), 0);
  std::vector<size_t> chosen;
  size_t remaining = needs.size();
  while (remaining > 0) {
    size_t best = candidates.size();
    double best_score = -1;
    size_t best_new = 0, best_cost = 0;
    for (size_t c = 0; c < candidates.size(); ++c) {
      size_t fresh = 0;
      for (size_t i : covers[c]) fresh += covered[i] ? 0 : 1;
      if (fresh == 0) continue;
      size_t cost = 0;
      for (WorkId leaf : unseen_leaves(candidates[c])) cost += planned_leaf[leaf] ? 0 : 1;
      const double score =
          static_cast<double>(fresh) / static_cast<double>(std::max<size_t>(cost, 1));
      const auto key = std::make_tuple(score, fresh);
      if (best == candidates.size() || key > std::make_tuple(best_score, best_new) ||
          (key == std::make_tuple(best_score, best_new) &&
           std::make_tuple(cost, u.works[candidates[c]].first_leaf_rank, candidates[c]) <
               std::make_tuple(best_cost, u.works[candidates[best]].first_leaf_rank,
                               candidates[best]))) {
        best = c;
        best_score = score;
        best_new = fresh;
        best_cost = cost;
      }
    }
    if (best == candidates.size()) break;  // the rest is revealed in no candidate
    chosen.push_back(best);
    for (size_t i : covers[best]) {
      if (!covered[i]) {
        covered[i] = 1;
        --remaining;
      }
    }
    for (WorkId leaf : unseen_leaves(candidates[best])) planned_leaf[leaf] = 1;
  }
  // Drop picks that others make redundant (latest picks first), and picks
  // inside another pick.
  for (size_t k = chosen.size(); k-- > 0;) {
    const size_t c = chosen[k];
    bool redundant = true;
    for (size_t i : covers[c]) {
      bool elsewhere = false;
      for (size_t other : chosen) {
        if (other == c) continue;
        elsewhere = elsewhere ||
                    std::find(covers[other].begin(), covers[other].end(), i) != covers[other].end();
      }
      redundant = redundant && elsewhere;
    }
    if (redundant) chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(k));
  }
  std::sort(chosen.begin(), chosen.end(), [&](size_t a, size_t b) {
    return std::make_tuple(u.works[candidates[a]].first_leaf_rank, candidates[a]) <
           std::make_tuple(u.works[candidates[b]].first_leaf_rank, candidates[b]);
  });

  std::vector<WorkId> all_leaves;
  bool all_minutes = true;
  int64_t total_minutes = 0;
  std::vector<uint8_t> counted(u.works.size(), 0);
  for (size_t c : chosen) {
    PlanStep step;
    step.work = candidates[c];
    const std::vector<WorkId> leaves = unseen_leaves(step.work);
    step.leaves = static_cast<uint32_t>(leaves.size());
    bool minutes_known = true;
    int64_t minutes = 0;
    for (WorkId leaf : leaves) {
      std::optional<int64_t> m = LeafMinutes(u, leaf);
      if (!m) {
        minutes_known = false;
      } else {
        minutes += *m;
      }
      if (!counted[leaf]) {
        counted[leaf] = 1;
        all_leaves.push_back(leaf);
        if (m) {
          total_minutes += *m;
        } else {
          all_minutes = false;
        }
      }
    }
    if (minutes_known) step.minutes = minutes;
    // Reason: the met cast members its needs concern.
    std::vector<size_t> only_here;
    for (size_t i : covers[c]) {
      for (EntityId e : needs[i].involved) {
        if (v.EntityVisible(e) &&
            std::find(step.about.begin(), step.about.end(), e) == step.about.end()) {
          step.about.push_back(e);
        }
      }
      bool elsewhere = false;
      for (size_t other : chosen) {
        if (other == c) continue;
        elsewhere = elsewhere ||
                    std::find(covers[other].begin(), covers[other].end(), i) != covers[other].end();
      }
      if (!elsewhere) only_here.push_back(i);
    }
    std::sort(step.about.begin(), step.about.end(), [&](EntityId a, EntityId b) {
      return std::make_tuple(v.EntityRevealKey(a), a) < std::make_tuple(v.EntityRevealKey(b), b);
    });
    // Alternatives: unchosen candidates revealing all it alone reveals.
    std::vector<std::pair<std::tuple<size_t, uint32_t, WorkId>, WorkId>> alts;
    for (size_t o = 0; o < candidates.size(); ++o) {
      if (std::find(chosen.begin(), chosen.end(), o) != chosen.end() || only_here.empty()) continue;
      bool all = true;
      for (size_t i : only_here) {
        all = all && std::find(covers[o].begin(), covers[o].end(), i) != covers[o].end();
      }
      // Not a part or a whole of the chosen work itself.
      const WorkId w = candidates[o];
      bool related = false;
      for (WorkId a = w; a != kNone; a = u.works[a].parent) related = related || a == step.work;
      for (WorkId a = step.work; a != kNone; a = u.works[a].parent) related = related || a == w;
      if (!all || related) continue;
      alts.push_back({{unseen_leaves(w).size(), u.works[w].first_leaf_rank, w}, w});
    }
    std::sort(alts.begin(), alts.end());
    for (size_t k = 0; k < alts.size() && k < 3; ++k) step.alternatives.push_back(alts[k].second);
    r.steps.push_back(std::move(step));
  }
  std::sort(all_leaves.begin(), all_leaves.end(),
            [&](WorkId a, WorkId b) { return u.works[a].release_rank < u.works[b].release_rank; });
  r.total_leaves = static_cast<uint32_t>(all_leaves.size());
  if (all_minutes) r.total_minutes = total_minutes;
  r.total_cost = CostText(u, all_leaves, r.total_minutes);

  if (explain && !r.steps.empty()) {
    // As if the plan had been watched: the horizon plus the planned works.
    Horizon extended = h;
    for (const PlanStep& s : r.steps) extended.AddWork(s.work);
    View after(u, extended);
    std::vector<EntityId> cast;
    for (const Need& n : needs) cast.insert(cast.end(), n.involved.begin(), n.involved.end());
    Narrator n(after, t, cast);
    for (size_t k = 0; k < r.steps.size(); ++k) {
      const size_t c = chosen[k];
      n.NewParagraph();
      for (size_t i : covers[c]) {
        const Need& need = needs[i];
        StorySentence s;
        switch (need.kind) {
          case Need::Kind::kEntity: {
            if (!after.EntityVisible(need.id)) continue;
            s.text = english::EndSentence(
                english::Capitalize(Fill(t, "plan_appears", {{"name", n.FullName(need.id)}})));
            std::vector<RevealPoint> ps;
            for (const RevealPoint& p : need.points) {
              if (inside(p, candidates[c]) && after.InHorizon(p)) ps.push_back(p);
            }
            s.cited = ps;
            break;
          }
          case Need::Kind::kEvent:
            if (!after.EventVisible(need.id)) continue;
            s = n.Say(n.EventSpec(need.id));
            break;
          case Need::Kind::kFact:
            if (!after.FactVisible(need.id)) continue;
            s = n.Say(n.FactSpec(need.id, FactForm::kPresent),
                      after.FactOverturnedForViewer(need.id) ? "overturned" : "");
            break;
        }
        r.steps[k].explained.push_back(std::move(s));
      }
    }
  }
  return r;
}

Doc PlanDoc(const View& v, const Templates& t, const PlanResult& r) {
  const Universe& u = v.universe();
  Doc d;
  const std::string target = r.target < u.works.size() ? WorkLabel(u, r.target) : "?";
  d.title = Fill(t, "plan_title", {{"work", target}});
  d.notes.push_back(r.explain
                        ? Fill(t, "plan_scope_explain", {{"seen", r.horizon}, {"work", target}})
                        : Fill(t, "plan_scope", {{"seen", r.horizon}}));
  d.sources_heading = t.Text("heading_sources");
  if (r.steps.empty()) {
    DocBlock p;
    p.kind = DocBlock::Kind::kNote;
    p.text = Fill(t, "plan_nothing", {{"work", target}});
    d.blocks.push_back(std::move(p));
    return d;
  }
  DocBlock list;
  list.kind = DocBlock::Kind::kList;
  for (const PlanStep& s : r.steps) {
    std::vector<std::string> names;
    for (EntityId e : s.about) names.push_back(EntityName(u, e));
    const std::string reason =
        names.empty()
            ? Fill(t, "plan_reason_anonymous", {{"target", target}})
            : Fill(t, "plan_reason", {{"target", target}, {"names", english::JoinList(names)}});
    std::vector<WorkId> leaves;
    for (WorkId leaf : LeavesOf(u, s.work)) {
      if (!v.horizon().ContainsLeafRank(u.works[leaf].release_rank)) leaves.push_back(leaf);
    }
    std::string text = Fill(t, "plan_step",
                            {{"work", WorkLabel(u, s.work)},
                             {"cost", CostText(u, leaves, s.minutes)},
                             {"reason", reason}});
    if (!s.alternatives.empty()) {
      std::vector<std::string> alts;
      for (WorkId w : s.alternatives) alts.push_back(WorkLabel(u, w));
      text =
          Fill(t, "plan_alternatives", {{"step", text}, {"works", english::JoinList(alts, "or")}});
    }
    StorySentence item;
    item.text = text;
    list.sentences.push_back(std::move(item));
  }
  d.blocks.push_back(std::move(list));
  DocBlock total;
  total.kind = DocBlock::Kind::kParagraph;
  StorySentence st;
  st.text = Fill(t, "plan_total", {{"cost", r.total_cost}});
  total.sentences.push_back(st);
  d.blocks.push_back(std::move(total));
  DocBlock note;
  note.kind = DocBlock::Kind::kNote;
  note.text = t.Text("plan_greedy");
  d.blocks.push_back(std::move(note));
  if (r.explain) {
    for (const PlanStep& s : r.steps) {
      if (s.explained.empty()) continue;
      DocBlock h;
      h.kind = DocBlock::Kind::kHeading;
      h.text =
          Fill(t, "plan_explain_heading", {{"work", WorkLabel(u, s.work)}, {"target", target}});
      d.blocks.push_back(std::move(h));
      DocBlock items;
      items.kind = DocBlock::Kind::kList;
      items.sentences = s.explained;
      d.blocks.push_back(std::move(items));
    }
  }
  return d;
}

std::string RenderPlanJson(const View& v, const PlanResult& r) {
  const Universe& u = v.universe();
  OrderedJson j;
  j["command"] = "plan";
  j["seen"] = r.horizon;
  OrderedJson target;
  target["work"] = r.target < u.works.size() ? u.works[r.target].path : "?";
  target["label"] = r.target < u.works.size() ? WorkLabel(u, r.target) : "?";
  j["target"] = std::move(target);
  j["method"] = "greedy";
  OrderedJson steps = OrderedJson::array();
  // Explained sentences cite points of the extended horizon; their fact ids
  // are named over that horizon too.
  Horizon extended = v.horizon();
  for (const PlanStep& s : r.steps) extended.AddWork(s.work);
  View after(u, extended);
  FactIdNames ids(after);
  for (const PlanStep& s : r.steps) {
    OrderedJson sj;
    sj["work"] = u.works[s.work].path;
    sj["label"] = WorkLabel(u, s.work);
    sj["leaves"] = s.leaves;
    sj["minutes"] = s.minutes ? OrderedJson(*s.minutes) : OrderedJson(nullptr);
    OrderedJson about = OrderedJson::array();
    for (EntityId e : s.about) about.push_back(EntityJson(u, e));
    sj["about"] = std::move(about);
    OrderedJson alts = OrderedJson::array();
    for (WorkId w : s.alternatives) {
      OrderedJson a;
      a["work"] = u.works[w].path;
      a["label"] = WorkLabel(u, w);
      alts.push_back(std::move(a));
    }
    sj["alternatives"] = std::move(alts);
    OrderedJson explained = OrderedJson::array();
    for (const StorySentence& st : s.explained) explained.push_back(SentenceJson(u, st, ids));
    sj["explained"] = std::move(explained);
    steps.push_back(std::move(sj));
  }
  j["steps"] = std::move(steps);
  j["total_leaves"] = r.total_leaves;
  j["total_minutes"] = r.total_minutes ? OrderedJson(*r.total_minutes) : OrderedJson(nullptr);
  j["total"] = r.total_cost;
  return j.dump(2) + "\n";
}

}  // namespace canon
