// The continuity checker (`canon lint`): rules over a checked universe with
// story time resolved (dead characters acting, two places at once, two
// spouses at once, knowledge used before it is learned, undeclared retcons,
// ages, counterparts), per-universe configuration (`lint RULE SEVERITY`),
// per-statement exemptions (`allow RULE "REASON"`), and an incremental mode
// that re-checks only the entities an edit can affect. docs/lint.md has the
// rules, their examples and the design.
#ifndef CANON_LINT_LINT_H_
#define CANON_LINT_LINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "diag/diagnostics.h"

namespace canon {

// One rule of the registry. Lint rules have L09xx codes; `configurable`
// kinds from other stages (checker warnings) can also be set by `lint` lines.
struct LintRuleInfo {
  DiagId id;
  std::string_view code;      // "L0901"
  std::string_view name;      // "dead-acts"
  Severity default_severity;  // kNote is shown as "info" in settings
  bool default_on = true;
  bool needs_time = false;  // compares story times (skipped when time has errors)
  bool exemptable = false;  // may be named by `allow RULE` on a statement
  std::string_view doc;     // a paragraph for --list-rules and SARIF help
};

// Every lint rule (L09xx), in code order.
const std::vector<LintRuleInfo>& LintRules();
// By kebab name or code ("dead-acts" or "L0901"); nullptr when unknown.
const LintRuleInfo* FindLintRule(std::string_view name_or_code);

class LintCache;

struct LintOptions {
  // Rules to run (kebab names or codes of lint rules, or names of
  // configurable checker warnings). Empty: every rule that is on.
  std::vector<std::string> rules;
  // Only findings about this continuity (its id); empty: all.
  std::string continuity;
  // False when story time could not be resolved cleanly (the time stage
  // reported errors): rules that compare story times are skipped and an
  // L0912 note says so.
  bool time_ok = true;
  // Incremental mode: keys whose inputs hash the same as in `cache` reuse
  // its findings; `cache` is then updated to this run. May be null.
  LintCache* cache = nullptr;
};

// A finding exempted by an `allow` clause (listed with --show-suppressed).
struct SuppressedFinding {
  Diagnostic diagnostic;
  LintAllow allow;  // the clause that exempts it
};

struct LintReport {
  // Findings and front-end diagnostics to show, severity as configured,
  // sorted by file, line, column and code. Findings of rules set `off` and
  // those outside --continuity are absent.
  std::vector<Diagnostic> diagnostics;
  std::vector<SuppressedFinding> suppressed;
  // Incremental statistics: entity keys in the universe and keys whose
  // rules actually ran (the others came from the cache).
  size_t keys_total = 0;
  size_t keys_checked = 0;
  bool has_errors() const;
};

// Checks `options.rules` names: InvalidArgument with a did-you-mean hint.
Status ValidateLintRuleNames(const std::vector<std::string>& names);

// The whole check. `front_end` holds the diagnostics of compiling and of
// story-time resolution (they are filtered through the same settings, so
// `canon lint` is the one command a writer runs). `u` must be checked and
// resolved (ResolveStoryTime) even when time had errors (best effort).
LintReport RunLint(const Universe& u, const LintOptions& options,
                   const std::vector<Diagnostic>& front_end = {});

// Library entry point for benchmarks and embedders: the reported
// diagnostics of RunLint over a resolved universe, without front-end ones.
std::vector<Diagnostic> LintUniverse(const Universe& u, const LintOptions& options);

// Incremental cache: per entity key, the hash of everything the rules read
// for it and the findings they gave, stored position-independently (as
// ordinals into the key's list of statements), so an edit elsewhere in the
// universe, even one that shifts every line and id, leaves the key valid.
class LintCache {
 public:
  LintCache();
  ~LintCache();
  LintCache(LintCache&&) noexcept;
  LintCache& operator=(LintCache&&) noexcept;

  // Reads a cache file. A missing file gives an empty cache; a file that is
  // not a canon lint cache (or of another version) is an error.
  static Result<LintCache> Load(const std::string& path);
  Status Save(const std::string& path) const;

  size_t size() const;

  struct Impl;
  Impl& impl() { return *impl_; }
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Output formats. `show_suppressed` adds the suppressed findings; `show_info`
// keeps info-level (note) findings in text output (JSON and SARIF always
// have them).
struct LintRenderOptions {
  bool show_suppressed = false;
  bool show_info = false;
};
std::string RenderLintText(const LintReport& r, const SourceManager& sources,
                           const LintRenderOptions& o);
std::string RenderLintJson(const LintReport& r, const SourceManager& sources,
                           const LintRenderOptions& o);
// SARIF 2.1.0: runs[0].tool.driver.rules lists every lint rule, then the
// other kinds that occur (ids are codes, names kebab names, help the rule
// documentation); results carry
// locations, relatedLocations for the notes, and `suppressions` for
// exempted findings (always included, as SARIF viewers expect).
std::string RenderLintSarif(const LintReport& r, const SourceManager& sources);

// A table of the rules with code, name, default severity and doc.
std::string RenderLintRuleList();

}  // namespace canon

#endif  // CANON_LINT_LINT_H_
