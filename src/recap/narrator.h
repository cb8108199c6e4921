// The narrator: turns visible facts and events into English sentences from
// templates (templates.h), keeping the state that makes prose read well:
// first mentions give the full name (and the actor, when a visible
// `played_by` says who), later ones a short name ("Jessica"); a sentence
// whose subject is the previous sentence's subject uses a pronoun when one
// is known (templates' "entities", a visible `pronoun` fact, or "it" for
// places and objects). Every sentence records the facts and events it rests
// on and their reveal points inside the horizon.
//
// The narrator reads the universe only through a View and is only ever given
// visible facts and events; the entities it names are theirs (visible by the
// View's rules), so what it writes obeys the spoiler rule.
#ifndef CANON_RECAP_NARRATOR_H_
#define CANON_RECAP_NARRATOR_H_

#include <map>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "query/view.h"
#include "recap/templates.h"

namespace canon {

// One generated sentence and what it rests on.
struct StorySentence {
  std::string text;
  std::vector<FactId> facts;
  std::vector<EventId> events;
  // Reveal (and, for overturned items, overturn) points inside the horizon,
  // in reveal order, without duplicates.
  std::vector<RevealPoint> cited;
};

// A clause before rendering: a template and what fills its slots.
struct ClauseSpec {
  struct Binding {
    std::vector<EntityId> entities;  // joined as a list ("A, B and C")
    std::string text;                // used when entities is empty
  };
  std::string tpl;  // "{subject} is married to {object}"; with `literal`, final text
  bool literal = false;
  std::map<std::string, Binding, std::less<>> slots;
  std::vector<FactId> facts;
  std::vector<EventId> events;
  bool overturned = false;  // cite overturn points too
  bool titled = false;      // an event told by its title (it cannot change tense)
};

class Narrator {
 public:
  // `cast`: the entities the text may mention; short names are given only
  // when unambiguous among them.
  Narrator(const View& v, const Templates& t, const std::vector<EntityId>& cast);

  const View& view() const { return v_; }
  const Templates& templates() const { return t_; }

  // The clause of one fact in a form. `first`: the entity the text is about,
  // put first in a symmetric relation. `pair`: name both sides of a
  // symmetric relation as a pair ("A and B are married") when the
  // templates allow.
  ClauseSpec FactSpec(FactId f, FactForm form, EntityId first = kNone, bool pair = true) const;
  // Facts with one subject, merged: "Luke Cage owns Luke's bar and has the
  // power of super strength"; facts of one predicate list their objects.
  // Returns one spec per group that could not be merged further.
  // `subject` (default: the first fact's) may be the object of symmetric facts.
  std::vector<ClauseSpec> SameSubjectSpecs(const std::vector<FactId>& facts, FactForm form,
                                           EntityId subject = kNone) const;
  // Facts of one predicate and object with several subjects: "A, B and C
  // are members of X". All must share predicate and object.
  ClauseSpec SameObjectSpec(const std::vector<FactId>& facts, FactForm form) const;
  // States, aggregated for reading: facts of one predicate shared by several
  // subjects ("A, B and C are alive"; "A and B are the parents of C and D"),
  // then the rest by subject (SameSubjectSpecs), in order of first fact.
  // `first`: the entity told about, put first in symmetric relations.
  std::vector<ClauseSpec> StateSpecs(const std::vector<FactId>& facts, FactForm form,
                                     EntityId first = kNone) const;
  // The clause of an event: its title (when the templates use titles), else
  // the kind's template with its roles, else a generic form.
  ClauseSpec EventSpec(EventId e, bool past = false) const;

  // Renders a clause as a sentence: inside `wrapper` (a "text" template key
  // with a {clause} slot, or "" for none), capitalised, with a full stop.
  // Updates mention and pronoun state.
  StorySentence Say(const ClauseSpec& spec, std::string_view wrapper = "");
  // Renders without wrapping into a sentence (for table cells and lists):
  // the clause text, not capitalised, no full stop. Updates mentions.
  StorySentence Phrase(const ClauseSpec& spec);
  // Starts a new paragraph: no pronoun refers across it.
  void NewParagraph() { last_subject_ = kNone; }
  // Whether first mentions name the actor (the templates' style by default).
  void set_actors(bool on) { actors_ = on; }

  // Entity names. Mention() tracks first mentions; FullName() does not.
  std::string Mention(EntityId e, std::vector<FactId>* extra_facts = nullptr);
  std::string FullName(EntityId e) const;

  // Citations for facts and events (reveal points in the horizon; with
  // `overturned`, overturn points too), sorted in reveal order.
  std::vector<RevealPoint> Cite(const std::vector<FactId>& facts,
                                const std::vector<EventId>& events, bool overturned) const;

 private:
  std::string Render(const ClauseSpec& spec, std::vector<FactId>* extra, bool* lead_pronoun);
  std::string PronounKey(EntityId e) const;
  // A value as prose: entity name (unmentioned), string without quotes,
  // keyword with spaces, number, date.
  std::string ValueProse(const Value& v) const;
  std::string PredicateTemplate(PredicateId p, FactForm form, int shape) const;

  const View& v_;
  const Templates& t_;
  std::vector<uint8_t> mentioned_;
  std::map<EntityId, std::string> short_names_;
  std::map<EntityId, FactId> actor_fact_;    // first visible played_by of an entity
  std::map<EntityId, std::string> pronoun_;  // pronoun key
  EntityId last_subject_ = kNone;
  bool actors_ = true;
};

// A stable id for a visible fact in JSON: its qualified label
// ("netflix:luke_reva_marriage"), else its statement
// ("netflix:luke owns netflix:lukes_bar"), with "#2", "#3"... for the
// later of several visible facts with the same statement. Computed only
// from visible facts, so it counts nothing hidden.
class FactIdNames {
 public:
  explicit FactIdNames(const View& v);
  std::string Name(FactId f) const;

 private:
  const View& v_;
  std::map<FactId, uint32_t> ordinal_;  // > 1 only for repeats
};

// "netflix:reva_death".
std::string QualifiedEventId(const Universe& u, EventId e);

}  // namespace canon

#endif  // CANON_RECAP_NARRATOR_H_
