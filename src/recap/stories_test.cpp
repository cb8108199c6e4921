// Tests for recap, compare, plan, path and history --phases on the mini
// Defenders universe of the query tests (src/query/query_testing.h).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "query/query_testing.h"
#include "query/run.h"
#include "recap/run.h"

namespace canon {
namespace {

using Json = nlohmann::json;

class StoriesTest : public ::testing::Test {
 protected:
  void SetUp() override { m_ = query_testing::MakeMini(); }

  std::string Run(StoryRequest r) {
    Result<std::string> out = RunStory(m_.u, r);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : "";
  }
  Status Fail(StoryRequest r) {
    Result<std::string> out = RunStory(m_.u, r);
    EXPECT_FALSE(out.ok());
    return out.ok() ? Status::Ok() : out.status();
  }
  static StoryRequest Req(const std::string& command, const std::string& seen,
                          std::vector<std::string> names = {}) {
    StoryRequest r;
    r.command = command;
    r.seen = seen;
    r.names = std::move(names);
    return r;
  }
  query_testing::Mini m_;
};

bool Has(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

TEST_F(StoriesTest, RecapTellsTheStoryInStoryOrder) {
  const std::string md = Run(Req("recap", "jj.s1"));
  EXPECT_TRUE(Has(md, "## Background\n\nJessica Jones (Krysten Ritter) goes by the name Jewel"))
      << md;
  // A short title leads the kind's sentence; roles not in the template follow.
  EXPECT_TRUE(Has(md, "Reva's death: Jessica kills Reva, under the control of Kilgrave. [3]"))
      << md;
  // Effects follow their event; an ending says "no longer".
  EXPECT_TRUE(Has(md, "Luke and Reva are no longer married."));
  EXPECT_TRUE(Has(md,
                  "The break-up: Jessica breaks up with Luke. [6] Jessica and Luke are no "
                  "longer together."))
      << md;
  // Overturned, with both points in the horizon: told as shown to be false.
  EXPECT_TRUE(Has(md,
                  "At first it seems that Trish is dead; later this is shown to be false. "
                  "[5, 6]"));
  // The flashback is placed where it happens: before the season.
  EXPECT_LT(md.find("Reva's death"), md.find("Jessica meets Luke"));
  EXPECT_TRUE(Has(md, "## Sources\n\n1. Jessica Jones S1E1 @25:00 (`jj.s1.e1@25:00`)"));
  // Nothing from season 2.
  EXPECT_FALSE(Has(md, "Zebediah"));
  EXPECT_FALSE(Has(md, "Secret"));
  EXPECT_FALSE(Has(md, "Zeb's Girl"));
}

TEST_F(StoriesTest, RecapTellsAnUnseenOverturnAsShown) {
  const std::string md = Run(Req("recap", "jj.s1.e1-e3"));
  EXPECT_TRUE(Has(md, "Trish is dead. [4]")) << md;
  EXPECT_FALSE(Has(md, "false"));
  EXPECT_FALSE(Has(md, "break-up"));
  EXPECT_FALSE(Has(md, "Reva"));  // revealed somewhere in jj.s1: not yet inside
}

TEST_F(StoriesTest, RecapInRevealOrderUsesTenseAndFlashbacks) {
  StoryRequest r = Req("recap", "jj.s1");
  r.order = "reveal";
  const std::string md = Run(r);
  // Told as the audience learnt it: the marriage in season 1, then the
  // killing that ended it, set before the season: a flashback.
  EXPECT_TRUE(Has(md,
                  "Luke and Reva Connors are married. [6] Reva's death: Jessica kills Reva, "
                  "under the control of Kilgrave (told in flashback). [6] Luke and Reva are "
                  "no longer married."))
      << md;
  // Without the break-up, the dating is told as still going on.
  r.seen = "jj.s1.e1-e3";
  EXPECT_TRUE(Has(Run(r), "Jessica and Luke are together."));
}

TEST_F(StoriesTest, RecapAboutAndBefore) {
  StoryRequest r = Req("recap", "jj.s1");
  r.about = {"trish"};
  std::string md = Run(r);
  EXPECT_TRUE(Has(md, "# Recap: Trish Walker")) << md;
  EXPECT_FALSE(Has(md, "Reva"));
  // Before jj.s2 (unseen): what involves its cast the viewer has seen.
  // Jessica is in it; the Luke-Reva marriage involves neither of its cast.
  r = Req("recap", "jj.s1");
  r.before = "jj.s2";
  md = Run(r);
  EXPECT_TRUE(Has(md, "# Recap before Jessica Jones S2")) << md;
  EXPECT_TRUE(Has(md, "Jessica kills Reva")) << md;
  EXPECT_FALSE(Has(md, "married"));
  EXPECT_FALSE(Has(md, "Zebediah"));
}

TEST_F(StoriesTest, RecapJsonMapsSentencesToFacts) {
  StoryRequest r = Req("recap", "jj.s1");
  r.format = "json";
  const Json j = Json::parse(Run(r));
  EXPECT_EQ(j["command"], "recap");
  bool found = false;
  for (const Json& part : j["parts"]) {
    for (const Json& section : part["sections"]) {
      for (const Json& s : section["sentences"]) {
        if (s["text"] == "Luke and Reva are no longer married.") {
          found = true;
          EXPECT_EQ(s["facts"], Json::array({"netflix:luke married_to netflix:reva"}));
          EXPECT_EQ(s["events"], Json::array({"netflix:reva_death"}));
          EXPECT_EQ(s["cited"][0]["work"], "jj.s1");
        }
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(StoriesTest, RecapShortKeepsEvents) {
  StoryRequest r = Req("recap", "jj.s1");
  r.length = "short";
  r.about = {"jessica", "luke"};
  const std::string md = Run(r);
  EXPECT_TRUE(Has(md, "Jessica and Luke are together.")) << md;
  EXPECT_FALSE(Has(md, "Jewel"));  // attributes are left out
  EXPECT_FALSE(Has(md, "Where things stand"));
}

TEST_F(StoriesTest, RecapHtml) {
  StoryRequest r = Req("recap", "jj.s1.e1");
  r.format = "html";
  const std::string html = Run(r);
  EXPECT_TRUE(Has(html, "<article class=\"canon-story\">\n<h1>Recap</h1>")) << html;
  EXPECT_TRUE(Has(html, "<sup><a href=\"#src-1\">1</a></sup>"));
  EXPECT_TRUE(
      Has(html, "<li id=\"src-1\">Jessica Jones S1E1 @25:00 (<code>jj.s1.e1@25:00</code>)</li>"));
}

TEST_F(StoriesTest, CompareNamesWhatOnlyOneSideHas) {
  StoryRequest r = Req("compare", "all", {"jessica"});
  r.continuities = {"netflix,earth616"};
  const std::string md = Run(r);
  EXPECT_TRUE(Has(md, "| alias | Jewel and Zeb's Girl [")) << md;
  EXPECT_TRUE(Has(md, "Not in Marvel comics (Earth-616), as far as you have seen: ")) << md;
  r.format = "json";
  const Json j = Json::parse(Run(r));
  EXPECT_EQ(j["continuities"][1]["entities"][0]["qualified"], "earth616:jessica");
  bool alias = false;
  for (const Json& row : j["rows"]) {
    if (row["what"] == "alias") {
      alias = true;
      EXPECT_EQ(row["status"], "partial");
      EXPECT_TRUE(row["cells"][0]["present"].get<bool>());
      EXPECT_FALSE(row["cells"][1]["present"].get<bool>());
    }
  }
  EXPECT_TRUE(alias);
}

TEST_F(StoriesTest, CompareErrors) {
  StoryRequest r = Req("compare", "all", {"jessica"});
  r.continuities = {"netflix"};
  EXPECT_EQ(Fail(r).message(), "`compare` needs --continuities with at least two");
  r.continuities = {"netflix,earth61"};
  Status s = Fail(r);
  EXPECT_EQ(s.message(), "unknown continuity `earth61`");
  EXPECT_EQ(s.hint(), "did you mean `earth616`?");
  // Luke has no counterpart in the comics here.
  r = Req("compare", "all", {"luke"});
  r.continuities = {"netflix,earth616"};
  s = Fail(r);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no `luke` in continuity `earth616` that you have seen");
}

TEST_F(StoriesTest, PathShortestFirst) {
  StoryRequest r = Req("path", "jj.s1", {"trish", "luke"});
  const std::string md = Run(r);
  EXPECT_TRUE(Has(md,
                  "- Trish Walker and Jessica Jones are friends; Jessica and Luke Cage were "
                  "together."))
      << md;
  EXPECT_TRUE(Has(md, "Luke Cage")) << md;
  r.format = "json";
  const Json j = Json::parse(Run(r));
  ASSERT_FALSE(j["paths"].empty());
  EXPECT_EQ(j["paths"][0]["length"], 2);
  // Nobody the viewer has not met.
  r = Req("path", "jj.s1", {"jessica", "zebediah"});
  EXPECT_EQ(Fail(r).code(), StatusCode::kNotFound);
}

TEST_F(StoriesTest, PlanListsEarlierWorks) {
  StoryRequest r = Req("plan", "none", {"jj.s2"});
  r.format = "json";
  const Json j = Json::parse(Run(r));
  EXPECT_EQ(j["method"], "greedy");
  ASSERT_FALSE(j["steps"].empty());
  for (const Json& step : j["steps"]) {
    const WorkId w = m_.u.FindWorkByPath(step["work"].get<std::string>());
    ASSERT_NE(w, kNone);
    EXPECT_LE(m_.u.works[w].end_leaf_rank, m_.u.works[m_.jj_s2].first_leaf_rank);
    EXPECT_TRUE(step["about"].empty());  // the viewer has met no one
    EXPECT_TRUE(step["explained"].empty());
  }
  // Everything seen: nothing to do.
  r = Req("plan", "jj.s1,dd.s1", {"jj.s2"});
  EXPECT_TRUE(Has(Run(r), "Nothing to catch up on"));
}

TEST_F(StoriesTest, HistoryPhases) {
  QueryRequest q;
  q.command = "history";
  q.names = {"jessica", "luke"};
  q.seen = "jj.s1";
  q.phases = true;
  Result<std::string> out = RunQuery(m_.u, q);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_TRUE(Has(*out,
                  "Phases:\n"
                  "  together (dating): from \"meeting\" until \"The break-up\" [revealed: "
                  "Jessica Jones S1E2]\n"
                  "  apart: from \"The break-up\", still holds [revealed: Jessica Jones "
                  "S1E2]\n"))
      << *out;
  q.names = {"jessica"};
  EXPECT_FALSE(RunQuery(m_.u, q).ok());  // phases need two
}

TEST_F(StoriesTest, Errors) {
  StoryRequest r = Req("recap", "jj.s1");
  r.before = "jj.s9";
  Status s = Fail(r);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "no work `jj.s9`");
  r = Req("recap", "jj.s1");
  r.format = "pdf";
  EXPECT_EQ(Fail(r).message(), "unknown format `pdf`");
  r = Req("recap", "jj.s1", {"jessica"});
  EXPECT_EQ(Fail(r).hint(), "say who it is about with --about, e.g. `--about jessica,luke`");
  r = Req("path", "jj.s1", {"jessica", "Jessica Jones"});
  EXPECT_EQ(Fail(r).message(), "`jessica` and `Jessica Jones` are the same entity");
  r = Req("recap", "jj.s1");
  r.templates = "/nonexistent/t.json";
  EXPECT_EQ(Fail(r).code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace canon
