// `canon path A B --seen H [--at T] [--max K] INPUTS...`: how two entities
// are connected, shortest first.
#include "cli/story_command.h"

namespace canon {

void RegisterPath(CLI::App& app, CliContext& ctx) {
  RegisterStoryCommand(
      app, ctx, "path", "How two entities are connected, shortest first (spoiler-safe)",
      "A B (ids, qualified ids, names or aliases)", AddPathOptions,
      "Examples:\n"
      "  canon path jessica claire --seen jj.s1 examples/defenders.canon\n"
      "  canon path netflix:jessica netflix:claire --seen all --at defenders --max 5 "
      "examples/defenders.canon");
}

}  // namespace canon
