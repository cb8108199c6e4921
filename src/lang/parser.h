// The `.canon` parser: turns one lexed file into a syntax tree (ast.h),
// reporting syntax problems (E0105, E02xx, value shape errors) and
// recovering so one run reports them all. Linear in the input; recursion
// depth is bounded by the grammar's nesting (works > 4 levels), never by
// the input's indentation.
#ifndef CANON_LANG_PARSER_H_
#define CANON_LANG_PARSER_H_

#include "diag/diagnostics.h"
#include "lang/ast.h"
#include "lang/lexer.h"

namespace canon::lang {

ast::File Parse(const LexedFile& lexed, DiagnosticSink& sink);

// Lex + Parse of one file of `sources`.
ast::File ParseSource(const SourceManager& sources, uint32_t file, DiagnosticSink& sink);

}  // namespace canon::lang

#endif  // CANON_LANG_PARSER_H_
