// Connection paths between two entities (see path.h).
#include "recap/path.h"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "base/strings.h"
#include "query/format.h"
#include "recap/english.h"

namespace canon {
namespace {

using Edge = std::pair<EntityId, EntityId>;  // (min, max)

Edge MakeEdge(EntityId x, EntityId y) { return {std::min(x, y), std::max(x, y)}; }

struct Graph {
  std::map<EntityId, std::vector<EntityId>> adjacent;  // sorted neighbours
  std::map<Edge, std::vector<FactId>> facts;
};

// Shortest path by BFS, avoiding banned nodes and edges; empty when none.
// Neighbours are visited in id order, so the result is deterministic.
std::vector<EntityId> Bfs(const Graph& g, EntityId s, EntityId t,
                          const std::set<EntityId>& banned_nodes,
                          const std::set<Edge>& banned_edges) {
  if (banned_nodes.count(s)) return {};
  std::map<EntityId, EntityId> parent;
  std::deque<EntityId> queue = {s};
  parent[s] = s;
  while (!queue.empty()) {
    const EntityId x = queue.front();
    queue.pop_front();
    if (x == t) break;
    auto it = g.adjacent.find(x);
    if (it == g.adjacent.end()) continue;
    for (EntityId y : it->second) {
      if (parent.count(y) || banned_nodes.count(y) || banned_edges.count(MakeEdge(x, y))) continue;
      parent[y] = x;
      queue.push_back(y);
    }
  }
  if (!parent.count(t)) return {};
  std::vector<EntityId> path;
  for (EntityId x = t; x != s; x = parent[x]) path.push_back(x);
  path.push_back(s);
  std::reverse(path.begin(), path.end());
  return path;
}

struct ByLength {
  bool operator()(const std::vector<EntityId>& a, const std::vector<EntityId>& b) const {
    return std::make_tuple(a.size(), a) < std::make_tuple(b.size(), b);
  }
};

}  // namespace

PathResult FindPaths(const View& v, const Templates& t, EntityId a, EntityId b,
                     const StoryInstant* at, size_t max_paths) {
  const Universe& u = v.universe();
  PathResult r;
  r.horizon = v.horizon().spec();
  if (at != nullptr) r.at = *at;
  r.a = a;
  r.b = b;
  Graph g;
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (!v.FactVisible(f) || v.FactOverturnedForViewer(f)) continue;
    const Fact& x = u.facts[f];
    if (x.object.kind != ValueKind::kEntity || x.object.entity >= u.entities.size() ||
        x.object.entity == x.subject) {
      continue;
    }
    if (at != nullptr && !FactHoldsAt(v, f, *at)) continue;
    const Edge e = MakeEdge(x.subject, x.object.entity);
    auto& list = g.facts[e];
    if (list.empty()) {
      g.adjacent[x.subject].push_back(x.object.entity);
      g.adjacent[x.object.entity].push_back(x.subject);
    }
    list.push_back(f);
  }
  for (auto& [x, ys] : g.adjacent) std::sort(ys.begin(), ys.end());

  // Yen's K shortest simple paths.
  std::vector<std::vector<EntityId>> found;
  std::set<std::vector<EntityId>, ByLength> pending;
  std::vector<EntityId> first = Bfs(g, a, b, {}, {});
  if (!first.empty() && a != b) found.push_back(first);
  while (!found.empty() && found.size() < max_paths) {
    const std::vector<EntityId> last = found.back();
    for (size_t i = 0; i + 1 < last.size(); ++i) {
      const EntityId spur = last[i];
      std::vector<EntityId> root(last.begin(), last.begin() + static_cast<std::ptrdiff_t>(i) + 1);
      std::set<Edge> banned_edges;
      for (const auto& p : found) {
        if (p.size() > i + 1 && std::equal(root.begin(), root.end(), p.begin())) {
          banned_edges.insert(MakeEdge(p[i], p[i + 1]));
        }
      }
      std::set<EntityId> banned_nodes(root.begin(), root.end() - 1);
      std::vector<EntityId> spur_path = Bfs(g, spur, b, banned_nodes, banned_edges);
      if (spur_path.empty()) continue;
      std::vector<EntityId> total(root.begin(), root.end() - 1);
      total.insert(total.end(), spur_path.begin(), spur_path.end());
      if (std::find(found.begin(), found.end(), total) == found.end()) pending.insert(total);
    }
    if (pending.empty()) break;
    found.push_back(*pending.begin());
    pending.erase(pending.begin());
  }

  std::vector<EntityId> cast;
  for (const auto& p : found) cast.insert(cast.end(), p.begin(), p.end());
  Narrator n(v, t, cast);
  n.set_actors(false);
  const PredicateId knows = u.FindPredicate("knows");
  for (const auto& p : found) {
    StoryPath sp;
    sp.entities = p;
    for (size_t i = 0; i + 1 < p.size(); ++i) {
      PathHop hop;
      hop.from = p[i];
      hop.to = p[i + 1];
      hop.facts = g.facts[MakeEdge(p[i], p[i + 1])];
      // The most telling fact first: anything before a mere `knows`.
      std::stable_sort(hop.facts.begin(), hop.facts.end(), [&](FactId x, FactId y) {
        return std::make_tuple(u.facts[x].predicate == knows, x) <
               std::make_tuple(u.facts[y].predicate == knows, y);
      });
      const FactId f = hop.facts.front();
      const FactForm form =
          at != nullptr || v.FactEnd(f) == kNone ? FactForm::kPresent : FactForm::kPast;
      hop.sentence = n.Phrase(n.FactSpec(f, form, hop.from));
      sp.hops.push_back(std::move(hop));
    }
    r.paths.push_back(std::move(sp));
  }
  return r;
}

Doc PathDoc(const View& v, const Templates& t, const PathResult& r) {
  const Universe& u = v.universe();
  auto fill = [&](std::string_view key,
                  const std::vector<std::pair<std::string_view, std::string>>& slots) {
    return FillTemplate(t.Text(key), [&](std::string_view slot) -> std::string {
      for (const auto& [name, value] : slots) {
        if (name == slot) return value;
      }
      return "";
    });
  };
  Doc d;
  const std::string a = EntityName(u, r.a), b = EntityName(u, r.b);
  d.title = fill("path_title", {{"a", a}, {"b", b}});
  d.notes.push_back(
      fill("path_scope", {{"seen", r.horizon}, {"at", r.at ? ", " + r.at->description : ""}}));
  d.sources_heading = t.Text("heading_sources");
  if (r.paths.empty()) {
    DocBlock p;
    p.kind = DocBlock::Kind::kNote;
    p.text = fill("path_none", {{"a", a}, {"b", b}});
    d.blocks.push_back(std::move(p));
    return d;
  }
  DocBlock list;
  list.kind = DocBlock::Kind::kList;
  for (const StoryPath& p : r.paths) {
    StorySentence s;
    std::vector<std::string> clauses;
    for (const PathHop& hop : p.hops) {
      clauses.push_back(hop.sentence.text);
      for (const RevealPoint& pt : hop.sentence.cited) {
        if (std::find(s.cited.begin(), s.cited.end(), pt) == s.cited.end()) s.cited.push_back(pt);
      }
      s.facts.insert(s.facts.end(), hop.sentence.facts.begin(), hop.sentence.facts.end());
    }
    s.text = english::EndSentence(english::Capitalize(Join(clauses, "; ")));
    list.sentences.push_back(std::move(s));
  }
  d.blocks.push_back(std::move(list));
  return d;
}

std::string RenderPathJson(const View& v, const PathResult& r) {
  const Universe& u = v.universe();
  FactIdNames ids(v);
  OrderedJson j;
  j["command"] = "path";
  j["seen"] = r.horizon;
  if (r.at) {
    OrderedJson at;
    at["spec"] = r.at->spec;
    at["description"] = r.at->description;
    j["at"] = std::move(at);
  } else {
    j["at"] = nullptr;
  }
  j["a"] = EntityJson(u, r.a);
  j["b"] = EntityJson(u, r.b);
  OrderedJson paths = OrderedJson::array();
  for (const StoryPath& p : r.paths) {
    OrderedJson pj;
    pj["length"] = p.hops.size();
    OrderedJson es = OrderedJson::array();
    for (EntityId e : p.entities) es.push_back(EntityJson(u, e));
    pj["entities"] = std::move(es);
    OrderedJson hops = OrderedJson::array();
    for (const PathHop& hop : p.hops) {
      OrderedJson hj;
      hj["from"] = u.QualifiedId(hop.from);
      hj["to"] = u.QualifiedId(hop.to);
      OrderedJson facts = OrderedJson::array();
      for (FactId f : hop.facts) facts.push_back(ids.Name(f));
      hj["facts"] = std::move(facts);
      hj["sentence"] = SentenceJson(u, hop.sentence, ids);
      hops.push_back(std::move(hj));
    }
    pj["hops"] = std::move(hops);
    paths.push_back(std::move(pj));
  }
  j["paths"] = std::move(paths);
  return j.dump(2) + "\n";
}

}  // namespace canon
