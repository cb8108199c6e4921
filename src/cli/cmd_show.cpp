// `canon show ENTITY --seen H [--at T] INPUTS...`: who or what an entity is,
// as far as the viewer knows. Also home of RegisterQueryCommand, the option
// handling shared by the four query commands (show, state, history,
// who-knows): names and inputs as positionals (an argument ending in .canon
// or .canondb is an input), -i/--in, --seen (required), --at, --format.
#include <memory>

#include "cli/cli.h"
#include "query/run.h"

namespace canon {
namespace {

struct QueryCliOptions {
  std::vector<std::string> args;  // names, then .canon/.canondb inputs
  std::vector<std::string> in;    // -i/--in
  std::string seen;
  std::string at;
  std::string order = "story";
  std::string format = "text";
  bool appearances = false;  // history only
  bool phases = false;       // history only
  CLI::Option* at_option = nullptr;
  CLI::Option* seen_option = nullptr;
};

constexpr const char* kSeenHelp =
    "REQUIRED: what the viewer has seen; nothing beyond it is shown. `all` (no spoiler "
    "protection), `none`, work paths (`jj.s1`, `jj.s1e8`), ranges (`jj.s1e1-e8`, `jj.s1-s2`), "
    "a point inside a leaf (`jj.s1e8@41:10`, `pulse.v1.14@3`), `released<=2016-03-18`, "
    "joined with `,` or `+`";

void Run(CliContext& ctx, const std::string& command, int at_mode, const QueryCliOptions& o) {
  QueryRequest req;
  req.command = command;
  std::vector<std::string> inputs = o.in;
  std::vector<std::string> positional_inputs;
  SplitNamesAndInputs(o.args, &req.names, &positional_inputs);
  inputs.insert(inputs.end(), positional_inputs.begin(), positional_inputs.end());
  if (o.seen_option->count() == 0) {
    ctx.Fail(kExitUsage, "`" + command + "` needs --seen: what the viewer has seen",
             "answers never go beyond it; say `--seen all` for no spoiler protection, or e.g. "
             "`--seen jj.s1`");
    return;
  }
  const bool has_at = o.at_option != nullptr && o.at_option->count() > 0;
  if (at_mode == 2 && !has_at) {
    ctx.Fail(kExitUsage, "`" + command + "` needs --at: the story time to look at",
             "e.g. `--at 2015`, `--at reva_death`, `--at \"before jj.s2\"`");
    return;
  }
  if (inputs.empty()) {
    ctx.Fail(kExitUsage, "no input given",
             "name .canon files or one .canondb after the names (or with -i FILE)");
    return;
  }
  req.seen = o.seen;
  if (has_at) req.at = o.at;
  req.order = o.order;
  req.appearances = o.appearances;
  req.phases = o.phases;
  req.format = o.format;
  std::unique_ptr<LoadedUniverse> loaded = ctx.Load(inputs);
  if (!loaded) return;
  Result<std::string> out = RunQuery(loaded->universe, req);
  if (!out.ok()) {
    ctx.Fail(ExitCodeFor(out.status().code()), out.status());
    return;
  }
  *ctx.out << *out;
}

}  // namespace

// Adds query subcommand `name`. at_mode: 0 no --at, 1 optional, 2 required.
void RegisterQueryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                          const std::string& description, const std::string& names_help,
                          int at_mode, const std::string& at_help, bool with_order,
                          const std::string& footer) {
  auto opts = std::make_shared<QueryCliOptions>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->add_option("args", opts->args,
                  names_help +
                      ", then the inputs: .canon files (compiled together) or one "
                      ".canondb");
  cmd->add_option("-i,--in", opts->in,
                  "an input (.canon or .canondb), like a positional; repeatable");
  opts->seen_option = cmd->add_option("--seen", opts->seen, kSeenHelp);
  if (at_mode > 0) opts->at_option = cmd->add_option("--at", opts->at, at_help);
  if (with_order) {
    cmd->add_option("--order", opts->order,
                    "story: by when it happens in the story; reveal: by when the audience "
                    "learns it")
        ->check(CLI::IsMember({"story", "reveal"}))
        ->capture_default_str();
  }
  if (name == "history") {
    cmd->add_flag("--appearances", opts->appearances,
                  "also list where A appears (scene presence; with B, the works where both "
                  "appear); off by default, as there may be thousands");
    cmd->add_flag("--phases", opts->phases,
                  "with B: also the relationship's phases (met, together, apart, reconciled, "
                  "married...), when each began and ended in story time and where it was "
                  "revealed");
  }
  AddFormatOption(cmd, opts->format, {"text", "json"});
  cmd->footer(footer +
              "\nNames and inputs are positional: an argument ending in .canon or .canondb is "
              "an input.\nSee docs/queries.md for horizons, story times and the JSON shape.");
  cmd->callback([opts, &ctx, name, at_mode] { Run(ctx, name, at_mode, *opts); });
}

void RegisterShow(CLI::App& app, CliContext& ctx) {
  RegisterQueryCommand(
      app, ctx, "show", "Who or what an entity is, as far as the viewer knows (spoiler-safe)",
      "ENTITY (id, netflix:id, name or alias)", 1,
      "only what holds at this story time: a date (2015, 2015-11-20, 283 AC), an event, a fact "
      "label, or a work path (its end), optionally after `before` or `after`; without it, "
      "every fact with its interval",
      false,
      "Examples:\n"
      "  canon show jessica --seen jj.s1 examples/defenders.canon\n"
      "  canon show \"Luke Cage\" --seen jj.s1e1-e8 --at 2015-12 examples/defenders.canon\n"
      "  canon show netflix:kilgrave --seen all --format json -i defenders.canondb");
}

}  // namespace canon
