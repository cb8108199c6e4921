// `canon lint [FILES or DB]`: the continuity checker. Compiles (or opens) the
// universe, resolves story time, runs the rules of src/lint and prints every
// diagnostic of all three stages through the universe's `lint` settings, as
// text, JSON or SARIF; exit 1 when any error-level rule fires.
#include "base/strings.h"
#include "cli/cli.h"
#include "lint/lint.h"
#include "time/resolve.h"

namespace canon {
void RegisterLint(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::vector<std::string> inputs;
    std::vector<std::string> in;
    std::vector<std::string> rules;
    std::string continuity;
    std::string format = "text";
    std::string cache;
    bool show_suppressed = false;
    bool info = false;
    bool stats = false;
    bool list_rules = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "lint", "Check continuity: the dead acting, two places at once, two spouses at once, ...");
  cmd->add_option("inputs", opts->inputs, ".canon files (one universe) or one .canondb");
  cmd->add_option("-i,--in", opts->in, "an input, like a positional (repeatable)");
  cmd->add_option("--rule", opts->rules,
                  "run only this rule (name or code; repeatable, or comma-separated)")
      ->delimiter(',');
  cmd->add_option("--continuity", opts->continuity,
                  "report only findings about this continuity (its id)");
  AddFormatOption(cmd, opts->format, {"text", "json", "sarif"});
  cmd->add_flag("--show-suppressed", opts->show_suppressed,
                "also list findings exempted by `allow RULE \"REASON\"`");
  cmd->add_flag("--info", opts->info, "show info-level findings (counterpart notes) in text");
  cmd->add_option("--cache", opts->cache,
                  "incremental mode: re-check only entities whose inputs changed since the "
                  "run that wrote FILE");
  cmd->add_flag("--stats", opts->stats, "print how many entities were re-checked (stderr)");
  cmd->add_flag("--list-rules", opts->list_rules, "list the rules and exit");
  cmd->footer(
      "Examples:\n"
      "  canon lint examples/defenders.canon\n"
      "  canon lint universe.canon planted.canon --rule dead-acts --show-suppressed\n"
      "  canon lint universe.canon --format sarif > lint.sarif\n"
      "  canon lint universe.canon --cache .canon-lint-cache\n"
      "Rules, settings (`lint RULE off`) and exemptions (`allow RULE \"why\"`): docs/lint.md");
  cmd->callback([opts, &ctx] {
    if (opts->list_rules) {
      *ctx.out << RenderLintRuleList();
      return;
    }
    opts->inputs.insert(opts->inputs.end(), opts->in.begin(), opts->in.end());
    if (opts->inputs.empty()) {
      ctx.Fail(kExitUsage, "no input given",
               "name .canon files or one .canondb, e.g. `canon lint examples/defenders.canon`");
      return;
    }
    if (Status s = ValidateLintRuleNames(opts->rules); !s.ok()) {
      ctx.Fail(kExitUsage, s);
      return;
    }
    DiagnosticSink sink;
    std::unique_ptr<LoadedUniverse> loaded = ctx.OpenInputs(opts->inputs, sink);
    if (!loaded) return;
    Universe& u = loaded->universe;
    const SourceManager& sources = loaded->sources;

    LintReport report;
    if (sink.has_errors()) {
      // The universe is not well defined: report the language's errors only.
      report.diagnostics = sink.diagnostics();
    } else {
      DiagnosticSink time_sink;
      // A database's image carries its resolved story time (a build refuses
      // time errors), so only text needs resolving here.
      if (!u.time.resolved) ResolveStoryTime(u, time_sink);
      std::vector<Diagnostic> front = sink.diagnostics();
      front.insert(front.end(), time_sink.diagnostics().begin(), time_sink.diagnostics().end());
      LintOptions lo;
      lo.rules = opts->rules;
      lo.time_ok = !time_sink.has_errors();
      if (!opts->continuity.empty()) {
        if (u.FindContinuity(opts->continuity) == kNone) {
          std::vector<std::string> names;
          for (const Continuity& c : u.continuities) names.push_back(c.id);
          std::string hint = DidYouMean(ClosestMatches(opts->continuity, names));
          if (hint.empty()) hint = "continuities: " + Join(names, ", ");
          ctx.Fail(kExitUsage, "unknown continuity `" + opts->continuity + "`", hint);
          return;
        }
        lo.continuity = opts->continuity;
      }
      LintCache cache;
      if (!opts->cache.empty()) {
        Result<LintCache> loaded = LintCache::Load(opts->cache);
        if (!loaded.ok()) {
          ctx.Fail(kExitIo, loaded.status());
          return;
        }
        cache = std::move(loaded).value();
        lo.cache = &cache;
      }
      report = RunLint(u, lo, front);
      if (!opts->cache.empty()) {
        if (Status s = cache.Save(opts->cache); !s.ok()) {
          ctx.Fail(kExitIo, s);
          return;
        }
      }
      if (opts->stats) {
        *ctx.err << "canon lint: checked " << report.keys_checked << " of " << report.keys_total
                 << " entities (" << (report.keys_total - report.keys_checked)
                 << " from the cache)\n";
      }
    }
    LintRenderOptions ro;
    ro.show_suppressed = opts->show_suppressed;
    ro.show_info = opts->info;
    if (opts->format == "json") {
      *ctx.out << RenderLintJson(report, sources, ro);
    } else if (opts->format == "sarif") {
      *ctx.out << RenderLintSarif(report, sources);
    } else {
      *ctx.out << RenderLintText(report, sources, ro);
    }
    if (report.has_errors()) ctx.exit_code = kExitInputErrors;
  });
}

}  // namespace canon
