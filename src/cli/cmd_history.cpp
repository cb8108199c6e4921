// `canon history A [B] --seen H [--order story|reveal] [--appearances] INPUTS...`:
// every known fact and event involving an entity (or two), in story or reveal
// order; with --appearances, also where they appear.
#include "cli/cli.h"

namespace canon {

// RegisterQueryCommand is defined in cmd_show.cpp (shared by the query
// commands). at_mode: 0 no --at, 1 optional, 2 required.
void RegisterQueryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                          const std::string& description, const std::string& names_help,
                          int at_mode, const std::string& at_help, bool with_order,
                          const std::string& footer);

void RegisterHistory(CLI::App& app, CliContext& ctx) {
  RegisterQueryCommand(
      app, ctx, "history",
      "Every known fact and event involving A (and B), with where it was revealed",
      "A [B] (ids, qualified ids, names or aliases)", 0, "", true,
      "Examples:\n"
      "  canon history jessica luke --seen jj.s1 examples/defenders.canon\n"
      "  canon history luke --seen all --order reveal examples/defenders.canon\n"
      "  canon history jessica --seen jj.s1 --appearances examples/defenders.canon");
}

}  // namespace canon
