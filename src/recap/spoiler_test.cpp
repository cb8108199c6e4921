// THE SPOILER RULE for the story commands (recap, compare, plan, path), as
// properties over random universes and horizons, in the manner of
// src/query/spoiler_test.cpp:
//   - no answer (Markdown, HTML, JSON) names an entity, alias or event the
//     viewer has not seen, and every cited reveal point is inside the horizon
//     (for `plan --explain`: inside the horizon plus the planned works);
//   - answers that use only the horizon (recap without --before, compare,
//     path) are byte-identical on a metamorphic twin in which everything
//     hidden is renamed, cut or detached and the day bounds are scrambled;
//   - answers that also read a work W's content by design (recap --before,
//     plan) are byte-identical when every hidden name is changed: they may
//     choose by hidden data but never say it;
//   - asking about a hidden entity fails exactly like asking about one that
//     does not exist.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "model/dates.h"
#include "query/horizon.h"
#include "query/run.h"
#include "query/view.h"
#include "recap/run.h"
#include "recap/templates.h"
#include "support/random_universe.h"
#include "support/spoiler_oracle.h"
#include "time/resolve.h"

namespace canon {
namespace {

using Json = nlohmann::json;

using testing::ContainsWord;
using testing::FillTime;
using testing::Oracle;
using testing::QualifiedEvent;
using testing::RandomHorizon;
using testing::Rng;

// Every string of the built-in templates: prose a visible answer may hold.
void AddTemplateStrings(const Json& j, std::vector<std::string>& out) {
  if (j.is_string()) {
    out.push_back(j.get<std::string>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      out.push_back(k);
      AddTemplateStrings(v, out);
    }
  } else if (j.is_array()) {
    for (const Json& v : j) AddTemplateStrings(v, out);
  }
}

struct Checker {
  const Universe& u;
  const Horizon& h;
  std::vector<std::string> forbidden;
  std::set<std::string> visible_entities;
  std::set<std::string> visible_facts_and_events;  // JSON ids allowed in "facts"/"events"

  Checker(const Universe& uu, const Horizon& hh, const Oracle& o) : u(uu), h(hh) {
    std::vector<std::string> hidden, allowed;
    for (EntityId e = 0; e < u.entities.size(); ++e) {
      auto& dst = o.entity[e] ? allowed : hidden;
      dst.push_back(u.entities[e].id);
      dst.push_back(u.QualifiedId(e));
      dst.push_back(u.entities[e].name);
      if (o.entity[e]) visible_entities.insert(u.QualifiedId(e));
    }
    for (EventId e = 0; e < u.events.size(); ++e) {
      auto& dst = o.event[e] ? allowed : hidden;
      dst.push_back(u.events[e].id);
      dst.push_back(QualifiedEvent(u, e));
      if (!u.events[e].title.empty()) dst.push_back(u.events[e].title);
      if (o.event[e]) visible_facts_and_events.insert(QualifiedEvent(u, e));
    }
    const PredicateId alias = u.FindPredicate("alias");
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& x = u.facts[f];
      if (x.object.kind == ValueKind::kString || x.object.kind == ValueKind::kKeyword) {
        if (x.predicate == alias && !o.fact[f]) hidden.push_back(x.object.text);
        if (o.fact[f]) allowed.push_back(x.object.text);
      }
      if (!x.label.empty()) {
        (o.fact[f] ? allowed : hidden).push_back(x.label);
        if (o.fact[f]) {
          visible_facts_and_events.insert(u.continuities[x.continuity].id + ":" + x.label);
        }
      }
    }
    for (const Work& w : u.works) {
      allowed.push_back(w.path);
      allowed.push_back(w.title);
      allowed.push_back(w.id);
    }
    for (const Predicate& p : u.predicates) {
      allowed.push_back(p.name);
      allowed.push_back(p.phrase);
      allowed.push_back(p.inverse);
      for (const std::string& k : p.keywords) allowed.push_back(k);
    }
    for (const Continuity& c : u.continuities) {
      allowed.push_back(c.id);
      allowed.push_back(c.title);
    }
    for (const Event& e : u.events) {
      allowed.push_back(e.kind);
      for (const Role& r : e.roles) allowed.push_back(r.role);
    }
    AddTemplateStrings(Json::parse(BuiltinTemplatesJson()), allowed);
    for (const std::string& f : hidden) {
      if (f.size() < 3) continue;
      bool inside_allowed = false;
      for (const std::string& a : allowed) {
        if (a.find(f) != std::string::npos) inside_allowed = true;
      }
      if (!inside_allowed) forbidden.push_back(f);
    }
  }

  RevealPoint Point(const Json& p) const {
    RevealPoint rp;
    rp.work = u.FindWorkByPath(p["work"].get<std::string>());
    RC_ASSERT(rp.work != kNone);
    if (!p["position"].is_null()) {
      const std::string pos = p["position"].get<std::string>();
      if (pos.find(':') != std::string::npos) {
        rp.position_kind = RevealPoint::PositionKind::kSeconds;
        rp.position = ParseTimecode(pos);
      } else {
        rp.position_kind = RevealPoint::PositionKind::kScene;
        std::from_chars(pos.data(), pos.data() + pos.size(), rp.position);
      }
    }
    return rp;
  }

  void CheckJson(const Json& j, const std::string& where) {
    if (j.is_object()) {
      if (j.contains("cited") && j["cited"].is_array()) {
        for (const Json& p : j["cited"]) {
          if (!h.Contains(Point(p))) {
            RC_FAIL("cited point outside the horizon: " + p.dump() + " in " + where);
          }
        }
      }
      if (j.contains("qualified") && j.contains("kind") && j.contains("name") &&
          !j.contains("sentence")) {
        if (!visible_entities.count(j["qualified"].get<std::string>())) {
          RC_FAIL("hidden entity " + j["qualified"].dump() + " in " + where);
        }
      }
      if (j.contains("events") && j["events"].is_array()) {
        for (const Json& e : j["events"]) {
          if (!visible_facts_and_events.count(e.get<std::string>())) {
            RC_FAIL("hidden event " + e.dump() + " in " + where);
          }
        }
      }
      for (const auto& [k, v] : j.items()) CheckJson(v, where);
    } else if (j.is_array()) {
      for (const Json& v : j) CheckJson(v, where);
    } else if (j.is_string()) {
      CheckText(j.get<std::string>(), where);
    }
  }

  void CheckText(const std::string& text, const std::string& where) {
    for (const std::string& f : forbidden) {
      if (ContainsWord(text, f)) RC_FAIL("hidden name `" + f + "` in " + where + ":\n" + text);
    }
  }
};

// `u` with every hidden name changed (ids, names, titles, aliases, labels):
// nothing else. Answers may depend on hidden structure only where documented
// (recap --before, plan), never on hidden names.
Universe HiddenRenamed(const Universe& u, const Oracle& o) {
  Universe c = u;
  for (EntityId e = 0; e < c.entities.size(); ++e) {
    if (o.entity[e]) continue;
    c.entities[e].id = "zz_hidden_entity_" + std::to_string(e);
    c.entities[e].name = "Zz Hidden " + std::to_string(e);
  }
  const PredicateId alias = c.FindPredicate("alias");
  for (FactId f = 0; f < c.facts.size(); ++f) {
    if (o.fact[f]) continue;
    Fact& x = c.facts[f];
    if (x.predicate == alias) x.object.text = "zz hidden alias " + std::to_string(f);
    if (!x.label.empty()) x.label = "zz_hidden_fact_" + std::to_string(f);
  }
  for (EventId e = 0; e < c.events.size(); ++e) {
    if (o.event[e]) continue;
    c.events[e].id = "zz_hidden_event_" + std::to_string(e);
    c.events[e].title = "Zz Hidden Event " + std::to_string(e);
  }
  c.Finalize();
  return c;
}

// The metamorphic twin: hidden names changed, reveal and overturn points
// outside the horizon dropped where the element stays visible, effects of
// hidden events detached, day bounds scrambled (as in the query test).
Universe Stripped(const Universe& u, const Horizon& h, const Oracle& o) {
  Universe c = HiddenRenamed(u, o);
  auto inside = [&](const RevealPoint& p) { return h.Contains(p); };
  auto keep_inside = [&](std::vector<RevealPoint>& ps) {
    if (std::any_of(ps.begin(), ps.end(), inside)) {
      std::erase_if(ps, [&](const RevealPoint& p) { return !inside(p); });
    }
  };
  for (Entity& e : c.entities) {
    std::erase_if(e.introduced, [&](const RevealPoint& p) { return !inside(p); });
  }
  std::erase_if(c.appearances, [&](const Appearance& a) { return !inside(a.at); });
  for (FactId f = 0; f < c.facts.size(); ++f) {
    Fact& x = c.facts[f];
    if (o.fact[f]) {
      keep_inside(x.revealed);
      std::erase_if(x.overturned, [&](const RevealPoint& p) { return !inside(p); });
    }
    if (x.started_by != kNone && !o.event[x.started_by]) {
      x.started_by = kNone;
      x.start = kNone;
    }
    if (x.ended_by != kNone && !o.event[x.ended_by]) {
      x.ended_by = kNone;
      x.end = kNone;
    }
  }
  for (EventId e = 0; e < c.events.size(); ++e) {
    Event& x = c.events[e];
    if (o.event[e]) {
      keep_inside(x.revealed);
      std::erase_if(x.overturned, [&](const RevealPoint& p) { return !inside(p); });
    }
  }
  for (Knowledge& k : c.knowledge) keep_inside(k.revealed);
  for (size_t p = 0; p < c.time.latest.size(); ++p) {
    c.time.earliest[p] = ResolvedTime::kNegInf + static_cast<int64_t>(p);
    c.time.latest[p] = static_cast<int64_t>(p * 37 % 1000000);
  }
  c.Finalize();
  return c;
}

StoryRequest Req(std::string command, std::vector<std::string> names,
                 std::optional<std::string> before = std::nullopt,
                 std::vector<std::string> about = {}) {
  StoryRequest r;
  r.command = std::move(command);
  r.names = std::move(names);
  r.before = std::move(before);
  r.about = std::move(about);
  return r;
}

Universe MakeUniverse(uint64_t seed, Rng& rng) {
  testing::RandomUniverseOptions opts;
  opts.entities = 12;
  opts.facts = 30;
  opts.events = 8;
  Universe u = testing::RandomUniverse(seed, opts);
  if (seed % 2 == 0) {
    DiagnosticSink sink;
    ResolveStoryTime(u, sink);
    RC_ASSERT(u.time.resolved);
  } else {
    FillTime(u, rng);
  }
  return u;
}

void RunAll(uint64_t seed) {
  Rng rng{seed * 7919 + 3};
  Universe u = MakeUniverse(seed, rng);
  const std::string spec = RandomHorizon(u, rng);
  Result<Horizon> hr = ParseHorizon(u, spec);
  if (!hr.ok()) RC_FAIL("horizon `" + spec + "` did not parse: " + hr.status().ToString());
  const Horizon& h = *hr;
  const Oracle oracle(u, h);
  View view(u, h);
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    RC_ASSERT(view.EntityVisible(e) == oracle.entity[e]);
  }
  Checker checker(u, h, oracle);
  const Universe twin = Stripped(u, h, oracle);
  const Universe renamed = HiddenRenamed(u, oracle);

  std::vector<EntityId> visible;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (oracle.entity[e]) visible.push_back(e);
  }
  std::vector<std::string> continuity_ids;
  for (const Continuity& c : u.continuities) continuity_ids.push_back(c.id);

  // `same_on`: the universe whose answers must be byte-identical.
  auto run = [&](StoryRequest req, const Universe& same_on) {
    req.seen = spec;
    for (const char* format : {"md", "html", "json"}) {
      req.format = format;
      const std::string where = req.command + " " + Join(req.names, " ") + " --seen " + spec +
                                " --about " + Join(req.about, ",") +
                                (req.before ? " --before " + *req.before : "") +
                                (req.at ? " --at " + *req.at : "") + " --format " + format;
      Result<std::string> out = RunStory(u, req);
      Result<std::string> other = RunStory(same_on, req);
      const std::string a = out.ok() ? *out : out.status().ToString();
      const std::string b = other.ok() ? *other : other.status().ToString();
      if (a != b) RC_FAIL("answer depends on hidden data: " + where + "\n" + a + "\n---\n" + b);
      if (!out.ok()) {
        // Visible names may be ambiguous, a date may not be placeable, a
        // name may have no counterpart in a continuity; nothing else fails.
        const std::string& msg = out.status().message();
        RC_ASSERT(out.status().code() == StatusCode::kInvalidArgument ||
                  out.status().code() == StatusCode::kNotFound);
        if (out.status().code() == StatusCode::kNotFound) {
          RC_ASSERT(req.command == "compare");
        } else {
          RC_ASSERT(msg.find("ambiguous") != std::string::npos ||
                    msg.find("cannot place") != std::string::npos ||
                    msg.find("same entity") != std::string::npos);
        }
        checker.CheckText(out.status().ToString(), where);
        continue;
      }
      if (req.command == "plan" && req.explain) continue;  // checked below
      checker.CheckText(*out, where);
      if (req.format == "json") checker.CheckJson(Json::parse(*out), where);
    }
  };
  auto name_of = [&](EntityId e) { return u.QualifiedId(e); };
  auto random_visible = [&]() { return visible[rng.Below(static_cast<uint32_t>(visible.size()))]; };

  // recap: everything, about one or two, reveal order, short.
  run(Req("recap", {}), twin);
  {
    StoryRequest r = Req("recap", {}, std::nullopt, {});
    r.order = "reveal";
    run(r, twin);
    r.order = "story";
    r.length = "short";
    run(r, twin);
  }
  if (!visible.empty()) {
    for (int i = 0; i < 3; ++i) {
      StoryRequest r = Req("recap", {}, std::nullopt, {name_of(random_visible())});
      if (rng.Percent(50)) r.about.push_back(name_of(random_visible()));
      r.order = rng.Percent(50) ? "story" : "reveal";
      r.length = rng.Percent(70) ? "full" : "short";
      run(r, twin);
    }
  }
  // recap --before W and plan W: any work, seen or not.
  for (int i = 0; i < 3 && !u.works.empty(); ++i) {
    const WorkId w = rng.Below(static_cast<uint32_t>(u.works.size()));
    StoryRequest r = Req("recap", {}, u.works[w].path, {});
    if (!visible.empty() && rng.Percent(40)) r.about.push_back(name_of(random_visible()));
    run(r, renamed);
    StoryRequest p = Req("plan", {u.works[w].path}, std::nullopt, {});
    run(p, renamed);
    // plan --explain names only what the horizon plus the planned works show.
    p.explain = true;
    p.format = "json";
    p.seen = spec;
    Result<std::string> out = RunStory(u, p);
    RC_ASSERT(out.ok());
    const Json j = Json::parse(*out);
    Horizon extended = h;
    for (const Json& step : j["steps"]) {
      const WorkId sw = u.FindWorkByPath(step["work"].get<std::string>());
      RC_ASSERT(sw != kNone);
      RC_ASSERT(!h.ContainsWork(sw));
      // Planned works come out before W and are not part of it.
      RC_ASSERT(u.works[sw].end_leaf_rank <= u.works[w].first_leaf_rank);
      extended.AddWork(sw);
    }
    const Oracle after(u, extended);
    Checker wide(u, extended, after);
    wide.CheckJson(j, "plan --explain " + u.works[w].path);
    if (j["steps"].empty()) RC_ASSERT(*out == *RunStory(renamed, p));
  }
  // compare: one or two visible names, across every continuity.
  if (!visible.empty() && continuity_ids.size() >= 2) {
    for (int i = 0; i < 3; ++i) {
      StoryRequest r = Req("compare", {name_of(random_visible())}, std::nullopt, {});
      if (rng.Percent(60)) r.names.push_back(u.entities[random_visible()].id);
      r.continuities = {Join(continuity_ids, ",")};
      run(r, twin);
    }
  }
  // path: pairs, with and without a story time.
  std::vector<std::string> ats = {"2000", "before 2010"};
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (oracle.event[e]) ats.push_back(QualifiedEvent(u, e));
  }
  if (visible.size() >= 2) {
    for (int i = 0; i < 4; ++i) {
      const EntityId a = random_visible(), b = random_visible();
      StoryRequest r = Req("path", {name_of(a), name_of(b)}, std::nullopt, {});
      r.max_paths = 1 + rng.Below(5);
      if (rng.Percent(50)) r.at = ats[rng.Below(static_cast<uint32_t>(ats.size()))];
      run(r, twin);
    }
  }

  // history --phases (the relationship narrative of `canon history`).
  if (visible.size() >= 2) {
    for (int i = 0; i < 3; ++i) {
      QueryRequest q;
      q.command = "history";
      q.names = {name_of(random_visible()), name_of(random_visible())};
      q.seen = spec;
      q.phases = true;
      for (const char* format : {"text", "json"}) {
        q.format = format;
        const std::string where = "history " + Join(q.names, " ") + " --phases --seen " + spec;
        Result<std::string> out = RunQuery(u, q);
        Result<std::string> other = RunQuery(twin, q);
        const std::string a = out.ok() ? *out : out.status().ToString();
        const std::string b = other.ok() ? *other : other.status().ToString();
        if (a != b) RC_FAIL("phases depend on hidden data: " + where + "\n" + a + "\n---\n" + b);
        if (!out.ok()) continue;
        checker.CheckText(*out, where);
        if (q.format == "json") {
          const Json j = Json::parse(*out);
          for (const Json& phase : j["phases"]) {
            for (const Json& p : phase["revealed"]) RC_ASSERT(h.Contains(checker.Point(p)));
          }
        }
      }
    }
  }

  // Hidden entities fail exactly like nonexistent ones, in every command.
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (oracle.entity[e]) continue;
    Universe other = u;
    other.entities[e].id = "zz_renamed_entity";
    other.entities[e].name = "Zz Renamed Entity";
    other.Finalize();
    for (const std::string& name : {u.entities[e].id, u.QualifiedId(e), u.entities[e].name}) {
      std::vector<StoryRequest> reqs;
      reqs.push_back(Req("recap", {}, std::nullopt, {name}));
      if (!visible.empty()) {
        reqs.push_back(Req("path", {name, name_of(visible.front())}));
      }
      if (continuity_ids.size() >= 2) {
        StoryRequest c = Req("compare", {name});
        c.continuities = {Join(continuity_ids, ",")};
        reqs.push_back(c);
      }
      for (StoryRequest& req : reqs) {
        req.seen = spec;
        Result<std::string> a = RunStory(u, req);
        Result<std::string> b = RunStory(other, req);
        RC_ASSERT(a.ok() == b.ok());
        if (a.ok()) {
          RC_ASSERT(*a == *b);
        } else {
          RC_ASSERT(a.status().ToString() == b.status().ToString());
        }
      }
    }
  }
}

TEST(StorySpoilerProperty, NoStoryLeaksBeyondTheHorizon) {
  const bool ok =
      rc::check("no story answer leaks beyond the horizon", [](uint64_t seed) { RunAll(seed); });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace canon
