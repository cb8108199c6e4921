// `canon build FILE... -o DB`: compile .canon files into a .canondb store.
#include "cli/cli.h"
#include "store/store.h"

namespace canon {

void RegisterBuild(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::vector<std::string> files;
    std::vector<std::string> in;  // -i/--in, same meaning as the positionals
    std::string output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("build", "Compile .canon files into a .canondb database");
  cmd->add_option("files", opts->files, ".canon files, compiled together");
  cmd->add_option("-i,--in", opts->in, "an input, like a positional (repeatable)");
  cmd->add_option("-o,--output", opts->output, "the database to write (.canondb)")->required();
  cmd->footer(
      "Examples:\n"
      "  canon build examples/defenders.canon -o defenders.canondb\n"
      "  canon history jessica --seen all defenders.canondb\n"
      "The database is replaced only when the build succeeds.");
  cmd->callback([opts, &ctx] {
    opts->files.insert(opts->files.end(), opts->in.begin(), opts->in.end());
    if (opts->files.empty()) {
      ctx.Fail(kExitUsage, "no input given", "name .canon files (or -i FILE)");
      return;
    }
    for (const std::string& f : opts->files) {
      if (f.ends_with(".canondb")) {
        ctx.Fail(kExitUsage, "`" + f + "` is a database, not a source file",
                 "build reads .canon files; use `canon export` to turn a database back to text");
        return;
      }
    }
    auto loaded = ctx.Load(opts->files);
    if (!loaded) return;
    Status s = SaveUniverse(loaded->universe, opts->output);
    if (!s.ok()) {
      ctx.Fail(kExitIo, s);
      return;
    }
    const Universe& u = loaded->universe;
    *ctx.out << "wrote " << opts->output << ": " << u.continuities.size() << " continuities, "
             << u.works.size() << " works, " << u.entities.size() << " entities, " << u.facts.size()
             << " facts, " << u.events.size() << " events\n";
  });
}

}  // namespace canon
