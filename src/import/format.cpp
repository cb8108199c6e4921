// Canonical layout of generated text (see format.h).
#include "import/format.h"

#include "diag/diagnostics.h"
#include "lang/compile.h"

namespace canon::import {

Result<std::string> CanonicalText(const std::string& text, const std::string& name) {
  SourceManager sources;
  uint32_t file = sources.AddFile(name, text);
  DiagnosticSink sink;
  std::string formatted = FormatSource(sources, file, sink);
  if (sink.has_errors()) {
    std::vector<Diagnostic> first(
        sink.diagnostics().begin(),
        sink.diagnostics().begin() + std::min<size_t>(5, sink.diagnostics().size()));
    return Status::Internal("the importer wrote text that does not parse:\n" +
                            RenderDiagnostics(first, sources));
  }
  return formatted;
}

}  // namespace canon::import
