// Unit tests for partial dates and the release order.
#include "model/dates.h"

#include <gtest/gtest.h>

namespace canon {
namespace {

TEST(Dates, ParseIso) {
  auto d = ParseIsoDate("2015-11-20");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year, 2015);
  EXPECT_EQ(d->month, 11);
  EXPECT_EQ(d->day, 20);
  EXPECT_TRUE(ParseIsoDate("2015"));
  EXPECT_TRUE(ParseIsoDate("-19"));
  EXPECT_FALSE(ParseIsoDate("2015-13"));
  EXPECT_FALSE(ParseIsoDate("2015-02-29"));
  EXPECT_TRUE(ParseIsoDate("2016-02-29"));
  EXPECT_FALSE(ParseIsoDate("2015-1-1"));
  EXPECT_FALSE(ParseIsoDate("x"));
}

TEST(Dates, BoundsOfPartialDates) {
  Universe u;
  PartialDate y{2015, 0, 0, 0};
  EXPECT_EQ(EarliestDay(u, y), DayNumber(2015, 1, 1));
  EXPECT_EQ(LatestDay(u, y), DayNumber(2015, 12, 31));
  PartialDate feb{2016, 2, 0, 0};
  EXPECT_EQ(LatestDay(u, feb) - EarliestDay(u, feb), 28);
  EXPECT_EQ(DayNumber(1, 1, 1), 0);
  EXPECT_EQ(DayNumber(2000, 3, 1) - DayNumber(2000, 2, 28), 2);
}

TEST(Dates, ErasMapOntoOneYearLine) {
  Universe u;
  u.eras.push_back({"CE", kNone, 0, 1, {}});
  u.eras.push_back({"BBY", kNone, 0, -1, {}});
  u.eras.push_back({"ABY", kNone, 0, 1, {}});
  PartialDate bby{19, 0, 0, 1};
  PartialDate aby{-19, 0, 0, 2};
  EXPECT_EQ(AbsoluteYear(u, bby), -19);
  EXPECT_EQ(EarliestDay(u, bby), EarliestDay(u, aby));
  EXPECT_EQ(FormatDate(u, bby), "19 BBY");
}

TEST(Universe, ReleaseOrderByDateThenTreeOrder) {
  Universe u;
  auto add = [&](std::string path, WorkId parent, std::optional<PartialDate> rel) {
    Work w;
    w.path = w.id = path;
    w.parent = parent;
    w.released = rel;
    u.works.push_back(w);
    WorkId id = static_cast<WorkId>(u.works.size() - 1);
    if (parent != kNone) u.works[parent].children.push_back(id);
    return id;
  };
  WorkId b = add("b", kNone, PartialDate{2018, 0, 0, 0});
  WorkId b1 = add("b.1", b, std::nullopt);
  WorkId b2 = add("b.2", b, std::nullopt);
  WorkId a = add("a", kNone, PartialDate{2015, 0, 0, 0});
  WorkId undated = add("z", kNone, std::nullopt);
  u.Finalize();
  ASSERT_EQ(u.release_order.size(), 4u);
  EXPECT_EQ(u.release_order[0], a);
  EXPECT_EQ(u.release_order[1], b1);
  EXPECT_EQ(u.release_order[2], b2);
  EXPECT_EQ(u.release_order[3], undated);
  EXPECT_EQ(u.works[b].first_leaf_rank, 1u);
  EXPECT_EQ(u.works[b].end_leaf_rank, 3u);
  EXPECT_EQ(u.FindWorkByPath("b.2"), b2);
  EXPECT_EQ(u.FindWorkByPath("nope"), kNone);
}

}  // namespace
}  // namespace canon
