// `canon check FILE...`: report every diagnostic; exit 1 when any is an error.
#include "cli/cli.h"
#include "lang/compile.h"
#include "time/resolve.h"

namespace canon {

void RegisterCheck(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::vector<std::string> files;
    std::vector<std::string> in;  // -i/--in, same meaning as the positionals
    std::string format = "text";
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("check", "Report problems in .canon files (exit 1 on errors)");
  cmd->add_option("files", opts->files, ".canon files, compiled together as one universe");
  cmd->add_option("-i,--in", opts->in, "an input, like a positional (repeatable)");
  AddFormatOption(cmd, opts->format, {"text", "json"});
  cmd->footer(
      "Examples:\n"
      "  canon check examples/defenders.canon\n"
      "  canon check --format json universe.canon characters.canon");
  cmd->callback([opts, &ctx] {
    opts->files.insert(opts->files.end(), opts->in.begin(), opts->in.end());
    if (opts->files.empty()) {
      ctx.Fail(kExitUsage, "no input given", "name .canon files (or -i FILE)");
      return;
    }
    SourceManager sources;
    std::vector<uint32_t> ids;
    for (const std::string& path : opts->files) {
      std::string text;
      if (!ReadInputFile(ctx, path, &text)) return;
      ids.push_back(sources.AddFile(path, std::move(text)));
    }
    DiagnosticSink sink;
    Universe u = CompileSources(sources, ids, sink);
    if (!sink.has_errors()) ResolveStoryTime(u, sink);
    sink.Sort();
    if (opts->format == "json") {
      *ctx.out << RenderDiagnosticsJson(sink.diagnostics(), sources);
    } else {
      *ctx.out << RenderDiagnostics(sink.diagnostics(), sources);
    }
    if (sink.has_errors()) ctx.exit_code = kExitInputErrors;
  });
}

}  // namespace canon
