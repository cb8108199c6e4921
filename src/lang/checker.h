// The checker: syntax trees -> checked Universe. Resolves names (with "did
// you mean" hints), applies defaults, builds time points with their written
// constraints, applies event effects, derives participant knowledge, and
// reports E03xx/E04xx/E06xx/E0503/E0504/W08xx diagnostics. It does not
// resolve story time (src/time does) and adds no implicit constraints.
#ifndef CANON_LANG_CHECKER_H_
#define CANON_LANG_CHECKER_H_

#include <vector>

#include "canon/universe.h"
#include "diag/diagnostics.h"
#include "lang/ast.h"

namespace canon::lang {

// Checks `files` as one universe, in order. Always returns a Finalize()d
// universe with the built-in predicates and era 0 (CE), best effort when
// there are errors.
Universe Check(const SourceManager& sources, const std::vector<ast::File>& files,
               DiagnosticSink& sink);

}  // namespace canon::lang

#endif  // CANON_LANG_CHECKER_H_
