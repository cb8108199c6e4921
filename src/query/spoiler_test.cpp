// THE SPOILER RULE as a property: for random universes and random horizons,
// no answer of any query command (text or JSON) cites a reveal point outside
// the horizon or names an entity, alias or event the viewer has not seen;
// and asking about a hidden entity or event fails exactly like asking about
// one that does not exist.
//
// Visibility is recomputed here by an independent oracle (a fixpoint over
// the rules of docs/queries.md), checked against View, and the rendered
// answers are then scanned for anything the oracle says is hidden.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "base/strings.h"
#include "model/dates.h"
#include "query/horizon.h"
#include "query/run.h"
#include "query/view.h"
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

struct Checker {
  const Universe& u;
  const Horizon& h;
  const Oracle& o;
  std::vector<std::string> forbidden;  // hidden names/ids no visible text contains
  std::set<std::string> visible_entities, visible_events;  // qualified ids

  Checker(const Universe& uu, const Horizon& hh, const Oracle& oo) : u(uu), h(hh), o(oo) {
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
      if (o.event[e]) visible_events.insert(QualifiedEvent(u, e));
    }
    const PredicateId alias = u.FindPredicate("alias");
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& x = u.facts[f];
      if (x.object.kind == ValueKind::kString || x.object.kind == ValueKind::kKeyword) {
        // Hidden aliases are names; other hidden strings are only checked
        // through the facts that carry them.
        if (x.predicate == alias && !o.fact[f]) hidden.push_back(x.object.text);
        if (o.fact[f]) allowed.push_back(x.object.text);
      }
      if (!x.label.empty()) allowed.push_back(x.label);
    }
    // Everything else a visible answer may legitimately contain.
    for (const Work& w : u.works) {
      allowed.push_back(w.path);
      allowed.push_back(w.title);
      allowed.push_back(w.id);
    }
    for (const Predicate& p : u.predicates) {
      allowed.push_back(p.name);
      allowed.push_back(p.phrase);
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
    for (const std::string& f : hidden) {
      if (f.size() < 3) continue;
      bool inside_allowed = false;
      for (const std::string& a : allowed) {
        if (a.find(f) != std::string::npos) inside_allowed = true;
      }
      if (!inside_allowed) forbidden.push_back(f);
    }
  }

  // Every reveal point in the JSON is inside the horizon; every entity and
  // event it names is visible.
  void CheckJson(const Json& j, const std::string& where) {
    if (j.is_object()) {
      for (const char* key : {"revealed", "overturned", "at"}) {
        if (!j.contains(key)) continue;
        // "at" of an appearance is one reveal point; the others are lists.
        Json list = j[key].is_object() && j[key].contains("work") ? Json::array({j[key]}) : j[key];
        if (!list.is_array()) continue;
        for (const Json& p : list) {
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
          if (!h.Contains(rp)) {
            RC_FAIL("reveal point outside the horizon: " + p.dump() + " in " + where);
          }
        }
      }
      if (j.contains("qualified") && j.contains("kind") && j.contains("name") &&
          !j.contains("sentence")) {
        if (!visible_entities.count(j["qualified"].get<std::string>())) {
          RC_FAIL("hidden entity " + j["qualified"].dump() + " in " + where);
        }
      }
      if (j.contains("sentence") && j.contains("roles")) {
        if (!visible_events.count(j["qualified"].get<std::string>())) {
          RC_FAIL("hidden event " + j["qualified"].dump() + " in " + where);
        }
      }
      for (const auto& [k, v] : j.items()) CheckJson(v, where);
    } else if (j.is_array()) {
      for (const Json& v : j) CheckJson(v, where);
    }
  }

  void CheckText(const std::string& text, const std::string& where) {
    for (const std::string& f : forbidden) {
      if (ContainsWord(text, f)) RC_FAIL("hidden name `" + f + "` in " + where + ":\n" + text);
    }
  }
};

// A copy of `u` in which entity `e` (or event `ev`) has fresh names, so a
// query for its old names asks about something that does not exist.
Universe Renamed(const Universe& u, EntityId e, EventId ev) {
  Universe c = u;
  if (e != kNone) {
    c.entities[e].id = "zz_renamed_entity";
    c.entities[e].name = "Zz Renamed Entity";
    const PredicateId alias = c.FindPredicate("alias");
    for (Fact& f : c.facts) {
      if (f.subject == e && f.predicate == alias) f.object.text = "Zz Renamed Alias";
    }
  }
  if (ev != kNone) {
    c.events[ev].id = "zz_renamed_event";
    c.events[ev].title = "Zz Renamed Event";
  }
  c.Finalize();
  return c;
}

// The metamorphic twin: `u` with everything the viewer cannot see changed
// or cut away (hidden names renamed, reveal and overturn points outside the
// horizon dropped where the element stays visible, effects of hidden events
// detached). Ids and points are kept, so every answer must be identical.
Universe Stripped(const Universe& u, const Horizon& h, const Oracle& o) {
  Universe c = u;
  auto inside = [&](const RevealPoint& p) { return h.Contains(p); };
  auto keep_inside = [&](std::vector<RevealPoint>& ps) {
    if (std::any_of(ps.begin(), ps.end(), inside)) {
      std::erase_if(ps, [&](const RevealPoint& p) { return !inside(p); });
    }
  };
  for (EntityId e = 0; e < c.entities.size(); ++e) {
    std::erase_if(c.entities[e].introduced, [&](const RevealPoint& p) { return !inside(p); });
    if (!o.entity[e]) {
      c.entities[e].id = "zz_hidden_entity_" + std::to_string(e);
      c.entities[e].name = "Zz Hidden " + std::to_string(e);
    }
  }
  const PredicateId alias = c.FindPredicate("alias");
  for (FactId f = 0; f < c.facts.size(); ++f) {
    Fact& x = c.facts[f];
    if (o.fact[f]) {
      keep_inside(x.revealed);
      std::erase_if(x.overturned, [&](const RevealPoint& p) { return !inside(p); });
    } else {
      if (x.predicate == alias) x.object.text = "zz hidden alias " + std::to_string(f);
      if (!x.label.empty()) x.label = "zz_hidden_fact_" + std::to_string(f);
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
    } else {
      x.id = "zz_hidden_event_" + std::to_string(e);
      x.title = "Zz Hidden Event " + std::to_string(e);
    }
  }
  for (Knowledge& k : c.knowledge) keep_inside(k.revealed);
  // Resolved day bounds may carry hidden information: answers must not use
  // them, so scramble them.
  for (size_t p = 0; p < c.time.latest.size(); ++p) {
    c.time.earliest[p] = ResolvedTime::kNegInf + static_cast<int64_t>(p);
    c.time.latest[p] = static_cast<int64_t>(p * 37 % 1000000);
  }
  c.Finalize();
  return c;
}

void RunAll(uint64_t seed) {
  testing::RandomUniverseOptions opts;
  opts.entities = 12;
  opts.facts = 30;
  opts.events = 8;
  Universe u = testing::RandomUniverse(seed, opts);
  Rng rng{seed * 7919 + 1};
  // Half the cases use the real story-time resolver, half arbitrary ranks
  // (spoiler safety must not depend on the ranks being consistent).
  if (seed % 2 == 0) {
    DiagnosticSink sink;
    ResolveStoryTime(u, sink);
    RC_ASSERT(u.time.resolved);
  } else {
    FillTime(u, rng);
  }
  const std::string spec = RandomHorizon(u, rng);
  Result<Horizon> hr = ParseHorizon(u, spec);
  if (!hr.ok()) RC_FAIL("horizon `" + spec + "` did not parse: " + hr.status().ToString());
  const Horizon& h = *hr;
  const Oracle oracle(u, h);
  View view(u, h);
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    RC_ASSERT(view.EntityVisible(e) == oracle.entity[e]);
  }
  for (FactId f = 0; f < u.facts.size(); ++f) RC_ASSERT(view.FactVisible(f) == oracle.fact[f]);
  for (EventId e = 0; e < u.events.size(); ++e) RC_ASSERT(view.EventVisible(e) == oracle.event[e]);

  Checker checker(u, h, oracle);
  const Universe twin = Stripped(u, h, oracle);
  std::vector<EntityId> visible;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (oracle.entity[e]) visible.push_back(e);
  }
  // Story times to ask at: visible events, before them, dates, seen works.
  std::vector<std::string> ats = {"2000", "before 2010", "1995-06"};
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!oracle.event[e]) continue;
    ats.push_back(QualifiedEvent(u, e));
    ats.push_back("before " + QualifiedEvent(u, e));
  }
  for (WorkId w = 0; w < u.works.size(); ++w) {
    if (h.TouchesWork(w)) ats.push_back(u.works[w].path);
  }

  auto run = [&](QueryRequest req) {
    for (const char* format : {"text", "json"}) {
      req.format = format;
      req.seen = spec;
      Result<std::string> out = RunQuery(u, req);
      std::string where = req.command + " " + Join(req.names, " ") + " --seen " + spec +
                          (req.at ? " --at " + *req.at : "") + " --format " + format;
      Result<std::string> twin_out = RunQuery(twin, req);
      const std::string a = out.ok() ? *out : out.status().ToString();
      const std::string b = twin_out.ok() ? *twin_out : twin_out.status().ToString();
      if (a != b) RC_FAIL("answer depends on hidden data: " + where + "\n" + a + "\n---\n" + b);
      if (!out.ok()) {
        // Visible names may still be ambiguous, and a date cannot be placed
        // when nothing visible is dated; nothing else may fail.
        RC_ASSERT(out.status().code() == StatusCode::kInvalidArgument);
        const std::string& msg = out.status().message();
        RC_ASSERT(msg.find("ambiguous") != std::string::npos ||
                  msg.find("cannot place") != std::string::npos);
        checker.CheckText(out.status().ToString(), where);
        continue;
      }
      checker.CheckText(*out, where);
      if (req.format == "json") checker.CheckJson(Json::parse(*out), where);
    }
  };
  for (EntityId e : visible) {
    const std::string name = u.QualifiedId(e);
    const std::string at = ats[rng.Below(static_cast<uint32_t>(ats.size()))];
    const EntityId other = visible[rng.Below(static_cast<uint32_t>(visible.size()))];
    run({"show", {name}, "", std::nullopt});
    run({"show", {name}, "", at});
    run({"history", {name}, "", std::nullopt, "story"});
    run({"history", {name}, "", std::nullopt, "reveal"});
    run({"history", {name, u.QualifiedId(other)}, "", std::nullopt, "story"});
    QueryRequest with_appearances{"history", {name}, "", std::nullopt, "story"};
    with_appearances.appearances = true;
    run(with_appearances);
    with_appearances.order = "reveal";
    run(with_appearances);
    with_appearances.names.push_back(u.QualifiedId(other));
    run(with_appearances);
    run({"state", {name, u.QualifiedId(other)}, "", at});
    // By display name too (may be ambiguous: that error must not leak either).
    run({"show", {u.entities[e].name}, "", std::nullopt});
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!oracle.event[e]) continue;
    run({"who-knows", {QualifiedEvent(u, e)}, "", std::nullopt});
    run({"who-knows",
         {QualifiedEvent(u, e)},
         "",
         ats[rng.Below(static_cast<uint32_t>(ats.size()))]});
  }

  // Hidden things fail exactly like nonexistent ones.
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (oracle.entity[e]) continue;
    const Universe other = Renamed(u, e, kNone);
    std::vector<std::string> names = {u.entities[e].id, u.QualifiedId(e), u.entities[e].name};
    for (const std::string& name : names) {
      for (const char* cmd : {"show", "history"}) {
        QueryRequest req{cmd, {name}, spec, std::nullopt};
        Result<std::string> a = RunQuery(u, req);
        Result<std::string> b = RunQuery(other, req);
        RC_ASSERT(a.ok() == b.ok());
        if (a.ok()) {
          RC_ASSERT(*a == *b);  // the name also belongs to someone visible
        } else {
          RC_ASSERT(a.status().ToString() == b.status().ToString());
        }
      }
    }
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (oracle.event[e]) continue;
    const Universe other = Renamed(u, kNone, e);
    for (const std::string& name : {u.events[e].id, QualifiedEvent(u, e)}) {
      QueryRequest who{"who-knows", {name}, spec, std::nullopt};
      Result<std::string> a = RunQuery(u, who);
      Result<std::string> b = RunQuery(other, who);
      RC_ASSERT(a.ok() == b.ok());
      if (!a.ok()) RC_ASSERT(a.status().ToString() == b.status().ToString());
      if (!visible.empty()) {
        QueryRequest at_req{"show", {u.QualifiedId(visible.front())}, spec, name};
        Result<std::string> c = RunQuery(u, at_req);
        Result<std::string> d = RunQuery(other, at_req);
        RC_ASSERT(c.ok() == d.ok());
        if (c.ok()) {
          RC_ASSERT(*c == *d);
        } else {
          RC_ASSERT(c.status().ToString() == d.status().ToString());
        }
      }
    }
  }
}

TEST(SpoilerProperty, NoAnswerLeaksBeyondTheHorizon) {
  const bool ok =
      rc::check("no answer leaks beyond the horizon", [](uint64_t seed) { RunAll(seed); });
  EXPECT_TRUE(ok);
}

}  // namespace
}  // namespace canon
