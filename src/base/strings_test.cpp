// Unit tests for string helpers.
#include "base/strings.h"

#include <gtest/gtest.h>

#include "canon/status.h"

namespace canon {
namespace {

TEST(Strings, EditDistanceIsCaseInsensitive) {
  EXPECT_EQ(EditDistance("Jessica", "jessica"), 0u);
  EXPECT_EQ(EditDistance("jessika", "jessica"), 1u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
}

TEST(Strings, ClosestMatchesBestFirstAndBounded) {
  std::vector<std::string> names = {"jessica", "luke", "reva", "jessie", "kilgrave"};
  auto m = ClosestMatches("jessika", names);
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0], "jessica");
  EXPECT_TRUE(ClosestMatches("zzzzzz", names).empty());
  EXPECT_EQ(DidYouMean({"a", "b"}), "did you mean `a` or `b`?");
  EXPECT_EQ(DidYouMean({}), "");
}

TEST(Strings, QuoteEscapes) { EXPECT_EQ(QuoteString("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\""); }

Result<int> Half(int x) {
  if (x % 2) return Status::InvalidArgument("odd", "give an even number");
  return x / 2;
}

Status UseHalf(int x, int* out) {
  CANON_ASSIGN_OR_RETURN(*out, Half(x));
  return Status::Ok();
}

TEST(Status, ResultAndMacros) {
  int v = 0;
  EXPECT_TRUE(UseHalf(4, &v).ok());
  EXPECT_EQ(v, 2);
  Status s = UseHalf(3, &v);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.ToString(), "odd (hint: give an even number)");
}

}  // namespace
}  // namespace canon
