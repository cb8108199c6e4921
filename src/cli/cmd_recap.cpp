// `canon recap --seen H [--before W] [--about A,B] [--order story|reveal]
// [--length short|full] [--format md|html|json] INPUTS...`: a cited,
// spoiler-safe summary of what the viewer has seen. Also home of
// RegisterStoryCommand, the option handling shared by the story commands
// (recap, compare, plan, path): names and inputs as positionals (an argument
// ending in .canon or .canondb is an input), -i/--in, --seen (required),
// --format, --templates.
#include <functional>
#include <memory>

#include "cli/cli.h"
#include "cli/story_command.h"
#include "query/run.h"
#include "recap/run.h"

namespace canon {

// Options of one story command; each command adds what it needs.
struct StoryCliOptions {
  std::vector<std::string> args;
  std::vector<std::string> in;
  std::string seen;
  std::string before;
  std::vector<std::string> about;
  std::string order = "story";
  std::string length = "full";
  std::vector<std::string> continuities;
  std::string at;
  size_t max_paths = 3;
  bool explain = false;
  std::string format = "md";
  std::string templates;
  CLI::Option* seen_option = nullptr;
  CLI::Option* before_option = nullptr;
  CLI::Option* at_option = nullptr;
  CLI::Option* templates_option = nullptr;
};

namespace {

void Run(CliContext& ctx, const std::string& command, const StoryCliOptions& o) {
  StoryRequest req;
  req.command = command;
  std::vector<std::string> inputs = o.in;
  std::vector<std::string> positional_inputs;
  SplitNamesAndInputs(o.args, &req.names, &positional_inputs);
  inputs.insert(inputs.end(), positional_inputs.begin(), positional_inputs.end());
  if (o.seen_option->count() == 0) {
    ctx.Fail(kExitUsage, "`" + command + "` needs --seen: what the viewer has seen",
             "nothing beyond it is told; say `--seen all` for no spoiler protection, or e.g. "
             "`--seen jj.s1`");
    return;
  }
  if (inputs.empty()) {
    ctx.Fail(kExitUsage, "no input given",
             "name .canon files or one .canondb after the names (or with -i FILE)");
    return;
  }
  req.seen = o.seen;
  if (o.before_option != nullptr && o.before_option->count() > 0) req.before = o.before;
  req.about = o.about;
  req.order = o.order;
  req.length = o.length;
  req.continuities = o.continuities;
  if (o.at_option != nullptr && o.at_option->count() > 0) req.at = o.at;
  req.max_paths = o.max_paths;
  req.explain = o.explain;
  req.format = o.format;
  if (o.templates_option->count() > 0) req.templates = o.templates;
  std::unique_ptr<LoadedUniverse> loaded = ctx.Load(inputs);
  if (!loaded) return;
  Result<std::string> out = RunStory(loaded->universe, req);
  if (!out.ok()) {
    ctx.Fail(ExitCodeFor(out.status().code()), out.status());
    return;
  }
  *ctx.out << *out;
}

}  // namespace

// Adds story subcommand `name` with the shared options; `extra` adds the
// command's own. Returns the subcommand.
CLI::App* RegisterStoryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                               const std::string& description, const std::string& names_help,
                               const std::function<void(CLI::App*, StoryCliOptions&)>& extra,
                               const std::string& footer) {
  auto opts = std::make_shared<StoryCliOptions>();
  CLI::App* cmd = app.add_subcommand(name, description);
  cmd->add_option("args", opts->args,
                  names_help + (names_help.empty() ? "" : ", then ") +
                      "the inputs: .canon files (compiled together) or one .canondb");
  cmd->add_option("-i,--in", opts->in,
                  "an input (.canon or .canondb), like a positional; repeatable")
      ->allow_extra_args(false);
  opts->seen_option = cmd->add_option(
      "--seen", opts->seen,
      "REQUIRED: what the viewer has seen; nothing beyond it is told (same syntax as `canon "
      "show --seen`: `all`, `none`, `jj.s1`, `jj.s1e1-e8`, `released<=2016-03-18`, ...)");
  extra(cmd, *opts);
  cmd->add_option("--format", opts->format, "output format")
      ->check(CLI::IsMember({"md", "html", "json"}))
      ->capture_default_str();
  opts->templates_option = cmd->add_option(
      "--templates", opts->templates,
      "a JSON file overlaid on the built-in prose templates (another language, a house style); "
      "see docs/stories.md");
  cmd->footer(footer +
              "\nNames and inputs are positional: an argument ending in .canon or .canondb is an "
              "input.\nSee docs/stories.md for what each command tells and its spoiler rules.");
  cmd->callback([opts, &ctx, name] { Run(ctx, name, *opts); });
  return cmd;
}

void RegisterRecap(CLI::App& app, CliContext& ctx) {
  RegisterStoryCommand(
      app, ctx, "recap", "A readable, cited recap of what the viewer has seen (spoiler-safe prose)",
      "",
      [](CLI::App* cmd, StoryCliOptions& o) {
        o.before_option = cmd->add_option(
            "--before", o.before,
            "a work about to be watched (`defenders`): keep what it builds on (its characters "
            "and what its events refer to)");
        cmd->add_option("--about", o.about,
                        "only what involves these entities (`jessica,luke`; repeatable)")
            ->allow_extra_args(false);
        cmd->add_option("--order", o.order,
                        "story: flashbacks where they happen; reveal: in the order shown")
            ->check(CLI::IsMember({"story", "reveal"}))
            ->capture_default_str();
        cmd->add_option("--length", o.length,
                        "short: events (and relations between the --about entities); full: "
                        "everything, with what each event starts and ends")
            ->check(CLI::IsMember({"short", "full"}))
            ->capture_default_str();
      },
      "Examples:\n"
      "  canon recap --seen jj.s1 --before defenders examples/defenders.canon\n"
      "  canon recap --seen all --about earth616:jessica,earth616:luke --order reveal "
      "examples/defenders.canon\n"
      "  canon recap --seen jj.s1 --length short --format json examples/defenders.canon");
}

}  // namespace canon

namespace canon {

// The options of compare, plan and path live here too: they write fields of
// StoryCliOptions, which only this file defines.
void AddCompareOptions(CLI::App* cmd, StoryCliOptions& o) {
  cmd->add_option("--continuities", o.continuities,
                  "REQUIRED: two or more continuity ids (`earth616,netflix`)")
      ->required()
      ->allow_extra_args(false);
}

void AddPlanOptions(CLI::App* cmd, StoryCliOptions& o) {
  cmd->add_flag("--explain", o.explain,
                "name what each planned work reveals that W builds on (spoils the planned "
                "works, never W)");
}

void AddPathOptions(CLI::App* cmd, StoryCliOptions& o) {
  o.at_option = cmd->add_option(
      "--at", o.at,
      "only relations holding at this story time (a date, an event, a fact label, or a work "
      "path, optionally after `before` or `after`)");
  cmd->add_option("--max", o.max_paths, "at most this many paths (1-20)")->capture_default_str();
}

}  // namespace canon
