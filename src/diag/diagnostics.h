// Diagnostics: the one registry of problem kinds (diagnostic_kinds.def), a
// sink that collects them, and compiler-style rendering (source line,
// carets, hint) as text or JSON. Every stage that judges user text reports
// through this module, so codes stay unique and output looks the same.
#ifndef CANON_DIAG_DIAGNOSTICS_H_
#define CANON_DIAG_DIAGNOSTICS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canon/universe.h"

namespace canon {

enum class Severity : uint8_t { kError, kWarning, kNote };

enum class DiagId : uint16_t {
#define X(name, code, kebab, severity, summary) name,
#include "diag/diagnostic_kinds.def"
#undef X
  kCount_,
};

struct DiagKind {
  DiagId id;
  std::string_view code;  // "E0301"
  std::string_view name;  // "unknown-entity"
  Severity severity;
  std::string_view summary;  // one line, for docs and --explain
};

const DiagKind& GetDiagKind(DiagId id);
const std::vector<DiagKind>& AllDiagKinds();
std::string_view SeverityName(Severity s);  // "error", "warning", "note"

// A secondary location with its own message ("the cycle continues here").
struct DiagNote {
  SourceLoc loc;
  std::string message;
};

struct Diagnostic {
  DiagId id{};
  Severity severity = Severity::kError;  // defaults to the kind's severity
  SourceLoc loc;
  std::string message;
  std::string hint;  // "did you mean `jessica`?"; may be empty
  std::vector<DiagNote> notes;
};

// Holds the text of every source file so diagnostics can quote lines.
class SourceManager {
 public:
  // Returns the file index used in SourceLoc::file.
  uint32_t AddFile(std::string name, std::string contents);
  const std::string& name(uint32_t file) const { return files_[file].name; }
  const std::string& contents(uint32_t file) const { return files_[file].contents; }
  // The text of a 1-based line without its newline; empty when out of range.
  std::string_view Line(uint32_t file, uint32_t line) const;
  size_t file_count() const { return files_.size(); }

 private:
  struct File {
    std::string name;
    std::string contents;
    std::vector<uint32_t> line_starts;
  };
  std::vector<File> files_;
};

class DiagnosticSink {
 public:
  // Records `d`; its severity is taken from the kind unless already set to
  // something other than the kind default by the caller via `Report(d, s)`.
  void Report(Diagnostic d);
  void Report(Diagnostic d, Severity severity);
  // Convenience: Report({id, loc, message, hint}).
  void Report(DiagId id, SourceLoc loc, std::string message, std::string hint = {});

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }
  // Orders by file, line, column, then code (stable for golden tests).
  void Sort();

 private:
  std::vector<Diagnostic> diagnostics_;
  size_t errors_ = 0;
  size_t warnings_ = 0;
};

// Compiler-style text:
//   file.canon:3:7: error[E0301]: unknown entity `jessika`
//      3 | event x: jessika kills reva
//        |          ^^^^^^^
//      = hint: did you mean `jessica`?
std::string RenderDiagnostic(const Diagnostic& d, const SourceManager& sources);
// All diagnostics, then a summary line ("2 errors, 1 warning") when any.
std::string RenderDiagnostics(const std::vector<Diagnostic>& ds, const SourceManager& sources);
// A JSON array of {code, name, severity, file, line, col, length, message,
// hint, notes[]}; pretty-printed with two-space indent.
std::string RenderDiagnosticsJson(const std::vector<Diagnostic>& ds, const SourceManager& sources);

}  // namespace canon

#endif  // CANON_DIAG_DIAGNOSTICS_H_
