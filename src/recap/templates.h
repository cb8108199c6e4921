// Prose templates: the data that turns facts and events into English (or
// any language). The built-in set is templates/en.json, compiled into the
// binary; a universe or a house style overlays its own file with
// `--templates FILE` (a JSON merge patch over the built-in data: objects
// merge key by key, a string replaces, null removes). docs/stories.md
// documents the format.
//
// A template is a string with slots in braces: `{subject} is married to
// {object}`, `{role:killer} kills {role:victim}`, `{role:spouse#2}` (the
// second holder of a role), `{role:*}` (every participant). `{{` and `}}`
// are literal braces. Each section allows its own slots; loading rejects an
// unknown slot, an unknown key or a value of the wrong type, naming the key.
#ifndef CANON_RECAP_TEMPLATES_H_
#define CANON_RECAP_TEMPLATES_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "canon/status.h"

namespace canon {

// Forms of one predicate. Empty strings are "not given" (the narrator then
// derives a form from the predicate's phrase).
struct PredicateForms {
  std::string present, past, no_longer;                       // {subject} ... {object}
  std::string pair_present, pair_past, pair_no_longer;        // symmetric: both named as a pair
  std::string plural_present, plural_past, plural_no_longer;  // {subjects} ... {object}
  std::string noun;         // the relation as a noun, for comparisons ("marriage")
  std::string shared_noun;  // two entities with the same object ("a child together")
};

// Tense of a fact clause.
enum class FactForm { kPresent, kPast, kNoLonger };

struct EventForms {
  std::string present, past;
};

struct RoleForms {
  std::string one, many;  // {entity} / {entities}, and {role}
};

struct EntityStyle {
  std::string pronoun;     // a key of "pronouns" ("she"), or ""
  std::string short_name;  // used after the first mention, or ""
};

struct PronounForms {
  std::string subject;  // "she"
  bool plural = false;  // takes plural verbs ("they are")
};

class Templates {
 public:
  // The built-in English templates (templates/en.json).
  static Result<Templates> Builtin();
  // Parses templates from JSON text alone (for tests); `source` names it in errors.
  static Result<Templates> FromJson(std::string_view json_text, std::string_view source);

  // Merges an overlay (JSON merge patch) into these templates and validates
  // the result. On error the templates are unchanged.
  Status Overlay(std::string_view json_text, std::string_view source);
  // Reads FILE and overlays it; IoError when it cannot be read.
  Status OverlayFile(const std::string& path);

  // A "text" entry ("" when absent).
  const std::string& Text(std::string_view key) const;
  const PredicateForms* Predicate(std::string_view name) const;
  const EventForms* Event(std::string_view kind) const;
  // The role's phrase, or the "default" one.
  const RoleForms& Role(std::string_view role) const;
  const PronounForms* Pronoun(std::string_view key) const;
  // Per-entity style, by qualified id ("netflix:jessica").
  const EntityStyle* Entity(std::string_view qualified) const;
  // Is `lower_word` a title or article that must not become a short name?
  bool IsShortNameStopword(std::string_view lower_word) const;

  bool event_titles() const { return event_titles_; }
  bool short_names() const { return short_names_; }
  bool actors() const { return actors_; }
  bool pronouns() const { return pronouns_; }
  const std::string& language() const { return language_; }

 private:
  Status Load(std::string_view source);

  std::string json_;  // the merged JSON (dumped), source of truth
  std::string language_ = "en";
  bool event_titles_ = true, short_names_ = true, actors_ = true, pronouns_ = true;
  std::map<std::string, std::string, std::less<>> text_;
  std::map<std::string, PredicateForms, std::less<>> predicates_;
  std::map<std::string, EventForms, std::less<>> events_;
  std::map<std::string, RoleForms, std::less<>> roles_;
  std::map<std::string, PronounForms, std::less<>> pronoun_forms_;
  std::map<std::string, EntityStyle, std::less<>> entities_;
  std::set<std::string, std::less<>> stopwords_;
};

// Fills a template: each `{slot}` is replaced by fill(slot) ("role:killer"
// for `{role:killer}`); `{{` / `}}` are literal braces. Slots are filled in
// text order, so a narrator can track first mentions.
std::string FillTemplate(std::string_view tpl,
                         const std::function<std::string(std::string_view)>& fill);
// Fills template `key` of `t` from named slot values; a slot not listed is
// left empty.
std::string Fill(const Templates& t, std::string_view key,
                 const std::vector<std::pair<std::string_view, std::string>>& slots);
// The slot names of a template, in order (duplicates kept).
std::vector<std::string> TemplateSlots(std::string_view tpl);

// The built-in templates' JSON text (generated from templates/en.json).
const char* BuiltinTemplatesJson();

}  // namespace canon

#endif  // CANON_RECAP_TEMPLATES_H_
