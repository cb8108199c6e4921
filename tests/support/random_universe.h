// Test support shared by every module's tests and the benchmarks: a
// deterministic generator of valid random universes (plus a rapidcheck
// generator around it) and a structural "same meaning" comparison.
#ifndef CANON_TESTS_SUPPORT_RANDOM_UNIVERSE_H_
#define CANON_TESTS_SUPPORT_RANDOM_UNIVERSE_H_

#include <rapidcheck.h>

#include <cstdint>
#include <iosfwd>
#include <string>

#include "canon/universe.h"

namespace canon::testing {

// Sizes of a random universe. Counts are totals over all continuities.
struct RandomUniverseOptions {
  int continuities = 2;
  int eras = 2;          // in-universe eras besides the built-in CE (era 0)
  int works = 4;         // top-level works (series, comics, films, books)
  int max_children = 4;  // children of one non-leaf work, at most
  int entities = 20;     // characters, groups, places, objects
  int persons = 4;       // real people (no continuity)
  int facts = 40;        // facts stated on their own
  int events = 12;       // each may also start facts and end existing ones
  int knowledge = 10;    // explicit knowledge; participants' implicit knowledge comes on top
  int counterparts = 3;
  // Appearances (scene presence). They, the lint exemptions (`allow`) on
  // facts, events and appearances, event `uses` and lint settings are drawn
  // from a random stream of their own, so adding them left every universe
  // a seed gave before unchanged apart from them.
  int appearances = 12;
  // Fill every SourceLoc with a random location in `files` (the store keeps
  // them; a text round trip does not).
  bool locations = true;
  // Also add, marked implicit, the constraints the time stage derives
  // (slot order and containment, release chain, event and knowledge
  // defaults, facts ending after they start), as a resolved universe
  // carries them. Off: the universe is as the checker leaves it.
  bool implicit_constraints = false;
};

// A valid random universe, the same for the same seed and options:
//   - every id in range and every invariant of universe.h holds; era 0 is
//     CE; the built-in predicates come first; Finalize() has been called;
//   - ids are valid lowercase .canon identifiers, unique where the language
//     says so (top-level works globally, entities/events/labels per
//     continuity, no name both an event and a fact label); display names are
//     printable UTF-8, some with characters that need quoting;
//   - works are series/season/episode(/scene), comic/volume/issue,
//     film(/scene) and book/chapter trees with release dates, some leaves
//     flashbacks;
//   - every story-time constraint holds for a hidden timeline (each point
//     has a true day; leaf slots follow release order), so the constraints
//     are consistent and their graph acyclic; point anchors are events and
//     labelled facts of the same continuity;
//   - facts have entity/string/keyword/number/date objects matching their
//     predicate, at most one fact per subject for exclusive predicates,
//     reveal points (leaf and non-leaf, some with positions; a few empty,
//     i.e. revealed with the subject), overturns released after the reveals;
//   - events with roles, reveals, effects (started/ended facts, whose
//     start/end is the event's own point, as the checker makes them), implicit
//     knowledge of their participants; explicit knowledge of events and
//     labelled facts; counterparts of one kind across continuities;
//   - appearances of continuity entities in leaf works of their continuity
//     (some at a position, some placed by `story` with a point of their
//     own); `allow` exemptions on some facts (not made by effects), events
//     and appearances; `uses` of events and labelled facts on some events
//     (by participants, expanded as the checker does, or by any entity);
//     a few lint settings.
Universe RandomUniverse(uint64_t seed, const RandomUniverseOptions& opts = {});

// rapidcheck generator: random seed, sizes scaled by rapidcheck's size and
// shrinking towards small universes.
rc::Gen<Universe> GenUniverse();

struct DiffOptions {
  // Skip constraints and knowledge marked implicit (what a checker derives
  // by default), for comparing a universe with its re-parsed text form.
  bool ignore_implicit = false;
  // Match facts by content even when labelled and do not compare labels
  // (an exporter may invent labels, e.g. for facts an event `ends`).
  bool ignore_fact_labels = false;
};

// Structural equality "in meaning": elements are matched by their natural
// keys (continuity and era ids, work paths, qualified entity and event ids,
// predicate names, fact labels or contents, points by owner) and references
// are compared through those keys, so element order and id numbering do not
// matter, except where order is meaning (work children, lists of reveal
// points, roles, constraints). SourceLocs, `files` and derived fields
// (release order and ranks, resolved time) are ignored. Returns "" when
// equal, else a readable description of the first difference. Never crashes
// on an invalid universe (bad ids render as "#N?").
std::string DiffUniverses(const Universe& a, const Universe& b, const DiffOptions& opts = {});

}  // namespace canon::testing

namespace canon {
// rapidcheck prints counterexamples through this (found by ADL): a summary
// of sizes, not the whole universe.
void showValue(const Universe& u, std::ostream& os);
}  // namespace canon

#endif  // CANON_TESTS_SUPPORT_RANDOM_UNIVERSE_H_
