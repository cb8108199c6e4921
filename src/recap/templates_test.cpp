// Tests for prose templates: the built-in set, overlays, validation errors
// that name the key, and slot filling.
#include "recap/templates.h"

#include <gtest/gtest.h>

#include <fstream>

namespace canon {
namespace {

TEST(TemplatesTest, BuiltinLoads) {
  Result<Templates> t = Templates::Builtin();
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->language(), "en");
  ASSERT_NE(t->Predicate("married_to"), nullptr);
  EXPECT_EQ(t->Predicate("married_to")->pair_present, "{subject} and {object} are married");
  EXPECT_EQ(t->Predicate("married_to")->noun, "marriage");
  ASSERT_NE(t->Event("killing"), nullptr);
  EXPECT_EQ(t->Event("killing")->present, "{role:killer} kills {role:victim}");
  EXPECT_EQ(t->Role("controller").one, "under the control of {entity}");
  EXPECT_EQ(t->Role("no_such_role").one, "with {entity} as {role}");  // the default
  EXPECT_EQ(t->Text("heading_background"), "Background");
  EXPECT_TRUE(t->IsShortNameStopword("doctor"));
  EXPECT_TRUE(t->event_titles());
}

TEST(TemplatesTest, OverlayMergesAndReplaces) {
  Result<Templates> t = Templates::Builtin();
  ASSERT_TRUE(t.ok());
  Status s = t->Overlay(R"({
    "style": {"actors": false},
    "text": {"heading_background": "Avant"},
    "predicates": {"married_to": {"present": "{subject} a épousé {object}"},
                   "sleeping_with": {"present": "{subject} sleeps with {object}"}},
    "pronouns": {"elle": {"subject": "elle"}},
    "entities": {"netflix:jessica": {"pronoun": "elle", "short_name": "Jess"}},
    "_comment": "ignored"
  })",
                        "fr.json");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(t->actors());
  EXPECT_EQ(t->Text("heading_background"), "Avant");
  EXPECT_EQ(t->Predicate("married_to")->present, "{subject} a épousé {object}");
  // Other forms of the same predicate are kept (a merge, not a replacement).
  EXPECT_EQ(t->Predicate("married_to")->past, "{subject} was married to {object}");
  EXPECT_NE(t->Predicate("sleeping_with"), nullptr);
  ASSERT_NE(t->Entity("netflix:jessica"), nullptr);
  EXPECT_EQ(t->Entity("netflix:jessica")->short_name, "Jess");
  // null removes.
  ASSERT_TRUE(t->Overlay(R"({"predicates": {"married_to": null}})", "x.json").ok());
  EXPECT_EQ(t->Predicate("married_to"), nullptr);
}

TEST(TemplatesTest, ErrorsNameTheKey) {
  Result<Templates> t = Templates::Builtin();
  ASSERT_TRUE(t.ok());
  Status s =
      t->Overlay(R"({"predicates": {"owns": {"present": "{subjct} owns {object}"}}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "templates `mine.json`: `predicates.owns.present`: unknown slot `{subjct}`");
  EXPECT_EQ(s.hint(), "slots here: {subject}, {object}");
  // The failed overlay left the templates unchanged.
  EXPECT_EQ(t->Predicate("owns")->present, "{subject} owns {object}");

  s = t->Overlay(R"({"text": {"heading_backgruond": "x"}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "templates `mine.json`: `text.heading_backgruond`: unknown key "
            "`heading_backgruond`");
  EXPECT_EQ(s.hint(), "did you mean `heading_background`?");

  s = t->Overlay(R"({"events": {"killing": {"present": "{killer} kills"}}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("`events.killing.present`: unknown slot `{killer}`"),
            std::string::npos);

  s = t->Overlay(R"({"style": {"actors": "yes"}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "templates `mine.json`: `style.actors`: expected true or false");

  s = t->Overlay("{\n  \"text\": {\n    \"now\": \"x\",\n  }\n}", "bad.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("templates `bad.json`: not valid JSON at line 4"), std::string::npos)
      << s.message();

  s = t->Overlay(R"({"text": {"now": "Now {clause"}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unbalanced braces"), std::string::npos);

  s = t->Overlay(R"({"entities": {"x:y": {"pronoun": "xe"}}})", "mine.json");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("unknown pronoun `xe`"), std::string::npos);

  s = t->OverlayFile("/nonexistent/dir/t.json");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
}

TEST(TemplatesTest, FillAndSlots) {
  EXPECT_EQ(TemplateSlots("{a} and {role:x#2} {{literal}}"),
            (std::vector<std::string>{"a", "role:x#2"}));
  std::string out = FillTemplate("{a} and {b} {{x}}", [](std::string_view slot) -> std::string {
    return slot == "a" ? "Jessica" : "Luke";
  });
  EXPECT_EQ(out, "Jessica and Luke {x}");
}

}  // namespace
}  // namespace canon
