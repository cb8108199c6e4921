// `canon who-knows EVENT|FACT --seen H [--at T] INPUTS...`: which characters
// know of an event or fact, from when, and where the audience learns it.
#include "cli/cli.h"

namespace canon {

// RegisterQueryCommand is defined in cmd_show.cpp (shared by the query
// commands). at_mode: 0 no --at, 1 optional, 2 required.
void RegisterQueryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                          const std::string& description, const std::string& names_help,
                          int at_mode, const std::string& at_help, bool with_order,
                          const std::string& footer);

void RegisterWhoKnows(CLI::App& app, CliContext& ctx) {
  RegisterQueryCommand(
      app, ctx, "who-knows",
      "Which characters know of an event or fact, and since when (spoiler-safe)",
      "EVENT or FACT_LABEL (id, qualified id or event title)", 1,
      "only those who know by this story time: a date, an event, a fact label, or a work path "
      "(its end), optionally after `before` or `after`",
      false,
      "Examples:\n"
      "  canon who-knows reva_death --seen jj.s1 examples/defenders.canon\n"
      "  canon who-knows reva_death --seen all --at \"before jj.s2\" examples/defenders.canon");
}

}  // namespace canon
