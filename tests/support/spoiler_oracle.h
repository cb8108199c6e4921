// Shared helpers for the spoiler property tests (src/query/spoiler_test.cpp,
// src/recap/spoiler_test.cpp): a test-side RNG, random story time, random
// horizon specs, and an independent visibility oracle written from the rules
// of docs/queries.md (not from View's code) that the tests check View against.
#ifndef CANON_TESTS_SUPPORT_SPOILER_ORACLE_H_
#define CANON_TESTS_SUPPORT_SPOILER_ORACLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "query/horizon.h"

namespace canon::testing {

// SplitMix64, for choices made by the test itself.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t Below(uint32_t n) { return n == 0 ? 0 : static_cast<uint32_t>(Next() % n); }
  bool Percent(int p) { return Below(100) < static_cast<uint32_t>(p); }
};

// Story time for a random universe: any ranks will do for spoiler safety
// (ties allowed), and random day bounds for `--at DATE`.
void FillTime(Universe& u, Rng& rng);

// A random horizon spec over the universe's works (all/none, paths,
// leaf@position, sibling ranges, released<=DATE), joined by , or +.
std::string RandomHorizon(const Universe& u, Rng& rng);

// The visibility rules of docs/queries.md, as a fixpoint.
struct Oracle {
  std::vector<bool> entity, fact, event;
  Oracle(const Universe& u, const Horizon& h);
};

// Is `needle` in `hay` as a whole word (not inside a longer name or id)?
bool ContainsWord(const std::string& hay, const std::string& needle);

// "continuity:id" of an event, as a hidden-name probe.
std::string QualifiedEvent(const Universe& u, EventId e);

}  // namespace canon::testing

#endif  // CANON_TESTS_SUPPORT_SPOILER_ORACLE_H_
