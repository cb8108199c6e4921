// Show, State, History and WhoKnows on the mini universe, and their
// renderings (text for fans, JSON for tools).
#include "query/queries.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "query/query_testing.h"
#include "query/render.h"
#include "query/run.h"

namespace canon {
namespace {

using query_testing::MakeMini;
using query_testing::Mini;

class QueriesTest : public ::testing::Test {
 protected:
  Mini m = MakeMini();
  const Universe& u = m.u;

  std::string Run(std::string command, std::vector<std::string> names, std::string seen,
                  std::optional<std::string> at = std::nullopt, std::string format = "text",
                  std::string order = "story") {
    QueryRequest req;
    req.command = std::move(command);
    req.names = std::move(names);
    req.seen = std::move(seen);
    req.at = std::move(at);
    req.format = std::move(format);
    req.order = std::move(order);
    Result<std::string> out = RunQuery(u, req);
    return out.ok() ? *out : "ERROR " + out.status().ToString();
  }
};

TEST_F(QueriesTest, ShowEarly) {
  EXPECT_EQ(Run("show", {"netflix:jessica"}, "jj.s1e1"),
            "Jessica Jones (character, netflix:jessica) in Marvel Netflix television\n"
            "also known as:\n"
            "  \"Jewel\" [revealed: Jessica Jones S1E1 @25:00]\n"
            "played by:\n"
            "  Krysten Ritter [revealed: Jessica Jones S1E1 @25:00]\n"
            "attributes:\n"
            "  status: alive [revealed: Jessica Jones S1E1 @25:00]\n"
            "relations:\n"
            "  Jessica Jones is friends with Trish Walker [revealed: Jessica Jones S1E1]\n");
}

TEST_F(QueriesTest, ShowEverything) {
  const std::string out = Run("show", {"netflix:jessica"}, "all");
  EXPECT_NE(out.find("  \"Zeb's Girl\" [revealed: Jessica Jones S2E1]\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("Jessica Jones is dating Luke Cage (from \"meeting\" until \"The break-up\")"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("counterparts:\n  Jessica Jones (earth616:jessica)\n"), std::string::npos);
}

TEST_F(QueriesTest, ShowAtATime) {
  const std::string out = Run("show", {"luke"}, "jj.s1", "before reva_death");
  EXPECT_EQ(out,
            "Luke Cage (character, netflix:luke) in Marvel Netflix television\n"
            "Just before \"Reva's death\":\n"
            "relations:\n"
            "  Luke Cage is married to Reva Connors (until \"Reva's death\") "
            "[revealed: Jessica Jones S1]\n");
  const std::string later = Run("show", {"luke"}, "jj.s1", "meeting");
  EXPECT_NE(later.find("Luke Cage is dating Jessica Jones"), std::string::npos) << later;
  EXPECT_EQ(later.find("married"), std::string::npos) << later;
}

TEST_F(QueriesTest, ShowPersonListsRoles) {
  const std::string out = Run("show", {"Krysten Ritter"}, "jj.s1");
  EXPECT_EQ(out,
            "Krysten Ritter (person, krysten_ritter)\n"
            "plays:\n"
            "  Jessica Jones (netflix:jessica) [revealed: Jessica Jones S1E1 @25:00]\n");
}

TEST_F(QueriesTest, ShowOverturnedFacts) {
  // Shown as the viewer was shown it...
  EXPECT_NE(Run("show", {"trish"}, "jj.s1e1-e3")
                .find("  status: dead (from some point) [revealed: Jessica Jones S1E3]\n"),
            std::string::npos);
  // ...or marked once the overturn is seen; and it no longer holds.
  EXPECT_NE(Run("show", {"trish"}, "jj.s1")
                .find("[revealed: Jessica Jones S1E3; overturned at Jessica Jones S1E4]"),
            std::string::npos);
  EXPECT_EQ(Run("show", {"trish"}, "jj.s1", "jj.s1").find("dead"), std::string::npos);
}

TEST_F(QueriesTest, StateBothDirectionsSymmetricOnce) {
  EXPECT_EQ(Run("state", {"luke", "netflix:jessica"}, "jj.s1", "meeting"),
            "Luke Cage and Jessica Jones, at \"meeting\":\n"
            "  Luke Cage is dating Jessica Jones (from \"meeting\" until \"The break-up\") "
            "[revealed: Jessica Jones S1E2]\n");
  EXPECT_EQ(Run("state", {"luke", "netflix:jessica"}, "jj.s1", "jj.s1"),
            "Luke Cage and Jessica Jones, at the end of Jessica Jones S1:\n"
            "  no known relation\n");
  // The hidden break-up does not end the relation for an earlier viewer.
  EXPECT_NE(Run("state", {"luke", "netflix:jessica"}, "jj.s1e1-e3", "jj.s1e3")
                .find("Luke Cage is dating Jessica Jones (from \"meeting\") "),
            std::string::npos);
  EXPECT_EQ(Run("state", {"luke", "trish"}, "jj.s1", std::nullopt),
            "ERROR `state` needs a story time (hint: add --at, e.g. `--at 2015` or `--at EVENT`)");
}

TEST_F(QueriesTest, HistoryStoryAndRevealOrder) {
  const std::string story = Run("history", {"luke", "netflix:jessica"}, "jj.s1");
  EXPECT_EQ(story,
            "History of Luke Cage and Jessica Jones, in story order:\n"
            "  Jessica Jones meets Luke Cage (2015-01-10) [revealed: Jessica Jones S1E1 @25:00]\n"
            "  Luke Cage is dating Jessica Jones (from \"meeting\" until \"The break-up\") "
            "[revealed: Jessica Jones S1E2]\n"
            "  The break-up [revealed: Jessica Jones S1E4]\n");
  const std::string reveal = Run("history", {"luke"}, "jj.s1", std::nullopt, "text", "reveal");
  // Luke's marriage is revealed "somewhere in jj.s1": after everything in e1-e4.
  EXPECT_LT(reveal.find("The break-up"), reveal.find("married to Reva"));
  const std::string by_story = Run("history", {"luke"}, "jj.s1");
  EXPECT_LT(by_story.find("married to Reva"), by_story.find("The break-up"));
  const std::string jessica = Run("history", {"netflix:jessica"}, "jj.s1");
  EXPECT_NE(jessica.find("\n  Reva's death (2014, before Jessica Jones S1) [revealed: Jessica "
                         "Jones S1]\n"),
            std::string::npos)
      << jessica;
}

TEST_F(QueriesTest, HistoryNeverCitesUnseenRevealPoints) {
  // The knows-hidden fact (jj.s2e2) and the secret alias (jj.s2e1) stay out.
  const std::string out = Run("history", {"netflix:jessica"}, "jj.s1", std::nullopt, "json");
  EXPECT_EQ(out.find("jj.s2"), std::string::npos) << out;
  EXPECT_EQ(out.find("Zeb"), std::string::npos) << out;
  EXPECT_EQ(out.find("zebediah"), std::string::npos) << out;
}

TEST_F(QueriesTest, WhoKnows) {
  EXPECT_EQ(Run("who-knows", {"reva_death"}, "jj.s1"),
            "Who knows about \"Reva's death\" (Jessica Jones kills Reva Connors, with Kilgrave "
            "as controller):\n"
            "  Jessica Jones (took part) [revealed: Jessica Jones S1]\n"
            "  Kilgrave (took part) [revealed: Jessica Jones S1]\n"
            "  Reva Connors (took part) [revealed: Jessica Jones S1]\n"
            "  Trish Walker, from the end of Jessica Jones S1 [revealed: Jessica Jones S1E4]\n");
  // Luke's knowledge is revealed in jj.s2; before then, only those by then.
  const std::string all = Run("who-knows", {"reva_death"}, "all", "before jj.s2");
  EXPECT_EQ(all.find("Luke"), std::string::npos) << all;
  EXPECT_NE(Run("who-knows", {"reva_death"}, "all")
                .find("Luke Cage, from the start of Jessica "
                      "Jones S2 [revealed: Jessica Jones S2E1]"),
            std::string::npos);
  EXPECT_EQ(Run("who-knows", {"secret_event"}, "jj.s1"),
            "ERROR unknown event or fact `secret_event` (hint: names are matched against what "
            "you have seen (--seen))");
}

TEST_F(QueriesTest, JsonShapeIsStable) {
  nlohmann::json j = nlohmann::json::parse(Run("show", {"luke"}, "jj.s1", std::nullopt, "json"));
  EXPECT_EQ(j["command"], "show");
  EXPECT_EQ(j["seen"], "jj.s1");
  EXPECT_TRUE(j["at"].is_null());
  EXPECT_EQ(j["entity"]["qualified"], "netflix:luke");
  const auto& married = j["relations"][0];
  EXPECT_EQ(married["predicate"], "married_to");
  EXPECT_EQ(married["object"]["entity"]["id"], "reva");
  EXPECT_TRUE(married["from"].is_null());
  EXPECT_EQ(married["until"]["event"], "reva_death");
  EXPECT_EQ(married["until"]["date"], "2014");
  EXPECT_EQ(married["revealed"][0]["work"], "jj.s1");
  EXPECT_EQ(married["revealed"][0]["label"], "Jessica Jones S1");
  // Keys come in a fixed order.
  std::vector<std::string> keys;
  nlohmann::ordered_json oj =
      nlohmann::ordered_json::parse(Run("show", {"luke"}, "jj.s1", std::nullopt, "json"));
  for (const auto& [k, v] : oj.items()) keys.push_back(k);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"command", "seen", "at", "entity", "aliases", "played_by",
                                      "attributes", "relations", "counterparts", "appearances"}));
  EXPECT_EQ(j["appearances"]["count"], 0);
  EXPECT_TRUE(j["appearances"]["first"].is_null());
}

TEST_F(QueriesTest, ViewerRanksDoNotCountHiddenPoints) {
  // Two viewers who see the same things get the same ranks, however much
  // more the universe holds.
  nlohmann::json a = nlohmann::json::parse(Run("history", {"luke"}, "jj.s1", std::nullopt, "json"));
  Mini bigger = MakeMini();
  Universe& big = bigger.u;
  for (uint32_t& r : big.time.rank) r = r * 10 + 5;
  for (uint32_t i = 0; i < 12; ++i) {  // hidden events between every visible point
    Event e;
    e.id = "later_" + std::to_string(i);
    e.continuity = 0;
    e.roles = {{"agent", bigger.luke}};
    e.revealed = {query_testing::At(big, "jj.s2.e2")};
    e.time = static_cast<PointId>(big.points.size());
    big.points.push_back({TimePoint::Owner::kEvent, static_cast<uint32_t>(big.events.size()), {}});
    big.time.rank.push_back(i * 10);
    big.time.earliest.push_back(ResolvedTime::kNegInf);
    big.time.latest.push_back(ResolvedTime::kPosInf);
    big.events.push_back(std::move(e));
  }
  big.Finalize();
  QueryRequest req{"history", {"luke"}, "jj.s1", std::nullopt, "story", "json"};
  Result<std::string> b = RunQuery(bigger.u, req);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a, nlohmann::json::parse(*b));
  // Ranks start at 0 for the first visible point.
  EXPECT_EQ(a["entries"][0]["fact"]["until"]["rank"], 0);  // Reva's death
}

TEST_F(QueriesTest, BadRequests) {
  EXPECT_EQ(Run("show", {"luke", "trish"}, "all"), "ERROR `show` takes 1 name, got 2");
  EXPECT_EQ(Run("show", {"luke"}, "all", std::nullopt, "xml"),
            "ERROR unknown format `xml` (hint: use text or json)");
  EXPECT_EQ(Run("history", {"luke"}, "all", std::nullopt, "text", "random"),
            "ERROR unknown order `random` (hint: use story or reveal)");
  EXPECT_EQ(Run("show", {"luke"}, "jj.s9"),
            "ERROR bad horizon item `jj.s9` at column 1: no work `jj.s9` (hint: did you mean "
            "`jj.s1` or `jj.s2`?)");
}

TEST(SplitNamesAndInputsTest, ByExtension) {
  std::vector<std::string> names, inputs;
  SplitNamesAndInputs({"jessica", "Dr. Luke", "a.canon", "b.canondb", "x.canon.txt"}, &names,
                      &inputs);
  EXPECT_EQ(names, (std::vector<std::string>{"jessica", "Dr. Luke", "x.canon.txt"}));
  EXPECT_EQ(inputs, (std::vector<std::string>{"a.canon", "b.canondb"}));
}

}  // namespace
}  // namespace canon
