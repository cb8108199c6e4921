// `canon fmt FILE...`: print (or rewrite, or check) the canonical form.
#include <fstream>

#include "cli/cli.h"
#include "lang/compile.h"

namespace canon {

void RegisterFmt(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::vector<std::string> files;
    std::vector<std::string> in;  // -i/--in, same meaning as the positionals
    bool check = false;
    bool write = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("fmt", "Print .canon files in canonical form");
  cmd->add_option("files", opts->files, ".canon files");
  cmd->add_option("-i,--in", opts->in, "an input, like a positional (repeatable)");
  cmd->add_flag("--check", opts->check, "exit 1 and name each file not in canonical form");
  cmd->add_flag("-w,--write", opts->write, "rewrite the files in place");
  cmd->footer(
      "Examples:\n"
      "  canon fmt universe.canon            # print the canonical form\n"
      "  canon fmt --check *.canon           # for CI: exit 1 if any file would change\n"
      "  canon fmt -w universe.canon         # rewrite in place");
  cmd->callback([opts, &ctx] {
    opts->files.insert(opts->files.end(), opts->in.begin(), opts->in.end());
    if (opts->files.empty()) {
      ctx.Fail(kExitUsage, "no input given", "name .canon files (or -i FILE)");
      return;
    }
    for (const std::string& path : opts->files) {
      std::string original;
      if (!ReadInputFile(ctx, path, &original)) return;
      SourceManager sources;
      uint32_t id = sources.AddFile(path, original);
      DiagnosticSink sink;
      std::string formatted = FormatSource(sources, id, sink);
      sink.Sort();
      if (sink.has_errors()) {
        *ctx.err << RenderDiagnostics(sink.diagnostics(), sources);
        ctx.exit_code = kExitInputErrors;
        continue;
      }
      if (opts->check) {
        if (formatted != original) {
          *ctx.out << path << ": not in canonical form\n";
          ctx.exit_code = kExitInputErrors;
        }
      } else if (opts->write) {
        if (formatted == original) continue;
        std::string tmp = path + ".canon-fmt.tmp";
        {
          std::ofstream out(tmp, std::ios::binary);
          out << formatted;
          if (!out) {
            ctx.Fail(kExitIo, "cannot write `" + tmp + "`", "check permissions");
            return;
          }
        }
        if (std::rename(tmp.c_str(), path.c_str()) != 0) {
          ctx.Fail(kExitIo, "cannot replace `" + path + "`", "check permissions");
          return;
        }
      } else {
        *ctx.out << formatted;
      }
    }
  });
}

}  // namespace canon
