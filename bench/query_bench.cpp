// canon_query_bench: the query commands (show --at, state, history A B) on
// one loaded universe, with and without the FactIndex, side by side. Both
// sides are the production functions (View + Show/State/History, and
// RunQuery with a QueryContext); the only difference is View::UseIndex. Every
// answer is rendered on both sides and must be byte-identical.
//
// Usage: canon_query_bench FILE.canon [--seen SPEC] [--queries N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "diag/diagnostics.h"
#include "lang/compile.h"
#include "query/at.h"
#include "query/horizon.h"
#include "query/queries.h"
#include "query/query_context.h"
#include "query/render.h"
#include "query/run.h"
#include "query/view.h"
#include "time/resolve.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}
[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "canon_query_bench: %s\n", msg.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace canon;
  if (argc < 2) Die("usage: canon_query_bench FILE.canon [--seen SPEC] [--queries N]");
  std::string path = argv[1], seen = "all";
  size_t queries = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--seen")
      seen = argv[i + 1];
    else if (a == "--queries")
      queries = std::strtoul(argv[i + 1], nullptr, 10);
    else
      Die("unknown option " + a);
  }
  auto t0 = Clock::now();
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  SourceManager sources;
  uint32_t file = sources.AddFile(path, buf.str());
  DiagnosticSink sink;
  Universe u = CompileSources(sources, {file}, sink);
  auto t1 = Clock::now();
  ResolveStoryTime(u, sink);
  auto t2 = Clock::now();
  if (sink.has_errors()) Die("the universe has errors");
  std::printf("universe: %zu facts, %zu entities, %zu leaves\n", u.facts.size(), u.entities.size(),
              u.release_order.size());
  std::printf("load: read+compile %.2f s, resolve %.2f s\n", Seconds(t0, t1), Seconds(t1, t2));

  Result<Horizon> h = ParseHorizon(u, seen);
  if (!h.ok()) Die(h.status().ToString());
  auto t3 = Clock::now();
  View plain(u, *h);
  auto t4 = Clock::now();
  QueryContext ctx(u);
  const FactIndex* ix = ctx.Index();
  auto t5 = Clock::now();
  if (ix == nullptr) Die("the index could not be built");
  View indexed(u, *h);
  auto t6 = Clock::now();
  indexed.UseIndex(ix);
  auto t7 = Clock::now();
  std::printf("per request: View %.3f s; HorizonMask %.6f s\n", Seconds(t3, t4), Seconds(t6, t7));
  std::printf("once per universe: FactIndex build %.3f s\n", Seconds(t4, t5));

  // Subjects: the biggest visible entities (hubs) and a uniform sample.
  std::vector<EntityId> visible;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (plain.EntityVisible(e) && !plain.FactsOf(e).empty()) visible.push_back(e);
  }
  if (visible.empty()) Die("no visible entity under --seen " + seen);
  std::vector<EntityId> hubs = visible;
  std::sort(hubs.begin(), hubs.end(), [&](EntityId a, EntityId b) {
    return plain.FactsOf(a).size() > plain.FactsOf(b).size();
  });
  hubs.resize(std::min<size_t>(hubs.size(), 20));
  std::mt19937_64 rng(7);
  std::vector<EntityId> sample;
  for (size_t i = 0; i < queries; ++i) sample.push_back(visible[rng() % visible.size()]);
  uint32_t max_rank = 0;
  for (uint32_t r : u.time.rank) max_rank = std::max(max_rank, r);

  auto partner = [&](EntityId e) -> EntityId {
    for (FactId f : plain.FactsOf(e)) {
      const Fact& x = u.facts[f];
      if (x.object.kind != ValueKind::kEntity) continue;
      EntityId o = x.subject == e ? x.object.entity : x.subject;
      if (o != e) return o;
    }
    return e;
  };
  size_t mismatches = 0;
  auto run = [&](const char* name, const std::vector<EntityId>& subjects) {
    double show[2] = {0, 0}, state[2] = {0, 0}, hist[2] = {0, 0};
    for (size_t i = 0; i < subjects.size(); ++i) {
      const EntityId e = subjects[i];
      const EntityId o = partner(e);
      StoryInstant at;
      at.spec = at.description = "bench";
      at.cut = static_cast<int64_t>((i * 2654435761u) % (2 * (max_rank + 1)));
      std::string out[2][3];
      for (int side = 0; side < 2; ++side) {
        const View& v = side == 0 ? plain : indexed;
        auto a = Clock::now();
        out[side][0] = RenderShowText(Show(v, e, &at));
        auto b = Clock::now();
        out[side][1] = RenderStateText(State(v, e, o, at));
        auto c = Clock::now();
        out[side][2] = RenderHistoryText(History(v, e, o, HistoryOrder::kStory, false));
        auto d = Clock::now();
        show[side] += Seconds(a, b);
        state[side] += Seconds(b, c);
        hist[side] += Seconds(c, d);
      }
      for (int k = 0; k < 3; ++k) mismatches += out[0][k] != out[1][k];
    }
    const double n = static_cast<double>(subjects.size()) / 1e6;  // -> microseconds
    std::printf(
        "%-8s (%zu queries, mean us)  show --at: scan %.1f / index %.1f   "
        "state: scan %.1f / index %.1f   history A B: scan %.1f / index %.1f\n",
        name, subjects.size(), show[0] / n, show[1] / n, state[0] / n, state[1] / n, hist[0] / n,
        hist[1] / n);
  };
  std::printf("hub sizes (visible facts): largest %zu, 20th %zu\n", plain.FactsOf(hubs[0]).size(),
              plain.FactsOf(hubs.back()).size());
  run("hubs", hubs);
  run("uniform", sample);

  // End to end through RunQuery with the (already built) context.
  auto qualified = [&](EntityId e) {
    const Entity& x = u.entities[e];
    return x.continuity < u.continuities.size() ? u.continuities[x.continuity].id + ":" + x.id
                                                : x.id;
  };
  QueryRequest req;
  req.command = "history";
  req.names = {qualified(hubs[0]), qualified(partner(hubs[0]))};
  req.seen = seen;
  auto e0 = Clock::now();
  Result<std::string> r = RunQuery(ctx, req);
  auto e1 = Clock::now();
  std::printf("RunQuery(ctx, history %s %s): %s, %.3f s (horizon + View + query)\n",
              req.names[0].c_str(), req.names[1].c_str(),
              r.ok() ? "ok" : r.status().ToString().c_str(), Seconds(e0, e1));
  std::printf("mismatches between scan and index answers: %zu\n", mismatches);
  return mismatches == 0 ? 0 : 2;
}
