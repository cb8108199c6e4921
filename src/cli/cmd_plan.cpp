// `canon plan W --seen H [--explain] INPUTS...`: the works to watch or read
// before W, in release order, with what each costs and why.
#include <functional>
#include <string>

#include "cli/cli.h"

namespace canon {

struct StoryCliOptions;
// Defined in cmd_recap.cpp (shared by the story commands).
CLI::App* RegisterStoryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                               const std::string& description, const std::string& names_help,
                               const std::function<void(CLI::App*, StoryCliOptions&)>& extra,
                               const std::string& footer);
void AddPlanOptions(CLI::App* cmd, StoryCliOptions& o);

void RegisterPlan(CLI::App& app, CliContext& ctx) {
  RegisterStoryCommand(app, ctx, "plan",
                       "What to watch or read before a work, and why (a catch-up plan)",
                       "W (a work path: `defenders`, `jj.s2`)", AddPlanOptions,
                       "Examples:\n"
                       "  canon plan defenders --seen none examples/defenders.canon\n"
                       "  canon plan defenders --seen jj.s1 --explain examples/defenders.canon");
}

}  // namespace canon
