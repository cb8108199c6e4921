// Import diagnostics: collection and rendering (see log.h).
#include "import/log.h"

#include <nlohmann/json.hpp>

namespace canon::import {

void ImportLog::Report(DiagId id, std::string file, std::string record, std::string message,
                       std::string hint) {
  ImportDiagnostic d;
  d.id = id;
  d.severity = GetDiagKind(id).severity;
  d.file = std::move(file);
  d.record = std::move(record);
  d.message = std::move(message);
  d.hint = std::move(hint);
  diagnostics_.push_back(std::move(d));
}

size_t ImportLog::count(Severity s) const {
  size_t n = 0;
  for (const ImportDiagnostic& d : diagnostics_) n += d.severity == s;
  return n;
}

namespace {

std::string Plural(size_t n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

}  // namespace

std::string RenderImportDiagnostics(const std::vector<ImportDiagnostic>& ds, bool with_notes) {
  std::string out;
  size_t counts[3] = {0, 0, 0};
  for (const ImportDiagnostic& d : ds) {
    ++counts[static_cast<int>(d.severity)];
    if (d.severity == Severity::kNote && !with_notes) continue;
    const DiagKind& k = GetDiagKind(d.id);
    out += d.file;
    if (!d.record.empty()) out += ": " + d.record;
    out += ": " + std::string(SeverityName(d.severity)) + "[" + std::string(k.code) +
           "]: " + d.message + "\n";
    if (!d.hint.empty()) out += "  = hint: " + d.hint + "\n";
  }
  if (!ds.empty()) {
    out += Plural(counts[0], "error") + ", " + Plural(counts[1], "warning") + ", " +
           Plural(counts[2], "note");
    if (counts[2] > 0 && !with_notes) out += " (notes not shown: use --verbose)";
    out += "\n";
  }
  return out;
}

std::string RenderImportDiagnosticsJson(const std::vector<ImportDiagnostic>& ds, bool with_notes) {
  nlohmann::ordered_json arr = nlohmann::ordered_json::array();
  for (const ImportDiagnostic& d : ds) {
    if (d.severity == Severity::kNote && !with_notes) continue;
    const DiagKind& k = GetDiagKind(d.id);
    nlohmann::ordered_json j;
    j["code"] = k.code;
    j["name"] = k.name;
    j["severity"] = SeverityName(d.severity);
    j["file"] = d.file;
    j["record"] = d.record;
    j["message"] = d.message;
    j["hint"] = d.hint.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(d.hint);
    arr.push_back(std::move(j));
  }
  return arr.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace canon::import
