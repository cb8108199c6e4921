// Tests of the generator: determinism, option checks, and that its text is
// accepted by the real front end (compile + story time) without errors.
#include "gen/gen.h"

#include <gtest/gtest.h>

#include <set>

#include "diag/diagnostics.h"
#include "lang/compile.h"
#include "time/resolve.h"

namespace canon {
namespace {

GenOptions Small(uint64_t seed) {
  GenOptions o;
  o.entities = 300;
  o.facts = 3000;
  o.works = 120;
  o.seed = seed;
  o.planted_per_rule = 3;
  return o;
}

TEST(GenTest, SameSeedSameText) {
  Result<std::string> a = GenerateCanonText(Small(7));
  Result<std::string> b = GenerateCanonText(Small(7));
  Result<std::string> c = GenerateCanonText(Small(8));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  EXPECT_GT(a->size(), 100000u);
}

TEST(GenTest, RejectsBadOptions) {
  GenOptions o = Small(1);
  o.facts = 10;
  Status s = ValidateGenOptions(o);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("--facts"), std::string::npos);
  o = Small(1);
  o.works = 30;  // 3 continuities need 60
  EXPECT_FALSE(ValidateGenOptions(o).ok());
  o = Small(1);
  o.zipf_s = 0;
  EXPECT_FALSE(ValidateGenOptions(o).ok());
  EXPECT_TRUE(ValidateGenOptions(Small(1)).ok());
}

TEST(GenTest, CountsAndPlantedErrors) {
  GenSummary sum;
  Result<std::string> text = GenerateCanonText(Small(3), &sum);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(sum.facts, 3000u);
  EXPECT_EQ(sum.entities, 300u);
  EXPECT_EQ(sum.leaves, 120u);
  std::set<PlantedError::Rule> rules;
  for (const PlantedError& e : sum.planted) rules.insert(e.rule);
  EXPECT_EQ(sum.planted.size(), 9u);
  EXPECT_EQ(rules.size(), 3u);
}

// The generated text must compile with no errors and no warnings at all,
// and its story time must resolve.
TEST(GenTest, CompilesCleanly) {
  for (uint64_t seed : {1, 2}) {
    for (double zipf : {0.9, 1.1}) {
      GenOptions o = Small(seed);
      o.zipf_s = zipf;
      Result<std::string> text = GenerateCanonText(o);
      ASSERT_TRUE(text.ok());
      SourceManager sources;
      uint32_t file = sources.AddFile("gen.canon", *text);
      DiagnosticSink sink;
      Universe u = CompileSources(sources, {file}, sink);
      if (!sink.has_errors()) ResolveStoryTime(u, sink);
      std::string rendered = RenderDiagnostics(sink.diagnostics(), sources);
      EXPECT_EQ(sink.error_count(), 0u) << rendered.substr(0, 3000);
      EXPECT_EQ(sink.warning_count(), 0u) << rendered.substr(0, 3000);
      EXPECT_TRUE(u.time.resolved);
      EXPECT_GE(u.facts.size(), 3000u);
      EXPECT_EQ(u.continuities.size(), 3u);
    }
  }
}

// Presence is written as `appears` lines and knowledge use as `uses`
// clauses of events, and the model holds them as such.
TEST(GenTest, PresenceAsAppearsAndUsesAsClauses) {
  GenSummary sum;
  Result<std::string> text = GenerateCanonText(Small(5), &sum);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->find("acts_on"), std::string::npos);
  EXPECT_EQ(text->find("kind appearance"), std::string::npos);
  EXPECT_NE(text->find("\nappears e"), std::string::npos);
  EXPECT_NE(text->find(" uses s"), std::string::npos);
  SourceManager sources;
  uint32_t file = sources.AddFile("gen.canon", *text);
  DiagnosticSink sink;
  Universe u = CompileSources(sources, {file}, sink);
  ASSERT_FALSE(sink.has_errors()) << RenderDiagnostics(sink.diagnostics(), sources);
  EXPECT_EQ(u.appearances.size(), sum.presence);
  EXPECT_GT(sum.presence, 0u);
  uint64_t uses = 0;
  for (const Event& ev : u.events) {
    for (const Event::Use& use : ev.uses) {
      ++uses;
      EXPECT_NE(use.who, kNone);
      EXPECT_FALSE(use.target_is_fact);
    }
  }
  EXPECT_EQ(uses, sum.uses);
  EXPECT_GT(sum.uses, 0u);
  // Planted keys: a leaf path for presence, a secret event id for knowledge.
  for (const PlantedError& e : sum.planted) {
    if (e.rule == PlantedError::Rule::kPresenceAfterDeath) {
      EXPECT_EQ(e.key.rfind("cm", 0) == 0 || e.key.rfind("tv", 0) == 0, true) << e.key;
    } else if (e.rule == PlantedError::Rule::kKnowledgeBeforeLearned) {
      EXPECT_EQ(e.key[0], 's') << e.key;
    }
  }
}

}  // namespace
}  // namespace canon
