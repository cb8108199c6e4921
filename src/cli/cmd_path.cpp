// `canon path A B --seen H [--at T] [--max K] INPUTS...`: how two entities
// are connected, shortest first.
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
void AddPathOptions(CLI::App* cmd, StoryCliOptions& o);

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
