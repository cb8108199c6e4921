// Unit tests for story-time resolution on hand-built universes.
#include "time/resolve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "model/dates.h"
#include "time/internal.h"
#include "time/test_builder.h"

namespace canon {
namespace {

using testing::UniverseBuilder;
using Kind = TimeConstraint::Kind;
using Unit = TimeConstraint::Unit;

std::vector<const Diagnostic*> OfKind(const DiagnosticSink& sink, DiagId id) {
  std::vector<const Diagnostic*> out;
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.id == id) out.push_back(&d);
  }
  return out;
}

std::vector<uint32_t> NoteLines(const Diagnostic& d) {
  std::vector<uint32_t> lines;
  for (const DiagNote& n : d.notes) lines.push_back(n.loc.line);
  return lines;
}

// Ranks are dense over 0..RankCount-1.
void ExpectDense(const Universe& u) {
  std::set<uint32_t> ranks(u.time.rank.begin(), u.time.rank.end());
  ASSERT_EQ(ranks.size(), RankCount(u));
  if (!ranks.empty()) {
    EXPECT_EQ(*ranks.begin(), 0u);
    EXPECT_EQ(*ranks.rbegin(), ranks.size() - 1);
  }
}

TEST(ResolveStoryTime, EmptyUniverse) {
  UniverseBuilder b;
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_TRUE(u.time.resolved);
  EXPECT_TRUE(u.time.rank.empty());
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(RankCount(u), 0u);
}

TEST(ResolveStoryTime, ChainOfBeforesGivesIncreasingRanks) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d");
  // Declared out of order: d before c before a.
  b.Rel(b.EventPoint(d), Kind::kBefore, b.EventPoint(c), 1);
  b.Rel(b.EventPoint(c), Kind::kBefore, b.EventPoint(a), 2);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, d), EventRank(u, c));
  EXPECT_LT(EventRank(u, c), EventRank(u, a));
  ExpectDense(u);
  EXPECT_EQ(u.time.earliest[b.EventPoint(a)], ResolvedTime::kNegInf);
  EXPECT_EQ(u.time.latest[b.EventPoint(a)], ResolvedTime::kPosInf);
}

TEST(ResolveStoryTime, SamePointsShareARankAndRanksStayDense) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d"), e = b.Event("e");
  b.Rel(b.EventPoint(c), Kind::kSame, b.EventPoint(a));
  b.Rel(b.EventPoint(d), Kind::kAfter, b.EventPoint(c));
  b.Rel(b.EventPoint(e), Kind::kSame, b.EventPoint(d));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(EventRank(u, a), EventRank(u, c));
  EXPECT_EQ(EventRank(u, d), EventRank(u, e));
  EXPECT_LT(EventRank(u, a), EventRank(u, d));
  EXPECT_EQ(RankCount(u), 2u);
  ExpectDense(u);
}

TEST(ResolveStoryTime, CycleOfBeforesIsE0501WithANoteForEveryConstraint) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d"), free = b.Event("free");
  b.Rel(b.EventPoint(a), Kind::kBefore, b.EventPoint(c), 10);
  b.Rel(b.EventPoint(c), Kind::kBefore, b.EventPoint(d), 11);
  b.Rel(b.EventPoint(d), Kind::kBefore, b.EventPoint(a), 12);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto cycles = OfKind(sink, DiagId::kTimeCycle);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  const Diagnostic& diag = *cycles[0];
  EXPECT_EQ(diag.loc.line, 12u);  // the last written constraint closes the cycle
  EXPECT_EQ(NoteLines(diag), (std::vector<uint32_t>{12, 10, 11}));
  EXPECT_NE(diag.message.find("event `d` would have to come before itself"), std::string::npos)
      << diag.message;
  EXPECT_EQ(diag.notes[0].message, "event `d` is before event `a`");
  // Best effort: every point still has a rank; the cycle collapses to one.
  EXPECT_TRUE(u.time.resolved);
  ASSERT_EQ(u.time.rank.size(), u.points.size());
  EXPECT_EQ(EventRank(u, a), EventRank(u, c));
  EXPECT_NE(EventRank(u, a), EventRank(u, free));
  ExpectDense(u);
}

TEST(ResolveStoryTime, SelfBeforeIsACycleOfOne) {
  UniverseBuilder b;
  EventId a = b.Event("a");
  b.Rel(b.EventPoint(a), Kind::kBefore, b.EventPoint(a), 3);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto cycles = OfKind(sink, DiagId::kTimeCycle);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(NoteLines(*cycles[0]), (std::vector<uint32_t>{3}));
}

TEST(ResolveStoryTime, TwoSeparateCyclesAreTwoReports) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d"), e = b.Event("e");
  b.Rel(b.EventPoint(a), Kind::kBefore, b.EventPoint(c), 1);
  b.Rel(b.EventPoint(c), Kind::kBefore, b.EventPoint(a), 2);
  b.Rel(b.EventPoint(d), Kind::kAfter, b.EventPoint(e), 3);
  b.Rel(b.EventPoint(e), Kind::kAfter, b.EventPoint(d), 4);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_EQ(OfKind(sink, DiagId::kTimeCycle).size(), 2u);
}

TEST(ResolveStoryTime, NonStrictCycleMeansSimultaneous) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d");
  b.Rel(b.EventPoint(a), Kind::kNotAfter, b.EventPoint(c));
  b.Rel(b.EventPoint(c), Kind::kNotAfter, b.EventPoint(d));
  b.Rel(b.EventPoint(d), Kind::kNotAfter, b.EventPoint(a));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(EventRank(u, a), EventRank(u, c));
  EXPECT_EQ(EventRank(u, c), EventRank(u, d));
}

// A season of three episodes, events revealed in each without `story`.
struct Season {
  UniverseBuilder b;
  WorkId series, s1, e1, e2, e3;
  EventId x1, x2, x3;
  explicit Season(bool e2_flashback = false) {
    series = b.Work("jj", kNone, 2015, false, 1);
    s1 = b.Work("s1", series, 0, false, 2);
    e1 = b.Work("e1", s1, 0, false, 3);
    e2 = b.Work("e2", s1, 0, e2_flashback, 4);
    e3 = b.Work("e3", s1, 0, false, 5);
    // Declared in reverse to show the order comes from reveals, not ids.
    x3 = b.Event("x3", e3, 10);
    x2 = b.Event("x2", e2, 11);
    x1 = b.Event("x1", e1, 12);
  }
};

TEST(ResolveStoryTime, DefaultsFollowReleaseOrder) {
  Season s;
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, s.x1), EventRank(u, s.x2));
  EXPECT_LT(EventRank(u, s.x2), EventRank(u, s.x3));
  // Slots: e1 inside s1 inside jj; e1 ends no later than e2 starts.
  const auto& w = u.works;
  auto r = [&](PointId p) { return u.time.rank[p]; };
  // Tight slots: a parent starts with its first child and ends with its last.
  EXPECT_EQ(r(w[s.series].slot_start), r(w[s.s1].slot_start));
  EXPECT_EQ(r(w[s.s1].slot_start), r(w[s.e1].slot_start));
  EXPECT_LT(r(w[s.e1].slot_start), EventRank(u, s.x1));
  EXPECT_LT(EventRank(u, s.x1), r(w[s.e1].slot_end));
  EXPECT_LT(r(w[s.e1].slot_end), r(w[s.e2].slot_start));
  EXPECT_EQ(r(w[s.e3].slot_end), r(w[s.s1].slot_end));
  EXPECT_EQ(r(w[s.s1].slot_end), r(w[s.series].slot_end));
  ExpectDense(u);
  // The implicit constraints were written into the universe.
  size_t implicit = 0;
  for (const TimePoint& tp : u.points) {
    for (const TimeConstraint& c : tp.constraints) implicit += c.implicit;
  }
  // 5 slot orders + 4 containments x2 + 2 tight parents x2 + 2 chain links
  // + 3 event defaults.
  EXPECT_EQ(implicit, 5u + 8u + 4u + 2u + 3u);
}

// An event revealed at (so happening during) a later season is not ordered
// before the dated events of an earlier one: the season's slot starts with
// its first episode, which the release chain puts after the earlier season.
TEST(ResolveStoryTime, SeasonLevelEventFollowsTheEarlierSeason) {
  UniverseBuilder b;
  WorkId series = b.Work("pulse", kNone, 2015, false, 1);
  WorkId v1 = b.Work("v1", series, 0, false, 2);
  WorkId v1_1 = b.Work("1", v1, 0, false, 3);
  WorkId v2 = b.Work("v2", series, 2016, false, 4);
  b.Work("1", v2, 0, false, 5);
  b.Work("2", v2, 0, false, 6);
  EventId early = b.Event("early", v1_1, 7);
  b.Date(b.EventPoint(early), PartialDate{2015, 6, 1, 0}, 7);
  b.RelWork(b.EventPoint(early), Kind::kDuring, v1_1, 7);
  EventId later = b.Event("later", v2, 8);  // default: during v2
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  ASSERT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, early), EventRank(u, later));
  EXPECT_GE(u.time.earliest[b.EventPoint(later)], u.time.earliest[b.EventPoint(early)]);
}

// A flashback below a parent leaves the parent's slot merely containing its
// children (the flashback may lie anywhere), so placing it before the
// first episode is no contradiction.
TEST(ResolveStoryTime, FlashbackChildKeepsTheParentLoose) {
  Season s(/*e2_flashback=*/true);
  s.b.RelWork(s.b.u.works[s.e2].slot_end, Kind::kBefore, s.e1, 9);
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(u.time.rank[u.works[s.e2].slot_end], u.time.rank[u.works[s.e1].slot_start]);
}

TEST(ResolveStoryTime, ResolvingTwiceIsIdempotent) {
  Season s;
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  std::vector<size_t> counts;
  for (const TimePoint& tp : u.points) counts.push_back(tp.constraints.size());
  const std::vector<uint32_t> ranks = u.time.rank;
  ResolveStoryTime(u, sink);
  for (size_t p = 0; p < u.points.size(); ++p) {
    EXPECT_EQ(u.points[p].constraints.size(), counts[p]);
  }
  EXPECT_EQ(u.time.rank, ranks);
  EXPECT_FALSE(sink.has_errors());
}

TEST(ResolveStoryTime, ChainedEpisodeCannotBePlacedBeforeThePreviousOne) {
  Season s;
  // x2 is revealed in e2 but written to happen before x1 (revealed in e1):
  // fine, x2 has its own story and is not defaulted into e2's slot...
  s.b.Rel(s.b.EventPoint(s.x2), Kind::kBefore, s.b.EventPoint(s.x1), 20);
  // ...but forcing e3's slot before x1 contradicts the release chain.
  // (A constraint on the slot would take e3 out of the chain, so constrain
  // an event pinned inside e3 instead.)
  s.b.RelWork(s.b.EventPoint(s.x3), Kind::kDuring, s.e3, 21);
  s.b.Rel(s.b.EventPoint(s.x3), Kind::kBefore, s.b.EventPoint(s.x1), 22);
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto cycles = OfKind(sink, DiagId::kTimeCycle);
  ASSERT_EQ(cycles.size(), 1u);
  const Diagnostic& d = *cycles[0];
  EXPECT_EQ(d.loc.line, 22u);
  // x3 < x1 < e1.end <= e2.start <= e2.end <= e3.start <= x3: the notes name
  // the written constraints and the implicit chain and slot constraints.
  std::vector<uint32_t> lines = NoteLines(d);
  EXPECT_EQ(lines.front(), 22u);
  EXPECT_NE(std::find(lines.begin(), lines.end(), 21u), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), 12u), lines.end());  // x1 during e1
  EXPECT_NE(std::find(lines.begin(), lines.end(), 4u), lines.end());   // e2's slot, chain
  EXPECT_NE(std::find(lines.begin(), lines.end(), 5u), lines.end());   // e3 follows e2
  bool mentions_chain = false;
  for (const DiagNote& n : d.notes) {
    if (n.message.find("in release order") != std::string::npos) mentions_chain = true;
  }
  EXPECT_TRUE(mentions_chain);
}

TEST(ResolveStoryTime, FlashbackLeafIsNotChained) {
  Season s(/*e2_flashback=*/true);
  // e2 is a flashback: an event pinned inside it may come before e1.
  s.b.RelWork(s.b.EventPoint(s.x2), Kind::kDuring, s.e2, 20);
  s.b.Rel(s.b.EventPoint(s.x2), Kind::kBefore, s.b.EventPoint(s.x1), 21);
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, s.x2), EventRank(u, s.x1));
  // e3 still follows e1 (the chain skips the flashback).
  EXPECT_LT(u.time.rank[u.works[s.e1].slot_end], u.time.rank[u.works[s.e3].slot_start]);
}

TEST(ResolveStoryTime, PlacedLeafLeavesTheChain) {
  Season s;
  // `episode e2 story before jj.s1.e1`: written on e2's own slot, so e2 is
  // not chained after e1 (which would be a cycle).
  s.b.RelWork(s.b.u.works[s.e2].slot_end, Kind::kBefore, s.e1, 20);
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, s.x2), EventRank(u, s.x1));  // x2 defaults into e2
  EXPECT_LT(u.time.rank[u.works[s.e1].slot_end], u.time.rank[u.works[s.e3].slot_start]);
}

TEST(ResolveStoryTime, LeavesOfAPlacedAncestorChainAmongThemselves) {
  UniverseBuilder b;
  WorkId jj = b.Work("jj", kNone, 2015, false, 1);
  WorkId e1 = b.Work("e1", jj, 0, false, 2);
  WorkId e2 = b.Work("e2", jj, 0, false, 3);
  // A prequel film released later, placed before the series as a whole.
  WorkId film = b.Work("film", kNone, 2016, false, 4);
  WorkId sc1 = b.Work("sc1", film, 0, false, 5);
  WorkId sc2 = b.Work("sc2", film, 0, false, 6);
  b.RelWork(b.u.works[film].slot_end, Kind::kBefore, jj, 7);
  EventId y2 = b.Event("y2", sc2), y1 = b.Event("y1", sc1), x1 = b.Event("x1", e1);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, y1), EventRank(u, y2));  // scenes chained inside the film
  EXPECT_LT(EventRank(u, y2), EventRank(u, x1));  // the film is before the series
  EXPECT_LT(u.time.rank[u.works[e1].slot_end], u.time.rank[u.works[e2].slot_start]);
  EXPECT_LT(u.time.rank[u.works[sc1].slot_end], u.time.rank[u.works[sc2].slot_start]);
}

TEST(ResolveStoryTime, CrossoverReleasedTheSameDayMaySharePoints) {
  UniverseBuilder b;
  WorkId a = b.Work("a", kNone, 2017, false, 1);
  WorkId bb = b.Work("b", kNone, 2017, false, 2);
  // An event shown in both, written as during each: forces a.end == b.start.
  EventId x = b.Event("x", a, 3);
  b.RelWork(b.EventPoint(x), Kind::kDuring, a, 4);
  b.RelWork(b.EventPoint(x), Kind::kDuring, bb, 5);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(u.time.rank[u.works[a].slot_end], EventRank(u, x));
  EXPECT_EQ(u.time.rank[u.works[bb].slot_start], EventRank(u, x));
}

TEST(ResolveStoryTime, DatesGiveBoundsAndOrder) {
  UniverseBuilder b;
  EventId late = b.Event("late"), early = b.Event("early"), after = b.Event("after");
  b.Date(b.EventPoint(late), PartialDate{2016, 3, 0, 0});
  b.Date(b.EventPoint(early), PartialDate{2015, 0, 0, 0});
  b.Rel(b.EventPoint(after), Kind::kAfter, b.EventPoint(early));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(u.time.earliest[b.EventPoint(late)], DayNumber(2016, 3, 1));
  EXPECT_EQ(u.time.latest[b.EventPoint(late)], DayNumber(2016, 3, 31));
  EXPECT_EQ(u.time.earliest[b.EventPoint(after)], DayNumber(2015, 1, 1));
  EXPECT_EQ(u.time.latest[b.EventPoint(after)], ResolvedTime::kPosInf);
  EXPECT_EQ(u.time.latest[b.EventPoint(early)], DayNumber(2015, 12, 31));
  // Unrelated points: the earlier date ranks first, though declared later.
  EXPECT_LT(EventRank(u, early), EventRank(u, late));
}

TEST(ResolveStoryTime, BeforeAndAfterDatesAreExclusive) {
  UniverseBuilder b;
  EventId x = b.Event("x"), y = b.Event("y");
  b.RelDate(b.EventPoint(x), Kind::kBefore, PartialDate{2015, 0, 0, 0});
  b.RelDate(b.EventPoint(y), Kind::kAfter, PartialDate{2015, 6, 0, 0});
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_EQ(u.time.latest[b.EventPoint(x)], DayNumber(2014, 12, 31));
  EXPECT_EQ(u.time.earliest[b.EventPoint(y)], DayNumber(2015, 7, 1));
}

TEST(ResolveStoryTime, YearOffsetsFollowTheLanguageRanges) {
  UniverseBuilder b;
  EventId base = b.Event("base"), later = b.Event("later"), earlier = b.Event("earlier");
  EventId days = b.Event("days");
  b.Date(b.EventPoint(base), PartialDate{2015, 6, 1, 0});
  b.Offset(b.EventPoint(later), 2, Unit::kYears, b.EventPoint(base));
  b.Offset(b.EventPoint(earlier), -1, Unit::kMonths, b.EventPoint(base));
  b.Offset(b.EventPoint(days), 10, Unit::kDays, b.EventPoint(base));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  const int64_t d = DayNumber(2015, 6, 1);
  EXPECT_EQ(u.time.earliest[b.EventPoint(later)], d + 2 * 365);
  EXPECT_EQ(u.time.latest[b.EventPoint(later)], d + 3 * 366 - 1);
  EXPECT_EQ(u.time.earliest[b.EventPoint(earlier)], d - (2 * 31 - 1));
  EXPECT_EQ(u.time.latest[b.EventPoint(earlier)], d - 28);
  EXPECT_EQ(u.time.earliest[b.EventPoint(days)], d + 10);
  EXPECT_EQ(u.time.latest[b.EventPoint(days)], d + 10);
  EXPECT_LT(EventRank(u, earlier), EventRank(u, base));
  EXPECT_LT(EventRank(u, base), EventRank(u, days));
}

TEST(ResolveStoryTime, UpperBoundsFlowBackwardsThroughOffsets) {
  UniverseBuilder b;
  EventId birth = b.Event("birth"), wedding = b.Event("wedding");
  // wedding is 30 years after birth, and in 2000: birth is 1969..1970.
  b.Offset(b.EventPoint(wedding), 30, Unit::kYears, b.EventPoint(birth));
  b.Date(b.EventPoint(wedding), PartialDate{2000, 1, 1, 0});
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  const int64_t w = DayNumber(2000, 1, 1);
  EXPECT_EQ(u.time.earliest[b.EventPoint(birth)], w - (31 * 366 - 1));
  EXPECT_EQ(u.time.latest[b.EventPoint(birth)], w - 30 * 365);
}

TEST(ResolveStoryTime, DateThatViolatesDerivedBoundsIsE0502) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d");
  b.Date(b.EventPoint(a), PartialDate{2015, 0, 0, 0}, 1);
  b.Rel(b.EventPoint(c), Kind::kAfter, b.EventPoint(a), 2);
  b.Rel(b.EventPoint(d), Kind::kAfter, b.EventPoint(c), 3);
  b.Date(b.EventPoint(d), PartialDate{2014, 5, 0, 0}, 4);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto dates = OfKind(sink, DiagId::kImpossibleDate);
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  const Diagnostic& diag = *dates[0];
  EXPECT_EQ(diag.loc.line, 4u);
  EXPECT_EQ(diag.message,
            "event `d` is in 2014-05, but the other constraints place it on or after 2015-01-01");
  EXPECT_EQ(NoteLines(diag), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_TRUE(u.time.resolved);
}

TEST(ResolveStoryTime, TwoDatesOnOnePointThatDoNotMeet) {
  UniverseBuilder b;
  EventId a = b.Event("a");
  b.RelDate(b.EventPoint(a), Kind::kAfter, PartialDate{2016, 0, 0, 0}, 1);
  b.RelDate(b.EventPoint(a), Kind::kBefore, PartialDate{2015, 0, 0, 0}, 2);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto dates = OfKind(sink, DiagId::kImpossibleDate);
  ASSERT_EQ(dates.size(), 1u);
  EXPECT_EQ(dates[0]->loc.line, 2u);
  EXPECT_EQ(NoteLines(*dates[0]), (std::vector<uint32_t>{1, 2}));
}

TEST(ResolveStoryTime, OneReportPerConflictingPairOfDates) {
  UniverseBuilder b;
  EventId a = b.Event("a"), z = b.Event("z");
  b.Date(b.EventPoint(a), PartialDate{2020, 0, 0, 0}, 1);
  b.Date(b.EventPoint(z), PartialDate{2010, 0, 0, 0}, 2);
  // A long chain a < m1 < ... < m50 < z: every link is infeasible.
  PointId prev = b.EventPoint(a);
  for (int i = 0; i < 50; ++i) {
    EventId m = b.Event("m" + std::to_string(i));
    b.Rel(b.EventPoint(m), Kind::kAfter, prev, 10 + i);
    prev = b.EventPoint(m);
  }
  b.Rel(b.EventPoint(z), Kind::kAfter, prev, 100);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto dates = OfKind(sink, DiagId::kImpossibleDate);
  ASSERT_EQ(dates.size(), 1u);
  // 53 constraints on the chain: the middle ones are summarised.
  EXPECT_EQ(dates[0]->notes.size(), 16u);
  EXPECT_NE(dates[0]->hint.find("37 constraints"), std::string::npos) << dates[0]->hint;
}

TEST(ResolveStoryTime, FactEndingBeforeItStartsIsE0503) {
  UniverseBuilder b;
  EventId x = b.Event("x"), y = b.Event("y");
  FactId f = b.Fact("bond", true, true, kNone, 5);
  b.Rel(b.EventPoint(y), Kind::kAfter, b.EventPoint(x), 1);
  b.Rel(b.u.facts[f].start, Kind::kSame, b.EventPoint(y), 6);
  b.Rel(b.u.facts[f].end, Kind::kSame, b.EventPoint(x), 7);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto ends = OfKind(sink, DiagId::kEndsBeforeStart);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(ends[0]->loc.line, 5u);
  EXPECT_EQ(ends[0]->message, "fact `bond` ends before it starts");
  std::vector<uint32_t> lines = NoteLines(*ends[0]);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<uint32_t>{1, 5, 6, 7}));
}

TEST(ResolveStoryTime, FactStartedAndEndedByEventsInTheWrongOrderIsE0503) {
  // As the checker builds `starts`/`ends` effects: the fact's start and end
  // are the events' own points.
  UniverseBuilder b;
  EventId wedding = b.Event("wedding", kNone, 1), divorce = b.Event("divorce", kNone, 2);
  FactId f = b.Fact("", false, false, kNone, 3);
  b.u.facts[f].start = b.EventPoint(wedding);
  b.u.facts[f].started_by = wedding;
  b.u.facts[f].end = b.EventPoint(divorce);
  b.u.facts[f].ended_by = divorce;
  b.u.events[wedding].starts.push_back(f);
  b.u.events[divorce].ends.push_back(f);
  b.Rel(b.EventPoint(divorce), Kind::kBefore, b.EventPoint(wedding), 4);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto ends = OfKind(sink, DiagId::kEndsBeforeStart);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(ends[0]->loc.line, 3u);
  EXPECT_EQ(ends[0]->message, "fact `e0 status alive` ends before it starts");
  ASSERT_EQ(ends[0]->notes.size(), 2u);
  EXPECT_EQ(ends[0]->notes[0].message, "fact `e0 status alive` must start before it ends");
  EXPECT_EQ(ends[0]->notes[1].message, "event `divorce` is before event `wedding`");
}

TEST(ResolveStoryTime, FactEndingWhereItStartsIsE0503) {
  UniverseBuilder b;
  EventId x = b.Event("x");
  FactId f = b.Fact("", true, true, kNone, 5);
  b.Rel(b.u.facts[f].start, Kind::kSame, b.EventPoint(x), 6);
  b.Rel(b.u.facts[f].end, Kind::kSame, b.EventPoint(x), 7);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto ends = OfKind(sink, DiagId::kEndsBeforeStart);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0]->message, "fact `e0 status alive` ends before it starts");
}

TEST(ResolveStoryTime, FactWithDatesTheWrongWayRoundIsE0503) {
  UniverseBuilder b;
  FactId f = b.Fact("job", true, true, kNone, 5);
  b.Date(b.u.facts[f].start, PartialDate{2015, 0, 0, 0}, 6);
  b.Date(b.u.facts[f].end, PartialDate{2010, 0, 0, 0}, 7);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto ends = OfKind(sink, DiagId::kEndsBeforeStart);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(ends[0]->loc.line, 5u);
  EXPECT_EQ(NoteLines(*ends[0]), (std::vector<uint32_t>{6, 5, 7}));
}

TEST(ResolveStoryTime, ContradictoryOffsetsAreE0501) {
  UniverseBuilder b;
  EventId x = b.Event("x"), p = b.Event("p"), q = b.Event("q");
  b.Offset(b.EventPoint(p), 1, Unit::kYears, b.EventPoint(x), 1);
  b.Offset(b.EventPoint(q), 10, Unit::kDays, b.EventPoint(x), 2);
  b.Rel(b.EventPoint(p), Kind::kBefore, b.EventPoint(q), 3);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto cycles = OfKind(sink, DiagId::kTimeCycle);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(cycles[0]->loc.line, 3u);
  EXPECT_NE(cycles[0]->message.find("at least 355 days after itself"), std::string::npos)
      << cycles[0]->message;
  std::vector<uint32_t> lines = NoteLines(*cycles[0]);
  std::sort(lines.begin(), lines.end());
  EXPECT_EQ(lines, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_TRUE(u.time.resolved);
}

TEST(ResolveStoryTime, OffsetsThatDisagreeAreE0501) {
  UniverseBuilder b;
  EventId x = b.Event("x"), p = b.Event("p"), q = b.Event("q");
  b.Offset(b.EventPoint(p), 10, Unit::kDays, b.EventPoint(x));
  b.Offset(b.EventPoint(q), 1, Unit::kYears, b.EventPoint(x));
  b.Rel(b.EventPoint(p), Kind::kBefore, b.EventPoint(q));
  b.Offset(b.EventPoint(x), -3, Unit::kDays, b.EventPoint(p));  // x = p - 3 days
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  // p = x + 10 and x = p - 3 contradict each other (7 days apart both ways).
  EXPECT_EQ(OfKind(sink, DiagId::kTimeCycle).size(), 1u);
}

TEST(ResolveStoryTime, ExactDayOffsetsBothWaysAgree) {
  UniverseBuilder b;
  EventId x = b.Event("x"), p = b.Event("p");
  b.Offset(b.EventPoint(p), 10, Unit::kDays, b.EventPoint(x));
  b.Offset(b.EventPoint(x), -10, Unit::kDays, b.EventPoint(p));
  b.Date(b.EventPoint(x), PartialDate{2015, 1, 1, 0});
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(u.time.earliest[b.EventPoint(p)], DayNumber(2015, 1, 11));
  EXPECT_EQ(u.time.latest[b.EventPoint(p)], DayNumber(2015, 1, 11));
}

TEST(ResolveStoryTime, KnowledgePointDefaultsToItsTarget) {
  UniverseBuilder b;
  EventId x = b.Event("x"), y = b.Event("y");
  b.Rel(b.EventPoint(y), Kind::kAfter, b.EventPoint(x));
  Knowledge k;
  k.who = b.Entity("luke");
  k.target_kind = Knowledge::TargetKind::kEvent;
  k.target = x;
  k.from = b.NewPoint(TimePoint::Owner::kKnowledge, 0);
  b.u.knowledge.push_back(k);
  Knowledge k2 = k;
  k2.from = b.NewPoint(TimePoint::Owner::kKnowledge, 1);
  b.u.knowledge.push_back(k2);
  b.Rel(k2.from, Kind::kAfter, b.EventPoint(y), 3);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_EQ(u.time.rank[k.from], EventRank(u, x));
  EXPECT_GT(u.time.rank[k2.from], EventRank(u, y));
  EXPECT_EQ(DescribeTimePoint(u, k.from), "when `luke` learns of `x`");
}

TEST(ResolveStoryTime, AppearancePointDefaultsIntoItsWork) {
  Season s;
  Appearance a;
  a.entity = s.b.Entity("ann");
  a.at = RevealPoint{s.e2};
  a.time = s.b.NewPoint(TimePoint::Owner::kAppearance, 0);
  s.b.u.appearances.push_back(a);
  Appearance placed = a;  // a flashback scene placed before e1
  placed.time = s.b.NewPoint(TimePoint::Owner::kAppearance, 1);
  s.b.u.appearances.push_back(placed);
  s.b.RelWork(placed.time, Kind::kBefore, s.e1, 30);
  Universe& u = s.b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_GT(u.time.rank[a.time], u.time.rank[u.works[s.e2].slot_start]);
  EXPECT_LT(u.time.rank[a.time], u.time.rank[u.works[s.e2].slot_end]);
  EXPECT_LT(u.time.rank[placed.time], u.time.rank[u.works[s.e1].slot_start]);
  EXPECT_EQ(DescribeTimePoint(u, a.time), "the appearance of `ann` in `jj.s1.e2`");
}

TEST(ResolveStoryTime, FactHoldsFromStartUntilEnd) {
  UniverseBuilder b;
  EventId a = b.Event("a"), c = b.Event("c"), d = b.Event("d");
  b.Rel(b.EventPoint(c), Kind::kAfter, b.EventPoint(a));
  b.Rel(b.EventPoint(d), Kind::kAfter, b.EventPoint(c));
  FactId open = b.Fact("open", false, false);
  FactId mid = b.Fact("mid", true, true);
  FactId from_c = b.Fact("from_c", true, false);
  FactId until_c = b.Fact("until_c", false, true);
  b.Rel(b.u.facts[mid].start, Kind::kSame, b.EventPoint(a));
  b.Rel(b.u.facts[mid].end, Kind::kSame, b.EventPoint(c));
  b.Rel(b.u.facts[from_c].start, Kind::kSame, b.EventPoint(c));
  b.Rel(b.u.facts[until_c].end, Kind::kSame, b.EventPoint(c));
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  ASSERT_FALSE(sink.has_errors());
  const uint32_t ra = EventRank(u, a), rc = EventRank(u, c), rd = EventRank(u, d);
  EXPECT_EQ(FactStartRank(u, open), kStoryBegin);
  EXPECT_EQ(FactEndRank(u, open), kStoryEnd);
  EXPECT_TRUE(FactHoldsAt(u, open, 0));
  EXPECT_TRUE(FactHoldsAt(u, open, RankCount(u)));
  EXPECT_TRUE(FactHoldsAt(u, mid, ra));   // from is inclusive
  EXPECT_FALSE(FactHoldsAt(u, mid, rc));  // until is exclusive
  EXPECT_TRUE(FactHoldsAt(u, from_c, rc));
  EXPECT_TRUE(FactHoldsAt(u, from_c, rd));
  EXPECT_FALSE(FactHoldsAt(u, from_c, ra));
  EXPECT_TRUE(FactHoldsAt(u, until_c, ra));
  EXPECT_FALSE(FactHoldsAt(u, until_c, rc));
  EXPECT_FALSE(FactHoldsAt(u, 999, ra));
  EXPECT_EQ(PointRank(u, kNone, 7), 7u);
}

TEST(ResolveStoryTime, TiesBreakByRevealOrder) {
  UniverseBuilder b;
  WorkId s = b.Work("s", kNone, 2015);
  WorkId e1 = b.Work("e1", s), e2 = b.Work("e2", s);
  // Two flashback-free events with their own (equal) story placement: both
  // only "before the series", so the tie is broken by where they are shown.
  EventId late = b.Event("shown_in_e2", e2), early = b.Event("shown_in_e1", e1);
  b.RelWork(b.EventPoint(late), Kind::kBefore, s);
  b.RelWork(b.EventPoint(early), Kind::kBefore, s);
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  EXPECT_FALSE(sink.has_errors());
  EXPECT_LT(EventRank(u, early), EventRank(u, late));
}

TEST(ResolveStoryTime, DeepChainDoesNotRecurse) {
  UniverseBuilder b;
  constexpr int kN = 200000;
  PointId prev = kNone;
  for (int i = 0; i < kN; ++i) {
    PointId p = b.NewPoint(TimePoint::Owner::kEvent, kNone);
    if (prev != kNone) b.Rel(p, Kind::kAfter, prev);
    prev = p;
  }
  b.Rel(0, Kind::kAfter, prev, 1);  // and close it: one cycle of 200000
  Universe& u = b.Done();
  DiagnosticSink sink;
  ResolveStoryTime(u, sink);
  auto cycles = OfKind(sink, DiagId::kTimeCycle);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0]->notes.size(), static_cast<size_t>(kN));
}

TEST(ResolveStoryTime, DescribesPointsAndDays) {
  Season s;
  Universe& u = s.b.Done();
  EXPECT_EQ(DescribeTimePoint(u, u.works[s.e1].slot_start), "the start of `jj.s1.e1`");
  EXPECT_EQ(DescribeTimePoint(u, u.works[s.s1].slot_end), "the end of `jj.s1`");
  EXPECT_EQ(DescribeTimePoint(u, s.b.EventPoint(s.x1)), "event `x1`");
  EXPECT_EQ(FormatDay(u, DayNumber(2015, 11, 20)), "2015-11-20");
  EXPECT_EQ(FormatDay(u, DayNumber(-44, 3, 15)), "-044-03-15");
  EXPECT_EQ(FormatDay(u, ResolvedTime::kNegInf), "-inf");
  u.eras.push_back({"CE", kNone, 0, 1, {}});
  u.eras.push_back({"BBY", kNone, 0, -1, {}});
  EXPECT_EQ(FormatDay(u, DayNumber(-19, 6, 1), 1), "19 BBY");
}

TEST(TimeInternal, CivilFromDayInvertsDayNumber) {
  for (int64_t day = DayNumber(-500, 1, 1); day < DayNumber(2500, 1, 1); day += 17) {
    int64_t y = 0;
    int m = 0, d = 0;
    CivilFromDay(day, y, m, d);
    ASSERT_EQ(DayNumber(y, m, d), day);
  }
}

}  // namespace
}  // namespace canon
