// Import diagnostics: problems found in a dataset while importing it, each
// tied to the record that caused it (a file and a JSON path or CSV line),
// rendered like compiler diagnostics but without a source line to quote.
#ifndef CANON_IMPORT_LOG_H_
#define CANON_IMPORT_LOG_H_

#include <cstddef>
#include <string>
#include <vector>

#include "diag/diagnostics.h"

namespace canon::import {

struct ImportDiagnostic {
  DiagId id{};
  Severity severity = Severity::kError;
  std::string file;    // "episodes.json" (a name inside the source folder)
  std::string record;  // "episodes[60].scenes[0].characters[3]" or "line 12"
  std::string message;
  std::string hint;  // may be empty
};

// Collects import diagnostics in the order they are found (the order of the
// records in the data, which is stable, so golden tests can compare them).
class ImportLog {
 public:
  // Severity is the kind's default.
  void Report(DiagId id, std::string file, std::string record, std::string message,
              std::string hint = {});
  const std::vector<ImportDiagnostic>& diagnostics() const { return diagnostics_; }
  size_t count(Severity s) const;
  bool has_errors() const { return count(Severity::kError) > 0; }

 private:
  std::vector<ImportDiagnostic> diagnostics_;
};

// One diagnostic per entry:
//   episodes.json: episodes[60].scenes[0].characters[3]: warning[W0706]: MESSAGE
//     = hint: HINT
// Notes are left out unless `with_notes`; a summary line ends the text
// ("0 errors, 12 warnings, 140 notes"; "(notes not shown: use --verbose)").
std::string RenderImportDiagnostics(const std::vector<ImportDiagnostic>& ds, bool with_notes);
// A JSON array of {code, name, severity, file, record, message, hint}.
std::string RenderImportDiagnosticsJson(const std::vector<ImportDiagnostic>& ds, bool with_notes);

}  // namespace canon::import

#endif  // CANON_IMPORT_LOG_H_
