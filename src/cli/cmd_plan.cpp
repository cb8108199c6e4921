// `canon plan W --seen H [--explain] INPUTS...`: the works to watch or read
// before W, in release order, with what each costs and why.
#include "cli/story_command.h"

namespace canon {

void RegisterPlan(CLI::App& app, CliContext& ctx) {
  RegisterStoryCommand(app, ctx, "plan",
                       "What to watch or read before a work, and why (a catch-up plan)",
                       "W (a work path: `defenders`, `jj.s2`)", AddPlanOptions,
                       "Examples:\n"
                       "  canon plan defenders --seen none examples/defenders.canon\n"
                       "  canon plan defenders --seen jj.s1 --explain examples/defenders.canon");
}

}  // namespace canon
