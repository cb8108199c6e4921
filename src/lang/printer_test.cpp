// Unit tests of the printer (`canon fmt`) and the lowering (`canon export`):
// canonical layout, comment keeping, idempotence, and the text round trip
// compile(export(u)) == u in meaning, on hand-written and random universes.
#include "lang/printer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "lang/test_util.h"
#include "support/random_universe.h"

namespace canon::lang {
namespace {

using testutil::Compile;
using testutil::Errors;
using testutil::Format;

TEST(Printer, CanonicalLayout) {
  std::string in =
      "universe   \"U\"\n"
      "continuity c \"C\"\n"
      "\n\n\n"
      "series jj \"JJ\"\n"
      "    season s1 episodes 013 released 2015-11-20\n"
      "character   j \"J\"   introduced jj.s1e1@00:41:10, jj.s1e2@3\n"
      "fact j status alive revealed jj.s1 from 2015 source \"a \\\"b\\\"\"\n"
      "event e : j dies\n"
      "  revealed jj.s1\n"
      "  story 1 year after 2015-02 and 3 days before x\n";
  std::string want =
      "universe \"U\"\n"
      "continuity c \"C\"\n"
      "\n"
      "series jj \"JJ\"\n"
      "  season s1 released 2015-11-20 episodes 13\n"
      "character j \"J\" introduced jj.s1e1@41:10, jj.s1e2@3\n"
      "fact j status alive from 2015 revealed jj.s1 source \"a \\\"b\\\"\"\n"
      "event e: j dies story 1 year after 2015-02 and 3 days before x revealed jj.s1\n";
  std::vector<std::string> codes;
  EXPECT_EQ(Format(in, &codes), want);
  EXPECT_TRUE(codes.empty());
  EXPECT_EQ(Format(want), want);
}

TEST(Printer, LongStatementsBreakOnePerLine) {
  std::string in =
      "event reva_death: jessica kills reva role controller kilgrave story before jj.s1 "
      "revealed jj.s1 known_by luke from jj.s1 revealed jj.s1e8\n";
  std::string want =
      "event reva_death: jessica kills reva\n"
      "  role controller kilgrave\n"
      "  story before jj.s1\n"
      "  revealed jj.s1\n"
      "  known_by luke from jj.s1 revealed jj.s1e8\n";
  EXPECT_EQ(Format(in), want);
  EXPECT_EQ(Format(want), want);
}

TEST(Printer, CommentsAreKept) {
  std::string in =
      "# header comment\n"
      "\n"
      "# about j\n"
      "character j \"J\" # trailing\n"
      "  # why introduced\n"
      "  introduced jj.s1 # where\n"
      "  # the alias\n"
      "  alias \"X\"   # alias note\n"
      "\n"
      "\n"
      "# closing\n";
  std::string want =
      "# header comment\n"
      "\n"
      "# about j\n"
      "character j \"J\" # trailing\n"
      "  # why introduced\n"
      "  introduced jj.s1 # where\n"
      "  # the alias\n"
      "  alias \"X\" # alias note\n"
      "\n"
      "# closing\n";
  EXPECT_EQ(Format(in), want);
  EXPECT_EQ(Format(want), want);
}

TEST(Printer, EffectsKeepTheirOrderAndEndsTakesALabel) {
  std::string in =
      "event e revealed jj source \"s\" sets a rank low ends wed starts a knows b ends a knows b\n"
      "fact a born 283-05 AC revealed jj\n";
  std::string want =
      "event e revealed jj sets a rank low ends wed starts a knows b ends a knows b source \"s\"\n"
      "fact a born 283-05 AC revealed jj\n";
  std::vector<std::string> codes;
  EXPECT_EQ(Format(in, &codes), want);
  EXPECT_TRUE(codes.empty()) << codes[0];
}

TEST(Printer, AppearancesAllowsUsesAndLintSettings) {
  std::string in =
      "lint   dead-acts    warning\n"
      "series jj \"JJ\"\n"
      "  season s1 episodes 3\n"
      "    episode e1\n"
      "      cast  j ,k\n"
      "appears j,k in jj.s1e2@00:40 allow dead-acts   \"ghost\" story before x\n"
      "fact j knows k source \"s\" allow one-place \"a\" revealed jj.s1\n"
      "event e allow x \"y\" uses f by   k revealed jj.s1 uses g source \"z\"\n";
  std::string want =
      "lint dead-acts warning\n"
      "series jj \"JJ\"\n"
      "  season s1 episodes 3\n"
      "    episode e1\n"
      "      cast j, k\n"
      "appears j, k in jj.s1e2@0:40 story before x allow dead-acts \"ghost\"\n"
      "fact j knows k revealed jj.s1 allow one-place \"a\" source \"s\"\n"
      "event e revealed jj.s1 uses f by k uses g allow x \"y\" source \"z\"\n";
  std::vector<std::string> codes;
  EXPECT_EQ(Format(in, &codes), want);
  EXPECT_TRUE(codes.empty());
  EXPECT_EQ(Format(want), want);
}

TEST(Printer, SyntaxErrorsGiveEmptyOutput) {
  std::vector<std::string> codes;
  EXPECT_EQ(Format("character j \"J\" bogus\n", &codes), "");
  EXPECT_EQ(codes, std::vector<std::string>{"E0204@1:17"});
}

TEST(Printer, Pieces) {
  EXPECT_EQ(PrintTimecode(3723), "1:02:03");
  EXPECT_EQ(PrintTimecode(59), "0:59");
  ast::DateLit d;
  d.year = 19;
  d.era = "BBY";
  EXPECT_EQ(PrintDate(d), "19 BBY");
  d.era.clear();
  d.month = 3;
  EXPECT_EQ(PrintDate(d), "0019-03");
}

// The random generator gives a fact started (ended) by an event a point of
// its own, constrained to be at the event; the checker gives it the event's
// own point. Same meaning: rewrite the generator's form into the checker's
// (references redirected, the fact's own points dropped).
Universe SharedEffectPoints(Universe u) {
  std::vector<PointId> redirect(u.points.size());
  for (PointId p = 0; p < u.points.size(); ++p) redirect[p] = p;
  auto share = [&](FactId f, PointId& p, EventId e) {
    if (e == kNone || p == kNone || p == u.events[e].time) return;
    const auto& cs = u.points[p].constraints;
    size_t written = 0;
    bool at_event = false;
    for (const TimeConstraint& c : cs) {
      if (c.implicit) continue;
      ++written;
      at_event = c.kind == TimeConstraint::Kind::kSame &&
                 c.anchor_kind == TimeConstraint::AnchorKind::kPoint && c.point == u.events[e].time;
    }
    if (written == 1 && at_event) {
      redirect[p] = u.events[e].time;
      p = u.events[e].time;
    }
    (void)f;
  };
  for (FactId f = 0; f < u.facts.size(); ++f) {
    share(f, u.facts[f].start, u.facts[f].started_by);
    share(f, u.facts[f].end, u.facts[f].ended_by);
  }
  // A knowledge point of its own with no written constraint means "at the
  // target" (the time stage's default); the checker uses the target's point.
  for (Knowledge& k : u.knowledge) {
    PointId target = k.target_kind == Knowledge::TargetKind::kEvent ? u.events[k.target].time
                                                                    : u.facts[k.target].start;
    if (k.from == kNone) {
      k.from = target;
      continue;
    }
    const TimePoint& tp = u.points[k.from];
    if (tp.owner != TimePoint::Owner::kKnowledge) continue;
    std::vector<const TimeConstraint*> written;
    for (const TimeConstraint& c : tp.constraints) {
      if (!c.implicit) written.push_back(&c);
    }
    // `from X` on an event or fact anchor names X's point itself.
    PointId to = written.empty() ? target
                 : written.size() == 1 && written[0]->kind == TimeConstraint::Kind::kSame &&
                         written[0]->anchor_kind == TimeConstraint::AnchorKind::kPoint
                     ? written[0]->point
                     : kNone;
    if (to != kNone) {
      redirect[k.from] = to;
      k.from = to;
    }
  }
  std::vector<PointId> renumber(u.points.size(), kNone);
  std::vector<TimePoint> kept;
  for (PointId p = 0; p < u.points.size(); ++p) {
    if (redirect[p] != p) continue;
    renumber[p] = static_cast<PointId>(kept.size());
    kept.push_back(u.points[p]);
  }
  auto map = [&](PointId& p) {
    if (p != kNone && p < redirect.size()) p = renumber[redirect[p]];
  };
  for (Fact& f : u.facts) {
    map(f.start);
    map(f.end);
  }
  for (Event& e : u.events) map(e.time);
  for (Work& w : u.works) {
    map(w.slot_start);
    map(w.slot_end);
  }
  for (Knowledge& k : u.knowledge) map(k.from);
  for (TimePoint& tp : kept) {
    for (TimeConstraint& c : tp.constraints) {
      if (c.anchor_kind == TimeConstraint::AnchorKind::kPoint) map(c.point);
    }
  }
  u.points = std::move(kept);
  // The generator may put a work's `story` constraint on its slot start
  // alone; the language writes a work's story time as terms, each applying
  // to both slot points except `before` (end only) and `after` (start only).
  // Rebuild each work's written constraints that way.
  for (Work& w : u.works) {
    auto& sc = u.points[w.slot_start].constraints;
    auto& ec = u.points[w.slot_end].constraints;
    std::vector<TimeConstraint> terms, si, ei;
    std::vector<bool> used(ec.size(), false);
    auto same = [](const TimeConstraint& a, const TimeConstraint& b) {
      return a.kind == b.kind && a.anchor_kind == b.anchor_kind && a.point == b.point &&
             a.work == b.work && a.date == b.date && a.amount == b.amount && a.unit == b.unit;
    };
    for (const TimeConstraint& c : sc) {
      if (c.implicit) {
        si.push_back(c);
        continue;
      }
      for (size_t i = 0; i < ec.size(); ++i) {
        if (!used[i] && !ec[i].implicit && same(c, ec[i])) {
          used[i] = true;
          break;
        }
      }
      terms.push_back(c);
    }
    for (size_t i = 0; i < ec.size(); ++i) {
      if (ec[i].implicit)
        ei.push_back(ec[i]);
      else if (!used[i])
        terms.push_back(ec[i]);
    }
    for (const TimeConstraint& c : terms) {
      if (c.kind != TimeConstraint::Kind::kBefore) si.push_back(c);
      if (c.kind != TimeConstraint::Kind::kAfter) ei.push_back(c);
    }
    sc = std::move(si);
    ec = std::move(ei);
  }
  return u;
}

// compile(export(u)) must equal u in meaning, and export must be a fixpoint.
void ExpectRoundTrip(const Universe& original, const std::string& what,
                     bool from_generator = false) {
  Universe u = from_generator ? SharedEffectPoints(original) : original;
  std::string text = ExportCanon(u);
  auto again = Compile(text);
  ASSERT_TRUE(Errors(again).empty()) << what << ": export does not compile:\n"
                                     << again.rendered << "\n--- export ---\n"
                                     << text;
  testing::DiffOptions opts;
  opts.ignore_implicit = true;
  std::string diff = testing::DiffUniverses(
      testutil::SortEffects(u), testutil::SortEffects(testutil::StripInventedLabels(u, again.u)),
      opts);
  EXPECT_EQ(diff, "") << what << "\n--- export ---\n" << text;
  EXPECT_EQ(ExportCanon(again.u), text) << what;
  EXPECT_EQ(Format(text), text) << what << ": export is not in canonical form";
}

TEST(Export, SmallUniverse) {
  auto c = Compile(testutil::kSmall);
  ASSERT_TRUE(c.codes.empty()) << c.rendered;
  ExpectRoundTrip(c.u, "small");
  std::string text = ExportCanon(c.u);
  EXPECT_NE(text.find("season s1 released 2015-11-20 episodes 13\n    episode e1 \"AKA Ladies"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("episode e2"), std::string::npos);  // generated: not printed
}

TEST(Export, EffectsKnowledgeAndEras) {
  auto c = Compile(
      "continuity sw \"Star Wars\"\ncontinuity leg \"Legends\"\n"
      "era BBY in sw epoch 0 backward\nera ABY epoch 0\n"
      "predicate rank exclusive object one of private general\n"
      "predicate height object number phrase \"is tall\"\n"
      "use sw\n"
      "film anh \"A New Hope\" released 1977-05-25 runtime 121 story 0 ABY\n"
      "  scene s1 flashback story 19 BBY\n"
      "book b \"B\" released 1990 chapters 5\n  chapter 3 \"Three\" story after anh\n"
      "person mark \"Mark Hamill\"\n"
      "character luke \"Luke\" introduced anh.s1@0:12:00\n"
      "  played_by mark\n  status alive\n  rank general from 3 ABY\n  height 1.72\n"
      "  born 19 BBY\n  counterpart leg:luke\n"
      "character vader \"Vader\" introduced anh\n"
      "character leia \"Leia\"\n"
      "fact told: vader parent_of luke revealed b.3 overturned b.5 source \"ESB\"\n"
      "event duel \"The duel\": vader fights luke story 3 ABY revealed b.2, b.3@2\n"
      "  role witness leia\n  unaware leia\n  known_by mark from during b\n"
      "  starts luke enemy_of vader\n"
      "event d: vader dies story 4 years after duel revealed b.5\n"
      "  sets luke rank private\n"
      "event w: leia meets luke revealed b.4 kind reunion\n"
      "learns leia told from d revealed b.5 source \"ROTJ\"\n"
      "learns luke told from 2 days after d and before b.4\n"
      "fact luke knows leia until duel revealed b.1\n"
      "use leg\ncharacter luke \"Luke (Legends)\" introduced anh\n");
  ASSERT_TRUE(Errors(c).empty()) << c.rendered;
  ExpectRoundTrip(c.u, "effects");
}

TEST(Export, DefendersExample) {
  std::ifstream in(std::string(CANON_SOURCE_DIR) + "/examples/defenders.canon");
  if (!in) GTEST_SKIP() << "no example";
  std::stringstream buf;
  buf << in.rdbuf();
  auto c = Compile(buf.str());
  ASSERT_TRUE(Errors(c).empty()) << c.rendered;
  ExpectRoundTrip(c.u, "defenders");
}

TEST(Export, RandomUniverses) {
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    testing::RandomUniverseOptions opts;
    opts.locations = false;
    opts.implicit_constraints = false;
    Universe u = testing::RandomUniverse(seed, opts);
    ExpectRoundTrip(u, "random universe seed " + std::to_string(seed), true);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace canon::lang
