// The FactIndex wiring (View::UseIndex, query/query_context.h) changes where
// Show --at / State / History A B take their candidate facts from, never the
// answer: on random universes, horizons and moments, every answer rendered
// with the index must be byte-identical to the one scanned from the View.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "diag/diagnostics.h"
#include "query/at.h"
#include "query/horizon.h"
#include "query/queries.h"
#include "query/query_context.h"
#include "query/render.h"
#include "query/run.h"
#include "query/view.h"
#include "support/random_universe.h"
#include "time/resolve.h"

namespace canon {
namespace {

// Whole leaves and leaves seen up to a position (scene or seconds), joined
// with `,`; or `all` / `none`.
std::string RandomSpec(const Universe& u, std::mt19937_64& rng) {
  const uint64_t pick = rng() % 8;
  if (pick == 0) return "all";
  if (pick == 1) return "none";
  std::vector<std::string> parts;
  for (WorkId w : u.release_order) {
    const uint64_t r = rng() % 6;
    if (r < 3) continue;
    std::string p = u.works[w].path;
    if (r == 4) p += "@" + std::to_string(1 + rng() % 5);
    if (r == 5) p += "@" + std::to_string(rng() % 3) + ":" + std::to_string(10 + rng() % 40);
    parts.push_back(p);
  }
  if (parts.empty()) return "none";
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : ",") + p;
  return s;
}

TEST(IndexWiring, AnswersMatchTheViewScan) {
  size_t compared = 0, with_facts = 0;
  for (uint64_t seed = 1; seed <= 16; ++seed) {
    testing::RandomUniverseOptions opts;
    opts.entities = 10;
    opts.facts = 60;
    opts.events = 10;
    Universe u = testing::RandomUniverse(seed, opts);
    DiagnosticSink sink;
    ResolveStoryTime(u, sink);
    ASSERT_TRUE(u.time.resolved) << "seed " << seed;
    QueryContext ctx(u);
    ASSERT_NE(ctx.Index(), nullptr);
    uint32_t max_rank = 0;
    for (uint32_t r : u.time.rank) max_rank = std::max(max_rank, r);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 4; ++round) {
      const std::string spec = RandomSpec(u, rng);
      Result<Horizon> h = ParseHorizon(u, spec);
      if (!h.ok()) continue;  // a position the leaf cannot take
      View plain(u, *h);
      View indexed(u, *h);
      indexed.UseIndex(ctx.Index());
      for (EntityId a = 0; a < u.entities.size(); ++a) {
        if (!plain.EntityVisible(a)) continue;
        for (int64_t cut = -1; cut <= 2 * static_cast<int64_t>(max_rank) + 1; ++cut) {
          StoryInstant at;
          at.spec = at.description = "t" + std::to_string(cut);
          at.cut = cut;
          const std::string where = "seed " + std::to_string(seed) + " --seen " + spec +
                                    " entity " + u.entities[a].id + " cut " + std::to_string(cut);
          const std::string s0 = RenderShowJson(Show(plain, a, &at));
          ASSERT_EQ(s0, RenderShowJson(Show(indexed, a, &at))) << where;
          ++compared;
          with_facts += plain.FactsOf(a).empty() ? 0 : 1;
          for (EntityId b = 0; b < u.entities.size(); ++b) {
            if (!plain.EntityVisible(b)) continue;
            ASSERT_EQ(RenderStateJson(State(plain, a, b, at)),
                      RenderStateJson(State(indexed, a, b, at)))
                << where << " and " << u.entities[b].id;
          }
        }
        for (EntityId b = 0; b < u.entities.size(); ++b) {
          if (!plain.EntityVisible(b)) continue;
          for (HistoryOrder order : {HistoryOrder::kStory, HistoryOrder::kReveal}) {
            ASSERT_EQ(RenderHistoryJson(History(plain, a, b, order, true)),
                      RenderHistoryJson(History(indexed, a, b, order, true)))
                << "seed " << seed << " --seen " << spec << " history " << u.entities[a].id << " "
                << u.entities[b].id;
          }
        }
      }
    }
  }
  // The comparison must have had something to compare.
  EXPECT_GT(compared, 200u);
  EXPECT_GT(with_facts, 100u);
}

// RunQuery with a kept context answers like a one-shot RunQuery, and builds
// the index once.
TEST(IndexWiring, ContextIsReusedAcrossRequests) {
  testing::RandomUniverseOptions opts;
  Universe u = testing::RandomUniverse(3, opts);
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  QueryContext ctx(u);
  const FactIndex* first = nullptr;
  for (EntityId a = 0; a < u.entities.size(); ++a) {
    for (EntityId b = 0; b < u.entities.size(); b += 3) {
      QueryRequest req;
      req.command = "history";
      req.seen = "all";
      const Entity& ea = u.entities[a];
      const Entity& eb = u.entities[b];
      auto q = [&](const Entity& e) {
        return e.continuity < u.continuities.size() ? u.continuities[e.continuity].id + ":" + e.id
                                                    : e.id;
      };
      req.names = {q(ea), q(eb)};
      Result<std::string> one = RunQuery(u, req);
      Result<std::string> kept = RunQuery(ctx, req);
      ASSERT_EQ(one.ok(), kept.ok());
      if (one.ok()) {
        EXPECT_EQ(*one, *kept);
      }
      if (first == nullptr) first = ctx.Index();
      EXPECT_EQ(ctx.Index(), first);
    }
  }
  EXPECT_NE(first, nullptr);
}

}  // namespace
}  // namespace canon
