// Public entry points of the `.canon` front end: compile sources into a
// checked Universe, format one file canonically, export a Universe as text.
#ifndef CANON_LANG_COMPILE_H_
#define CANON_LANG_COMPILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "diag/diagnostics.h"

namespace canon {

// Parses and checks `files` (already added to `sources`) as one universe, in order.
// Reports every problem to `sink` (the parser recovers: one run reports all errors).
// Returns the universe (built-in predicates added, Finalize() called) even when there are
// errors (best effort). Does NOT resolve story time: the time stage does (src/time).
Universe CompileSources(const SourceManager& sources, const std::vector<uint32_t>& files,
                        DiagnosticSink& sink);

// `canon fmt`: canonical text of one file (comments kept). Syntax errors -> sink, returns "".
std::string FormatSource(const SourceManager& sources, uint32_t file, DiagnosticSink& sink);

// `canon export`: the whole universe as canonical .canon text. Compiling the output again
// gives a universe equal in meaning (same continuities, eras, works, entities, predicates
// (non-builtin), facts, events, knowledge, counterparts, explicit time constraints).
std::string ExportCanon(const Universe& u);

}  // namespace canon

#endif  // CANON_LANG_COMPILE_H_
