// Unit tests for the diagnostic registry and rendering.
#include "diag/diagnostics.h"

#include <gtest/gtest.h>

#include <set>

namespace canon {
namespace {

TEST(Diagnostics, CodesAndNamesAreUnique) {
  std::set<std::string_view> codes, names;
  for (const DiagKind& k : AllDiagKinds()) {
    EXPECT_TRUE(codes.insert(k.code).second) << k.code;
    EXPECT_TRUE(names.insert(k.name).second) << k.name;
    EXPECT_EQ(&GetDiagKind(k.id), &k);
  }
}

TEST(Diagnostics, RendersLineAndCarets) {
  SourceManager sm;
  uint32_t f = sm.AddFile("u.canon", "character a \"A\"\nevent x: jessika kills a\n");
  DiagnosticSink sink;
  sink.Report(DiagId::kUnknownEntity, {f, 2, 10, 7}, "unknown entity `jessika`",
              "did you mean `jessica`?");
  EXPECT_TRUE(sink.has_errors());
  std::string text = RenderDiagnostics(sink.diagnostics(), sm);
  EXPECT_EQ(text,
            "u.canon:2:10: error[E0301]: unknown entity `jessika`\n"
            "   |\n"
            " 2 | event x: jessika kills a\n"
            "   |          ^^^^^^^\n"
            "  = hint: did you mean `jessica`?\n"
            "1 error\n");
  std::string json = RenderDiagnosticsJson(sink.diagnostics(), sm);
  EXPECT_NE(json.find("\"code\": \"E0301\""), std::string::npos);
}

}  // namespace
}  // namespace canon
