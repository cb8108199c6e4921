// `--at` story times: parsing, anchors, and "holds at" semantics.
#include "query/at.h"

#include <gtest/gtest.h>

#include "query/query_testing.h"

namespace canon {
namespace {

using query_testing::MakeMini;
using query_testing::Mini;

class AtTest : public ::testing::Test {
 protected:
  Mini m = MakeMini();
  const Universe& u = m.u;
  Horizon all = Horizon::All(u);

  StoryInstant At(const View& v, std::string_view spec) {
    Result<StoryInstant> at = ParseAt(v, spec);
    EXPECT_TRUE(at.ok()) << spec << ": " << at.status().ToString();
    return at.ok() ? *at : StoryInstant{};
  }
};

TEST_F(AtTest, EventsBeforeAndAfter) {
  View v(u, all);
  // Married until Reva's death: holds just before it, not at it.
  EXPECT_TRUE(FactHoldsAt(v, m.married, At(v, "before reva_death")));
  EXPECT_FALSE(FactHoldsAt(v, m.married, At(v, "reva_death")));
  EXPECT_FALSE(FactHoldsAt(v, m.married, At(v, "at reva_death")));
  EXPECT_FALSE(FactHoldsAt(v, m.married, At(v, "after reva_death")));
  // Reva is dead from her death on (an effect of the event).
  EXPECT_FALSE(FactHoldsAt(v, m.reva_dead, At(v, "before reva_death")));
  EXPECT_TRUE(FactHoldsAt(v, m.reva_dead, At(v, "reva_death")));
  // By title, case-insensitively.
  EXPECT_EQ(At(v, "reva's DEATH").cut, At(v, "reva_death").cut);
  EXPECT_EQ(At(v, "before reva_death").description, "just before \"Reva's death\"");
}

TEST_F(AtTest, WorksMeanTheirSlot) {
  View v(u, all);
  // Dating starts at the meeting (rank 3) and ends at the break-up (rank 5).
  EXPECT_TRUE(FactHoldsAt(v, m.dating, At(v, "jj.s1e2")));  // end of e2's slot: rank 4
  EXPECT_FALSE(FactHoldsAt(v, m.dating, At(v, "jj.s1")));   // end of season: rank 6
  EXPECT_FALSE(FactHoldsAt(v, m.dating, At(v, "before jj.s1")));
  EXPECT_EQ(At(v, "jj.s1").description, "at the end of Jessica Jones S1");
}

TEST_F(AtTest, Dates) {
  View v(u, all);
  // Reva's death is dated 2014: by the end of 2014 the marriage is over.
  EXPECT_FALSE(FactHoldsAt(v, m.married, At(v, "2014")));
  EXPECT_TRUE(FactHoldsAt(v, m.married, At(v, "before 2014")));
  EXPECT_TRUE(FactHoldsAt(v, m.married, At(v, "2013-06-01")));
  EXPECT_EQ(At(v, "2014").description, "by the end of 2014");
  Result<StoryInstant> bad = ParseAt(v, "2014-13");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not a date"), std::string::npos);
  // In-universe eras by id.
  EXPECT_TRUE(ParseAt(v, "2014 CE").ok());
  EXPECT_FALSE(ParseAt(v, "2014 XYZ").ok());
}

TEST_F(AtTest, DatesOnlyUseStatedDates) {
  // Resolved bounds may come from constraints the viewer never saw: they
  // must not move the cut.
  Mini other = MakeMini();
  for (int64_t& d : other.u.time.latest) d = ResolvedTime::kNegInf;
  Horizon h = Horizon::All(other.u);
  View v(u, all);
  View w(other.u, h);
  EXPECT_EQ(At(v, "2014").cut, At(w, "2014").cut);
}

TEST_F(AtTest, HiddenAnchorsFailLikeUnknownOnes) {
  Result<Horizon> h = ParseHorizon(u, "jj.s1");
  View v(u, *h);
  Result<StoryInstant> hidden = ParseAt(v, "secret_event");
  Result<StoryInstant> absent = ParseAt(v, "secret_evnt");
  ASSERT_FALSE(hidden.ok());
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hidden.status().message(), "unknown story time `secret_event`");
  EXPECT_EQ(hidden.status().hint().find("secret"), std::string::npos) << hidden.status().hint();
  // A work the viewer has not touched cannot anchor a story time.
  Result<StoryInstant> s2 = ParseAt(v, "jj.s2");
  ASSERT_FALSE(s2.ok());
  EXPECT_NE(s2.status().message().find("outside your horizon"), std::string::npos);
}

TEST_F(AtTest, HiddenEndingNeverEndsAFact) {
  // The break-up (jj.s1e4) ends the dating; a viewer at e3 does not know.
  Result<Horizon> h = ParseHorizon(u, "jj.s1e1-e3");
  View v(u, *h);
  StoryInstant late = At(v, "jj.s1e3");
  EXPECT_TRUE(FactHoldsAt(v, m.dating, late));
  View all_view(u, all);
  EXPECT_TRUE(FactHoldsAt(all_view, m.dating, At(all_view, "jj.s1e2")));
  EXPECT_FALSE(FactHoldsAt(all_view, m.dating, At(all_view, "jj.s1e3")));
}

TEST_F(AtTest, OverturnedFactsNeverHoldForThoseWhoKnow) {
  Result<Horizon> early = ParseHorizon(u, "jj.s1e1-e3");
  View v(u, *early);
  EXPECT_TRUE(FactHoldsAt(v, m.trish_dead, At(v, "jj.s1e3")));
  View all_view(u, all);
  EXPECT_FALSE(FactHoldsAt(all_view, m.trish_dead, At(all_view, "jj.s1e3")));
}

TEST_F(AtTest, Errors) {
  View v(u, all);
  EXPECT_EQ(ParseAt(v, "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseAt(v, "before").status().code(), StatusCode::kNotFound);
  Result<StoryInstant> typo = ParseAt(v, "reva_deth");
  EXPECT_EQ(typo.status().hint(), "did you mean `reva_death`?");
  Universe unresolved = u;
  unresolved.time = ResolvedTime{};
  Horizon h = Horizon::All(unresolved);
  View w(unresolved, h);
  EXPECT_EQ(ParseAt(w, "2014").status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace canon
