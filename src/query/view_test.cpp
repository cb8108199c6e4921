// Viewer visibility and spoiler-safe name resolution.
#include "query/view.h"

#include <gtest/gtest.h>

#include <set>

#include "query/query_testing.h"

namespace canon {
namespace {

using query_testing::MakeMini;
using query_testing::Mini;

class ViewTest : public ::testing::Test {
 protected:
  Mini m = MakeMini();
  const Universe& u = m.u;

  Horizon H(std::string_view spec) {
    Result<Horizon> h = ParseHorizon(u, spec);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return *h;
  }
};

TEST_F(ViewTest, NothingSeenNothingVisible) {
  Horizon h = H("none");
  View v(u, h);
  for (EntityId e = 0; e < u.entities.size(); ++e) EXPECT_FALSE(v.EntityVisible(e)) << e;
  for (FactId f = 0; f < u.facts.size(); ++f) EXPECT_FALSE(v.FactVisible(f)) << f;
  for (EventId e = 0; e < u.events.size(); ++e) EXPECT_FALSE(v.EventVisible(e)) << e;
  for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) EXPECT_FALSE(v.KnowledgeVisible(k));
}

TEST_F(ViewTest, IntroductionsRespectPositions) {
  Horizon h = H("jj.s1e1@22:00");
  View v(u, h);
  // Jessica's introduction is "somewhere in jj.s1e1": not yet certain.
  EXPECT_FALSE(v.EntityVisible(m.jessica));
  // Luke is introduced at 20:00.
  EXPECT_TRUE(v.EntityVisible(m.luke));
  // The meeting (at 25:00) is not seen yet.
  EXPECT_FALSE(v.EventVisible(m.meeting));
  Horizon later = H("jj.s1e1@26:00");
  View v2(u, later);
  EXPECT_TRUE(v2.EventVisible(m.meeting));
  EXPECT_TRUE(v2.EntityVisible(m.jessica));  // through the meeting
}

TEST_F(ViewTest, FirstEpisode) {
  Horizon h = H("jj.s1e1");
  View v(u, h);
  EXPECT_TRUE(v.EntityVisible(m.jessica));
  EXPECT_TRUE(v.EntityVisible(m.luke));
  EXPECT_TRUE(v.EntityVisible(m.trish));
  EXPECT_TRUE(v.EntityVisible(m.krysten));  // via played_by revealed with Jessica
  EXPECT_FALSE(v.EntityVisible(m.reva));    // only in jj.s1 (whole-season) reveals
  EXPECT_FALSE(v.EntityVisible(m.kilgrave));
  EXPECT_FALSE(v.EntityVisible(m.hidden_guy));
  EXPECT_FALSE(v.EntityVisible(m.matt));
  EXPECT_FALSE(v.EventVisible(m.reva_death));
  EXPECT_TRUE(v.FactVisible(m.friends));
  EXPECT_FALSE(v.FactVisible(m.married));
  EXPECT_FALSE(v.FactVisible(m.secret_alias));
  // Jessica's nested `knows kilgrave` would name Kilgrave: hidden.
  bool knows_kilgrave_visible = false;
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (u.facts[f].object.kind == ValueKind::kEntity && u.facts[f].object.entity == m.kilgrave) {
      knows_kilgrave_visible = knows_kilgrave_visible || v.FactVisible(f);
    }
  }
  EXPECT_FALSE(knows_kilgrave_visible);
  // Counterpart in another continuity is not seen.
  EXPECT_TRUE(v.Counterparts(m.jessica).empty());
  EXPECT_EQ(v.AliasFacts(m.jessica).size(), 1u);
}

TEST_F(ViewTest, HiddenEndingIsOpenForTheViewer) {
  Horizon h = H("jj.s1e1-e3");
  View v(u, h);
  ASSERT_TRUE(v.FactVisible(m.dating));
  EXPECT_FALSE(v.EventVisible(m.breakup));
  EXPECT_NE(u.facts[m.dating].end, kNone);
  EXPECT_EQ(v.FactEnd(m.dating), kNone);  // the break-up is a spoiler
  Horizon h2 = H("jj.s1");
  View v2(u, h2);
  EXPECT_EQ(v2.FactEnd(m.dating), u.facts[m.dating].end);
}

TEST_F(ViewTest, Overturns) {
  Horizon h = H("jj.s1e1-e3");
  View v(u, h);
  EXPECT_TRUE(v.FactVisible(m.trish_dead));
  EXPECT_FALSE(v.FactOverturnedForViewer(m.trish_dead));
  Horizon h2 = H("jj.s1");
  View v2(u, h2);
  EXPECT_TRUE(v2.FactOverturnedForViewer(m.trish_dead));
  EXPECT_EQ(v2.FactOverturns(m.trish_dead).size(), 1u);
}

TEST_F(ViewTest, KnowledgeNeedsItsOwnReveal) {
  Horizon h = H("jj.s1");
  View v(u, h);
  // Participants know with the event; Luke's knowledge is revealed in jj.s2.
  int visible = 0;
  for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) {
    if (v.KnowledgeVisible(k)) {
      ++visible;
      EXPECT_NE(u.knowledge[k].who, m.luke);
    }
  }
  EXPECT_EQ(visible, 4);  // jessica, reva, kilgrave (implicit), trish (jj.s1e4)
}

TEST_F(ViewTest, RevealKeysAndFirstReveal) {
  Horizon h = H("all");
  View v(u, h);
  EXPECT_EQ(u.works[v.EntityFirstReveal(m.luke).work].path, "jj.s1.e1");
  EXPECT_LT(v.FactRevealKey(m.friends), v.FactRevealKey(m.dating));
  // A non-leaf point counts at the end of its last leaf.
  EXPECT_LT(v.FactRevealKey(m.trish_dead), v.FactRevealKey(m.married));
}

TEST_F(ViewTest, Indexes) {
  Horizon h = H("all");
  View v(u, h);
  std::vector<FactId> luke(v.FactsOf(m.luke).begin(), v.FactsOf(m.luke).end());
  EXPECT_NE(std::find(luke.begin(), luke.end(), m.married), luke.end());
  EXPECT_NE(std::find(luke.begin(), luke.end(), m.dating), luke.end());  // as object
  std::vector<EventId> evs(v.EventsOf(m.jessica).begin(), v.EventsOf(m.jessica).end());
  EXPECT_EQ(evs.size(), 4u);
}

TEST_F(ViewTest, ViewerRanksAreDenseOverVisiblePoints) {
  Horizon h = H("jj.s1e1");
  View v(u, h);
  // Visible points: jj (touched) slots, jj.s1 slots, jj.s1.e1 slots, the
  // meeting, the dating start... Ranks are compressed: no gaps.
  std::set<uint32_t> ranks;
  for (PointId p : v.VisiblePoints()) ranks.insert(v.ViewerRank(p));
  ASSERT_FALSE(ranks.empty());
  EXPECT_EQ(*ranks.begin(), 0u);
  EXPECT_EQ(*ranks.rbegin(), ranks.size() - 1);  // no gaps
  // Order is kept: a later raw rank never gets a smaller viewer rank.
  for (PointId a : v.VisiblePoints()) {
    for (PointId b : v.VisiblePoints()) {
      if (v.Rank(a) < v.Rank(b)) {
        EXPECT_LT(v.ViewerRank(a), v.ViewerRank(b));
      }
    }
  }
  EXPECT_EQ(v.ViewerRank(u.works[m.jj].slot_start), 0u);
}

// ------------------------------------------------------------ names

TEST_F(ViewTest, ResolveByIdNameAliasQualified) {
  Horizon h = H("all");
  View v(u, h);
  EXPECT_EQ(*ResolveEntity(v, "luke"), m.luke);
  EXPECT_EQ(*ResolveEntity(v, "LUKE CAGE"), m.luke);
  EXPECT_EQ(*ResolveEntity(v, "jewel"), m.jessica);
  EXPECT_EQ(*ResolveEntity(v, "netflix:jessica"), m.jessica);
  EXPECT_EQ(*ResolveEntity(v, "earth616:Jessica"), m.jessica616);
  EXPECT_EQ(*ResolveEntity(v, "krysten_ritter"), m.krysten);
}

TEST_F(ViewTest, AmbiguousListsVisibleCandidates) {
  Horizon h = H("all");
  View v(u, h);
  Result<EntityId> r = ResolveEntity(v, "jessica");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "`jessica` is ambiguous: it may be earth616:jessica (Jessica Jones), "
            "netflix:jessica (Jessica Jones)");
  // With only one of them visible there is no ambiguity.
  Horizon h2 = H("jj.s1");
  View v2(u, h2);
  EXPECT_EQ(*ResolveEntity(v2, "jessica"), m.jessica);
}

TEST_F(ViewTest, HiddenEntityErrorsLikeNonexistent) {
  Horizon h = H("jj.s1");
  View v(u, h);
  // Zebediah exists (introduced in jj.s2); "zebedia" does not.
  Result<EntityId> hidden = ResolveEntity(v, "zebediah");
  Result<EntityId> absent = ResolveEntity(v, "zebedia");
  ASSERT_FALSE(hidden.ok());
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hidden.status().message(), "unknown entity `zebediah`");
  EXPECT_EQ(hidden.status().hint(), "names are matched against what you have seen (--seen)");
  // A name that no visible entity is close to gets the same generic hint.
  Result<EntityId> never = ResolveEntity(v, "qqqqqqqq");
  EXPECT_EQ(never.status().hint(), hidden.status().hint());
  // Hidden alias: not a name yet.
  Result<EntityId> alias = ResolveEntity(v, "Zeb's Girl");
  ASSERT_FALSE(alias.ok());
  EXPECT_EQ(alias.status().message(), "unknown entity `Zeb's Girl`");
  // Suggestions come only from visible names.
  Result<EntityId> typo = ResolveEntity(v, "jessika");
  EXPECT_EQ(typo.status().hint(), "did you mean `jessica`?");
}

TEST_F(ViewTest, SwappingHiddenForNonexistentGivesIdenticalErrors) {
  // Remove Zebediah's existence entirely and compare every error byte for byte.
  Horizon h = H("jj.s1");
  View v(u, h);
  Mini other = MakeMini();
  other.u.entities[other.hidden_guy].id = "someone_else";
  other.u.entities[other.hidden_guy].name = "Someone Else";
  other.u.Finalize();
  Horizon h2 = *ParseHorizon(other.u, "jj.s1");
  View v2(other.u, h2);
  for (std::string name : {"zebediah", "Zebediah Killgrave", "netflix:zebediah", "zeb"}) {
    Status a = ResolveEntity(v, name).status();
    Status b = ResolveEntity(v2, name).status();
    EXPECT_EQ(a.ToString(), b.ToString()) << name;
  }
}

TEST_F(ViewTest, ResolveEventAndFactLabel) {
  Horizon h = H("jj.s1");
  View v(u, h);
  EXPECT_EQ(*ResolveEvent(v, "reva_death"), m.reva_death);
  EXPECT_EQ(*ResolveEvent(v, "Reva's Death"), m.reva_death);
  EXPECT_EQ(*ResolveEvent(v, "netflix:breakup"), m.breakup);
  Result<EventId> hidden = ResolveEvent(v, "secret_event");
  Result<EventId> absent = ResolveEvent(v, "secret_evnt");
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hidden.status().message(), "unknown event `secret_event`");
  EXPECT_EQ(absent.status().message(), "unknown event `secret_evnt`");
  // Hints never mention the hidden event.
  EXPECT_EQ(absent.status().hint().find("secret_event"), std::string::npos);
}

}  // namespace
}  // namespace canon

namespace canon {
namespace {

// Appearances: visible at their point; they show their entity; the
// per-entity list is in reveal order and holds only visible ones.
TEST(ViewAppearances, VisibleAtTheirPointAndShowTheirEntity) {
  query_testing::Mini m = query_testing::MakeMini();
  Universe& u = m.u;
  const WorkId e1 = u.FindWorkByPath("jj.s1.e1"), e3 = u.FindWorkByPath("jj.s1.e3");
  const WorkId s2e1 = u.FindWorkByPath("jj.s2.e1");
  ASSERT_NE(e1, kNone);
  ASSERT_NE(s2e1, kNone);
  // Declared out of reveal order on purpose.
  u.appearances.push_back({m.hidden_guy, RevealPoint{s2e1}, kNone, {}, {}});
  u.appearances.push_back(
      {m.hidden_guy, RevealPoint{e3, RevealPoint::PositionKind::kSeconds, 600}, kNone, {}, {}});
  u.appearances.push_back(
      {m.hidden_guy, RevealPoint{e1, RevealPoint::PositionKind::kSeconds, 30 * 60}, kNone, {}, {}});
  u.Finalize();
  auto check = [&](std::string_view spec, std::vector<AppearanceId> want) {
    Result<Horizon> h = ParseHorizon(u, spec);
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    View v(u, *h);
    std::span<const AppearanceId> got = v.AppearancesOf(m.hidden_guy);
    EXPECT_EQ(std::vector<AppearanceId>(got.begin(), got.end()), want) << spec;
    for (AppearanceId a = 0; a < u.appearances.size(); ++a) {
      EXPECT_EQ(v.AppearanceVisible(a), std::find(want.begin(), want.end(), a) != want.end())
          << spec << " " << a;
    }
    if (!want.empty()) {
      EXPECT_TRUE(v.EntityVisible(m.hidden_guy)) << spec;
    }
  };
  check("jj.s1e1@29:00", {});
  check("jj.s1e1@31:00", {2});
  check("jj.s1e1-e3", {2, 1});
  check("jj.s2e1", {0});
  check("all", {2, 1, 0});
}

}  // namespace
}  // namespace canon
