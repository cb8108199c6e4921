// Tests for the English helpers of generated prose.
#include "recap/english.h"

#include <gtest/gtest.h>

namespace canon::english {
namespace {

TEST(EnglishTest, JoinList) {
  EXPECT_EQ(JoinList({}), "");
  EXPECT_EQ(JoinList({"A"}), "A");
  EXPECT_EQ(JoinList({"A", "B"}), "A and B");
  EXPECT_EQ(JoinList({"A", "B", "C"}), "A, B and C");
  EXPECT_EQ(JoinList({"A", "B"}, "or"), "A or B");
}

TEST(EnglishTest, PastPhrase) {
  EXPECT_EQ(PastPhrase("is married to"), "was married to");
  EXPECT_EQ(PastPhrase("owns"), "owned");
  EXPECT_EQ(PastPhrase("knows"), "knew");
  EXPECT_EQ(PastPhrase("believes"), "believed");
  EXPECT_EQ(PastPhrase("marries"), "married");
  EXPECT_EQ(PastPhrase("watches"), "watched");
  EXPECT_EQ(PastPhrase("has the power of"), "had the power of");
  EXPECT_EQ(PastPhrase("does not appear in"), "did not appear in");
  EXPECT_EQ(PastPhrase("was killed by"), "was killed by");
  EXPECT_EQ(PastPhrase("lives with"), "lived with");
  EXPECT_EQ(PastPhrase("confides in"), "confided in");
}

TEST(EnglishTest, NoLongerPhrase) {
  EXPECT_EQ(NoLongerPhrase("is married to"), "is no longer married to");
  EXPECT_EQ(NoLongerPhrase("owns"), "no longer owns");
  EXPECT_EQ(NoLongerPhrase("does not appear in"), "appears in again");
}

TEST(EnglishTest, PluralPhrase) {
  EXPECT_EQ(PluralPhrase("is a member of"), "are members of");
  EXPECT_EQ(PluralPhrase("is an enemy of"), "are enemies of");
  EXPECT_EQ(PluralPhrase("owns"), "own");
  EXPECT_EQ(PluralPhrase("has the power of"), "have the power of");
  EXPECT_EQ(PluralPhrase("is no longer a member of"), "are no longer members of");
  EXPECT_EQ(PluralPhrase("no longer owns"), "no longer own");
  EXPECT_EQ(PluralPhrase("marries"), "marry");
  EXPECT_EQ(PluralPhrase("watches"), "watch");
}

TEST(EnglishTest, Sentences) {
  EXPECT_EQ(Capitalize("she is"), "She is");
  EXPECT_EQ(Capitalize("\"x\""), "\"x\"");
  EXPECT_EQ(EndSentence("Luke leaves"), "Luke leaves.");
  EXPECT_EQ(EndSentence("Luke leaves."), "Luke leaves.");
  EXPECT_EQ(EndSentence("Is it?"), "Is it?");
  EXPECT_EQ(EndSentence("He said \"go.\""), "He said \"go.\"");
  EXPECT_EQ(EndSentence("A list;"), "A list.");
  EXPECT_EQ(StripEnd("Done. "), "Done");
}

}  // namespace
}  // namespace canon::english
