// Tests of the test support itself: the random universe generator keeps the
// language's rules and the model's invariants, and DiffUniverses sees every
// change of meaning but no change of numbering.
#include "support/random_universe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <unordered_set>

#include "store/store.h"

namespace canon::testing {
namespace {

bool IsIdent(const std::string& s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsPrintableUtf8(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

RandomUniverseOptions Big() {
  RandomUniverseOptions o;
  o.continuities = 3;
  o.works = 8;
  o.entities = 60;
  o.facts = 300;
  o.events = 80;
  o.knowledge = 40;
  o.counterparts = 10;
  return o;
}

TEST(RandomUniverse, SameSeedSameUniverse) {
  Universe a = RandomUniverse(17, Big()), b = RandomUniverse(17, Big());
  EXPECT_EQ(DiffUniverses(a, b), "");
  EXPECT_EQ(a.facts.size(), b.facts.size());
  EXPECT_NE(DiffUniverses(a, RandomUniverse(18, Big())), "");
}

TEST(RandomUniverse, LocationsDoNotChangeTheUniverse) {
  RandomUniverseOptions o = Big();
  o.locations = false;
  Universe a = RandomUniverse(5, Big()), b = RandomUniverse(5, o);
  EXPECT_EQ(DiffUniverses(a, b), "");
  EXPECT_TRUE(b.files.empty());
  for (const Fact& f : b.facts) EXPECT_FALSE(f.loc.valid());
}

TEST(RandomUniverse, KeepsTheModelInvariants) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    RandomUniverseOptions o = Big();
    o.implicit_constraints = seed % 2 == 0;
    Universe u = RandomUniverse(seed, o);
    Status s = ValidateUniverse(u);
    ASSERT_TRUE(s.ok()) << "seed " << seed << ": " << s.ToString();
  }
}

TEST(RandomUniverse, FollowsTheLanguageRules) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    Universe u = RandomUniverse(seed, Big());
    SCOPED_TRACE("seed " + std::to_string(seed));
    ASSERT_FALSE(u.eras.empty());
    EXPECT_EQ(u.eras[0].id, "CE");
    EXPECT_EQ(u.eras[0].epoch, 0);
    EXPECT_EQ(u.eras[0].direction, 1);
    ASSERT_GE(u.predicates.size(), 22u);
    EXPECT_EQ(u.predicates[0].name, "knows");
    EXPECT_TRUE(u.predicates[0].builtin);

    std::set<std::string> top_ids, entity_keys, event_keys, label_keys;
    for (const Continuity& c : u.continuities) EXPECT_TRUE(IsIdent(c.id)) << c.id;
    for (const Work& w : u.works) {
      EXPECT_TRUE(IsIdent(w.id) || std::all_of(w.id.begin(), w.id.end(), ::isdigit)) << w.id;
      EXPECT_TRUE(IsPrintableUtf8(w.title));
      if (w.parent == kNone) {
        EXPECT_TRUE(top_ids.insert(w.id).second) << w.id;
      }
      if (w.flashback) {
        EXPECT_TRUE(w.is_leaf());
      }
      if (w.generated) {
        EXPECT_NE(w.parent, kNone);
        EXPECT_GT(u.works[w.parent].declared_child_count, 0u);
      }
    }
    for (const Entity& e : u.entities) {
      EXPECT_TRUE(IsIdent(e.id)) << e.id;
      EXPECT_TRUE(IsPrintableUtf8(e.name)) << e.name;
      EXPECT_EQ(e.kind == EntityKind::kPerson, e.continuity == kNone);
      EXPECT_TRUE(entity_keys.insert(std::to_string(e.continuity) + ":" + e.id).second);
      for (const RevealPoint& p : e.introduced) EXPECT_EQ(u.works[p.work].continuity, e.continuity);
    }
    for (const Event& e : u.events) {
      EXPECT_TRUE(IsIdent(e.id)) << e.id;
      EXPECT_TRUE(event_keys.insert(std::to_string(e.continuity) + ":" + e.id).second);
      EXPECT_FALSE(e.revealed.empty());
      ASSERT_NE(e.time, kNone);
      EXPECT_EQ(u.points[e.time].owner, TimePoint::Owner::kEvent);
      for (const Role& r : e.roles) EXPECT_EQ(u.entities[r.entity].continuity, e.continuity);
    }
    std::unordered_set<uint64_t> exclusive;
    for (FactId i = 0; i < u.facts.size(); ++i) {
      const Fact& f = u.facts[i];
      const Predicate& p = u.predicates[f.predicate];
      EXPECT_EQ(f.object.kind, p.object_kind);
      EXPECT_EQ(f.continuity, u.entities[f.subject].continuity);
      if (f.object.kind == ValueKind::kEntity) {
        if (p.name == "played_by") {
          EXPECT_EQ(u.entities[f.object.entity].kind, EntityKind::kPerson);
        } else {
          EXPECT_EQ(u.entities[f.object.entity].continuity, f.continuity);
        }
      }
      if (f.object.kind == ValueKind::kKeyword) {
        EXPECT_NE(std::find(p.keywords.begin(), p.keywords.end(), f.object.text), p.keywords.end());
      }
      if (p.exclusive) {
        EXPECT_TRUE(exclusive.insert((uint64_t{f.subject} << 32) | f.predicate).second)
            << "two " << p.name << " facts for one subject";
      }
      if (!f.label.empty()) {
        EXPECT_TRUE(IsIdent(f.label));
        EXPECT_TRUE(label_keys.insert(std::to_string(f.continuity) + ":" + f.label).second);
        EXPECT_FALSE(event_keys.count(std::to_string(f.continuity) + ":" + f.label));
      }
      for (const RevealPoint& r : f.revealed) {
        EXPECT_EQ(u.works[r.work].continuity, f.continuity);
        if (r.position_kind != RevealPoint::PositionKind::kNone) {
          EXPECT_TRUE(u.works[r.work].is_leaf());
        }
      }
      // An overturn is released no earlier than the reveals.
      for (const RevealPoint& o : f.overturned) {
        for (const RevealPoint& r : f.revealed) {
          EXPECT_GE(u.works[o.work].end_leaf_rank, u.works[r.work].end_leaf_rank);
        }
      }
      // A fact's own points, or for an event effect the event's point.
      if (f.started_by != kNone) {
        EXPECT_EQ(f.start, u.events[f.started_by].time);
      } else if (f.start != kNone) {
        EXPECT_EQ(u.points[f.start].owner, TimePoint::Owner::kFactStart);
        EXPECT_EQ(u.points[f.start].owner_id, i);
      }
      if (f.ended_by != kNone) {
        EXPECT_EQ(f.end, u.events[f.ended_by].time);
      } else if (f.end != kNone) {
        EXPECT_EQ(u.points[f.end].owner, TimePoint::Owner::kFactEnd);
        EXPECT_EQ(u.points[f.end].owner_id, i);
      }
      if (f.started_by != kNone) {
        const auto& starts = u.events[f.started_by].starts;
        EXPECT_NE(std::find(starts.begin(), starts.end(), i), starts.end());
      }
    }
    // Point anchors stay in the anchoring point's continuity and name
    // events or labelled facts (what the language can write).
    for (const TimePoint& tp : u.points) {
      for (const TimeConstraint& c : tp.constraints) {
        if (c.implicit || c.anchor_kind != TimeConstraint::AnchorKind::kPoint) continue;
        const TimePoint& a = u.points[c.point];
        bool event = a.owner == TimePoint::Owner::kEvent;
        bool labelled_fact =
            (a.owner == TimePoint::Owner::kFactStart || a.owner == TimePoint::Owner::kFactEnd) &&
            !u.facts[a.owner_id].label.empty();
        EXPECT_TRUE(event || labelled_fact);
      }
    }
    for (const auto& [a, b] : u.counterparts) {
      EXPECT_EQ(u.entities[a].kind, u.entities[b].kind);
      EXPECT_NE(u.entities[a].continuity, u.entities[b].continuity);
    }
  }
}

TEST(RandomUniverse, DegenerateOptionsGiveValidUniverses) {
  RandomUniverseOptions none;
  none.continuities = 0;
  none.eras = 0;
  none.works = 5;
  none.entities = 5;
  none.persons = 0;
  none.facts = 5;
  none.events = 5;
  none.knowledge = 5;
  none.counterparts = 5;
  Universe u = RandomUniverse(1, none);
  EXPECT_TRUE(ValidateUniverse(u).ok());
  EXPECT_TRUE(u.works.empty());
  RandomUniverseOptions no_works = Big();
  no_works.works = 0;
  u = RandomUniverse(2, no_works);
  EXPECT_TRUE(ValidateUniverse(u).ok());
  EXPECT_TRUE(u.facts.empty());
  RandomUniverseOptions one = Big();
  one.continuities = 1;
  one.entities = 1;
  u = RandomUniverse(3, one);
  EXPECT_TRUE(ValidateUniverse(u).ok());
}

TEST(RandomUniverse, ScalesToManyFacts) {
  RandomUniverseOptions o;
  o.works = 40;
  o.entities = 5000;
  o.facts = 200000;
  o.events = 20000;
  o.knowledge = 5000;
  auto t0 = std::chrono::steady_clock::now();
  Universe u = RandomUniverse(1, o);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(u.facts.size(), 200000u);
  EXPECT_LT(secs, 20.0);
}

// --- DiffUniverses -------------------------------------------------------

class DiffTest : public ::testing::Test {
 protected:
  Universe a_ = RandomUniverse(11, Big());
  Universe b_ = RandomUniverse(11, Big());
};

TEST_F(DiffTest, SeesAChangedFactObject) {
  for (Fact& f : b_.facts) {
    if (f.object.kind == ValueKind::kString) {
      f.object.text += "!";
      break;
    }
  }
  std::string d = DiffUniverses(a_, b_);
  EXPECT_NE(d.find("fact"), std::string::npos) << d;
}

TEST_F(DiffTest, SeesAChangedEntityName) {
  b_.entities[7].name = "Someone Else";
  std::string d = DiffUniverses(a_, b_);
  EXPECT_NE(d.find("entity `"), std::string::npos) << d;
  EXPECT_NE(d.find("name: a has `\"" + a_.entities[7].name + "\"`, b has `\"Someone Else\"`"),
            std::string::npos)
      << d;
}

TEST_F(DiffTest, SeesAChangedConstraint) {
  for (TimePoint& p : b_.points) {
    if (!p.constraints.empty() && p.owner == TimePoint::Owner::kEvent) {
      p.constraints[0].implicit = false;
      p.constraints[0].kind = TimeConstraint::Kind::kDate;
      p.constraints[0].anchor_kind = TimeConstraint::AnchorKind::kDate;
      p.constraints[0].date = PartialDate{1066, 10, 14, 0};
      break;
    }
  }
  std::string d = DiffUniverses(a_, b_);
  EXPECT_NE(d.find("point `time of event"), std::string::npos) << d;
}

TEST_F(DiffTest, SeesChangedRevealsRolesAndWorks) {
  Universe c = b_;
  c.events[0].revealed.push_back(c.events[0].revealed.front());
  EXPECT_NE(DiffUniverses(a_, c), "");
  c = b_;
  c.events[0].roles.push_back(
      {"witness", c.events[0].roles.empty() ? 0 : c.events[0].roles[0].entity});
  EXPECT_NE(DiffUniverses(a_, c), "");
  c = b_;
  c.works[0].released = PartialDate{1900, 1, 1, 0};
  EXPECT_NE(DiffUniverses(a_, c), "");
  c = b_;
  c.knowledge.pop_back();
  EXPECT_NE(DiffUniverses(a_, c).find("knowledge"), std::string::npos);
  c = b_;
  c.title = "Other";
  EXPECT_NE(DiffUniverses(a_, c).find("title"), std::string::npos);
}

TEST_F(DiffTest, IgnoresLocationsAndFiles) {
  for (Fact& f : b_.facts) f.loc = SourceLoc{};
  b_.files.clear();
  EXPECT_EQ(DiffUniverses(a_, b_), "");
}

TEST_F(DiffTest, IgnoreImplicitSkipsImplicitConstraints) {
  RandomUniverseOptions o = Big();
  o.implicit_constraints = true;
  Universe with = RandomUniverse(11, o);
  EXPECT_NE(DiffUniverses(a_, with), "");
  EXPECT_EQ(DiffUniverses(a_, with, DiffOptions{.ignore_implicit = true}), "");
}

TEST_F(DiffTest, IgnoreFactLabels) {
  for (Fact& f : b_.facts) {
    if (f.label.empty()) {
      f.label = "invented_label";
      break;
    }
  }
  EXPECT_NE(DiffUniverses(a_, b_), "");
  EXPECT_EQ(DiffUniverses(a_, b_, DiffOptions{.ignore_fact_labels = true}), "");
  b_.facts[0].source = "changed";
  EXPECT_NE(DiffUniverses(a_, b_, DiffOptions{.ignore_fact_labels = true}), "");
}

// Renumbering entities and facts (as a different declaration order would)
// changes no meaning.
TEST_F(DiffTest, IgnoresNumbering) {
  Universe c = b_;
  const size_t ne = c.entities.size(), nf = c.facts.size();
  auto e_map = [&](EntityId e) { return e == kNone ? kNone : static_cast<EntityId>(ne - 1 - e); };
  auto f_map = [&](FactId f) { return f == kNone ? kNone : static_cast<FactId>(nf - 1 - f); };
  std::reverse(c.entities.begin(), c.entities.end());
  std::reverse(c.facts.begin(), c.facts.end());
  for (Fact& f : c.facts) {
    f.subject = e_map(f.subject);
    if (f.object.kind == ValueKind::kEntity) f.object.entity = e_map(f.object.entity);
  }
  for (Event& e : c.events) {
    for (Role& r : e.roles) r.entity = e_map(r.entity);
    for (FactId& f : e.starts) f = f_map(f);
    for (FactId& f : e.ends) f = f_map(f);
    for (Event::Use& use : e.uses) {
      use.who = e_map(use.who);
      if (use.target_is_fact) use.target = f_map(use.target);
    }
  }
  for (Appearance& a : c.appearances) a.entity = e_map(a.entity);
  // Appearances in reverse too (their points follow their new ids).
  const size_t na = c.appearances.size();
  std::reverse(c.appearances.begin(), c.appearances.end());
  for (TimePoint& p : c.points) {
    if (p.owner == TimePoint::Owner::kAppearance) {
      p.owner_id = static_cast<AppearanceId>(na - 1 - p.owner_id);
    }
  }
  for (Knowledge& k : c.knowledge) {
    k.who = e_map(k.who);
    if (k.target_kind == Knowledge::TargetKind::kFact) k.target = f_map(k.target);
  }
  for (auto& [x, y] : c.counterparts) {
    x = e_map(x);
    y = e_map(y);
  }
  for (TimePoint& p : c.points) {
    if (p.owner == TimePoint::Owner::kFactStart || p.owner == TimePoint::Owner::kFactEnd) {
      p.owner_id = f_map(p.owner_id);
    }
  }
  c.Finalize();
  ASSERT_TRUE(ValidateUniverse(c).ok());
  EXPECT_EQ(DiffUniverses(a_, c), "");
  // ...but a real change after renumbering is still seen.
  c.facts[0].source = "changed";
  EXPECT_NE(DiffUniverses(a_, c), "");
}

TEST_F(DiffTest, InvalidUniversesDoNotCrash) {
  b_.facts[0].subject = 999999;
  b_.events[0].time = 999999;
  b_.knowledge[0].target = 999999;
  b_.points[0].constraints.push_back(TimeConstraint{});  // anchor point kNone
  EXPECT_NE(DiffUniverses(a_, b_), "");
  EXPECT_NE(DiffUniverses(b_, a_), "");
}

TEST(GenUniverse, ProducesValidUniverses) {
  int n = 0;
  rc::check("GenUniverse is valid", [&] {
    Universe u = *GenUniverse();
    RC_ASSERT(ValidateUniverse(u).ok());
    ++n;
  });
  EXPECT_GT(n, 0);
}

}  // namespace
}  // namespace canon::testing
