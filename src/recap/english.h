// Small English helpers for generated prose: lists ("A, B and C"), verb
// phrases in other tenses ("is married to" -> "was married to", "owns" ->
// "no longer owns"), plural agreement ("is a member of" -> "are members
// of"), capitalisation and sentence punctuation. Best effort by rule: the
// templates (templates/en.json) give exact forms for known predicates; these
// rules only cover predicates a universe adds without templates.
#ifndef CANON_RECAP_ENGLISH_H_
#define CANON_RECAP_ENGLISH_H_

#include <string>
#include <string_view>
#include <vector>

namespace canon::english {

// "A", "A and B", "A, B and C" (no serial comma); "" for none.
std::string JoinList(const std::vector<std::string>& items, std::string_view conjunction = "and");

// A present-tense third-person verb phrase in the simple past:
// "is married to" -> "was married to", "owns" -> "owned", "knows" -> "knew",
// "does not appear in" -> "did not appear in", "was killed by" -> unchanged.
std::string PastPhrase(std::string_view phrase);
// "is married to" -> "is no longer married to", "owns" -> "no longer owns".
std::string NoLongerPhrase(std::string_view phrase);
// Third-person singular -> plural: "is a member of" -> "are members of",
// "owns" -> "own", "has" -> "have", "was" -> "were".
std::string PluralPhrase(std::string_view phrase);
// Verb phrase -> the one a pronoun "they" needs (PluralPhrase), or unchanged.
std::string AgreeWith(std::string_view phrase, bool plural);

// First byte upper-cased when it is an ASCII letter.
std::string Capitalize(std::string_view s);
// `s` with a full stop added unless it already ends in . ! ? (possibly
// followed by a closing quote or bracket).
std::string EndSentence(std::string_view s);
// Trailing . ! ? ; : and spaces removed (for embedding a sentence).
std::string StripEnd(std::string_view s);

}  // namespace canon::english

#endif  // CANON_RECAP_ENGLISH_H_
