// Unit tests of the continuity rules: small universes compiled from text
// with the real front end and resolved with the real time stage, plus one
// built by hand (no source locations, as from a store), settings,
// exemptions, and the example universe being clean.
#include "lint/lint.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lang/compile.h"
#include "time/resolve.h"
#include "time/test_builder.h"

namespace canon {
namespace {

struct Linted {
  SourceManager sm;
  Universe u;
  std::vector<Diagnostic> front;
  bool time_ok = true;
  LintReport r;

  std::vector<const Diagnostic*> Of(DiagId id) const {
    std::vector<const Diagnostic*> out;
    for (const Diagnostic& d : r.diagnostics) {
      if (d.id == id) out.push_back(&d);
    }
    return out;
  }
  std::string Text() const { return RenderLintText(r, sm, {true, true}); }
};

std::unique_ptr<Linted> Lint(const std::string& text, LintOptions o = {}) {
  auto l = std::make_unique<Linted>();
  uint32_t f = l->sm.AddFile("t.canon", text);
  DiagnosticSink sink;
  l->u = CompileSources(l->sm, {f}, sink);
  EXPECT_FALSE(sink.has_errors()) << RenderDiagnostics(sink.diagnostics(), l->sm);
  DiagnosticSink ts;
  ResolveStoryTime(l->u, ts);
  l->front = sink.diagnostics();
  l->front.insert(l->front.end(), ts.diagnostics().begin(), ts.diagnostics().end());
  l->time_ok = !ts.has_errors();
  o.time_ok = l->time_ok;
  l->r = RunLint(l->u, o, l->front);
  return l;
}

const char* kBase = R"(universe "T"
continuity c "C"
series s "S"
  season s1 released 2015-01-01 episodes 4
character a "A"
character b "B"
character g "G"
)";

// --- dead-acts ---------------------------------------------------------------

TEST(DeadActs, EventAfterDeath) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event party: b meets a revealed s.s1.e3\n");
  auto ds = l->Of(DiagId::kLintDeadActs);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_EQ(ds[0]->loc.line, 9u);
  EXPECT_NE(ds[0]->message.find("`a` takes part in event `party` as `participant`"),
            std::string::npos)
      << ds[0]->message;
  EXPECT_NE(ds[0]->message.find("but is dead by then"), std::string::npos);
  ASSERT_EQ(ds[0]->notes.size(), 1u);
  EXPECT_EQ(ds[0]->notes[0].loc.line, 8u);
  EXPECT_NE(ds[0]->notes[0].message.find("`a` dies here: event `a_dies`"), std::string::npos);
  EXPECT_TRUE(l->r.has_errors());
}

TEST(DeadActs, FlashbackBeforeDeathIsFine) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event old_times: b meets a story before a_dies revealed s.s1.e3\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty()) << l->Text();
}

TEST(DeadActs, PassiveRoleAndOwnDeathAreFine) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event found: b finds a revealed s.s1.e3\n"
                "event last_words: a whispers_to b story at a_dies revealed s.s1.e1\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty()) << l->Text();
}

TEST(DeadActs, ResurrectionEndsDeath) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event back: a returns revealed s.s1.e2\n"
                "event party: b meets a revealed s.s1.e3\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty()) << l->Text();
}

TEST(DeadActs, KilledTwice) {
  auto l = Lint(std::string(kBase) +
                "event first: b kills a revealed s.s1.e1\n"
                "event second: g kills a revealed s.s1.e3\n");
  auto ds = l->Of(DiagId::kLintDeadActs);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->message.find("as `victim`"), std::string::npos);
}

TEST(DeadActs, AppearanceLearnsAndUses) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event secret: b hides g revealed s.s1.e1\n"
                "appears a in s.s1.e3\n"
                "learns a secret from during s.s1.e4 revealed s.s1.e4\n"
                "event plot: b plans revealed s.s1.e4 uses secret by a\n");
  auto ds = l->Of(DiagId::kLintDeadActs);
  ASSERT_EQ(ds.size(), 3u) << l->Text();
  EXPECT_NE(ds[0]->message.find("appears in `s.s1.e3`"), std::string::npos) << ds[0]->message;
  EXPECT_NE(ds[0]->message.find("dead for all of that story time"), std::string::npos);
  EXPECT_NE(ds[1]->message.find("learns of event `secret`"), std::string::npos);
  EXPECT_NE(ds[2]->message.find("acts on event `secret` at event `plot`"), std::string::npos);
}

TEST(DeadActs, AppearanceInTheEpisodeOfTheDeathIsFine) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e2\n"
                "appears a in s.s1.e2\n"
                "appears a in s.s1.e1\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty()) << l->Text();
}

TEST(DeadActs, AllowSuppressesAndIsListed) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event party: b meets a revealed s.s1.e3 allow dead-acts \"a ghost\"\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty());
  ASSERT_EQ(l->r.suppressed.size(), 1u);
  EXPECT_EQ(l->r.suppressed[0].allow.reason, "a ghost");
  EXPECT_FALSE(l->r.has_errors());
  EXPECT_NE(l->Text().find("exempted by `allow dead-acts`: \"a ghost\""), std::string::npos);
}

TEST(DeadActs, AllowOnTheDeathCoversEveryLaterAct) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1 allow dead-acts \"haunts the house\"\n"
                "event party: b meets a revealed s.s1.e3\n"
                "appears a in s.s1.e4\n");
  EXPECT_TRUE(l->Of(DiagId::kLintDeadActs).empty()) << l->Text();
  EXPECT_EQ(l->r.suppressed.size(), 2u);
}

TEST(DeadActs, DiedDate) {
  auto l = Lint(R"(universe "T"
continuity c "C"
series s "S"
  season s1 released 2015-01-01 episodes 2
character a "A"
  died 2010
character b "B"
event party: b meets a story 2012 revealed s.s1.e1
)");
  auto ds = l->Of(DiagId::kLintDeadActs);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->notes[0].message.find("`a` died 2010"), std::string::npos);
}

// --- unborn-acts -------------------------------------------------------------

TEST(UnbornActs, BeforeBirthEventAndBornDate) {
  auto l = Lint(std::string(kBase) +
                "event a_born: a is_born revealed s.s1.e3\n"
                "event early: b meets a revealed s.s1.e1\n"
                "event later: b meets a revealed s.s1.e4\n"
                "character d \"D\"\n"
                "  born 2020\n"
                "event too_soon: b meets d story 2019 revealed s.s1.e2\n");
  auto ds = l->Of(DiagId::kLintUnbornActs);
  ASSERT_EQ(ds.size(), 2u) << l->Text();
  EXPECT_NE(ds[0]->message.find("`a` takes part in event `early`"), std::string::npos);
  EXPECT_NE(ds[0]->message.find("not born yet"), std::string::npos);
  EXPECT_NE(ds[1]->message.find("`d` takes part in event `too_soon`"), std::string::npos);
}

// --- two-places ----------------------------------------------------------------

TEST(TwoPlaces, SimultaneousEventsAtTwoPlaces) {
  auto l = Lint(std::string(kBase) +
                "place p1 \"P1\"\n"
                "place p2 \"P2\"\n"
                "place p3 \"P3 inside P1\"\n"
                "fact p3 located_in p1 revealed s.s1.e1\n"
                "event feast: a eats role location p1 revealed s.s1.e2\n"
                "event duel: a fights b role location p2 story at feast revealed s.s1.e2\n"
                "event talk: a talks role location p3 story at feast revealed s.s1.e2\n");
  auto ds = l->Of(DiagId::kLintTwoPlaces);
  ASSERT_EQ(ds.size(), 2u) << l->Text();  // duel vs feast, duel vs talk; not feast vs talk
  for (const Diagnostic* d : ds) {
    EXPECT_NE(d->message.find("`p2`"), std::string::npos) << d->message;
  }
}

TEST(TwoPlaces, LocatedInFact) {
  auto l = Lint(std::string(kBase) +
                "place p1 \"P1\"\n"
                "place p2 \"P2\"\n"
                "fact a located_in p1 from during s.s1.e1 until during s.s1.e3 revealed s.s1.e1\n"
                "event duel: a fights b role location p2 revealed s.s1.e2\n"
                "event later: a fights b role location p2 revealed s.s1.e4\n");
  auto ds = l->Of(DiagId::kLintTwoPlaces);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->message.find("but `a located_in p1` holds then"), std::string::npos)
      << ds[0]->message;
}

// --- exclusive-overlap -----------------------------------------------------------

TEST(ExclusiveOverlap, TwoSpousesAtOnce) {
  auto l = Lint(std::string(kBase) +
                "fact a married_to b revealed s.s1.e1\n"
                "event wed: g marries a revealed s.s1.e3\n");
  auto ds = l->Of(DiagId::kLintExclusiveOverlap);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->message.find("`g married_to a` starts while `a married_to b` still holds"),
            std::string::npos)
      << ds[0]->message;
  EXPECT_NE(ds[0]->hint.find("end the first one"), std::string::npos);
}

TEST(ExclusiveOverlap, EndedOrSetIsFine) {
  auto l = Lint(std::string(kBase) +
                "fact m: a married_to b revealed s.s1.e1\n"
                "event split: a divorces b revealed s.s1.e2\n"
                "  ends m\n"
                "event wed: g marries a revealed s.s1.e3\n"
                "fact a lives_in s_place revealed s.s1.e1\n"
                "place s_place \"Somewhere\"\n"
                "place t_place \"Elsewhere\"\n"
                "event move: a moves revealed s.s1.e2\n"
                "  sets a lives_in t_place\n");
  EXPECT_TRUE(l->Of(DiagId::kLintExclusiveOverlap).empty()) << l->Text();
}

TEST(ExclusiveOverlap, OverturnedFactsTakeNoPart) {
  auto l = Lint(std::string(kBase) +
                "fact a married_to b revealed s.s1.e1 overturned s.s1.e2\n"
                "event wed: g marries a revealed s.s1.e3\n");
  EXPECT_TRUE(l->Of(DiagId::kLintExclusiveOverlap).empty()) << l->Text();
}

TEST(EndsBeforeStart, SurfacedFromTheTimeStage) {
  auto l = Lint(std::string(kBase) +
                "event x: a meets b revealed s.s1.e3\n"
                "event y: a greets b revealed s.s1.e1\n"
                "fact a married_to b from at x until at y revealed s.s1.e1\n");
  ASSERT_FALSE(l->time_ok);
  bool found = false;
  for (const Diagnostic& d : l->r.diagnostics) found = found || d.id == DiagId::kEndsBeforeStart;
  EXPECT_TRUE(found) << l->Text();
}

// --- undeclared-retcon ------------------------------------------------------------

TEST(UndeclaredRetcon, LaterReleaseRewritesEarlierStoryTime) {
  auto l = Lint(R"(universe "T"
continuity c "C"
series s "S"
  season s1 released 2015-01-01 episodes 4
  season s2 released 2017-01-01 episodes 2
character a "A"
fact a status alive revealed s.s1.e1
fact a status missing from before s.s1 revealed s.s2.e1
)");
  auto ds = l->Of(DiagId::kLintUndeclaredRetcon);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->message.find("`a status missing`"), std::string::npos) << ds[0]->message;
  EXPECT_NE(ds[0]->hint.find("`overturned s.s2.e1`"), std::string::npos) << ds[0]->hint;
  EXPECT_TRUE(l->Of(DiagId::kLintExclusiveOverlap).empty());
}

// --- knowledge-before-learned -------------------------------------------------------

TEST(KnowledgeBeforeLearned, UsesBeforeLearningAndNever) {
  auto l = Lint(std::string(kBase) +
                "event secret: b hides g revealed s.s1.e1\n"
                "learns a secret from during s.s1.e3 revealed s.s1.e3\n"
                "event blackmail: a threatens b revealed s.s1.e2 uses secret by a\n"
                "event later: a threatens b revealed s.s1.e4 uses secret by a\n"
                "event blurt: g shouts revealed s.s1.e4 uses secret\n"
                "event told: b whispers revealed s.s1.e4 uses secret\n");
  auto ds = l->Of(DiagId::kLintKnowledgeBeforeLearned);
  // blackmail: before a learns; blurt: g is in `secret` (knows it); told: b hid it.
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_NE(ds[0]->message.find("`a` acts on event `secret` at event `blackmail`"),
            std::string::npos);
  EXPECT_NE(ds[0]->message.find("before learning it"), std::string::npos);
  ASSERT_EQ(ds[0]->notes.size(), 1u);
  EXPECT_EQ(ds[0]->notes[0].loc.line, 9u);

  auto l2 = Lint(std::string(kBase) +
                 "event secret: b hides g revealed s.s1.e1\n"
                 "event blackmail: a threatens b revealed s.s1.e2 uses secret by a\n");
  auto d2 = l2->Of(DiagId::kLintKnowledgeBeforeLearned);
  ASSERT_EQ(d2.size(), 1u) << l2->Text();
  EXPECT_NE(d2[0]->message.find("never learns it"), std::string::npos);
}

// --- age-mismatch ---------------------------------------------------------------

TEST(AgeMismatch, AgeAgainstBirthDate) {
  auto l = Lint(R"(universe "T"
continuity c "C"
predicate age object number
series s "S"
  season s1 released 2015-01-01 episodes 2
character a "A"
  born 2000-06-15
fact a age 14 from 2015-03-01 revealed s.s1.e1
fact a age 15 from 2015-07-01 revealed s.s1.e1
fact a age 20 from 2015 revealed s.s1.e2
)");
  auto ds = l->Of(DiagId::kLintAgeMismatch);
  ASSERT_EQ(ds.size(), 1u) << l->Text();
  EXPECT_EQ(ds[0]->loc.line, 10u);
  EXPECT_NE(ds[0]->message.find("makes them 14 or 15 then"), std::string::npos) << ds[0]->message;
}

// --- counterpart-diverges ----------------------------------------------------------

TEST(CounterpartDiverges, InformationOnly) {
  auto l = Lint(R"(universe "T"
continuity c1 "One"
continuity c2 "Two"
series s "S" in c1
  season s1 released 2015-01-01 episodes 2
comic k "K" in c2
  volume v1 released 2001 issues 2
character a "A" in c1
character b "B" in c1
character a "A" in c2
character b "B" in c2
fact c1:a married_to c1:b revealed s.s1.e1
fact c2:a enemy_of c2:b revealed k.v1.1
fact c2:a married_to c2:b revealed k.v1.2
fact c1:a status alive revealed s.s1.e1
fact c2:a status dead revealed k.v1.1
counterpart c1:a c2:a
counterpart c1:b c2:b
)");
  auto ds = l->Of(DiagId::kLintCounterpartDiverges);
  ASSERT_EQ(ds.size(), 2u) << l->Text();  // status alive vs dead, both ways
  for (const Diagnostic* d : ds) EXPECT_EQ(d->severity, Severity::kNote);
  EXPECT_FALSE(l->r.has_errors());
  // Hidden in text unless --info.
  EXPECT_EQ(RenderLintText(l->r, l->sm, {}), "");
}

// --- universe-wide rules, settings ---------------------------------------------------

TEST(Settings, SeverityOffAndUnknownNames) {
  auto l = Lint(std::string(kBase) +
                "lint dead-acts warning\n"
                "lint exclusive-overlap off\n"
                "lint dead-act error\n"
                "lint time-cycle off\n"
                "predicate spare\n"
                "fact a married_to b revealed s.s1.e1\n"
                "event wed: g marries a revealed s.s1.e3\n"
                "event a_dies: a dies revealed s.s1.e1\n"
                "event party: b meets a revealed s.s1.e3 allow dead-akts \"typo\"\n"
                "event calm: b rests revealed s.s1.e4 allow two-places \"nothing\"\n");
  auto dead = l->Of(DiagId::kLintDeadActs);  // the wedding and the party
  ASSERT_EQ(dead.size(), 2u) << l->Text();
  EXPECT_EQ(dead[0]->severity, Severity::kWarning);
  EXPECT_TRUE(l->Of(DiagId::kLintExclusiveOverlap).empty());
  auto unknown = l->Of(DiagId::kLintUnknownRule);
  ASSERT_EQ(unknown.size(), 3u) << l->Text();
  EXPECT_NE(unknown[0]->hint.find("`dead-acts`"), std::string::npos) << unknown[0]->hint;
  EXPECT_NE(unknown[1]->message.find("cannot be configured"), std::string::npos);
  EXPECT_NE(unknown[2]->hint.find("`dead-acts`"), std::string::npos);
  auto unused = l->Of(DiagId::kLintUnusedPredicate);
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_NE(unused[0]->message.find("`spare`"), std::string::npos);
  auto stale = l->Of(DiagId::kLintUnneededAllow);
  ASSERT_EQ(stale.size(), 1u) << l->Text();
  EXPECT_NE(stale[0]->message.find("`allow two-places` exempts nothing"), std::string::npos);
  EXPECT_FALSE(l->r.has_errors()) << l->Text();
}

TEST(Settings, RuleSelectionAndContinuity) {
  LintOptions o;
  o.rules = {"L0904"};
  auto l = Lint(std::string(kBase) +
                    "predicate spare\n"
                    "fact a married_to b revealed s.s1.e1\n"
                    "event wed: g marries a revealed s.s1.e3\n"
                    "event a_dies: a dies revealed s.s1.e1\n"
                    "event party: b meets a revealed s.s1.e3\n",
                o);
  EXPECT_EQ(l->r.diagnostics.size(), 1u) << l->Text();
  EXPECT_EQ(l->Of(DiagId::kLintExclusiveOverlap).size(), 1u);
  EXPECT_TRUE(ValidateLintRuleNames({"dead-acts", "L0904", "unused-entity"}).ok());
  Status s = ValidateLintRuleNames({"dead-act"});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.hint().find("dead-acts"), std::string::npos);
  EXPECT_FALSE(ValidateLintRuleNames({"time-cycle"}).ok());
}

TEST(Settings, TimeErrorsSkipTimeRules) {
  auto l = Lint(std::string(kBase) +
                "event x: a meets b story after y revealed s.s1.e1\n"
                "event y: a meets b story after x revealed s.s1.e1\n");
  ASSERT_FALSE(l->time_ok);
  EXPECT_EQ(l->Of(DiagId::kLintSkipped).size(), 1u) << l->Text();
  EXPECT_TRUE(l->r.has_errors());
}

// --- a universe built by hand (as loaded from a store: no source text) -----------------

TEST(HandBuilt, DeadActsWithoutLocations) {
  testing::UniverseBuilder b;
  WorkId show = b.Work("show", kNone, 2015);
  WorkId e1 = b.Work("e1", show);
  WorkId e2 = b.Work("e2", show);
  EntityId x = b.Entity("x");
  EntityId y = b.Entity("y");
  EventId death = b.Event("death", e1);
  b.u.events[death].kind = "death";
  b.u.events[death].roles.push_back({"victim", x});
  EventId visit = b.Event("visit", e2);
  b.u.events[visit].kind = "visit";
  b.u.events[visit].roles.push_back({"agent", x});
  b.u.events[visit].roles.push_back({"patient", y});
  // `sets x status dead` at the death.
  Fact dead;
  dead.subject = x;
  dead.predicate = b.u.FindPredicate("status");
  b.u.Finalize();
  dead.predicate = b.u.FindPredicate("status");
  dead.object.kind = ValueKind::kKeyword;
  dead.object.text = "dead";
  dead.start = b.u.events[death].time;
  dead.started_by = death;
  dead.continuity = 0;
  b.u.facts.push_back(dead);
  b.u.events[death].starts.push_back(static_cast<FactId>(b.u.facts.size() - 1));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  ASSERT_FALSE(sink.has_errors());
  std::vector<Diagnostic> ds = LintUniverse(u, {});
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].id, DiagId::kLintDeadActs);
  EXPECT_NE(ds[0].message.find("`x` takes part in event `visit` as `agent`"), std::string::npos)
      << ds[0].message;
}

// --- the example universe ---------------------------------------------------------------

TEST(Example, DefendersIsClean) {
  std::ifstream in(std::string(CANON_SOURCE_DIR) + "/examples/defenders.canon");
  ASSERT_TRUE(in);
  std::stringstream buf;
  buf << in.rdbuf();
  auto l = Lint(buf.str());
  for (const Diagnostic& d : l->r.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kNote) << RenderDiagnostic(d, l->sm);
  }
}

// --- output formats --------------------------------------------------------------------

TEST(Output, SarifAndJson) {
  auto l = Lint(std::string(kBase) +
                "event a_dies: a dies revealed s.s1.e1\n"
                "event party: b meets a revealed s.s1.e3\n"
                "event gala: b meets a revealed s.s1.e4 allow dead-acts \"ghost\"\n");
  std::string sarif = RenderLintSarif(l->r, l->sm);
  EXPECT_NE(sarif.find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_NE(sarif.find("\"ruleId\": \"L0901\""), std::string::npos);
  EXPECT_NE(sarif.find("\"relatedLocations\""), std::string::npos);
  EXPECT_NE(sarif.find("\"justification\": \"ghost\""), std::string::npos);
  EXPECT_NE(sarif.find("\"uri\": \"t.canon\""), std::string::npos);
  std::string json = RenderLintJson(l->r, l->sm, {true, false});
  EXPECT_NE(json.find("\"reason\": \"ghost\""), std::string::npos);
  EXPECT_NE(RenderLintRuleList().find("L0901  dead-acts"), std::string::npos);
}

}  // namespace
}  // namespace canon
