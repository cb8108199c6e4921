// Google Benchmark micro-benchmarks of src/index over a generated universe
// (CANON_MICRO_FACTS facts, default 200000), compiled by the real front end.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <random>

#include "diag/diagnostics.h"
#include "gen/gen.h"
#include "index/continuity.h"
#include "index/fact_index.h"
#include "lang/compile.h"
#include "time/resolve.h"

namespace canon {
namespace {

struct World {
  SourceManager sources;
  Universe u;
  std::unique_ptr<FactIndex> ix;
  std::unique_ptr<ContinuityIndex> ci;
  uint32_t leaves = 0, ranks = 0;
  std::vector<EntityId> uniform, hubs;
  std::vector<TimeKey> keys;
  HorizonMask prefix, arbitrary;
};

World& GetWorld() {
  static World* w = [] {
    auto* w = new World();
    GenOptions o;
    const char* env = std::getenv("CANON_MICRO_FACTS");
    o.facts = env ? std::strtoull(env, nullptr, 10) : 200000;
    o.entities = std::max<uint64_t>(50, o.facts / 20);
    o.works = std::max<uint64_t>(60, o.facts / 400);
    Result<std::string> text = GenerateCanonText(o);
    if (!text.ok()) std::abort();
    uint32_t f = w->sources.AddFile("micro.canon", *text);
    DiagnosticSink sink;
    w->u = CompileSources(w->sources, {f}, sink);
    ResolveStoryTime(w->u, sink);
    if (sink.has_errors()) std::abort();
    w->ix = std::move(FactIndex::Build(w->u).value());
    w->ci = std::make_unique<ContinuityIndex>(ContinuityIndex::Build(*w->ix));
    w->leaves = static_cast<uint32_t>(w->u.release_order.size());
    w->ranks = RankCount(w->u);
    std::mt19937_64 rng(1);
    for (int i = 0; i < 65536; ++i) {
      w->uniform.push_back(static_cast<EntityId>(rng() % w->u.entities.size()));
      w->hubs.push_back(w->u.facts[rng() % w->u.facts.size()].subject);
      w->keys.push_back(CutKey(CutAtRank(static_cast<uint32_t>(rng() % w->ranks))));
    }
    w->prefix = HorizonMask::Prefix(w->leaves, w->leaves * 3 / 4);
    w->arbitrary = HorizonMask::Empty(w->leaves);
    for (uint32_t r = 0; r < w->leaves; ++r) {
      if (rng() % 10 < 6) w->arbitrary.SetLeaf(r);
    }
    w->arbitrary.Finalize();
    return w;
  }();
  return *w;
}

void BM_AsOfUniform(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.ix->AsOfDigest(w.uniform[i & 65535], w.keys[i & 65535], w.prefix));
    ++i;
  }
}
BENCHMARK(BM_AsOfUniform);

void BM_AsOfHubs(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.ix->AsOfDigest(w.hubs[i & 65535], w.keys[i & 65535], w.prefix));
    ++i;
  }
}
BENCHMARK(BM_AsOfHubs);

// The tail of hub as-of: each query timed alone (steady_clock, ~20 ns of
// overhead), p50/p99/max and the answers of the p99 query as counters.
void BM_AsOfHubsTail(benchmark::State& s) {
  World& w = GetWorld();
  std::vector<std::pair<double, uint64_t>> t;  // (ns, answers)
  t.reserve(65536);
  size_t i = 0;
  for (auto _ : s) {
    const auto t0 = std::chrono::steady_clock::now();
    const AnswerDigest d = w.ix->AsOfDigest(w.hubs[i & 65535], w.keys[i & 65535], w.prefix);
    const auto t1 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(d);
    t.push_back({std::chrono::duration<double, std::nano>(t1 - t0).count(), d.count});
    ++i;
  }
  std::sort(t.begin(), t.end());
  s.counters["p50_ns"] = t[t.size() / 2].first;
  s.counters["p99_ns"] = t[t.size() * 99 / 100].first;
  s.counters["p99_answers"] = static_cast<double>(t[t.size() * 99 / 100].second);
  s.counters["max_ns"] = t.back().first;
}
BENCHMARK(BM_AsOfHubsTail)->Iterations(65536);

void BM_AsOfArbitrarySet(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(
        w.ix->AsOfDigest(w.uniform[i & 65535], w.keys[i & 65535], w.arbitrary));
    ++i;
  }
}
BENCHMARK(BM_AsOfArbitrarySet);

void BM_AsOfBatch(benchmark::State& s) {
  World& w = GetWorld();
  std::vector<AsOfQuery> qs(4096);
  for (size_t i = 0; i < qs.size(); ++i) qs[i] = {w.uniform[i], w.keys[i]};
  std::vector<AnswerDigest> out(qs.size());
  for (auto _ : s) {
    w.ix->AsOfBatch(qs, w.prefix, out);
    benchmark::DoNotOptimize(out.data());
  }
  s.SetItemsProcessed(s.iterations() * qs.size());
}
BENCHMARK(BM_AsOfBatch);

void BM_HistoryHubs(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  double bytes = 0;  // run bytes read: the output-bound floor is bytes / bandwidth
  for (auto _ : s) {
    const EntityId e = w.hubs[i++ & 65535];
    benchmark::DoNotOptimize(w.ix->HistoryDigest(e, w.prefix));
    bytes += static_cast<double>(w.ix->RunOf(e).size_bytes());
  }
  s.counters["run_bytes_per_query"] = bytes / static_cast<double>(s.iterations());
  s.counters["scan_rate"] = benchmark::Counter(bytes, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_HistoryHubs);

void BM_Neighbours(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.ix->Neighbours(w.uniform[i & 65535], w.keys[i & 65535], w.prefix));
    ++i;
  }
}
BENCHMARK(BM_Neighbours);

void BM_ShortestPath4(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) {
    benchmark::DoNotOptimize(w.ix->ShortestPath(w.uniform[i & 65535], w.uniform[(i + 1) & 65535],
                                                w.keys[i & 65535], w.prefix));
    ++i;
  }
}
BENCHMARK(BM_ShortestPath4);

void BM_Timeslice(benchmark::State& s) {
  World& w = GetWorld();
  size_t i = 0;
  for (auto _ : s) benchmark::DoNotOptimize(w.ix->Timeslice(w.keys[i++ & 65535], w.prefix));
}
BENCHMARK(BM_Timeslice)->Unit(benchmark::kMillisecond);

void BM_ContinuityCheck(benchmark::State& s) {
  World& w = GetWorld();
  for (auto _ : s) benchmark::DoNotOptimize(w.ci->Check());
}
BENCHMARK(BM_ContinuityCheck)->Unit(benchmark::kMillisecond);

void BM_IndexBuild(benchmark::State& s) {
  World& w = GetWorld();
  for (auto _ : s) benchmark::DoNotOptimize(FactIndex::Build(w.u));
  s.SetItemsProcessed(s.iterations() * w.u.facts.size());
}
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kMillisecond);

// Not a timing: the index's bytes per fact and their breakdown, as counters.
void BM_IndexBytes(benchmark::State& s) {
  World& w = GetWorld();
  IndexStats st;
  for (auto _ : s) benchmark::DoNotOptimize(st = w.ix->Stats());
  const double nf = static_cast<double>(st.facts);
  s.counters["facts"] = nf;
  s.counters["entries_per_fact"] = st.entries / nf;
  s.counters["B_per_fact"] = st.bytes / nf;
  s.counters["entry_B"] = st.entry_bytes / nf;
  s.counters["run_B"] = st.run_bytes / nf;
  s.counters["checkpoint_B"] = st.checkpoint_bytes / nf;
  s.counters["pair_B"] = st.pair_bytes / nf;
  // The same index in the version-1 layout (20-byte entries with `other`,
  // start/end key columns per fact, a key column per point, pair runs as
  // entry copies), from the same counts, without vector slack: the "before".
  const double v1 = st.entries * 20.0 + st.facts * 8.0 + w.u.points.size() * 4.0 +
                    st.entities * 16.0 + st.hubs * 8.0 + st.checkpoints * 12.0 +
                    st.checkpoint_entries * 4.0 + st.hub_pairs * 12.0 + 4.0 +
                    st.pair_entries * 20.0;
  s.counters["v1_layout_B_per_fact"] = v1 / nf;
  s.counters["v1_pair_B"] = (st.hub_pairs * 12.0 + 4.0 + st.pair_entries * 20.0) / nf;
  s.counters["v1_checkpoint_B"] =
      (st.hubs * 8.0 + st.checkpoints * 12.0 + st.checkpoint_entries * 4.0) / nf;
  s.counters["points_per_fact"] = static_cast<double>(w.u.points.size()) / nf;
}
BENCHMARK(BM_IndexBytes)->Iterations(1);

}  // namespace
}  // namespace canon

BENCHMARK_MAIN();
