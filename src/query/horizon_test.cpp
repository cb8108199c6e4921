// Horizon parsing and containment.
#include "query/horizon.h"

#include <gtest/gtest.h>

#include "query/query_testing.h"

namespace canon {
namespace {

using query_testing::At;
using query_testing::MakeMini;
using query_testing::Mini;
using PK = RevealPoint::PositionKind;

class HorizonTest : public ::testing::Test {
 protected:
  Mini m = MakeMini();
  const Universe& u = m.u;

  Horizon Parse(std::string_view spec) {
    Result<Horizon> h = ParseHorizon(u, spec);
    EXPECT_TRUE(h.ok()) << spec << ": " << h.status().ToString();
    return h.ok() ? *h : Horizon::None(u);
  }
  std::vector<std::string> Leaves(const Horizon& h) {
    std::vector<std::string> out;
    for (uint32_t r = 0; r < u.release_order.size(); ++r) {
      if (h.ContainsLeafRank(r)) out.push_back(u.works[u.release_order[r]].path);
    }
    return out;
  }
  Status Error(std::string_view spec) {
    Result<Horizon> h = ParseHorizon(u, spec);
    EXPECT_FALSE(h.ok()) << spec;
    return h.ok() ? Status::Ok() : h.status();
  }
};

TEST_F(HorizonTest, ReleaseOrderIsAsDocumented) {
  std::vector<std::string> order;
  for (WorkId w : u.release_order) order.push_back(u.works[w].path);
  EXPECT_EQ(order, (std::vector<std::string>{"dd.s1.e1", "dd.s1.e2", "jj.s1.e1", "jj.s1.e2",
                                             "jj.s1.e3", "jj.s1.e4", "jj.s2.e1", "jj.s2.e2"}));
}

TEST_F(HorizonTest, AllAndNone) {
  EXPECT_EQ(Leaves(Parse("all")).size(), 8u);
  EXPECT_TRUE(Parse("none").empty());
  EXPECT_TRUE(Parse("ALL").ContainsWork(m.jj));
  EXPECT_FALSE(Parse("none").ContainsWork(m.jj));
}

TEST_F(HorizonTest, WorkPathsAndSplitRule) {
  EXPECT_EQ(Leaves(Parse("jj.s1")),
            (std::vector<std::string>{"jj.s1.e1", "jj.s1.e2", "jj.s1.e3", "jj.s1.e4"}));
  EXPECT_EQ(Leaves(Parse("jj.s1e3")), (std::vector<std::string>{"jj.s1.e3"}));
  EXPECT_EQ(Leaves(Parse("jj.s1.e3")), (std::vector<std::string>{"jj.s1.e3"}));
  EXPECT_EQ(Leaves(Parse("dd")), (std::vector<std::string>{"dd.s1.e1", "dd.s1.e2"}));
}

TEST_F(HorizonTest, Ranges) {
  EXPECT_EQ(Leaves(Parse("jj.s1e2-e4")),
            (std::vector<std::string>{"jj.s1.e2", "jj.s1.e3", "jj.s1.e4"}));
  EXPECT_EQ(Leaves(Parse("jj.s1-s2")).size(), 6u);
  // Across seasons: works at the same depth in tree order.
  EXPECT_EQ(Leaves(Parse("jj.s1e4-s2e1")), (std::vector<std::string>{"jj.s1.e4", "jj.s2.e1"}));
  Status s = Error("jj.s1e4-e2");
  EXPECT_NE(s.message().find("backwards"), std::string::npos) << s.ToString();
  s = Error("jj.s1e1-e9");
  EXPECT_NE(s.message().find("`e9`"), std::string::npos) << s.ToString();
}

TEST_F(HorizonTest, UnionsWithCommaAndPlus) {
  EXPECT_EQ(Leaves(Parse("dd.s1e1, jj.s1e1+jj.s2e2")),
            (std::vector<std::string>{"dd.s1.e1", "jj.s1.e1", "jj.s2.e2"}));
}

TEST_F(HorizonTest, ReleasedDates) {
  EXPECT_EQ(Leaves(Parse("released<=2015-11-20")).size(), 6u);
  EXPECT_EQ(Leaves(Parse("released<2015-11-20")).size(), 2u);
  EXPECT_EQ(Leaves(Parse("released<=2015")).size(), 6u);
  EXPECT_EQ(Leaves(Parse("released<2015")).size(), 0u);
  Status s = Error("released<=soon");
  EXPECT_NE(s.message().find("not a date"), std::string::npos);
  EXPECT_EQ(Leaves(Parse("released <= 2015-04-10")).size(), 2u);
  // Not a `released` item: a (missing) work path.
  EXPECT_NE(Error("released_cut").message().find("no work `released_cut`"), std::string::npos);
}

TEST_F(HorizonTest, NonLeafPointNeedsTheWholeWork) {
  Horizon h = Parse("jj.s1e1-e3");
  EXPECT_FALSE(h.Contains(At(u, "jj.s1")));
  EXPECT_TRUE(h.Contains(At(u, "jj.s1.e3")));
  EXPECT_TRUE(h.TouchesWork(m.jj_s1));
  EXPECT_FALSE(h.ContainsWork(m.jj_s1));
  EXPECT_TRUE(Parse("jj.s1e1-e4").Contains(At(u, "jj.s1")));
  EXPECT_FALSE(Parse("jj.s1").Contains(At(u, "jj")));
  EXPECT_TRUE(Parse("jj.s1,jj.s2").Contains(At(u, "jj")));
}

TEST_F(HorizonTest, Timecodes) {
  Horizon h = Parse("jj.s1e1@21:00");
  EXPECT_TRUE(h.Contains(At(u, "jj.s1.e1", PK::kSeconds, 20 * 60)));
  EXPECT_TRUE(h.Contains(At(u, "jj.s1.e1", PK::kSeconds, 21 * 60)));
  EXPECT_FALSE(h.Contains(At(u, "jj.s1.e1", PK::kSeconds, 21 * 60 + 1)));
  // "Somewhere in the episode" needs the whole episode.
  EXPECT_FALSE(h.Contains(At(u, "jj.s1.e1")));
  // A scene number cannot be compared with a timecode.
  EXPECT_FALSE(h.Contains(At(u, "jj.s1.e1", PK::kScene, 1)));
  EXPECT_TRUE(h.TouchesWork(m.jj));
  EXPECT_FALSE(h.ContainsWork(m.jj_s1));
  // The whole leaf wins over a partial one.
  Horizon both = Parse("jj.s1e1@1:00,jj.s1e1");
  EXPECT_TRUE(both.Contains(At(u, "jj.s1.e1")));
  EXPECT_TRUE(both.partial().empty());
  // Further position of the same kind wins.
  Horizon two = Parse("jj.s1e1@1:00:00+jj.s1e1@2:00");
  EXPECT_TRUE(two.Contains(At(u, "jj.s1.e1", PK::kSeconds, 3600)));
  // Scene positions.
  Horizon scenes = Parse("jj.s1e1@3");
  EXPECT_TRUE(scenes.Contains(At(u, "jj.s1.e1", PK::kScene, 3)));
  EXPECT_FALSE(scenes.Contains(At(u, "jj.s1.e1", PK::kScene, 4)));
}

TEST_F(HorizonTest, PositionOnNonLeafIsAnError) {
  Status s = Error("jj.s1@10:00");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("has parts"), std::string::npos) << s.ToString();
  EXPECT_NE(s.hint().find("jj.s1.e1@10:00"), std::string::npos) << s.ToString();
  EXPECT_NE(Error("jj.s1e1@10:7x").message().find("not a timecode"), std::string::npos);
  EXPECT_NE(Error("jj.s1e1@10:60").message().find("not a timecode"), std::string::npos);
}

TEST_F(HorizonTest, UnknownWorkNamesItemColumnAndSuggests) {
  Status s = Error("jj.s1, jj.s3");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "bad horizon item `jj.s3` at column 8: no work `jj.s3`");
  EXPECT_NE(s.hint().find("`jj.s1`"), std::string::npos) << s.hint();
  s = Error("jj.s1e5");
  EXPECT_NE(s.hint().find("jj.s1e"), std::string::npos) << s.hint();
}

TEST_F(HorizonTest, EmptyItems) {
  EXPECT_NE(Error("").message().find("empty horizon"), std::string::npos);
  EXPECT_NE(Error("  ").message().find("empty horizon"), std::string::npos);
  EXPECT_NE(Error("jj.s1,,dd").message().find("column 7"), std::string::npos);
  EXPECT_NE(Error("jj.s1,").message().find("empty item"), std::string::npos);
}

TEST_F(HorizonTest, BadIdsAreNotContained) {
  Horizon h = Parse("all");
  RevealPoint bad;
  EXPECT_FALSE(h.Contains(bad));
  bad.work = 9999;
  EXPECT_FALSE(h.Contains(bad));
}

TEST(TimecodeTest, ParseAndFormat) {
  EXPECT_EQ(ParseTimecode("41:10"), 41 * 60 + 10);
  EXPECT_EQ(ParseTimecode("1:02:03"), 3723);
  EXPECT_EQ(ParseTimecode("00:41:10"), 41 * 60 + 10);
  EXPECT_EQ(ParseTimecode("41"), -1);
  EXPECT_EQ(ParseTimecode("1:2:3:4"), -1);
  EXPECT_EQ(ParseTimecode(":10"), -1);
  EXPECT_EQ(ParseTimecode("10:75"), -1);
  EXPECT_EQ(FormatTimecode(41 * 60 + 10), "41:10");
  EXPECT_EQ(FormatTimecode(3723), "1:02:03");
  EXPECT_EQ(FormatTimecode(5), "0:05");
}

TEST(LeafSetTest, Basics) {
  LeafSet s(130);
  EXPECT_EQ(s.Count(), 0u);
  s.Set(0);
  s.Set(129);
  s.Set(500);  // out of range: ignored
  EXPECT_TRUE(s.Test(129));
  EXPECT_FALSE(s.Test(128));
  EXPECT_FALSE(s.Test(500));
  EXPECT_EQ(s.Count(), 2u);
  s.SetAll();
  EXPECT_EQ(s.Count(), 130u);
}

}  // namespace
}  // namespace canon
