// FactIndex tests: every fast path against the exact per-fact rule
// (FactHolds/FactVisible) on generated universes and on a hand-written one
// with every complex case; continuity rules against the planted errors;
// snapshots round-trip and reject foreign files.
#include "index/fact_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "gen/gen.h"
#include "index/continuity.h"
#include "index/snapshot.h"
#include "lang/compile.h"
#include "time/resolve.h"

namespace canon {
namespace {

struct Compiled {
  SourceManager sources;
  Universe u;
};

std::unique_ptr<Compiled> CompileText(const std::string& text) {
  auto c = std::make_unique<Compiled>();
  uint32_t file = c->sources.AddFile("t.canon", text);
  DiagnosticSink sink;
  c->u = CompileSources(c->sources, {file}, sink);
  if (!sink.has_errors()) ResolveStoryTime(c->u, sink);
  EXPECT_FALSE(sink.has_errors()) << RenderDiagnostics(sink.diagnostics(), c->sources);
  return c;
}

std::unique_ptr<Compiled> Generated(uint64_t seed, double zipf, GenSummary* sum = nullptr) {
  GenOptions o;
  o.entities = 400;
  o.facts = 12000;
  o.works = 150;
  o.seed = seed;
  o.zipf_s = zipf;
  o.planted_per_rule = 4;
  Result<std::string> text = GenerateCanonText(o, sum);
  EXPECT_TRUE(text.ok());
  return CompileText(*text);
}

// Reference answer: every fact, one at a time, by the exact rule.
std::vector<FactId> BruteAsOf(const FactIndex& ix, EntityId e, TimeKey key, const HorizonMask& h) {
  std::vector<FactId> out;
  const Universe& u = ix.universe();
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    const bool involves =
        fact.subject == e || (fact.object.kind == ValueKind::kEntity && fact.object.entity == e);
    if (involves && ix.FactHolds(f, key, h)) out.push_back(f);
  }
  return out;
}

std::vector<HorizonMask> Horizons(uint32_t leaves, std::mt19937& rng) {
  std::vector<HorizonMask> hs;
  hs.push_back(HorizonMask::Prefix(leaves, leaves));
  hs.push_back(HorizonMask::Prefix(leaves, leaves / 3));
  hs.push_back(HorizonMask::Prefix(leaves, 0));
  HorizonMask odd = HorizonMask::Empty(leaves);
  for (uint32_t r = 0; r < leaves; ++r) {
    if (rng() % 3 != 0) odd.SetLeaf(r);
  }
  odd.Finalize();
  hs.push_back(odd);
  return hs;
}

TEST(HorizonMaskTest, PrefixDetection) {
  HorizonMask m = HorizonMask::Empty(100);
  for (uint32_t r = 0; r < 70; ++r) m.SetLeaf(r);
  m.Finalize();
  EXPECT_TRUE(m.is_prefix());
  EXPECT_EQ(m.prefix(), 70u);
  m.SetLeaf(90);
  m.Finalize();
  EXPECT_FALSE(m.is_prefix());
  EXPECT_TRUE(m.AllLeaves(0, 70));
  EXPECT_FALSE(m.AllLeaves(0, 71));
  EXPECT_TRUE(m.AllLeaves(90, 91));
  EXPECT_FALSE(m.AllLeaves(5, 5));
}

TEST(CutKeyTest, MatchesDoubledRankRule) {
  // fact [rank 3, rank 7): holds for cuts 6..13.
  const TimeKey s = 3 + 1, e = 7 + 1;
  for (int64_t cut = -3; cut < 20; ++cut) {
    const bool expect = 2 * 3 <= cut && cut < 2 * 7;
    const TimeKey k = CutKey(cut);
    EXPECT_EQ(s <= k && k < e, expect) << cut;
  }
  EXPECT_LE(TimeKey{0}, CutKey(-1));  // open starts hold before everything
}

TEST(FactIndexTest, AsOfMatchesBruteForceOnGeneratedUniverses) {
  for (double zipf : {0.9, 1.1}) {
    auto c = Generated(11, zipf);
    Result<std::unique_ptr<FactIndex>> ix = FactIndex::Build(c->u);
    ASSERT_TRUE(ix.ok()) << ix.status().ToString();
    const FactIndex& x = **ix;
    EXPECT_GT(x.Stats().hubs, 0u);  // the skew must produce hubs at this size
    std::mt19937 rng(5);
    const uint32_t leaves = static_cast<uint32_t>(c->u.release_order.size());
    const uint32_t ranks = RankCount(c->u);
    for (const HorizonMask& h : Horizons(leaves, rng)) {
      for (int q = 0; q < 300; ++q) {
        // Bias half the queries to hubs.
        EntityId e = static_cast<EntityId>(rng() % c->u.entities.size());
        if (q % 2 == 0) {
          e = c->u.facts[rng() % c->u.facts.size()].subject;
        }
        const TimeKey key = CutKey(CutAtRank(rng() % (ranks + 1)) - (rng() % 2));
        std::vector<FactId> got = x.AsOfFacts(e, key, h);
        EXPECT_EQ(got, BruteAsOf(x, e, key, h)) << "entity " << e << " key " << key;
        AnswerDigest d;
        for (FactId f : got) d.Add(f);
        EXPECT_EQ(x.AsOfDigest(e, key, h), d);
      }
    }
  }
}

// The branch-free digests (as-of and history) against the exact per-fact
// rule, for prefix, arbitrary-set, partial-leaf and empty horizons, and the
// byte accounting of the compact layout.
TEST(FactIndexTest, DigestsMatchTheExactRule) {
  auto c = Generated(14, 1.1);
  auto ix = FactIndex::Build(c->u);
  ASSERT_TRUE(ix.ok());
  const FactIndex& x = **ix;
  const Universe& u = c->u;
  std::mt19937 rng(17);
  const uint32_t leaves = static_cast<uint32_t>(u.release_order.size());
  std::vector<HorizonMask> hs = Horizons(leaves, rng);
  hs.push_back(HorizonMask());  // default: no leaves at all
  HorizonMask partial = HorizonMask::Prefix(leaves, leaves / 2);
  partial.AddPartial(leaves / 2, RevealPoint::PositionKind::kSeconds, 600);
  partial.Finalize();
  hs.push_back(partial);
  // Facts of each entity, for the brute-force references.
  std::vector<std::vector<FactId>> of(u.entities.size());
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    of[fact.subject].push_back(f);
    if (fact.object.kind == ValueKind::kEntity && fact.object.entity != fact.subject) {
      of[fact.object.entity].push_back(f);
    }
  }
  const uint32_t ranks = RankCount(u);
  for (const HorizonMask& h : hs) {
    for (int q = 0; q < 150; ++q) {
      const EntityId e = q % 2 == 0 ? u.facts[rng() % u.facts.size()].subject
                                    : static_cast<EntityId>(rng() % u.entities.size());
      AnswerDigest hist, asof;
      const TimeKey key = CutKey(CutAtRank(rng() % (ranks + 1)));
      for (FactId f : of[e]) {
        if (x.FactVisible(f, h)) hist.Add(f);
        if (x.FactHolds(f, key, h)) asof.Add(f);
      }
      EXPECT_EQ(x.HistoryDigest(e, h), hist) << "entity " << e;
      EXPECT_EQ(x.AsOfDigest(e, key, h), asof) << "entity " << e << " key " << key;
    }
  }
  // Moments on the boundaries of complex facts of the longest runs (where a
  // placement key and a viewer key meet).
  std::vector<EntityId> by_size(u.entities.size());
  for (EntityId e = 0; e < u.entities.size(); ++e) by_size[e] = e;
  std::sort(by_size.begin(), by_size.end(),
            [&](EntityId p, EntityId q) { return x.RunOf(p).size() > x.RunOf(q).size(); });
  int boundary_checks = 0;
  for (size_t k = 0; k < 10 && k < by_size.size(); ++k) {
    const EntityId e = by_size[k];
    for (const FactIndex::Entry& y : x.RunOf(e)) {
      if (!(y.reveal & FactIndex::kComplex)) continue;
      for (TimeKey key : {y.start, x.StartKey(y.fact), x.EndKey(y.fact) - 1, x.EndKey(y.fact)}) {
        for (const HorizonMask& h : {hs[0], hs[3]}) {
          AnswerDigest asof;
          for (FactId f : of[e]) {
            if (x.FactHolds(f, key, h)) asof.Add(f);
          }
          EXPECT_EQ(x.AsOfDigest(e, key, h), asof) << "entity " << e << " key " << key;
          ++boundary_checks;
        }
      }
    }
  }
  EXPECT_GT(boundary_checks, 0);
  // Other endpoints come from the Fact: the object for subject-side entries,
  // the subject for object-side ones.
  for (EntityId e = 0; e < u.entities.size(); e += 5) {
    for (const FactIndex::Entry& y : x.RunOf(e)) {
      const Fact& f = u.facts[y.fact];
      if (y.reveal & FactIndex::kObjectSide) {
        EXPECT_EQ(f.object.entity, e);
        EXPECT_EQ(x.Other(y), f.subject);
      } else {
        EXPECT_EQ(f.subject, e);
        EXPECT_EQ(x.Other(y), f.object.kind == ValueKind::kEntity ? f.object.entity : kNone);
      }
    }
  }
  const IndexStats st = x.Stats();
  EXPECT_EQ(st.bytes, st.entry_bytes + st.run_bytes + st.checkpoint_bytes + st.pair_bytes);
  EXPECT_EQ(st.entry_bytes, st.entries * sizeof(FactIndex::Entry));
  // The compact layout's budget (docs/performance.md, "Memory"): 16-byte
  // entries, about two per fact, plus hub and pair structures.
  EXPECT_LE(static_cast<double>(st.bytes) / st.facts, 40.0);
}

TEST(FactIndexTest, BatchEqualsSingleQueries) {
  auto c = Generated(12, 1.1);
  auto ix = FactIndex::Build(c->u);
  ASSERT_TRUE(ix.ok());
  const FactIndex& x = **ix;
  std::mt19937 rng(9);
  std::vector<AsOfQuery> qs(2000);
  for (AsOfQuery& q : qs) {
    q.entity = c->u.facts[rng() % c->u.facts.size()].subject;
    q.key = CutKey(CutAtRank(rng() % RankCount(c->u)));
  }
  HorizonMask h = HorizonMask::Prefix(c->u.release_order.size(), c->u.release_order.size() / 2);
  std::vector<AnswerDigest> out(qs.size());
  x.AsOfBatch(qs, h, out);
  for (size_t i = 0; i < qs.size(); ++i) {
    EXPECT_EQ(out[i], x.AsOfDigest(qs[i].entity, qs[i].key, h)) << i;
  }
}

TEST(FactIndexTest, PairHistoryNeighboursTimeslice) {
  auto c = Generated(13, 1.1);
  auto ix = FactIndex::Build(c->u);
  ASSERT_TRUE(ix.ok());
  const FactIndex& x = **ix;
  const Universe& u = c->u;
  EXPECT_GT(x.Stats().hub_pairs, 0u);
  std::mt19937 rng(3);
  HorizonMask h = HorizonMask::Prefix(u.release_order.size(), u.release_order.size() * 2 / 3);
  for (int q = 0; q < 200; ++q) {
    const Fact& f = u.facts[rng() % u.facts.size()];
    if (f.object.kind != ValueKind::kEntity) continue;
    const EntityId a = f.subject, b = f.object.entity;
    const TimeKey key = CutKey(CutAtRank(rng() % RankCount(u)));
    std::vector<FactId> expect;
    std::vector<FactId> expect_hist;
    for (FactId g = 0; g < u.facts.size(); ++g) {
      const Fact& fg = u.facts[g];
      if (fg.object.kind != ValueKind::kEntity) continue;
      if (!((fg.subject == a && fg.object.entity == b) ||
            (fg.subject == b && fg.object.entity == a)))
        continue;
      if (x.FactHolds(g, key, h)) expect.push_back(g);
      if (x.FactVisible(g, h)) expect_hist.push_back(g);
    }
    EXPECT_EQ(x.PairAsOfFacts(a, b, key, h), expect);
    std::vector<FactId> hist = x.PairHistory(a, b, h);
    for (size_t i = 1; i < hist.size(); ++i) {
      EXPECT_LE(x.StartKey(hist[i - 1]), x.StartKey(hist[i]));
    }
    std::sort(hist.begin(), hist.end());
    EXPECT_EQ(hist, expect_hist);
    // Neighbours = other endpoints of the as-of answers.
    std::set<EntityId> nb;
    for (FactId g : BruteAsOf(x, a, key, h)) {
      const Fact& fg = u.facts[g];
      if (fg.object.kind != ValueKind::kEntity) continue;
      EntityId o = fg.subject == a ? fg.object.entity : fg.subject;
      if (o != a) nb.insert(o);
    }
    EXPECT_EQ(x.Neighbours(a, key, h), std::vector<EntityId>(nb.begin(), nb.end()));
    if (!nb.empty()) {
      EXPECT_EQ(x.ShortestPath(a, *nb.begin(), key, h), 1);
    }
    EXPECT_EQ(x.ShortestPath(a, a, key, h), 0);
  }
  // Timeslice = sum over all facts of the exact rule.
  const TimeKey key = CutKey(CutAtRank(RankCount(u) / 2));
  AnswerDigest d;
  for (FactId g = 0; g < u.facts.size(); ++g) {
    if (x.FactHolds(g, key, h)) d.Add(g);
  }
  EXPECT_EQ(x.Timeslice(key, h), d);
  // History of an entity: every visible fact of it, in story order.
  const EntityId hub = u.facts[0].subject;
  std::vector<FactId> hist = x.History(hub, h);
  AnswerDigest hd;
  for (FactId g : hist) hd.Add(g);
  EXPECT_EQ(x.HistoryDigest(hub, h), hd);
}

// A hand-written universe with every slow-path case: overturned facts, a
// non-leaf reveal, several reveal points, a positioned reveal, facts set and
// ended by events, and facts revealed with their entity.
constexpr char kComplexUniverse[] = R"(universe "t"
continuity c "C"
use c
series tv "TV"
  season s1 released 2001-01-01 episodes 4
  season s2 released 2002-01-01 episodes 4
character a "A" introduced tv.s1e1
  alias "Ace"
character b "B"
character d "D"
place p "P"
place q "Q"
fact a knows b from during tv.s1e1 revealed tv.s1e2 overturned tv.s2e1
fact a friends d from during tv.s1e2 revealed tv.s1
fact a enemy_of b from during tv.s1e3 until during tv.s2e2 revealed tv.s2e3, tv.s1e4@10:00
fact a lives_in p revealed tv.s1e1
event m: a marries d revealed tv.s1e3
event brk: a breaks_up_with b revealed tv.s2e2
fact a dating b from during tv.s1e1 revealed tv.s1e1
event death: b dies revealed tv.s2e4
event move: a moves story during tv.s2e1 revealed tv.s2e1
  sets a lives_in q
)";

TEST(FactIndexTest, ComplexFactsFollowTheExactRules) {
  auto c = CompileText(kComplexUniverse);
  const Universe& u = c->u;
  auto ix = FactIndex::Build(u);
  ASSERT_TRUE(ix.ok());
  const FactIndex& x = **ix;
  EXPECT_GT(x.Stats().complex_facts, 3u);
  const uint32_t leaves = static_cast<uint32_t>(u.release_order.size());
  std::vector<HorizonMask> hs;
  for (uint32_t p = 0; p <= leaves; ++p) hs.push_back(HorizonMask::Prefix(leaves, p));
  HorizonMask partial = HorizonMask::Prefix(leaves, 3);
  partial.AddPartial(3, RevealPoint::PositionKind::kSeconds, 700);  // tv.s1e4 up to 11:40
  partial.Finalize();
  hs.push_back(partial);
  HorizonMask holes = HorizonMask::Empty(leaves);
  for (uint32_t r : {0u, 2u, 5u, 7u}) holes.SetLeaf(r);
  holes.Finalize();
  hs.push_back(holes);
  for (const HorizonMask& h : hs) {
    for (uint32_t r = 0; r <= RankCount(u); ++r) {
      for (int64_t cut : {CutAtRank(r), CutAtRank(r) - 1}) {
        const TimeKey key = CutKey(cut);
        for (EntityId e = 0; e < u.entities.size(); ++e) {
          EXPECT_EQ(x.AsOfFacts(e, key, h), BruteAsOf(x, e, key, h));
        }
      }
    }
  }
  // Spot checks of the rules themselves.
  const FactId knows = 0;  // first fact: overturned at tv.s2e1 (rank 4)
  EXPECT_TRUE(x.FactVisible(knows, HorizonMask::Prefix(leaves, 2)));
  EXPECT_FALSE(x.FactOverturned(knows, HorizonMask::Prefix(leaves, 2)));
  EXPECT_TRUE(x.FactOverturned(knows, HorizonMask::Prefix(leaves, 5)));
  const FactId friends = 1;  // revealed in the whole of season 1
  EXPECT_FALSE(x.FactVisible(friends, HorizonMask::Prefix(leaves, 3)));
  EXPECT_TRUE(x.FactVisible(friends, HorizonMask::Prefix(leaves, 4)));
  const FactId enemy = 2;  // tv.s2e3 or tv.s1e4@10:00
  EXPECT_FALSE(x.FactVisible(enemy, HorizonMask::Prefix(leaves, 3)));
  EXPECT_TRUE(x.FactVisible(enemy, partial));
}

TEST(ContinuityTest, FindsExactlyThePlantedErrors) {
  for (uint64_t seed : {21, 22, 23}) {
    GenSummary sum;
    auto c = Generated(seed, seed == 22 ? 1.1 : 0.9, &sum);
    auto ix = FactIndex::Build(c->u);
    ASSERT_TRUE(ix.ok());
    ContinuityIndex ci = ContinuityIndex::Build(**ix);
    std::multiset<std::string> found, planted;
    for (const ContinuityViolation& v : ci.Check()) found.insert(ci.Key(v));
    for (const PlantedError& p : sum.planted) {
      planted.insert(std::string(PlantedRuleName(p.rule)) + "\t" + p.entity + "\t" + p.key);
    }
    EXPECT_EQ(planted.size(), 12u);
    EXPECT_EQ(found, planted) << "seed " << seed;
  }
}

TEST(SnapshotTest, RoundTripAndRejectsOtherUniverses) {
  auto c = Generated(31, 1.1);
  auto ix = FactIndex::Build(c->u);
  ASSERT_TRUE(ix.ok());
  const std::string path = ::testing::TempDir() + "/canon_index_test.cnix";
  ASSERT_TRUE(IndexSnapshot::Save(**ix, path).ok());
  auto back = IndexSnapshot::Load(path, c->u);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  const FactIndex& x = **ix;
  const FactIndex& y = **back;
  EXPECT_EQ(x.Stats().bytes > 0, true);
  EXPECT_EQ(x.Stats().entries, y.Stats().entries);
  HorizonMask h = HorizonMask::Prefix(c->u.release_order.size(), c->u.release_order.size());
  for (EntityId e = 0; e < c->u.entities.size(); e += 7) {
    for (uint32_t r = 0; r < RankCount(c->u); r += 97) {
      EXPECT_EQ(x.AsOfFacts(e, CutKey(CutAtRank(r)), h), y.AsOfFacts(e, CutKey(CutAtRank(r)), h));
    }
  }
  auto other = Generated(32, 1.1);
  auto bad = IndexSnapshot::Load(path, other->u);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption);
  // Truncated file.
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string s = buf.str();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << s.substr(0, s.size() / 2);
  }
  auto truncated = IndexSnapshot::Load(path, c->u);
  EXPECT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), StatusCode::kCorruption);
  // Another version, and a damaged entry: Corruption, never a crash.
  ASSERT_TRUE(IndexSnapshot::Save(x, path).ok());
  std::string good;
  {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    good = buf.str();
  }
  auto write = [&](const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
  };
  std::string old_version = good;
  old_version[4] = 1;  // version field follows the 4-byte magic
  write(old_version);
  auto v1 = IndexSnapshot::Load(path, c->u);
  ASSERT_FALSE(v1.ok());
  EXPECT_EQ(v1.status().code(), StatusCode::kCorruption);
  EXPECT_NE(v1.status().ToString().find("version 1"), std::string::npos) << v1.status().ToString();
  // A damaged count (entries, counts[4] at byte 48) must not allocate wildly:
  // 2^34 entries would be 256 GiB.
  std::string bad_count = good;
  for (size_t i = 0; i < 8; ++i) bad_count[48 + i] = 0;
  bad_count[48 + 4] = 4;
  write(bad_count);
  auto huge = IndexSnapshot::Load(path, c->u);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), StatusCode::kCorruption);
  // Header (128 bytes once padded), the runs (16 bytes each, padded to 64),
  // then the entries: the first entry's fact id sits 8 bytes in.
  const size_t runs_bytes = (c->u.entities.size() * 16 + 63) / 64 * 64;
  std::string bad_fact = good;
  const size_t at = 128 + runs_bytes + 8;
  ASSERT_LT(at + 4, bad_fact.size());
  for (size_t i = 0; i < 4; ++i) bad_fact[at + i] = static_cast<char>(0xFF);
  write(bad_fact);
  auto damaged = IndexSnapshot::Load(path, c->u);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), StatusCode::kCorruption);
  EXPECT_NE(damaged.status().ToString().find("entry"), std::string::npos)
      << damaged.status().ToString();
  std::remove(path.c_str());
  EXPECT_EQ(IndexSnapshot::Load(path, c->u).status().code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace canon
