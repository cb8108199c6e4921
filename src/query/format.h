// Human-readable names for model elements used by query answers: work
// labels for citations ("Jessica Jones S1E1"), values, predicate phrases,
// event names and headline sentences. Pure functions of the universe; they
// never decide visibility (callers only pass visible elements).
#ifndef CANON_QUERY_FORMAT_H_
#define CANON_QUERY_FORMAT_H_

#include <string>

#include "canon/universe.h"

namespace canon {

// "Jessica Jones S1E1", "The Pulse V1 #14", "Daredevil S2E3 scene 2": the
// root work's title (its path when untitled) and compact codes below it.
std::string WorkLabel(const Universe& u, WorkId w);
// WorkLabel plus the position: "Jessica Jones S1E1 @41:10", "... scene 3".
std::string RevealLabel(const Universe& u, const RevealPoint& p);
// "jj.s1.e1", "jj.s1.e1@41:10", "jj.s1.e1@3".
std::string RevealPath(const Universe& u, const RevealPoint& p);
// "41:10" for seconds, "3" for a scene, "" without a position.
std::string PositionText(const RevealPoint& p);

// Display name of an entity (its id when it has no name).
std::string EntityName(const Universe& u, EntityId e);
// Event title, or its id when untitled.
std::string EventName(const Universe& u, EventId e);
// EventName in double quotes, for use inside a sentence: "Reva's death".
std::string QuotedEventName(const Universe& u, EventId e);
// Verb phrase of a predicate ("is married to"); the name with spaces when
// the predicate declares none.
std::string PredicatePhrase(const Universe& u, PredicateId p);
// A value as text: entity names, "\"Jewel\"" for strings, keywords with
// spaces ("in prison"), numbers, dates.
std::string ValueText(const Universe& u, const Value& v);
// "Jessica Jones kills Reva Connors, with Kilgrave as controller" for the
// built-in kinds and agent/patient verbs; otherwise "Title (kind): role
// Name, role Name".
std::string EventSentence(const Universe& u, EventId e);

}  // namespace canon

#endif  // CANON_QUERY_FORMAT_H_
