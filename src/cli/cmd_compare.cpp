// `canon compare A [B] --continuities C1,C2 --seen H INPUTS...`: counterparts
// side by side across continuities, as a table and as prose.
#include "cli/story_command.h"

namespace canon {

void RegisterCompare(CLI::App& app, CliContext& ctx) {
  RegisterStoryCommand(
      app, ctx, "compare",
      "How one entity, or a pair, differs between continuities (table and prose)",
      "A [B] (names, ids or qualified ids; each is found in every continuity, through "
      "counterparts if needed)",
      AddCompareOptions,
      "Examples:\n"
      "  canon compare jessica luke --continuities earth616,netflix --seen all "
      "examples/defenders.canon\n"
      "  canon compare kilgrave --continuities netflix,earth616 --seen all --format json "
      "examples/defenders.canon");
}

}  // namespace canon
