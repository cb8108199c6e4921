// Entry points of the front end (see compile.h): glue between lexer,
// parser, checker, printer and lowering.
#include "lang/compile.h"

#include "lang/checker.h"
#include "lang/lower.h"
#include "lang/parser.h"
#include "lang/printer.h"

namespace canon {

Universe CompileSources(const SourceManager& sources, const std::vector<uint32_t>& files,
                        DiagnosticSink& sink) {
  std::vector<ast::File> trees;
  trees.reserve(files.size());
  for (uint32_t f : files) trees.push_back(lang::ParseSource(sources, f, sink));
  return lang::Check(sources, trees, sink);
}

std::string FormatSource(const SourceManager& sources, uint32_t file, DiagnosticSink& sink) {
  size_t errors_before = sink.error_count();
  ast::File tree = lang::ParseSource(sources, file, sink);
  if (sink.error_count() > errors_before) return "";
  return lang::Print(tree);
}

std::string ExportCanon(const Universe& u) { return lang::Print(lang::Lower(u)); }

}  // namespace canon
