// The canonical printer: syntax tree -> `.canon` text (docs/language.md,
// "Canonical form"). Used by `canon fmt` (tree from the parser) and by
// `canon export` (tree from the lowering), so both print the same way.
#ifndef CANON_LANG_PRINTER_H_
#define CANON_LANG_PRINTER_H_

#include <string>

#include "lang/ast.h"

namespace canon::lang {

inline constexpr size_t kMaxLineWidth = 100;

std::string Print(const ast::File& file);

// Pieces, exposed for tests and diagnostics.
std::string PrintDate(const ast::DateLit& d);
std::string PrintValue(const ast::Value& v);
std::string PrintTime(const ast::TimeExpr& t);
std::string PrintPoints(const std::vector<ast::Point>& points);
std::string PrintTimecode(int64_t seconds);

}  // namespace canon::lang

#endif  // CANON_LANG_PRINTER_H_
