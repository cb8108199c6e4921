// Unit tests of the lexer: token kinds, values, and lexical diagnostics.
#include "lang/lexer.h"

#include <gtest/gtest.h>

namespace canon::lang {
namespace {

struct Lexed {
  SourceManager sources;
  DiagnosticSink sink;
  LexedFile file;
  std::vector<std::string> codes;
};

std::unique_ptr<Lexed> DoLex(const std::string& text) {
  auto l = std::make_unique<Lexed>();
  uint32_t id = l->sources.AddFile("t.canon", text);
  l->file = Lex(l->sources, id, l->sink);
  for (const Diagnostic& d : l->sink.diagnostics()) {
    l->codes.push_back(std::string(GetDiagKind(d.id).code) + "@" + std::to_string(d.loc.line) +
                       ":" + std::to_string(d.loc.col));
  }
  return l;
}

std::vector<Tok> Kinds(const LexedFile& f) {
  std::vector<Tok> out;
  for (const Token& t : f.tokens) out.push_back(t.kind);
  return out;
}

TEST(Lexer, TokenKinds) {
  auto l = DoLex("fact a: earth616:jessica born 2015-11-20 \"x\" 1.5 -3 jj.s1e8@41:10, 2015-11");
  EXPECT_TRUE(l->codes.empty());
  std::vector<Tok> want = {Tok::kIdent,  Tok::kIdent,    Tok::kColon,   Tok::kIdent,
                           Tok::kColon,  Tok::kIdent,    Tok::kIdent,   Tok::kDate,
                           Tok::kString, Tok::kDecimal,  Tok::kInteger, Tok::kPath,
                           Tok::kAt,     Tok::kTimecode, Tok::kComma,   Tok::kDate};
  EXPECT_EQ(Kinds(l->file), want);
  EXPECT_EQ(l->file.tokens[13].value, 41 * 60 + 10);
  EXPECT_FALSE(l->file.tokens[4].space_before);
  EXPECT_TRUE(l->file.tokens[3].space_before);
}

TEST(Lexer, KebabNames) {
  auto l = DoLex("allow dead-acts \"x\" a-b-c2 jj.s1e1-e8 x -3");
  std::vector<Tok> want = {Tok::kIdent, Tok::kKebab, Tok::kString, Tok::kKebab,  Tok::kPath,
                           Tok::kBad,   Tok::kIdent, Tok::kIdent,  Tok::kInteger};
  EXPECT_EQ(Kinds(l->file), want);
  EXPECT_EQ(l->file.Text(l->file.tokens[1]), "dead-acts");
  EXPECT_EQ(l->file.Text(l->file.tokens[3]), "a-b-c2");
  // A dotted path does not take `-`: ranges stay an error in .canon.
  EXPECT_EQ(l->codes.size(), 1u);
}

TEST(Lexer, LinesIndentAndComments) {
  auto l = DoLex("a\n  b c # note  \n\n# own line\n    d\r\n");
  ASSERT_EQ(l->file.lines.size(), 6u);
  EXPECT_EQ(l->file.lines[1].indent, 2u);
  EXPECT_EQ(l->file.lines[1].comment, "# note");
  EXPECT_TRUE(l->file.lines[2].blank());
  EXPECT_FALSE(l->file.lines[3].has_tokens());
  EXPECT_EQ(l->file.lines[3].comment, "# own line");
  EXPECT_EQ(l->file.lines[4].indent, 4u);
  EXPECT_EQ(l->file.Text(l->file.tokens[l->file.lines[4].first]), "d");
}

TEST(Lexer, StringsAndEscapes) {
  auto l = DoLex(R"(x "a\"b\\c\nd\te")");
  ASSERT_TRUE(l->codes.empty());
  EXPECT_EQ(l->file.strings[0], "a\"b\\c\nd\te");
  auto bad = DoLex(R"(x "a\qb")");
  EXPECT_EQ(bad->codes, std::vector<std::string>{"E0102@1:5"});
  auto open = DoLex("x \"abc\ny");
  EXPECT_EQ(open->codes, std::vector<std::string>{"E0101@1:3"});
  EXPECT_EQ(open->file.tokens[1].kind, Tok::kBad);
  EXPECT_EQ(open->file.Text(open->file.tokens[2]), "y");  // next line lexes normally
}

TEST(Lexer, BadCharactersAndNumbers) {
  auto l = DoLex("a $$ b\n1x 2015-1-5 1:75 jj.s1e1-e8");
  EXPECT_EQ(l->codes, (std::vector<std::string>{"E0103@1:3", "E0106@2:1", "E0106@2:4", "E0106@2:13",
                                                "E0103@2:25"}));
  auto utf = DoLex("character é");
  EXPECT_EQ(utf->codes, std::vector<std::string>{"E0103@1:11"});
  EXPECT_EQ(utf->sink.diagnostics()[0].loc.length, 2u);  // the whole UTF-8 sequence
}

TEST(Lexer, TabsAndInvalidUtf8) {
  auto tab = DoLex("a\n\tb\n \t \n");
  EXPECT_EQ(tab->codes, std::vector<std::string>{"E0104@2:1"});
  auto bin = DoLex("ok\nbad \xff here\nmore \xc0");
  EXPECT_EQ(bin->codes, std::vector<std::string>{"E0107@2:5"});
  EXPECT_TRUE(bin->file.rejected);
  EXPECT_TRUE(bin->file.lines.empty());
  auto surrogate = DoLex("\"\xed\xa0\x80\"");
  EXPECT_EQ(surrogate->codes, std::vector<std::string>{"E0107@1:2"});
  auto fine = DoLex("\"Zoë — ☃ 𝄞\"");
  EXPECT_TRUE(fine->codes.empty());
}

TEST(Lexer, LongLinesAreLinear) {
  std::string line(200000, 'a');
  line += " \"" + std::string(100000, 'b') + "\"";
  auto l = DoLex(line);
  EXPECT_TRUE(l->codes.empty());
  EXPECT_EQ(l->file.tokens.size(), 2u);
  std::string junk(100000, '$');
  auto j = DoLex(junk);
  EXPECT_EQ(j->codes.size(), 1u);  // one report for the whole run
}

}  // namespace
}  // namespace canon::lang
