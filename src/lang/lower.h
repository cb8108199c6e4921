// The lowering: a checked Universe -> a syntax tree whose printed text
// compiles back to a universe equal in meaning (`canon export`). Derived
// data is not printed: generated children (`episodes N`), facts created by
// event effects, implicit participant knowledge, built-in predicates.
#ifndef CANON_LANG_LOWER_H_
#define CANON_LANG_LOWER_H_

#include "canon/universe.h"
#include "lang/ast.h"

namespace canon::lang {

ast::File Lower(const Universe& u);

}  // namespace canon::lang

#endif  // CANON_LANG_LOWER_H_
