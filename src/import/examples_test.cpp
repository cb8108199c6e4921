// The committed imported universes (examples/*.canon, made by `canon import`)
// compile, resolve their story time, and report only the data's own problems.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "diag/diagnostics.h"
#include "lang/compile.h"
#include "time/resolve.h"

namespace canon {
namespace {

// Compiles examples/NAMES... as one universe; returns diagnostic counts by code.
std::map<std::string, int> Check(const std::vector<std::string>& names, Universe* out = nullptr) {
  SourceManager sources;
  std::vector<uint32_t> files;
  for (const std::string& n : names) {
    std::ifstream in(std::string(CANON_SOURCE_DIR) + "/examples/" + n, std::ios::binary);
    EXPECT_TRUE(in.good()) << n;
    std::stringstream buf;
    buf << in.rdbuf();
    files.push_back(sources.AddFile(n, buf.str()));
  }
  DiagnosticSink sink;
  Universe u = CompileSources(sources, files, sink);
  if (!sink.has_errors()) ResolveStoryTime(u, sink);
  std::map<std::string, int> codes;
  for (const Diagnostic& d : sink.diagnostics()) ++codes[std::string(GetDiagKind(d.id).code)];
  if (out) *out = std::move(u);
  return codes;
}

TEST(Examples, ShowAndStarWarsAreClean) {
  EXPECT_EQ(Check({"got-show.canon"}), (std::map<std::string, int>{}));
  EXPECT_EQ(Check({"starwars.canon"}), (std::map<std::string, int>{}));
}

TEST(Examples, BooksWarnOnlyAboutNamesTheDataShares) {
  std::map<std::string, int> codes = Check({"asoiaf.canon"});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes.begin()->first, "W0802");
  EXPECT_EQ(codes.begin()->second, 105);
}

TEST(Examples, ShowBooksAndCounterpartsCompileTogether) {
  Universe u;
  std::map<std::string, int> codes =
      Check({"got-show.canon", "asoiaf.canon", "asoiaf-got.canon"}, &u);
  EXPECT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes["W0802"], 105);
  EXPECT_EQ(u.continuities.size(), 2u);
  EXPECT_GT(u.counterparts.size(), 200u);
  EXPECT_TRUE(u.time.resolved);
}

}  // namespace
}  // namespace canon
