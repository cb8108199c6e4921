// Unit tests of the parser: statement shapes, clause attachment, comments,
// syntax diagnostics and robustness against hostile indentation.
#include "lang/parser.h"

#include <gtest/gtest.h>

#include "lang/test_util.h"

namespace canon::lang {
namespace {

using namespace ast;

struct Parsed {
  SourceManager sources;
  DiagnosticSink sink;
  File file;
  std::vector<std::string> codes;
};

std::unique_ptr<Parsed> DoParse(const std::string& text) {
  auto p = std::make_unique<Parsed>();
  uint32_t id = p->sources.AddFile("t.canon", text);
  p->file = ParseSource(p->sources, id, p->sink);
  p->sink.Sort();
  for (const Diagnostic& d : p->sink.diagnostics()) {
    p->codes.push_back(std::string(GetDiagKind(d.id).code) + "@" + std::to_string(d.loc.line) +
                       ":" + std::to_string(d.loc.col));
  }
  return p;
}

TEST(Parser, SpecExample) {
  auto p = DoParse(testutil::kSmall);
  ASSERT_TRUE(p->codes.empty()) << p->codes[0];
  const auto& st = p->file.statements;
  ASSERT_EQ(st.size(), 11u);
  EXPECT_EQ(st[0].kind, StmtKind::kUniverse);
  EXPECT_EQ(st[2].kind, StmtKind::kUse);
  const Statement& series = st[3];
  EXPECT_EQ(series.kind, StmtKind::kSeries);
  ASSERT_EQ(series.children.size(), 2u);
  EXPECT_EQ(series.children[0].Find(ClauseKind::kEpisodes)->number->text, "13");
  EXPECT_EQ(series.children[0].children[0].title, "AKA Ladies Night");
  const Statement& jessica = st[5];
  ASSERT_EQ(jessica.children.size(), 3u);
  EXPECT_EQ(jessica.children[0].kind, StmtKind::kNestedFact);
  EXPECT_EQ(jessica.children[0].predicate.text, "alias");
  EXPECT_EQ(jessica.children[0].object.text, "Jewel");
  const Statement& ev = st[9];
  EXPECT_TRUE(ev.has_headline);
  EXPECT_EQ(ev.subject.text, "jessica");
  EXPECT_EQ(ev.predicate.text, "kills");
  EXPECT_EQ(ev.object.text, "reva");
  const Clause* kb = ev.Find(ClauseKind::kKnownBy);
  ASSERT_NE(kb, nullptr);
  ASSERT_EQ(kb->sub->size(), 2u);  // from and revealed belong to known_by
  EXPECT_EQ((*kb->sub)[1].points[0].work.text, "jj.s1e8");
  EXPECT_EQ(ev.Find(ClauseKind::kRevealed)->points[0].work.text, "jj.s1");
  const Statement& fact = st[10];
  EXPECT_EQ(fact.id.text, "wed");
  EXPECT_EQ(fact.subject.text, "luke");
  EXPECT_EQ(fact.Find(ClauseKind::kUntil)->time.terms[0].kind, TimeTerm::Kind::kBare);
}

TEST(Parser, TimeExpressions) {
  auto p = DoParse(
      "event x story 2015 and before a and after b.end and during jj.s1 and at c "
      "and 3 years after d and 2 days before 2016-01 and 283 AC");
  ASSERT_TRUE(p->codes.empty()) << p->codes[0];
  const auto& terms = p->file.statements[0].Find(ClauseKind::kStory)->time.terms;
  ASSERT_EQ(terms.size(), 8u);
  EXPECT_EQ(terms[0].kind, TimeTerm::Kind::kDate);
  EXPECT_EQ(terms[2].anchor.text, "b.end");
  EXPECT_EQ(terms[3].kind, TimeTerm::Kind::kDuring);
  EXPECT_EQ(terms[5].kind, TimeTerm::Kind::kOffset);
  EXPECT_EQ(terms[5].amount, 3);
  EXPECT_FALSE(terms[5].offset_before);
  EXPECT_TRUE(terms[6].offset_before);
  EXPECT_TRUE(terms[6].anchor_is_date);
  EXPECT_EQ(terms[7].date->era, "AC");
}

TEST(Parser, ContinuationLinesAndQualifiedNames) {
  auto p = DoParse(
      "event e \"Title\": earth616:jessica meets luke\n"
      "  role witness trish\n"
      "    revealed pulse.v1.14@3\n"
      "  starts jessica knows earth616:luke\n"
      "  unaware luke\n");
  ASSERT_TRUE(p->codes.empty()) << p->codes[0];
  const Statement& e = p->file.statements[0];
  EXPECT_EQ(e.title, "Title");
  EXPECT_EQ(e.subject.text, "earth616:jessica");
  EXPECT_EQ(e.clauses.size(), 4u);
  EXPECT_EQ(e.Find(ClauseKind::kRevealed)->points[0].position, 3);
  EXPECT_EQ(e.Find(ClauseKind::kStarts)->triple->object.text, "earth616:luke");
}

TEST(Parser, CommentsAttach) {
  auto p = DoParse(
      "# about jessica\n"
      "character jessica \"J\" # trailing\n"
      "  # about the intro\n"
      "  introduced jj.s1 # intro note\n"
      "\n"
      "  # about the alias\n"
      "  alias \"Jewel\"\n"
      "# the end\n");
  ASSERT_TRUE(p->codes.empty()) << p->codes[0];
  const Statement& s = p->file.statements[0];
  EXPECT_EQ(*s.leading_comments, std::vector<std::string>{"# about jessica"});
  EXPECT_EQ(*s.trailing_comment, "# trailing");
  ASSERT_EQ(s.clauses.size(), 1u);
  EXPECT_EQ(*s.clauses[0].leading_comments, std::vector<std::string>{"# about the intro"});
  EXPECT_EQ(*s.clauses[0].trailing_comment, "# intro note");
  ASSERT_EQ(s.children.size(), 1u);
  EXPECT_TRUE(s.children[0].blank_before);
  EXPECT_EQ(*s.children[0].leading_comments, std::vector<std::string>{"# about the alias"});
  EXPECT_EQ(p->file.trailing_comments, std::vector<std::string>{"# the end"});
}

TEST(Parser, SyntaxDiagnostics) {
  auto p = DoParse(
      "charactr jessica\n"                       // E0201 unknown statement
      "season s1\n"                              // E0206 misplaced
      "character\n"                              // E0202 missing id
      "character x \"X\" runtime 5\n"            // E0204 clause of another statement
      "character y introduced a introduced b\n"  // E0205
      "event z story before\n"                   // E0207
      "character w \"W\" \"again\"\n"            // E0203
      "series s \"S\"\n"
      "    season a\n"
      "   season b\n"      // E0105 bad dedent
      "  character c\n");  // E0206 nested entity in a series
  EXPECT_EQ(p->codes, (std::vector<std::string>{
                          "E0201@1:1", "E0206@2:1", "E0202@3:10", "E0204@4:17", "E0205@5:26",
                          "E0207@6:21", "E0203@7:17", "E0105@10:1", "E0105@11:1", "E0206@11:3"}));
  EXPECT_NE(p->sink.diagnostics()[0].hint.find("character"), std::string::npos);
}

TEST(Parser, UnknownClauseHints) {
  auto p = DoParse("event e: a kills b\n  revaled jj.s1\n  from jj.s1\n");
  ASSERT_EQ(p->codes, (std::vector<std::string>{"E0204@2:3", "E0204@3:3"}));
  EXPECT_EQ(p->sink.diagnostics()[0].hint, "did you mean `revealed`?");
  EXPECT_NE(p->sink.diagnostics()[1].hint.find("known_by"), std::string::npos);
}

TEST(Parser, OneRunReportsAllErrors) {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "bogus line " + std::to_string(i) + "\n";
  auto p = DoParse(text);
  EXPECT_EQ(p->codes.size(), 50u);
}

TEST(Parser, DeepIndentationIsNotRecursion) {
  // Each line one column deeper than the last: 3000 levels.
  std::string text = "event a \"A\"\n";
  for (int i = 1; i < 3000; ++i) text += std::string(i, ' ') + "role witness w\n";
  auto p = DoParse(text);
  EXPECT_TRUE(p->codes.empty());
  ASSERT_EQ(p->file.statements.size(), 1u);
  EXPECT_EQ(p->file.statements[0].clauses.size(), 2999u);
  std::string nested = "series s\n";
  for (int i = 1; i < 3000; ++i) nested += std::string(i, ' ') + "season x\n";
  auto q = DoParse(nested);  // misplaced seasons: reported, skipped, no stack overflow
  EXPECT_FALSE(q->codes.empty());
}

}  // namespace
}  // namespace canon::lang
