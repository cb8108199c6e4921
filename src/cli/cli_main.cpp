// `canon` entry point: the table of subcommands. Adding a command means
// writing cmd_<name>.cpp with a Register function and adding one row here.
#include <iostream>

#include "cli/cli.h"

namespace canon {

void RegisterCheck(CLI::App& app, CliContext& ctx);
void RegisterLint(CLI::App& app, CliContext& ctx);
void RegisterFmt(CLI::App& app, CliContext& ctx);
void RegisterBuild(CLI::App& app, CliContext& ctx);
void RegisterExport(CLI::App& app, CliContext& ctx);
void RegisterShow(CLI::App& app, CliContext& ctx);
void RegisterState(CLI::App& app, CliContext& ctx);
void RegisterHistory(CLI::App& app, CliContext& ctx);
void RegisterWhoKnows(CLI::App& app, CliContext& ctx);
void RegisterImport(CLI::App& app, CliContext& ctx);
void RegisterGen(CLI::App& app, CliContext& ctx);
void RegisterRecap(CLI::App& app, CliContext& ctx);
void RegisterCompare(CLI::App& app, CliContext& ctx);
void RegisterPlan(CLI::App& app, CliContext& ctx);
void RegisterPath(CLI::App& app, CliContext& ctx);

namespace {

using RegisterFn = void (*)(CLI::App&, CliContext&);

// Order here is the order `canon --help` lists them.
constexpr RegisterFn kCommands[] = {
    RegisterCheck,   RegisterFmt,   RegisterBuild,   RegisterExport,   RegisterLint,
    RegisterShow,    RegisterState, RegisterHistory, RegisterWhoKnows, RegisterRecap,
    RegisterCompare, RegisterPlan,  RegisterPath,    RegisterGen,      RegisterImport,
};

// The whole command line run; CLI11's usage exceptions are handled here.
int Run(int argc, char** argv) {
  CliContext ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  CLI::App app{
      "canon: a continuity engine for fictional universes.\n"
      "Spoiler-safe answers about who, what and when, bounded by what a viewer has seen."};
  app.name("canon");
  app.require_subcommand(1);
  app.set_version_flag("--version", "canon 0.1.0");
  app.footer(
      "Exit codes: 0 ok, 1 the input has errors, 2 bad usage or unknown name, 3 I/O error.\n"
      "Run `canon COMMAND --help` for a command's options and examples.");
  for (auto fn : kCommands) fn(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports usage errors through exceptions; they stop here, at the
    // process boundary, and become exit code 2 with a hint.
    std::cerr << "canon: error: " << e.what() << "\n"
              << "  = hint: run `canon --help` or `canon COMMAND --help`\n";
    return kExitUsage;
  }
  std::cout.flush();
  return ctx.exit_code;
}

}  // namespace
}  // namespace canon

int main(int argc, char** argv) {
  // Process boundary: modules report failures as Status, so an exception here
  // is unexpected (std::bad_alloc, a throwing library call). Print it and exit
  // instead of letting std::terminate abort with no message.
  try {
    return canon::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "canon: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "canon: internal error: unknown exception\n";
  }
  return canon::kExitIo;
}
