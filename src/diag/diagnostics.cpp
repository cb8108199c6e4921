// Diagnostic registry, collection and rendering (see diagnostics.h).
#include "diag/diagnostics.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

namespace canon {

const std::vector<DiagKind>& AllDiagKinds() {
  static const std::vector<DiagKind> kKinds = {
#define X(name, code, kebab, severity, summary) \
  {DiagId::name, code, kebab, Severity::severity, summary},
#include "diag/diagnostic_kinds.def"
#undef X
  };
  return kKinds;
}

const DiagKind& GetDiagKind(DiagId id) { return AllDiagKinds()[static_cast<size_t>(id)]; }

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kNote:
      return "note";
  }
  return "error";
}

uint32_t SourceManager::AddFile(std::string name, std::string contents) {
  File f;
  f.name = std::move(name);
  f.contents = std::move(contents);
  f.line_starts.push_back(0);
  // memchr finds newlines many bytes at a time; a byte loop here was 3% of
  // compiling a large universe.
  const char* base = f.contents.data();
  const char* end = base + f.contents.size();
  for (const char* p = base; p < end;) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    if (nl == nullptr) break;
    p = static_cast<const char*>(nl) + 1;
    f.line_starts.push_back(static_cast<uint32_t>(p - base));
  }
  files_.push_back(std::move(f));
  return static_cast<uint32_t>(files_.size() - 1);
}

std::string_view SourceManager::Line(uint32_t file, uint32_t line) const {
  if (file >= files_.size() || line == 0) return {};
  const File& f = files_[file];
  if (line > f.line_starts.size()) return {};
  uint32_t start = f.line_starts[line - 1];
  uint32_t end = line < f.line_starts.size() ? f.line_starts[line] - 1
                                             : static_cast<uint32_t>(f.contents.size());
  if (end > start && f.contents[end - 1] == '\r') --end;
  if (start > end) return {};
  return std::string_view(f.contents).substr(start, end - start);
}

void DiagnosticSink::Report(Diagnostic d) {
  // Read the id before moving: argument evaluation order is unspecified.
  const Severity severity = GetDiagKind(d.id).severity;
  Report(std::move(d), severity);
}

void DiagnosticSink::Report(Diagnostic d, Severity severity) {
  d.severity = severity;
  if (severity == Severity::kError) ++errors_;
  if (severity == Severity::kWarning) ++warnings_;
  diagnostics_.push_back(std::move(d));
}

void DiagnosticSink::Report(DiagId id, SourceLoc loc, std::string message, std::string hint) {
  Diagnostic d;
  d.id = id;
  d.loc = loc;
  d.message = std::move(message);
  d.hint = std::move(hint);
  Report(std::move(d));
}

void DiagnosticSink::Sort() {
  std::stable_sort(
      diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
        auto key = [](const Diagnostic& d) {
          return std::make_tuple(d.loc.file, d.loc.line, d.loc.col, static_cast<int>(d.id));
        };
        return key(a) < key(b);
      });
}

namespace {

std::string LocPrefix(const SourceLoc& loc, const SourceManager& sources) {
  if (loc.file == kNone || loc.file >= sources.file_count()) return "<input>";
  std::string out = sources.name(loc.file);
  if (loc.valid()) out += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
  return out;
}

// The quoted source line with carets under [col, col+length).
void AppendSnippet(std::string& out, const SourceLoc& loc, const SourceManager& sources,
                   const std::string& label) {
  if (!loc.valid() || loc.file >= sources.file_count()) return;
  // A universe opened from a .canondb knows its file names but not their
  // text: say where, but quote nothing rather than an empty line.
  if (sources.contents(loc.file).empty()) return;
  std::string_view line = sources.Line(loc.file, loc.line);
  std::string num = std::to_string(loc.line);
  const std::string gutter = " " + std::string(num.size(), ' ') + " |";
  out += gutter + "\n";
  out += " " + num + " | ";
  // Tabs are shown as single spaces so carets line up.
  for (char c : line) out += (c == '\t' ? ' ' : c);
  out += "\n" + gutter + " ";
  uint32_t col = loc.col == 0 ? 1 : loc.col;
  out += std::string(col - 1, ' ');
  uint32_t len = loc.length == 0 ? 1 : loc.length;
  if (col - 1 + len > line.size() && line.size() >= col - 1) {
    len = std::max<uint32_t>(1, static_cast<uint32_t>(line.size()) - (col - 1));
  }
  out += std::string(len, '^');
  if (!label.empty()) out += " " + label;
  out += "\n";
}

}  // namespace

std::string RenderDiagnostic(const Diagnostic& d, const SourceManager& sources) {
  const DiagKind& kind = GetDiagKind(d.id);
  std::string out = LocPrefix(d.loc, sources) + ": " + std::string(SeverityName(d.severity)) + "[" +
                    std::string(kind.code) + "]: " + d.message + "\n";
  AppendSnippet(out, d.loc, sources, "");
  for (const DiagNote& n : d.notes) {
    out += "  note: " + LocPrefix(n.loc, sources) + ": " + n.message + "\n";
    AppendSnippet(out, n.loc, sources, "");
  }
  if (!d.hint.empty()) out += "  = hint: " + d.hint + "\n";
  return out;
}

std::string RenderDiagnostics(const std::vector<Diagnostic>& ds, const SourceManager& sources) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const Diagnostic& d : ds) {
    out += RenderDiagnostic(d, sources);
    if (d.severity == Severity::kError) ++errors;
    if (d.severity == Severity::kWarning) ++warnings;
  }
  if (errors + warnings > 0) {
    auto plural = [](size_t n, const char* word) {
      return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    std::vector<std::string> parts;
    if (errors) parts.push_back(plural(errors, "error"));
    if (warnings) parts.push_back(plural(warnings, "warning"));
    out += parts.size() == 2 ? parts[0] + ", " + parts[1] : parts[0];
    out += "\n";
  }
  return out;
}

std::string RenderDiagnosticsJson(const std::vector<Diagnostic>& ds, const SourceManager& sources) {
  nlohmann::json arr = nlohmann::json::array();
  auto loc_json = [&](nlohmann::json& j, const SourceLoc& loc) {
    j["file"] = loc.file < sources.file_count() ? sources.name(loc.file) : "";
    j["line"] = loc.line;
    j["col"] = loc.col;
    j["length"] = loc.length;
  };
  for (const Diagnostic& d : ds) {
    const DiagKind& kind = GetDiagKind(d.id);
    nlohmann::json j;
    j["code"] = kind.code;
    j["name"] = kind.name;
    j["severity"] = SeverityName(d.severity);
    loc_json(j, d.loc);
    j["message"] = d.message;
    j["hint"] = d.hint;
    nlohmann::json notes = nlohmann::json::array();
    for (const DiagNote& n : d.notes) {
      nlohmann::json nj;
      loc_json(nj, n.loc);
      nj["message"] = n.message;
      notes.push_back(nj);
    }
    j["notes"] = notes;
    arr.push_back(j);
  }
  return arr.dump(2) + "\n";
}

}  // namespace canon
