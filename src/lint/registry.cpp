// The registry of continuity-checker rules: code, kebab name and default
// severity come from diag/diagnostic_kinds.def (one registry of codes); this
// file adds what only lint needs (on by default, needs story time, may be
// exempted per statement, documentation).
#include <string>

#include "base/strings.h"
#include "lint/lint.h"

namespace canon {
namespace {

LintRuleInfo Make(DiagId id, bool default_on, bool needs_time, bool exemptable,
                  std::string_view doc) {
  const DiagKind& k = GetDiagKind(id);
  return LintRuleInfo{id, k.code, k.name, k.severity, default_on, needs_time, exemptable, doc};
}

}  // namespace

const std::vector<LintRuleInfo>& LintRules() {
  static const std::vector<LintRuleInfo> kRules = {
      Make(DiagId::kLintDeadActs, true, true, true,
           "A character takes part in an event (in an active role), appears in a work, learns "
           "something, acts on knowledge or starts a relation at a story time where a `status "
           "dead` fact of theirs holds (or after a `died` date), and no resurrection ended it. "
           "Passive roles (patient, target, deceased, body, honoree) are allowed: a corpse can be "
           "found. Flashbacks placed before the death are fine by construction."),
      Make(DiagId::kLintUnbornActs, true, true, true,
           "A character does any of the things dead-acts looks at before their `birth` event "
           "(`X is_born`) or before their `born` date."),
      Make(DiagId::kLintTwoPlaces, true, true, true,
           "A character is at two places at the same story time: two simultaneous events with "
           "different `location` roles, or an event at one place while a `located_in` fact puts "
           "them at another. Places inside each other (`located_in` between places) agree."),
      Make(DiagId::kLintExclusiveOverlap, true, true, true,
           "Two facts of an exclusive predicate (married_to, status, lives_in, ...) give one "
           "subject two different values over overlapping story time: two spouses at once. "
           "Overturned facts take no part."),
      Make(DiagId::kLintKnowledgeBeforeLearned, true, true, true,
           "An event says a character acts on, refers to or reveals something (`uses TARGET "
           "[by WHO]`) at a story time before the earliest time they know it (`learns`, "
           "`known_by`, or taking part in the event), or they never learn it."),
      Make(DiagId::kLintUndeclaredRetcon, true, true, true,
           "A work released later states a fact about story time before its own that "
           "contradicts (an exclusive overlap with) a fact an earlier release showed, and "
           "neither is marked `overturned`: a retcon no one declared."),
      Make(DiagId::kLintAgeMismatch, true, true, true,
           "A stated age (`fact X age N from TIME`, with `predicate age object number`) "
           "disagrees with the character's `born` date or birth event on the universe's "
           "calendar, given the story time's day bounds."),
      Make(DiagId::kLintCounterpartDiverges, true, false, true,
           "Information: counterparts in two continuities state different values for one "
           "predicate (one marries, the other never marries that person; one ends the story "
           "dead, the other alive). Exclusive predicates compare the values still holding at "
           "the end of the story; names (alias, title) and actors are not compared. Hidden in "
           "text output unless --info."),
      Make(DiagId::kLintUnusedPredicate, true, false, false,
           "A declared predicate that no fact uses."),
      Make(DiagId::kLintUnknownRule, true, false, false,
           "An `allow` clause or a `lint` line names a rule that does not exist, or one that "
           "cannot be configured there (errors of the language are always errors)."),
      Make(DiagId::kLintUnneededAllow, true, false, false,
           "An `allow RULE` clause on a statement for which RULE finds nothing: the exemption "
           "is stale. Only reported when every rule ran (no --rule, no --continuity)."),
      Make(DiagId::kLintSkipped, true, false, false,
           "Story time has errors, so the rules that compare story times were not run."),
  };
  return kRules;
}

const LintRuleInfo* FindLintRule(std::string_view name_or_code) {
  for (const LintRuleInfo& r : LintRules()) {
    if (EqualsIgnoreCase(r.name, name_or_code) || EqualsIgnoreCase(r.code, name_or_code)) {
      return &r;
    }
  }
  return nullptr;
}

}  // namespace canon
