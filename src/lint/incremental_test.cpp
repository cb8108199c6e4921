// The incremental mode gives exactly the output of a full run, and re-checks
// only the entities an edit can affect; and on generated universes with
// planted errors the checker finds exactly those.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "gen/gen.h"
#include "lang/compile.h"
#include "lint/lint.h"
#include "time/resolve.h"

namespace canon {
namespace {

struct LintRun {
  std::string text;  // rendered diagnostics
  LintReport report;
  Universe u;
};

LintRun LintText(const std::string& source, LintCache* cache, const LintOptions& base = {}) {
  SourceManager sm;
  uint32_t f = sm.AddFile("u.canon", source);
  DiagnosticSink sink;
  LintRun r;
  r.u = CompileSources(sm, {f}, sink);
  EXPECT_FALSE(sink.has_errors()) << RenderDiagnostics(sink.diagnostics(), sm);
  DiagnosticSink ts;
  ResolveStoryTime(r.u, ts);
  LintOptions o = base;
  o.time_ok = !ts.has_errors();
  o.cache = cache;
  r.report = RunLint(r.u, o, sink.diagnostics());
  r.text = RenderLintText(r.report, sm, {true, true});
  return r;
}

std::string Generated(uint64_t seed, uint64_t facts, GenSummary* summary = nullptr,
                      uint64_t entities = 80) {
  GenOptions o;
  o.entities = entities;
  o.facts = facts;
  o.works = 60;
  o.seed = seed;
  o.planted_per_rule = 3;
  Result<std::string> text = GenerateCanonText(o, summary);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? text.value() : "";
}

// Older generator output said "X acts on what they know of EVENT" as facts
// `X acts_on "EVENT"`; the language says it with `uses`. Rewrite each such
// fact as an event of X that uses EVENT at the fact's story time. (The
// generator now writes `uses` clauses itself; this leaves its text as is.)
std::string ActsOnAsUses(const std::string& text) {
  static const std::regex re(R"re(^fact (\S+) acts_on "(\S+)" from (.*?) revealed (\S+)$)re");
  std::istringstream in(text);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, re)) {
      out += "event use_" + std::to_string(n++) + ": " + m[1].str() + " acts_on_secret story " +
             m[3].str() + " revealed " + m[4].str() + " uses " + m[2].str() + " by " + m[1].str() +
             "\n";
    } else {
      out += line + "\n";
    }
  }
  return out;
}

size_t EntityCount(const LintRun& r) { return r.u.entities.size(); }

TEST(Incremental, SameOutputAndNothingRecheckedWhenUnchanged) {
  const std::string text = ActsOnAsUses(Generated(1, 600));
  LintRun full = LintText(text, nullptr);
  ASSERT_FALSE(full.report.diagnostics.empty());
  LintCache cache;
  LintRun first = LintText(text, &cache);
  EXPECT_EQ(first.text, full.text);
  EXPECT_EQ(first.report.keys_checked, EntityCount(full));
  LintRun second = LintText(text, &cache);
  EXPECT_EQ(second.text, full.text);
  EXPECT_EQ(second.report.keys_checked, 0u);
}

TEST(Incremental, ShiftedLinesAndIdsRecheckNothing) {
  const std::string text = ActsOnAsUses(Generated(2, 600));
  LintCache cache;
  LintText(text, &cache);
  // A comment at the top shifts every line; a new entity declared first
  // shifts every entity id; a new event shifts every story rank after it.
  std::string edited = text;
  edited.insert(0, "# a new first line\n");
  size_t use = edited.find("\nuse c0\n");
  ASSERT_NE(use, std::string::npos);
  edited.insert(use + 8, "character zz_new \"Newcomer\"\n");
  LintRun inc = LintText(edited, &cache);
  LintRun full = LintText(edited, nullptr);
  EXPECT_EQ(inc.text, full.text);
  // Only the new entity (never seen) is checked.
  EXPECT_EQ(inc.report.keys_checked, 1u);
}

TEST(Incremental, AnEditToOneEntityRechecksOnlyIt) {
  const std::string text = ActsOnAsUses(Generated(3, 600));
  LintCache cache;
  LintRun base = LintText(text, &cache);
  // An event of one character in the middle of the story: every later rank
  // shifts, but only this character's inputs change.
  std::string edited =
      text + "use c0\nevent zz_thought: e0 ponders story during cm0.v1.5 revealed cm0.v1.5\n";
  LintRun inc = LintText(edited, &cache);
  LintRun full = LintText(edited, nullptr);
  EXPECT_EQ(inc.text, full.text);
  EXPECT_EQ(inc.report.keys_checked, 1u);
  // A planted error on that entity appears, and only that key ran.
  std::string killed = edited + "event zz_dies: e0 dies story during cm0.v1.2 revealed cm0.v1.2\n";
  LintRun inc2 = LintText(killed, &cache);
  LintRun full2 = LintText(killed, nullptr);
  EXPECT_EQ(inc2.text, full2.text);
  EXPECT_EQ(inc2.report.keys_checked, 1u);
  EXPECT_NE(full2.text, full.text);
}

// Random edits (drop, duplicate or move a statement line) never make the
// incremental output differ from a full run.
TEST(Incremental, RandomEditsMatchFullRuns) {
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const std::string text = ActsOnAsUses(Generated(seed, 400));
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    LintCache cache;
    LintText(text, &cache);
    uint64_t rng = seed * 0x9e3779b97f4a7c15ULL;
    auto next = [&] {
      rng ^= rng << 13;
      rng ^= rng >> 7;
      rng ^= rng << 17;
      return rng;
    };
    for (int round = 0; round < 4; ++round) {
      // Only top-level fact lines are edited, so the result still compiles.
      std::vector<size_t> facts;
      for (size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("fact ", 0) == 0) facts.push_back(i);
      }
      ASSERT_FALSE(facts.empty());
      size_t i = facts[next() % facts.size()];
      switch (next() % 3) {
        case 0:
          lines.erase(lines.begin() + static_cast<long>(i));
          break;
        case 1:
          lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
          break;
        case 2: {
          size_t j = facts[next() % facts.size()];
          std::swap(lines[i], lines[j]);
          break;
        }
      }
      std::string edited;
      for (const std::string& l : lines) edited += l + "\n";
      LintRun inc = LintText(edited, &cache);
      LintRun full = LintText(edited, nullptr);
      ASSERT_EQ(inc.text, full.text) << "seed " << seed << " round " << round;
      EXPECT_LT(inc.report.keys_checked, EntityCount(full));
    }
  }
}

TEST(Incremental, CacheFileRoundTrip) {
  const std::string text = ActsOnAsUses(Generated(4, 300));
  LintCache cache;
  LintRun first = LintText(text, &cache);
  const std::string path = ::testing::TempDir() + "/lint_cache_test.json";
  ASSERT_TRUE(cache.Save(path).ok());
  Result<LintCache> loaded = LintCache::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded.value().size(), cache.size());
  LintRun again = LintText(text, &loaded.value());
  EXPECT_EQ(again.text, first.text);
  EXPECT_EQ(again.report.keys_checked, 0u);
  // A different rule selection invalidates every key.
  LintOptions only;
  only.rules = {"dead-acts"};
  LintRun sel = LintText(text, &loaded.value(), only);
  EXPECT_EQ(sel.report.keys_checked, EntityCount(first));
  // A tampered cache is refused (its checksum no longer matches).
  {
    ASSERT_TRUE(cache.Save(path).ok());
    std::ifstream in(path);
    nlohmann::json j = nlohmann::json::parse(in);
    size_t tampered = 0;
    for (auto& [key, v] : j["keys"].items()) {
      if (!v.contains("findings")) continue;
      for (auto& f : v["findings"]) {
        f[1] = nlohmann::json::array({0, 0});
        f[2] = 9999;
        ++tampered;
      }
    }
    ASSERT_GT(tampered, 0u);
    std::ofstream(path) << j.dump();
    Result<LintCache> bent = LintCache::Load(path);
    ASSERT_FALSE(bent.ok());
    EXPECT_NE(bent.status().message().find("checksum"), std::string::npos);
  }
  // Not a cache: a clear error.
  {
    std::ofstream bad(path);
    bad << "{\"hello\": 1}";
  }
  Result<LintCache> broken = LintCache::Load(path);
  EXPECT_FALSE(broken.ok());
  EXPECT_NE(broken.status().hint().find("delete it"), std::string::npos);
  // Missing: empty.
  Result<LintCache> missing = LintCache::Load(path + ".none");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing.value().size(), 0u);
}

// --- planted errors -------------------------------------------------------------------

TEST(Planted, FindsExactlyThePlantedErrors) {
  struct Case {
    uint64_t seed, entities, facts;
  };
  // Small universes, and a larger one with dozens of deaths (about 3% of
  // characters die), where every kind of activity of the dead is drawn.
  for (const Case& k :
       {Case{1, 80, 2000}, Case{7, 80, 2000}, Case{42, 80, 2000}, Case{5, 1500, 15000}}) {
    const uint64_t seed = k.seed;
    GenSummary summary;
    const std::string text = ActsOnAsUses(Generated(seed, k.facts, &summary, k.entities));
    // Every continuity rule.
    LintOptions rules;
    rules.rules = {"dead-acts",
                   "unborn-acts",
                   "two-places",
                   "exclusive-overlap",
                   "undeclared-retcon",
                   "age-mismatch",
                   "knowledge-before-learned"};
    LintRun r = LintText(text, nullptr, rules);
    // The continuity in force on each line (`use cN`), to qualify local ids.
    std::vector<std::string> use_at{""};
    {
      std::istringstream in(text);
      std::string cur;
      for (std::string l; std::getline(in, l);) {
        if (l.rfind("use ", 0) == 0) cur = l.substr(4);
        use_at.push_back(cur);
      }
    }
    std::multiset<std::string> expected, found;
    for (const PlantedError& p : summary.planted) {
      switch (p.rule) {
        case PlantedError::Rule::kExclusiveOverlap:
          expected.insert("overlap " + p.entity + " " + p.key);
          break;
        case PlantedError::Rule::kPresenceAfterDeath:
          expected.insert("dead " + p.entity + " " + p.key);
          break;
        case PlantedError::Rule::kKnowledgeBeforeLearned:
          expected.insert("knowledge " + p.entity + " " + p.key);
          break;
      }
    }
    ASSERT_EQ(expected.size(), 9u) << "seed " << seed;  // 3 of each rule
    std::vector<std::string> unexpected;
    for (const Diagnostic& d : r.report.diagnostics) {
      if (d.severity == Severity::kNote) continue;
      std::smatch m;
      const std::string& msg = d.message;
      if (d.id == DiagId::kLintExclusiveOverlap || d.id == DiagId::kLintUndeclaredRetcon) {
        // "`e0 holds_rank agent` ... `e0 holds_rank recruit` ...": an
        // overlap found either way (as a retcon when the later release
        // rewrites earlier story time) is the planted overlap.
        static const std::regex re(R"(`(\S+) (\S+) (\S+)`.*?`\S+ \S+ (\S+)`)");
        ASSERT_TRUE(std::regex_search(msg, m, re)) << msg;
        std::string a = m[3], b = m[4];
        if (b < a) std::swap(a, b);
        found.insert("overlap " + use_at[d.loc.line] + ":" + m[1].str() + " " + m[2].str() + " " +
                     a + " " + b);
      } else if (d.id == DiagId::kLintDeadActs) {
        static const std::regex re(R"(^`(\S+)` takes part in event `(\S+)`)");
        // The generator's planted presences are `appears` lines; the key is
        // the work the dead character appears in.
        static const std::regex appears(R"(^`(\S+)` appears in `(\S+)`)");
        if (std::regex_search(msg, m, re) || std::regex_search(msg, m, appears)) {
          found.insert("dead " + m[1].str() + " " + m[2].str());
        } else {
          found.insert("dead " + msg);  // a relation, learning or use after death
        }
      } else if (d.id == DiagId::kLintKnowledgeBeforeLearned) {
        static const std::regex re(R"(^`(\S+)` acts on event `(\S+)`)");
        ASSERT_TRUE(std::regex_search(msg, m, re)) << msg;
        found.insert("knowledge " + m[1].str() + " " + m[2].str());
      } else {
        unexpected.push_back(msg);
      }
    }
    std::string all;
    for (const std::string& u : unexpected) all += u + "\n";
    EXPECT_TRUE(unexpected.empty())
        << "seed " << seed << ": " << unexpected.size() << " unexpected:\n"
        << all;
    // Exactly the planted errors: each is found, and nothing else is. The
    // generator keeps everything a character does (relations, learning,
    // using what it knows, appearing) before its death, except the planted
    // presences after death, and plants `lives_in` overlaps only between
    // places neither of which contains the other.
    std::multiset<std::string> missing, extra;
    std::set_difference(expected.begin(), expected.end(), found.begin(), found.end(),
                        std::inserter(missing, missing.begin()));
    std::set_difference(found.begin(), found.end(), expected.begin(), expected.end(),
                        std::inserter(extra, extra.begin()));
    for (const std::string& x : missing) ADD_FAILURE() << "seed " << seed << ": missed " << x;
    for (const std::string& x : extra) ADD_FAILURE() << "seed " << seed << ": unplanted " << x;
    EXPECT_EQ(found, expected) << "seed " << seed << "\n" << r.text.substr(0, 6000);
    EXPECT_EQ(found.size(), summary.planted.size()) << "seed " << seed;
  }
}

}  // namespace
}  // namespace canon
