// Output of `canon lint`: compiler-style text, JSON (the `canon check`
// format plus suppression details), SARIF 2.1.0 for code hosts, and the
// rule list.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "base/strings.h"
#include "lint/lint.h"

namespace canon {
namespace {

std::vector<Diagnostic> Visible(const LintReport& r, bool show_info) {
  std::vector<Diagnostic> out;
  for (const Diagnostic& d : r.diagnostics) {
    if (d.severity == Severity::kNote && !show_info) continue;
    out.push_back(d);
  }
  return out;
}

Diagnostic WithExemption(const SuppressedFinding& s) {
  Diagnostic d = s.diagnostic;
  d.notes.push_back(
      {s.allow.loc, "exempted by `allow " + s.allow.rule + "`: \"" + s.allow.reason + "\""});
  return d;
}

// A SARIF artifact URI for a source name: relative paths stay relative
// references (resolved against the repository root by code hosts);
// absolute ones become file:// URIs. Characters outside the unreserved set
// and '/' are percent-encoded.
std::string ArtifactUri(const std::string& name) {
  std::string out;
  if (!name.empty() && name[0] == '/') out = "file://";
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

nlohmann::json PhysicalLocation(const SourceLoc& loc, const SourceManager& sources) {
  nlohmann::json p;
  if (loc.file < sources.file_count()) {
    p["artifactLocation"] = {{"uri", ArtifactUri(sources.name(loc.file))}};
  }
  if (loc.valid()) {
    nlohmann::json region;
    region["startLine"] = loc.line;
    if (loc.col > 0) {
      // Diagnostics count bytes; SARIF counts code points (columnKind).
      std::string_view line =
          loc.file < sources.file_count() ? sources.Line(loc.file, loc.line) : std::string_view();
      auto column = [&](uint32_t byte_col) -> uint32_t {
        if (line.empty()) return byte_col;
        uint32_t cp = 1;
        for (uint32_t i = 0; i + 1 < byte_col && i < line.size(); ++i) {
          if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++cp;
        }
        return cp;
      };
      const uint32_t end = loc.col + (loc.length == 0 ? 1 : loc.length);
      region["startColumn"] = column(loc.col);
      region["endColumn"] = column(end);
    }
    p["region"] = region;
  }
  return p;
}

std::string RuleHelp(const DiagKind& k) {
  if (const LintRuleInfo* r = FindLintRule(k.name)) return std::string(r->doc);
  return std::string(k.summary);
}

}  // namespace

std::string RenderLintText(const LintReport& r, const SourceManager& sources,
                           const LintRenderOptions& o) {
  std::string out = RenderDiagnostics(Visible(r, o.show_info), sources);
  if (o.show_suppressed && !r.suppressed.empty()) {
    out += std::to_string(r.suppressed.size()) + " suppressed finding" +
           (r.suppressed.size() == 1 ? "" : "s") + ":\n";
    for (const SuppressedFinding& s : r.suppressed) {
      out += RenderDiagnostic(WithExemption(s), sources);
    }
  }
  return out;
}

std::string RenderLintJson(const LintReport& r, const SourceManager& sources,
                           const LintRenderOptions& o) {
  nlohmann::json arr = nlohmann::json::parse(RenderDiagnosticsJson(r.diagnostics, sources));
  for (auto& j : arr) j["suppressed"] = nullptr;
  if (o.show_suppressed) {
    for (const SuppressedFinding& s : r.suppressed) {
      nlohmann::json one = nlohmann::json::parse(RenderDiagnosticsJson({s.diagnostic}, sources));
      nlohmann::json j = one.at(0);
      nlohmann::json sup;
      sup["rule"] = s.allow.rule;
      sup["reason"] = s.allow.reason;
      sup["file"] = s.allow.loc.file < sources.file_count() ? sources.name(s.allow.loc.file) : "";
      sup["line"] = s.allow.loc.line;
      sup["col"] = s.allow.loc.col;
      j["suppressed"] = sup;
      arr.push_back(j);
    }
  }
  return arr.dump(2) + "\n";
}

std::string RenderLintSarif(const LintReport& r, const SourceManager& sources) {
  // The driver's rules: every lint rule, then the other kinds that occur
  // (compiler and time-stage diagnostics), by code. ruleIndex points here.
  std::vector<DiagId> ids;
  for (const LintRuleInfo& rule : LintRules()) ids.push_back(rule.id);
  std::vector<DiagId> others;
  auto note_kind = [&](DiagId id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end() &&
        std::find(others.begin(), others.end(), id) == others.end()) {
      others.push_back(id);
    }
  };
  for (const Diagnostic& d : r.diagnostics) note_kind(d.id);
  for (const SuppressedFinding& s : r.suppressed) note_kind(s.diagnostic.id);
  std::sort(others.begin(), others.end(),
            [](DiagId a, DiagId b) { return GetDiagKind(a).code < GetDiagKind(b).code; });
  ids.insert(ids.end(), others.begin(), others.end());
  auto rule_index = [&](DiagId id) {
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  };
  nlohmann::json rules = nlohmann::json::array();
  for (DiagId id : ids) {
    const DiagKind& k = GetDiagKind(id);
    nlohmann::json rule;
    rule["id"] = k.code;
    rule["name"] = k.name;
    rule["shortDescription"] = {{"text", k.summary}};
    rule["fullDescription"] = {{"text", RuleHelp(k)}};
    rule["help"] = {{"text", RuleHelp(k) + " See docs/lint.md (" + std::string(k.name) + ")."}};
    rule["defaultConfiguration"] = {{"level", std::string(SeverityName(k.severity))}};
    rules.push_back(rule);
  }
  nlohmann::json results = nlohmann::json::array();
  auto add = [&](const Diagnostic& d, const LintAllow* exempt) {
    const DiagKind& k = GetDiagKind(d.id);
    nlohmann::json res;
    res["ruleId"] = k.code;
    res["ruleIndex"] = rule_index(d.id);
    res["level"] = std::string(SeverityName(d.severity));
    std::string text = d.message;
    if (!d.hint.empty()) text += "\nHint: " + d.hint;
    res["message"] = {{"text", text}};
    if (d.loc.file < sources.file_count()) {
      res["locations"] =
          nlohmann::json::array({{{"physicalLocation", PhysicalLocation(d.loc, sources)}}});
    }
    nlohmann::json related = nlohmann::json::array();
    int id = 0;
    for (const DiagNote& n : d.notes) {
      nlohmann::json rel;
      rel["id"] = id++;
      if (n.loc.file < sources.file_count()) {
        rel["physicalLocation"] = PhysicalLocation(n.loc, sources);
      }
      rel["message"] = {{"text", n.message}};
      related.push_back(rel);
    }
    if (!related.empty()) res["relatedLocations"] = related;
    if (exempt != nullptr) {
      nlohmann::json sup;
      sup["kind"] = "inSource";
      sup["justification"] = exempt->reason;
      if (exempt->loc.file < sources.file_count()) {
        sup["location"] = {{"physicalLocation", PhysicalLocation(exempt->loc, sources)}};
      }
      res["suppressions"] = nlohmann::json::array({sup});
    }
    results.push_back(res);
  };
  for (const Diagnostic& d : r.diagnostics) add(d, nullptr);
  for (const SuppressedFinding& s : r.suppressed) add(s.diagnostic, &s.allow);

  nlohmann::json driver;
  driver["name"] = "canon";
  driver["semanticVersion"] = "0.1.0";
  driver["rules"] = rules;
  nlohmann::json run;
  run["tool"] = {{"driver", driver}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = results;
  nlohmann::json sarif;
  sarif["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  sarif["version"] = "2.1.0";
  sarif["runs"] = nlohmann::json::array({run});
  return sarif.dump(2) + "\n";
}

std::string RenderLintRuleList() {
  std::string out =
      "Continuity rules (configure with `lint RULE error|warning|info|off`; "
      "exempt a statement with `allow RULE \"REASON\"`):\n";
  auto wrap = [](std::string_view text, size_t indent, size_t width) {
    std::string out, line;
    size_t i = 0;
    while (i < text.size()) {
      size_t j = text.find(' ', i);
      if (j == std::string_view::npos) j = text.size();
      std::string_view word = text.substr(i, j - i);
      if (!line.empty() && line.size() + 1 + word.size() > width - indent) {
        out += std::string(indent, ' ') + line + "\n";
        line.clear();
      }
      if (!line.empty()) line += ' ';
      line += word;
      i = j + 1;
    }
    if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
    return out;
  };
  for (const LintRuleInfo& r : LintRules()) {
    std::string sev = r.default_severity == Severity::kNote
                          ? "info"
                          : std::string(SeverityName(r.default_severity));
    std::string head = "  " + std::string(r.code) + "  " + std::string(r.name);
    if (head.size() < 34) head += std::string(34 - head.size(), ' ');
    out.append(head).append(" ").append(sev).append(r.exemptable ? "" : ", no allow").append("\n");
    out += wrap(r.doc, 10, 100);
  }
  out += "Also configurable (warnings of the language checker):";
  std::vector<std::string> names;
  for (const DiagKind& k : AllDiagKinds()) {
    if (k.severity != Severity::kError && FindLintRule(k.name) == nullptr) {
      names.push_back(std::string(k.name) + " (" + std::string(k.code) + ")");
    }
  }
  out += " " + Join(names, ", ") + ".\n";
  out +=
      "Story-time errors are reported with their own codes: time-cycle (E0501), "
      "impossible-date (E0502), ends-before-start (E0503).\n";
  return out;
}

}  // namespace canon
