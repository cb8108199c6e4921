// Helpers shared by the front end's unit tests: compile or format a string,
// and summarise diagnostics as "E0301@3:7" codes for compact assertions.
#ifndef CANON_LANG_TEST_UTIL_H_
#define CANON_LANG_TEST_UTIL_H_

#include <algorithm>
#include <string>
#include <vector>

#include "diag/diagnostics.h"
#include "lang/compile.h"

namespace canon::testutil {

struct Compiled {
  SourceManager sources;
  DiagnosticSink sink;
  Universe u;
  std::vector<std::string> codes;  // "E0301@3:7", sorted by position
  std::string rendered;

  bool Has(std::string_view code) const {
    for (const std::string& c : codes) {
      if (c.compare(0, code.size(), code) == 0) return true;
    }
    return false;
  }
  size_t Count(std::string_view code) const {
    size_t n = 0;
    for (const std::string& c : codes) n += c.compare(0, code.size(), code) == 0;
    return n;
  }
};

inline void Summarise(Compiled& c) {
  c.sink.Sort();
  for (const Diagnostic& d : c.sink.diagnostics()) {
    c.codes.push_back(std::string(GetDiagKind(d.id).code) + "@" + std::to_string(d.loc.line) + ":" +
                      std::to_string(d.loc.col));
  }
  c.rendered = RenderDiagnostics(c.sink.diagnostics(), c.sources);
}

inline Compiled Compile(const std::vector<std::string>& texts) {
  Compiled c;
  std::vector<uint32_t> ids;
  for (size_t i = 0; i < texts.size(); ++i) {
    ids.push_back(c.sources.AddFile("f" + std::to_string(i) + ".canon", texts[i]));
  }
  c.u = CompileSources(c.sources, ids, c.sink);
  Summarise(c);
  return c;
}

inline Compiled Compile(const std::string& text) { return Compile(std::vector<std::string>{text}); }

// Only the diagnostics that are errors.
inline std::vector<std::string> Errors(const Compiled& c) {
  std::vector<std::string> out;
  for (size_t i = 0; i < c.sink.diagnostics().size(); ++i) {
    if (c.sink.diagnostics()[i].severity == Severity::kError) out.push_back(c.codes[i]);
  }
  return out;
}

inline std::string Format(const std::string& text, std::vector<std::string>* codes = nullptr) {
  SourceManager sources;
  uint32_t id = sources.AddFile("f.canon", text);
  DiagnosticSink sink;
  std::string out = FormatSource(sources, id, sink);
  if (codes) {
    sink.Sort();
    for (const Diagnostic& d : sink.diagnostics()) {
      codes->push_back(std::string(GetDiagKind(d.id).code) + "@" + std::to_string(d.loc.line) +
                       ":" + std::to_string(d.loc.col));
    }
  }
  return out;
}

// A small valid universe used by several tests.
inline const char* kSmall = R"(universe "Test"
continuity netflix "Netflix"
use netflix

series jj "Jessica Jones"
  season s1 released 2015-11-20 episodes 13
    episode e1 "AKA Ladies Night"
  season s2 released 2018-03-08 episodes 13

person krysten_ritter "Krysten Ritter"
character jessica "Jessica Jones" introduced jj.s1e1
  alias "Jewel"
  played_by krysten_ritter
  status alive
character luke "Luke Cage" introduced jj.s1e1
character reva "Reva Connors"
character kilgrave "Kilgrave"

event reva_death: jessica kills reva
  role controller kilgrave
  story before jj.s1
  revealed jj.s1
  known_by luke from jj.s1 revealed jj.s1e8

fact wed: luke married_to reva until reva_death revealed jj.s1
)";

// The order of an event's `starts` and `ends` lists carries no meaning;
// sort them by content so structural diffs ignore it.
inline Universe SortEffects(Universe u) {
  auto key = [&u](FactId f) {
    const Fact& x = u.facts[f];
    return std::to_string(x.subject) + "/" + std::to_string(x.predicate) + "/" +
           std::to_string(x.object.entity) + "/" + x.object.text + "/" +
           std::to_string(x.object.number);
  };
  for (Event& e : u.events) {
    for (auto* list : {&e.starts, &e.ends}) {
      std::stable_sort(list->begin(), list->end(),
                       [&](FactId a, FactId b) { return key(a) < key(b); });
    }
  }
  return u;
}

// Export may invent labels (`fact_N`) to name facts that `ends` or an
// anchor must name; drop those that `original` does not have.
inline Universe StripInventedLabels(const Universe& original, Universe u) {
  std::vector<std::string> have;
  for (const Fact& f : original.facts) have.push_back(f.label);
  std::sort(have.begin(), have.end());
  for (Fact& f : u.facts) {
    if (f.label.rfind("fact_", 0) == 0 && !std::binary_search(have.begin(), have.end(), f.label)) {
      f.label.clear();
    }
  }
  return u;
}

}  // namespace canon::testutil

#endif  // CANON_LANG_TEST_UTIL_H_
