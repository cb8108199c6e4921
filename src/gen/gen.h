// Synthetic universe generator (`canon gen`): a deterministic, realistic,
// Zipf-skewed universe written as .canon text, as CSV for peer databases, and
// a sidecar listing the continuity errors planted in it.
//
// The model the generator draws (docs/performance.md, "The generated
// universe"):
//   - C continuities; continuity 0 holds ~70% of everything, the others are
//     alternative tellings whose characters may have counterparts in 0;
//   - works: TV series (seasons of 8..22 episodes) and comics (volumes of
//     12..40 issues), every season/volume released on its own date, so the
//     leaf release order is known exactly; leaves of one continuity form its
//     story chain (story slots follow release order);
//   - entities: characters, places, groups; subjects and objects drawn from
//     a Zipf law (s = 0.9, 1.1 in stress mode) over a seeded permutation, so
//     hubs have hundreds of thousands of facts at 20M facts;
//   - relations with intervals (`from during LEAF until during LEAF`), ~85%
//     revealed at or just after their story position, ~15% flashbacks and
//     prequels revealed much later; ~1% overturned later;
//   - attributes as non-overlapping chains (`lives_in`, `holds_rank`);
//   - deaths (`event: X dies`), scene presence (`appears X, Y in LEAF`, a
//     flashback scene placed with `story during LEAF`), secrets (events)
//     that characters `learns`, and events of a character that use what it
//     knows (`event uN: X exposes Y revealed LEAF uses sN by X`);
//   - planted errors: exactly `planted_per_rule` instances of each of three
//     rules (overlapping exclusive facts, presence after death, knowledge
//     used before it is learned), and none elsewhere by construction: in
//     particular nothing involving a character (a fact starting, an event,
//     learning, a use, an appearance) happens at or after its death, except
//     the planted presences; planted place overlaps are between places
//     neither of which contains the other.
// Deterministic for a seed: the same options give byte-identical outputs on
// every platform (own RNG and Zipf sampler; no std distributions).
#ifndef CANON_GEN_GEN_H_
#define CANON_GEN_GEN_H_

#include <cstdint>
#include <string>
#include <vector>

#include "canon/status.h"

namespace canon {

struct GenOptions {
  uint64_t entities = 1000;  // total entities over all continuities (>= 50)
  uint64_t facts = 10000;    // `fact` statements (relations + attributes)
  uint64_t works = 200;      // leaf works (episodes + issues) (>= 20)
  uint64_t seed = 1;
  double zipf_s = 0.9;        // 1.1 for the stress mode
  uint32_t continuities = 3;  // 1..16
  uint32_t planted_per_rule = 5;
};

// What was planted, for the sidecar and for tests.
struct PlantedError {
  enum class Rule : uint8_t { kExclusiveOverlap, kPresenceAfterDeath, kKnowledgeBeforeLearned };
  Rule rule = Rule::kExclusiveOverlap;
  std::string entity;  // qualified id "c0:e12" of the entity in error
  std::string detail;  // human text naming the statements involved
  // Rule-specific keys, stable across systems (generator ids, not FactIds):
  //   overlap:  predicate name and both objects;
  //   presence: path of the leaf the dead entity appears in ("cm0.v1.3");
  //   knowledge: id of the secret event used before it is learned ("s3").
  std::string key;
};

std::string_view PlantedRuleName(PlantedError::Rule rule);  // "exclusive-overlap", ...

struct GenSummary {
  // events: deaths, secrets and uses; knowledge: `learns` lines; uses: using
  // events; presence: appearances (entities over all `appears` lines).
  uint64_t entities = 0, facts = 0, leaves = 0, events = 0, knowledge = 0, presence = 0;
  uint64_t uses = 0, appearance_lines = 0;
  uint64_t canon_bytes = 0;
  std::vector<PlantedError> planted;
};

// Output locations; empty strings skip that output.
struct GenOutputs {
  std::string canon_path;  // the universe as .canon text
  // entities.csv, works.csv, facts.csv, presence.csv, knowledge.csv, uses.csv
  std::string csv_dir;
  std::string planted_path;  // sidecar: one planted error per line (TSV, header first)
};

// Checks the options: InvalidArgument naming the bad option and the allowed range.
Status ValidateGenOptions(const GenOptions& opts);

// Generates and writes every requested output. IoError when a file cannot be
// written (the message names it). Streams its output: memory is O(entities + works), not O(facts).
Result<GenSummary> GenerateUniverse(const GenOptions& opts, const GenOutputs& out);

// The same universe as .canon text in memory (for tests and small sizes).
Result<std::string> GenerateCanonText(const GenOptions& opts, GenSummary* summary = nullptr);

}  // namespace canon

#endif  // CANON_GEN_GEN_H_
