// `canon export DB`: write a stored universe back as canonical .canon text.
#include <fstream>

#include "cli/cli.h"
#include "lang/compile.h"

namespace canon {

void RegisterExport(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::vector<std::string> inputs;
    std::vector<std::string> in;  // -i/--in, same meaning as the positionals
    std::string output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("export", "Write a universe back as .canon text");
  cmd->add_option("inputs", opts->inputs, "a .canondb (or .canon files)");
  cmd->add_option("-i,--in", opts->in, "an input, like a positional (repeatable)");
  cmd->add_option("-o,--output", opts->output, "write to this file instead of stdout");
  cmd->footer(
      "Examples:\n"
      "  canon export defenders.canondb > defenders.canon\n"
      "  canon export defenders.canondb -o copy.canon");
  cmd->callback([opts, &ctx] {
    opts->inputs.insert(opts->inputs.end(), opts->in.begin(), opts->in.end());
    if (opts->inputs.empty()) {
      ctx.Fail(kExitUsage, "no input given", "name .canon files (or -i FILE)");
      return;
    }
    auto loaded = ctx.Load(opts->inputs);
    if (!loaded) return;
    std::string text = ExportCanon(loaded->universe);
    if (opts->output.empty()) {
      *ctx.out << text;
      return;
    }
    std::ofstream out(opts->output, std::ios::binary);
    out << text;
    if (!out) ctx.Fail(kExitIo, "cannot write `" + opts->output + "`", "check the path");
  });
}

}  // namespace canon
