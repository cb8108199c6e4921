// `canon state A B --seen H --at T INPUTS...`: how two entities stand at one
// moment of story time, as far as the viewer knows.
#include "cli/cli.h"

namespace canon {

// RegisterQueryCommand is defined in cmd_show.cpp (shared by the query
// commands). at_mode: 0 no --at, 1 optional, 2 required.
void RegisterQueryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                          const std::string& description, const std::string& names_help,
                          int at_mode, const std::string& at_help, bool with_order,
                          const std::string& footer);

void RegisterState(CLI::App& app, CliContext& ctx) {
  RegisterQueryCommand(
      app, ctx, "state",
      "Every known relation between two entities at one story time (spoiler-safe)",
      "A B (ids, qualified ids, names or aliases)", 2,
      "REQUIRED: the story time: a date (2015, 2015-11-20, 283 AC), an event, a fact label, or "
      "a work path (its end), optionally after `before` or `after`",
      false,
      "Examples:\n"
      "  canon state jessica luke --seen jj.s1 --at jj.s1 examples/defenders.canon\n"
      "  canon state luke reva --seen all --at \"before reva_death\" examples/defenders.canon");
}

}  // namespace canon
