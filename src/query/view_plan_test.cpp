// The fast View path (a ViewPlan's compact columns) against the reference
// path (View::ReferencePath, straight over the Universe structs): for random
// universes and horizons every visibility flag, reveal key, first reveal
// point, reveal list and per-entity list must be identical, with a shared
// plan, a View's own plan and a stale plan alike.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <string>
#include <vector>

#include "query/horizon.h"
#include "query/query_context.h"
#include "query/view.h"
#include "support/random_universe.h"
#include "support/spoiler_oracle.h"

namespace canon {
namespace {

using testing::RandomHorizon;
using testing::Rng;

template <typename T>
std::vector<T> Vec(std::span<const T> s) {
  return {s.begin(), s.end()};
}

// The first answer in which `got` differs from the reference ("" when none);
// `what` names the case.
#define CANON_SAME(expr, id) \
  if (!(expr)) return what + ": " + #expr + " differs for id " + std::to_string(id)
std::string DiffViews(const View& ref, const View& got, const std::string& what) {
  const Universe& u = ref.universe();
  CANON_SAME(got.alias_predicate() == ref.alias_predicate(), 0);
  CANON_SAME(got.played_by_predicate() == ref.played_by_predicate(), 0);
  for (FactId f = 0; f < u.facts.size(); ++f) {
    CANON_SAME(got.FactVisible(f) == ref.FactVisible(f), f);
    CANON_SAME(got.FactOverturnedForViewer(f) == ref.FactOverturnedForViewer(f), f);
    CANON_SAME(got.FactImplicit(f) == ref.FactImplicit(f), f);
    CANON_SAME(got.FactRevealKey(f) == ref.FactRevealKey(f), f);
    CANON_SAME(got.FactReveals(f) == ref.FactReveals(f), f);
    CANON_SAME(got.FactOverturns(f) == ref.FactOverturns(f), f);
    CANON_SAME(got.FactStart(f) == ref.FactStart(f), f);
    CANON_SAME(got.FactEnd(f) == ref.FactEnd(f), f);
  }
  for (EventId e = 0; e < u.events.size(); ++e) {
    CANON_SAME(got.EventVisible(e) == ref.EventVisible(e), e);
    CANON_SAME(got.EventOverturnedForViewer(e) == ref.EventOverturnedForViewer(e), e);
    CANON_SAME(got.EventRevealKey(e) == ref.EventRevealKey(e), e);
  }
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    CANON_SAME(got.EntityVisible(e) == ref.EntityVisible(e), e);
    CANON_SAME(got.EntityRevealKey(e) == ref.EntityRevealKey(e), e);
    CANON_SAME(got.EntityFirstReveal(e) == ref.EntityFirstReveal(e), e);
    CANON_SAME(Vec(got.FactsOf(e)) == Vec(ref.FactsOf(e)), e);
    CANON_SAME(Vec(got.EventsOf(e)) == Vec(ref.EventsOf(e)), e);
    CANON_SAME(Vec(got.AppearancesOf(e)) == Vec(ref.AppearancesOf(e)), e);
    CANON_SAME(got.AliasFacts(e) == ref.AliasFacts(e), e);
  }
  for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) {
    CANON_SAME(got.KnowledgeVisible(k) == ref.KnowledgeVisible(k), k);
    CANON_SAME(got.KnowledgeReveals(k) == ref.KnowledgeReveals(k), k);
  }
  for (AppearanceId a = 0; a < u.appearances.size(); ++a) {
    CANON_SAME(got.AppearanceVisible(a) == ref.AppearanceVisible(a), a);
  }
  CANON_SAME(got.VisiblePoints() == ref.VisiblePoints(), 0);
  return "";
}
#undef CANON_SAME

// A universe whose facts are mostly "simple" (one whole-leaf reveal), with
// the other shapes mixed in, so both paths of the plan are exercised.
Universe MakeUniverse(uint64_t seed, Rng& rng) {
  testing::RandomUniverseOptions opts;
  opts.entities = 8 + static_cast<int>(rng.Below(20));
  opts.facts = 10 + static_cast<int>(rng.Below(60));
  opts.events = static_cast<int>(rng.Below(12));
  opts.appearances = static_cast<int>(rng.Below(20));
  opts.knowledge = static_cast<int>(rng.Below(10));
  Universe u = testing::RandomUniverse(seed, opts);
  // Turn some facts into simple ones, others into several-point ones, so
  // every category shows up whatever the generator drew.
  std::vector<WorkId> leaves;
  for (WorkId w = 0; w < u.works.size(); ++w) {
    if (u.works[w].is_leaf() && u.works[w].release_rank != kNone) leaves.push_back(w);
  }
  if (!leaves.empty()) {
    for (Fact& f : u.facts) {
      const uint32_t roll = rng.Below(10);
      if (roll < 4) {
        f.revealed = {RevealPoint{leaves[rng.Below(leaves.size())]}};
      } else if (roll == 4 && !f.revealed.empty()) {
        f.revealed.push_back(RevealPoint{leaves[rng.Below(leaves.size())]});
      }
    }
  }
  return u;
}

// Every check of one seed; "" when all pass, else the first failure.
std::string CheckSeed(uint64_t seed) {
  Rng rng{seed * 104729 + 17};
  Universe u = MakeUniverse(seed, rng);
  const ViewPlan plan(u);
  const std::string seed_name = "seed " + std::to_string(seed);
  // ViewPlan::Key is KeyOf for every point the universe holds, and more.
  std::vector<RevealPoint> points;
  for (const Fact& f : u.facts) {
    points.insert(points.end(), f.revealed.begin(), f.revealed.end());
    points.insert(points.end(), f.overturned.begin(), f.overturned.end());
  }
  for (const Appearance& a : u.appearances) points.push_back(a.at);
  for (WorkId w = 0; w <= u.works.size(); ++w) {
    for (auto kind : {RevealPoint::PositionKind::kNone, RevealPoint::PositionKind::kScene,
                      RevealPoint::PositionKind::kSeconds}) {
      points.push_back(RevealPoint{w, kind, static_cast<int32_t>(rng.Below(100))});
    }
  }
  for (const RevealPoint& p : points) {
    if (!(plan.Key(p) == KeyOf(u, p))) {
      return seed_name + ": Key != KeyOf, work " + std::to_string(p.work);
    }
  }
  for (int i = 0; i < 4; ++i) {
    const std::string spec = i == 0 ? "all" : (i == 1 ? "none" : RandomHorizon(u, rng));
    Result<Horizon> h = ParseHorizon(u, spec);
    if (!h.ok()) return "horizon `" + spec + "` did not parse: " + h.status().ToString();
    const View ref(u, *h, View::ReferencePath{});
    const View shared(u, *h, &plan);
    std::string diff = DiffViews(ref, shared, seed_name + ", shared plan, `" + spec + "`");
    if (!diff.empty()) return diff;
    const View own(u, *h);
    diff = DiffViews(ref, own, seed_name + ", own plan, `" + spec + "`");
    if (!diff.empty()) return diff;
  }
  return "";
}

TEST(ViewPlanTest, FastPathMatchesReference) {
  for (uint64_t seed = 1; seed <= 300; ++seed) ASSERT_EQ(CheckSeed(seed), "");
}

TEST(ViewPlanTest, FastPathMatchesReferenceRapidcheck) {
  EXPECT_TRUE(rc::check("fast view == reference view",
                        [](uint64_t seed) { RC_ASSERT(CheckSeed(seed) == ""); }));
}

// A plan built before the universe changed is not used.
TEST(ViewPlanTest, StalePlanIsIgnored) {
  Rng rng{99};
  Universe u = MakeUniverse(5, rng);
  const ViewPlan plan(u);
  ASSERT_TRUE(plan.Matches(u));
  ASSERT_FALSE(u.facts.empty());
  Fact extra = u.facts.front();
  extra.revealed.clear();
  u.facts.push_back(extra);
  EXPECT_FALSE(plan.Matches(u));
  Result<Horizon> h = ParseHorizon(u, "all");
  ASSERT_TRUE(h.ok());
  const View ref(u, *h, View::ReferencePath{});
  const View stale(u, *h, &plan);
  EXPECT_EQ(stale.FactVisible(static_cast<FactId>(u.facts.size() - 1)),
            ref.FactVisible(static_cast<FactId>(u.facts.size() - 1)));
  EXPECT_EQ(DiffViews(ref, stale, "stale plan"), "");
  const Universe other = u;
  EXPECT_FALSE(plan.Matches(other));
}

TEST(ViewPlanTest, QueryContextSharesOnePlan) {
  Rng rng{7};
  Universe u = MakeUniverse(11, rng);
  QueryContext ctx(u);
  const ViewPlan* p = ctx.Plan();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p, ctx.Plan());
  EXPECT_TRUE(p->Matches(u));
}

}  // namespace
}  // namespace canon
