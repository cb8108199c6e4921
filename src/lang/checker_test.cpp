// Unit tests of the checker: the universe it builds (defaults, effects,
// knowledge, time constraints) and one case per diagnostic kind it owns.
#include "lang/checker.h"

#include <gtest/gtest.h>

#include "lang/test_util.h"

namespace canon::lang {
namespace {

using testutil::Compile;
using testutil::Errors;

const std::string kHead =
    "continuity netflix \"Netflix\"\n"
    "use netflix\n"
    "series jj \"JJ\"\n"
    "  season s1 released 2015-11-20 episodes 13\n"
    "  season s2 released 2018-03-08 episodes 13\n"
    "character jessica \"Jessica Jones\" introduced jj.s1e1\n"
    "character luke \"Luke Cage\" introduced jj.s1e1\n"
    "character reva \"Reva Connors\" introduced jj.s1\n";

TEST(Checker, SmallUniverse) {
  auto c = Compile(testutil::kSmall);
  EXPECT_TRUE(c.codes.empty()) << c.rendered;
  const Universe& u = c.u;
  EXPECT_EQ(u.title, "Test");
  EXPECT_EQ(u.files, std::vector<std::string>{"f0.canon"});
  ASSERT_EQ(u.works.size(), 29u);
  WorkId s1 = u.FindWorkByPath("jj.s1");
  ASSERT_NE(s1, kNone);
  EXPECT_EQ(u.works[s1].declared_child_count, 13u);
  EXPECT_EQ(u.works[s1].children.size(), 13u);
  WorkId e1 = u.FindWorkByPath("jj.s1.e1");
  EXPECT_FALSE(u.works[e1].generated);
  EXPECT_EQ(u.works[e1].title, "AKA Ladies Night");
  EXPECT_TRUE(u.works[u.FindWorkByPath("jj.s1.e2")].generated);
  EXPECT_EQ(u.works[e1].continuity, 0u);
  EXPECT_EQ(u.release_order.size(), 26u);

  EntityId jessica = u.FindEntity(0, "jessica");
  EntityId reva = u.FindEntity(0, "reva");
  EntityId luke = u.FindEntity(0, "luke");
  EntityId ritter = u.FindEntity(kNone, "krysten_ritter");
  ASSERT_NE(jessica, kNone);
  ASSERT_NE(ritter, kNone);
  EXPECT_EQ(u.entities[jessica].introduced, std::vector<RevealPoint>{RevealPoint{e1}});
  EXPECT_EQ(u.entities[jessica].loc.line, 11u);
  EXPECT_EQ(u.entities[jessica].loc.col, 11u);
  EXPECT_EQ(u.entities[jessica].loc.length, 7u);

  // Nested facts: revealed with the entity.
  int nested = 0;
  for (const Fact& f : u.facts) {
    if (f.subject == jessica && f.started_by == kNone) {
      ++nested;
      EXPECT_TRUE(f.revealed.empty());
    }
  }
  EXPECT_EQ(nested, 3);

  // The event: kind, roles, effect, reveal.
  EventId ev = u.FindEvent(0, "reva_death");
  ASSERT_NE(ev, kNone);
  const Event& e = u.events[ev];
  EXPECT_EQ(e.kind, "killing");
  ASSERT_EQ(e.roles.size(), 3u);
  EXPECT_EQ(e.roles[0], (Role{"killer", jessica}));
  EXPECT_EQ(e.roles[1], (Role{"victim", reva}));
  EXPECT_EQ(e.roles[2].role, "controller");
  EXPECT_EQ(e.revealed, std::vector<RevealPoint>{RevealPoint{s1}});
  ASSERT_EQ(e.starts.size(), 1u);
  const Fact& dead = u.facts[e.starts[0]];
  EXPECT_EQ(dead.subject, reva);
  EXPECT_EQ(u.predicates[dead.predicate].name, "status");
  EXPECT_EQ(dead.object.text, "dead");
  EXPECT_EQ(dead.start, e.time);
  EXPECT_EQ(dead.started_by, ev);
  EXPECT_EQ(dead.revealed, e.revealed);
  // story before jj.s1: one written constraint on the event point.
  const TimePoint& tp = u.points[e.time];
  EXPECT_EQ(tp.owner, TimePoint::Owner::kEvent);
  ASSERT_EQ(tp.constraints.size(), 1u);
  EXPECT_EQ(tp.constraints[0].kind, TimeConstraint::Kind::kBefore);
  EXPECT_EQ(tp.constraints[0].work, s1);
  EXPECT_FALSE(tp.constraints[0].implicit);

  // Knowledge: implicit for each participant, explicit for luke.
  int implicit = 0;
  const Knowledge* lk = nullptr;
  for (const Knowledge& k : u.knowledge) {
    if (k.implicit) {
      ++implicit;
      EXPECT_EQ(k.from, e.time);
      EXPECT_TRUE(k.revealed.empty());
    } else if (k.who == luke) {
      lk = &k;
    }
  }
  EXPECT_EQ(implicit, 3);
  ASSERT_NE(lk, nullptr);
  EXPECT_EQ(lk->revealed, std::vector<RevealPoint>{RevealPoint{u.FindWorkByPath("jj.s1.e8")}});
  const TimePoint& kp = u.points[lk->from];
  EXPECT_EQ(kp.owner, TimePoint::Owner::kKnowledge);
  ASSERT_EQ(kp.constraints.size(), 1u);
  EXPECT_EQ(kp.constraints[0].kind, TimeConstraint::Kind::kDuring);

  // The labelled fact ends at the event (until reva_death).
  FactId wed = u.FindFactByLabel(0, "wed");
  ASSERT_NE(wed, kNone);
  EXPECT_EQ(u.facts[wed].start, kNone);
  ASSERT_NE(u.facts[wed].end, kNone);
  const TimePoint& end = u.points[u.facts[wed].end];
  EXPECT_EQ(end.owner, TimePoint::Owner::kFactEnd);
  ASSERT_EQ(end.constraints.size(), 1u);
  EXPECT_EQ(end.constraints[0].kind, TimeConstraint::Kind::kSame);
  EXPECT_EQ(end.constraints[0].point, e.time);

  // Points: 2 per work + 1 event + 1 fact end + 1 knowledge.
  EXPECT_EQ(u.points.size(), 29u * 2 + 3);
  EXPECT_EQ(u.predicates.size(), 22u);  // built-ins only
}

TEST(Checker, EffectsEndOpenFacts) {
  auto c = Compile(kHead +
                   "character kilgrave \"K\" introduced jj.s1\n"
                   "  status alive\n"
                   "fact dating: jessica dating luke revealed jj.s1e1\n"
                   "event breakup: luke breaks_up_with jessica revealed jj.s1e5\n"
                   "event k_dies: kilgrave dies revealed jj.s1e13\n"
                   "event back: kilgrave returns revealed jj.s2\n"
                   "event wed: jessica marries luke revealed jj.s2e13\n"
                   "event sep revealed jj.s2e13\n"
                   "  ends luke married_to jessica\n"
                   "  sets jessica lives_in reva\n");
  EXPECT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  FactId dating = u.FindFactByLabel(0, "dating");
  EventId breakup = u.FindEvent(0, "breakup");
  EXPECT_EQ(u.facts[dating].ended_by, breakup);  // symmetric: either direction
  EXPECT_EQ(u.facts[dating].end, u.events[breakup].time);
  EventId dies = u.FindEvent(0, "k_dies");
  EventId back = u.FindEvent(0, "back");
  ASSERT_EQ(u.events[dies].ends.size(), 1u);  // status alive
  ASSERT_EQ(u.events[back].ends.size(), 1u);  // status dead, from k_dies
  EXPECT_EQ(u.events[back].ends[0], u.events[dies].starts[0]);
  EventId sep = u.FindEvent(0, "sep");
  ASSERT_EQ(u.events[sep].ends.size(), 1u);
  EXPECT_EQ(u.events[sep].ends[0], u.events[u.FindEvent(0, "wed")].starts[0]);
  EXPECT_EQ(u.events[sep].starts.size(), 1u);  // lives_in: nothing open to end
}

TEST(Checker, SetsOnSymmetricPredicateEndsEitherSide) {
  auto c = Compile(kHead +
                   "fact m: luke married_to jessica revealed jj.s1\n"
                   "event e revealed jj.s2\n  sets jessica married_to reva\n"
                   "event f revealed jj.s2\n  ends m\n");
  EXPECT_TRUE(c.Has("E0405@13:8")) << c.rendered;  // `ends m`: already ended by e
  FactId m = c.u.FindFactByLabel(0, "m");
  EXPECT_EQ(c.u.facts[m].ended_by, c.u.FindEvent(0, "e"));
}

TEST(Checker, WorkPathsStoryAndGeneratedChildren) {
  auto c = Compile(
      "continuity c \"C\"\n"
      "comic pulse \"The Pulse\"\n"
      "  volume v1 released 2004-04 issues 14\n"
      "    issue 14 \"Secret War\" released 2005-01\n"
      "book b \"B\" chapters 3\n"
      "  chapter 2 story 2010 and before pulse.v1.14\n"
      "film f \"F\" story after pulse.v1 and during b\n"
      "character x \"X\" introduced pulse.v1.14@2, b.2@1:02:03, pulse.v114\n");
  EXPECT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  WorkId i14 = u.FindWorkByPath("pulse.v1.14");
  ASSERT_NE(i14, kNone);
  EXPECT_EQ(u.works[i14].title, "Secret War");
  EXPECT_EQ(u.works[u.FindWorkByPath("pulse.v1")].children.back(), i14);  // refined in place
  const Work& ch2 = u.works[u.FindWorkByPath("b.2")];
  // `story 2010 and before X`: the date on both slot points, `before` on the end only.
  EXPECT_EQ(u.points[ch2.slot_start].constraints.size(), 1u);
  ASSERT_EQ(u.points[ch2.slot_end].constraints.size(), 2u);
  EXPECT_EQ(u.points[ch2.slot_end].constraints[1].kind, TimeConstraint::Kind::kBefore);
  const Work& f = u.works[u.FindWorkByPath("f")];
  ASSERT_EQ(u.points[f.slot_start].constraints.size(), 2u);  // after + during
  ASSERT_EQ(u.points[f.slot_end].constraints.size(), 1u);    // during
  const Entity& x = u.entities[0];
  ASSERT_EQ(x.introduced.size(), 3u);
  EXPECT_EQ(x.introduced[0].position_kind, RevealPoint::PositionKind::kScene);
  EXPECT_EQ(x.introduced[1].position, 3723);
  EXPECT_EQ(x.introduced[2].work, i14);  // `v114` = child `v1` + grandchild `14`
}

TEST(Checker, AnchorsAndKnowledge) {
  auto c = Compile(kHead +
                   "fact m: luke married_to reva from 2010 until reva_death revealed jj.s1\n"
                   "event reva_death: jessica kills reva story after m and 2 years after 2010 "
                   "revealed jj.s1\n"
                   "  known_by luke from during jj.s1\n"
                   "  unaware reva\n"
                   "learns jessica m from m.end revealed jj.s2\n"
                   "learns luke m from 2016\n");
  EXPECT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  FactId m = u.FindFactByLabel(0, "m");
  const Event& e = u.events[0];
  const auto& cs = u.points[e.time].constraints;
  ASSERT_EQ(cs.size(), 2u);
  EXPECT_EQ(cs[0].kind, TimeConstraint::Kind::kAfter);
  EXPECT_EQ(cs[0].point, u.facts[m].start);
  EXPECT_EQ(cs[1].kind, TimeConstraint::Kind::kOffset);
  EXPECT_EQ(cs[1].amount, 2);
  EXPECT_EQ(cs[1].anchor_kind, TimeConstraint::AnchorKind::kDate);
  int implicit = 0;
  for (const Knowledge& k : u.knowledge) implicit += k.implicit;
  EXPECT_EQ(implicit, 1);  // jessica (reva unaware, luke explicit)
  const Knowledge* luke_event = nullptr;
  const Knowledge* jessica_fact = nullptr;
  const Knowledge* luke_fact = nullptr;
  for (const Knowledge& k : u.knowledge) {
    if (k.implicit) continue;
    if (k.target_kind == Knowledge::TargetKind::kEvent)
      luke_event = &k;
    else if (u.entities[k.who].id == "jessica")
      jessica_fact = &k;
    else
      luke_fact = &k;
  }
  ASSERT_TRUE(luke_event && jessica_fact && luke_fact);
  // `from during WORK` reveals with that work by default.
  EXPECT_EQ(luke_event->revealed, std::vector<RevealPoint>{RevealPoint{u.FindWorkByPath("jj.s1")}});
  EXPECT_EQ(jessica_fact->from, u.facts[m].end);  // an existing point is reused
  EXPECT_EQ(jessica_fact->target, m);
  EXPECT_TRUE(luke_fact->revealed.empty());
  EXPECT_EQ(u.points[luke_fact->from].owner, TimePoint::Owner::kKnowledge);
  EXPECT_EQ(u.points[luke_fact->from].owner_id,
            static_cast<uint32_t>(luke_fact - u.knowledge.data()));
}

TEST(Checker, MultipleFilesAndUseScope) {
  auto c = Compile(std::vector<std::string>{
      "continuity a \"A\"\ncontinuity b \"B\"\nuse a\ncharacter x \"X\"\nseries s \"S\"\n",
      "use b\ncharacter x \"X2\"\ncounterpart x a:x\nfact x knows x revealed s\n",
      "character y \"Y\" in a\n  knows x\n"});
  EXPECT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  EXPECT_EQ(u.files.size(), 3u);
  EXPECT_EQ(u.counterparts.size(), 1u);
  EntityId bx = u.FindEntity(1, "x");
  EntityId ay = u.FindEntity(0, "y");
  ASSERT_NE(ay, kNone);
  EXPECT_EQ(u.entities[ay].loc.file, 2u);
  bool found = false;
  for (const Fact& f : u.facts) {
    if (f.subject == ay) {
      found = true;
      EXPECT_EQ(f.object.entity, u.FindEntity(0, "x"));  // y's continuity first
    }
    if (f.subject == bx) {
      EXPECT_EQ(f.object.entity, bx);
    }
  }
  EXPECT_TRUE(found);
}

struct KindCase {
  const char* code;
  std::string text;
  const char* hint_part;  // "" = don't check
};

class DiagnosticKinds : public ::testing::TestWithParam<KindCase> {};

TEST_P(DiagnosticKinds, Reported) {
  const KindCase& k = GetParam();
  auto c = Compile(k.text);
  ASSERT_TRUE(c.Has(k.code)) << k.code << " not in:\n" << c.rendered;
  if (*k.hint_part) {
    bool hinted = false;
    for (const Diagnostic& d : c.sink.diagnostics()) {
      if (GetDiagKind(d.id).code == k.code && d.hint.find(k.hint_part) != std::string::npos) {
        hinted = true;
      }
      EXPECT_TRUE(d.loc.valid()) << d.message;
    }
    EXPECT_TRUE(hinted) << c.rendered;
  }
}

INSTANTIATE_TEST_SUITE_P(
    All, DiagnosticKinds,
    ::testing::Values(
        KindCase{"E0301", kHead + "fact jessika knows luke revealed jj.s1\n", "`jessica`"},
        KindCase{"E0302", kHead + "fact jessica knows luke revealed jj.s1e14\n", "jj.s1e1"},
        KindCase{"E0303", kHead + "character z \"Z\" in netflx\n", "`netflix`"},
        KindCase{"E0304", kHead + "fact jessica nows luke revealed jj.s1\n", "`knows`"},
        KindCase{"E0304", kHead + "fact jessica child_of luke revealed jj.s1\n", "parent_of"},
        KindCase{"E0305", kHead + "learns luke reva_deth\nevent reva_death revealed jj.s1\n",
                 "`reva_death`"},
        KindCase{"E0305", kHead + "event a story after nothing_here revealed jj.s1\n", ""},
        KindCase{"E0306", kHead + "character luke \"Luke again\"\n", ""},
        KindCase{"E0307",
                 kHead + "fact x: luke knows reva revealed jj.s1\n"
                         "event x revealed jj.s1\nevent y story after x revealed jj.s1\n",
                 "rename"},
        KindCase{"E0307",
                 "continuity a \"A\"\ncontinuity b \"B\"\ncharacter x \"X\" in a\n"
                 "character x \"X\" in b\nseries s \"S\" in a\n"
                 "fact x knows x revealed s\n",
                 "qualify"},
        KindCase{"E0308", "continuity a \"A\"\ncontinuity b \"B\"\ncharacter x \"X\"\n", "use"},
        KindCase{"E0309", kHead + "era AC epoch 0\nfact jessica born 283 AD revealed jj.s1\n",
                 "`AC`"},
        KindCase{"E0401", kHead + "fact jessica married_to \"Luke\" revealed jj.s1\n", "quotes"},
        KindCase{"E0401", kHead + "fact jessica played_by luke revealed jj.s1\n", "person"},
        KindCase{"E0402", kHead + "fact jessica status deed revealed jj.s1\n", "`dead`"},
        KindCase{"E0403",
                 kHead + "continuity other \"O\"\ncharacter z \"Z\" in other\n"
                         "fact jessica knows z revealed jj.s1\n",
                 "counterpart"},
        KindCase{"E0404", kHead + "event e: jessica kills revealed jj.s1\n", ""},
        KindCase{"E0404", kHead + "event e: jessica dies luke revealed jj.s1\n", "role"},
        KindCase{"E0405", kHead + "event e revealed jj.s1\n  ends jessica dating luke\n", ""},
        KindCase{"E0406", kHead + "person p \"P\" in netflix\n", "drop"},
        KindCase{"E0407", kHead + "counterpart jessica luke\n", ""},
        KindCase{"E0408", kHead + "event e revealed jj.s1\n  sets jessica knows luke\n", "starts"},
        KindCase{"E0503", kHead + "fact luke knows reva from 2016 until 2015 revealed jj.s1\n",
                 "swap"},
        KindCase{"E0504", kHead + "fact jessica born 2015-02-30 revealed jj.s1\n", ""},
        KindCase{"E0601", kHead + "fact luke knows reva\n", "revealed"},
        KindCase{"E0601", kHead + "event e: luke meets reva\n", "revealed"},
        KindCase{"E0602", kHead + "fact luke knows reva revealed jj.s1@3\n", "leaf"},
        KindCase{"E0603", kHead + "series t \"T\"\n  season s1 episodes 2\n    episode e3\n", "e1"},
        KindCase{"E0604", kHead + "fact luke knows reva revealed jj.s2 overturned jj.s1e3\n", ""},
        KindCase{"E0605", kHead + "series t \"T\" released 2020\n  season s1 released 2019\n", ""},
        KindCase{"W0801", kHead + "character lonely \"Lonely\"\n", "introduced"},
        KindCase{"W0802", kHead + "character j2 \"Jessica Jones\" introduced jj.s1\n", ""},
        KindCase{"W0803", kHead + "predicate p directed\n", "drop"},
        KindCase{"E0207",
                 kHead + "fact f: luke knows reva revealed jj.s1\n"
                         "event e story after f revealed jj.s1\n",
                 "from"},
        KindCase{"E0208", kHead + "fact luke knows reva revealed jj.s1 allow dead-acts\n", "WHY"},
        KindCase{"E0208", kHead + "fact luke knows reva revealed jj.s1 allow dead-acts \" \"\n",
                 "why"},
        KindCase{"E0209", kHead + "lint dead-acts warnign\n", "`warning`"},
        KindCase{"E0306", kHead + "lint dead-acts off\nlint dead-acts info\n", "keep one"},
        KindCase{"E0606", kHead + "appears luke in jj.s1\n", "jj.s1.e1"},
        KindCase{"E0606", kHead + "series t \"T\"\n  season s1 episodes 2\n    cast luke\n",
                 "leaf"},
        KindCase{"E0403", kHead + "person p \"P\"\nappears p in jj.s1e1\n", "character"},
        KindCase{"E0403",
                 kHead + "continuity o \"O\"\ncharacter z \"Z\" in o\n"
                         "appears z in jj.s1e1\n",
                 "counterpart"},
        KindCase{"E0302", kHead + "appears luke in jj.s1e14\n", "jj.s1e1"},
        KindCase{"E0301", kHead + "appears lukee in jj.s1e1\n", "`luke`"},
        KindCase{"E0305",
                 kHead + "event e: luke meets reva revealed jj.s1\n  uses reva_deth\n"
                         "event reva_death revealed jj.s1\n",
                 "`reva_death`"},
        KindCase{"E0404", kHead + "event e revealed jj.s1\n  uses e\n", "by ENTITY"}));

TEST(Checker, Appearances) {
  auto c = Compile(kHead +
                   "series t \"T\"\n  season s1 released 2020\n    episode e1\n"
                   "      cast luke, jessica\n"
                   "      cast reva\n"
                   "event reva_death: jessica kills reva revealed jj.s1\n"
                   "appears luke, reva in jj.s1e2@1:30 story before reva_death\n"
                   "  allow dead-acts \"a flashback\"\n"
                   "appears jessica in jj.s1e3@2\n");
  ASSERT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  ASSERT_EQ(u.appearances.size(), 6u);
  EntityId luke = u.FindEntity(0, "luke"), reva = u.FindEntity(0, "reva");
  WorkId te1 = u.FindWorkByPath("t.s1.e1"), e2 = u.FindWorkByPath("jj.s1.e2");
  // Source order: the casts of `t` (declared after jj's entities, before the event).
  EXPECT_EQ(u.appearances[0].entity, luke);
  EXPECT_EQ(u.appearances[0].at, RevealPoint{te1});
  EXPECT_EQ(u.appearances[0].time, kNone);
  EXPECT_TRUE(u.appearances[0].allows.empty());
  EXPECT_EQ(u.appearances[2].entity, reva);
  // `story`: one point per appearance, owned by it, carrying the constraint.
  const Appearance& a3 = u.appearances[3];
  const Appearance& a4 = u.appearances[4];
  EXPECT_EQ(a3.entity, luke);
  EXPECT_EQ(a4.entity, reva);
  EXPECT_EQ(a3.at, (RevealPoint{e2, RevealPoint::PositionKind::kSeconds, 90}));
  ASSERT_NE(a3.time, kNone);
  ASSERT_NE(a4.time, kNone);
  EXPECT_NE(a3.time, a4.time);
  EXPECT_EQ(u.points[a3.time].owner, TimePoint::Owner::kAppearance);
  EXPECT_EQ(u.points[a3.time].owner_id, 3u);
  EXPECT_EQ(u.points[a4.time].owner_id, 4u);
  ASSERT_EQ(u.points[a3.time].constraints.size(), 1u);
  EXPECT_EQ(u.points[a3.time].constraints[0].kind, TimeConstraint::Kind::kBefore);
  EXPECT_EQ(u.points[a3.time].constraints[0].point, u.events[0].time);
  ASSERT_EQ(a4.allows.size(), 1u);
  EXPECT_EQ(a4.allows[0].rule, "dead-acts");
  EXPECT_EQ(a4.allows[0].reason, "a flashback");
  EXPECT_EQ(u.appearances[5].at.position_kind, RevealPoint::PositionKind::kScene);
}

TEST(Checker, AppearancesCountAsUse) {
  auto c = Compile(kHead + "character x \"X\"\nappears x in jj.s1e1\n");
  EXPECT_FALSE(c.Has("W0801")) << c.rendered;
}

TEST(Checker, UsesExpandToParticipants) {
  auto c = Compile(kHead +
                   "place bar \"Bar\"\n"
                   "fact wed: luke married_to reva revealed jj.s1\n"
                   "event talk revealed jj.s1e4\n"
                   "  role speaker luke\n  role listener jessica\n  role at bar\n"
                   "  role speaker2 luke\n"
                   "  uses wed\n  uses reva_death by reva\n"
                   "  allow knowledge-use \"he guessed\"\n"
                   "event reva_death: jessica kills reva revealed jj.s1\n");
  ASSERT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  const Event& talk = u.events[0];
  ASSERT_EQ(talk.uses.size(), 3u);
  // Default users: participants who can know (not the place), once each.
  EXPECT_EQ(talk.uses[0].who, u.FindEntity(0, "luke"));
  EXPECT_EQ(talk.uses[1].who, u.FindEntity(0, "jessica"));
  EXPECT_TRUE(talk.uses[0].target_is_fact);
  EXPECT_EQ(talk.uses[0].target, u.FindFactByLabel(0, "wed"));
  EXPECT_EQ(talk.uses[2].who, u.FindEntity(0, "reva"));
  EXPECT_FALSE(talk.uses[2].target_is_fact);
  EXPECT_EQ(talk.uses[2].target, 1u);
  ASSERT_EQ(talk.allows.size(), 1u);
  EXPECT_EQ(talk.allows[0].reason, "he guessed");
}

TEST(Checker, AllowsAndLintSettings) {
  auto c = Compile(kHead +
                   "lint dead-acts warning\nlint knowledge-use off\nlint not-a-rule error\n"
                   "fact luke knows reva revealed jj.s1 allow one-place \"twins\"\n"
                   "  allow dead-acts \"ghost\"\n"
                   "character x \"X\" introduced jj.s1\n  status alive allow dead-acts \"x\"\n");
  ASSERT_TRUE(Errors(c).empty()) << c.rendered;
  const Universe& u = c.u;
  ASSERT_EQ(u.lint_settings.size(), 3u);
  EXPECT_EQ(u.lint_settings[0].rule, "dead-acts");
  EXPECT_EQ(u.lint_settings[0].severity, "warning");
  EXPECT_EQ(u.lint_settings[2].rule, "not-a-rule");  // names are the lint module's to check
  ASSERT_EQ(u.facts[0].allows.size(), 2u);
  EXPECT_EQ(u.facts[0].allows[0].rule, "one-place");
  EXPECT_EQ(u.facts[0].allows[1].reason, "ghost");
  ASSERT_EQ(u.facts[1].allows.size(), 1u);  // nested fact
}

TEST(Checker, NewKeywordsStayPredicateNamesInEntityBlocks) {
  auto c = Compile(kHead +
                   "predicate cast object string\n"
                   "character x \"X\" introduced jj.s1\n  cast \"lead\"\n");
  EXPECT_TRUE(Errors(c).empty()) << c.rendered;
}

TEST(Checker, BestEffortWithErrors) {
  auto c = Compile(kHead +
                   "fact jessika knows luke revealed jj.s1\n"
                   "fact jessica knows luke revealed jj.s1\n");
  EXPECT_EQ(Errors(c).size(), 1u);
  EXPECT_EQ(c.u.facts.size(), 1u);           // the good fact is kept
  EXPECT_EQ(c.u.release_order.size(), 26u);  // Finalize() ran
}

}  // namespace
}  // namespace canon::lang
