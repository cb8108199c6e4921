// The `canon` command: a table of subcommands, each in its own cmd_*.cpp.
//
// Each subcommand file defines `void RegisterX(CLI::App& app, CliContext& ctx)`
// that adds a CLI11 subcommand whose callback does the work and sets
// ctx.exit_code. The table in cli_main.cpp lists them; nothing else does.
//
// Exit codes (documented in docs/cli.md):
//   0 success; 1 the input has errors (diagnostics, failed check/lint);
//   2 bad usage (unknown flag, unknown name, bad horizon); 3 I/O or store error.
#ifndef CANON_CLI_CLI_H_
#define CANON_CLI_CLI_H_

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "diag/diagnostics.h"

namespace canon {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInputErrors = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitIo = 3;

// A universe ready for queries: compiled from .canon files (or opened from a
// .canondb), checked, and with story time resolved.
struct LoadedUniverse {
  Universe universe;
  SourceManager sources;
  std::vector<Diagnostic> diagnostics;  // warnings (errors stop the load)
};

struct CliContext {
  int exit_code = kExitOk;
  std::ostream* out = nullptr;  // stdout
  std::ostream* err = nullptr;  // stderr

  // Loads INPUTS (.canon files, or exactly one .canondb). On failure prints
  // the diagnostics or error to `err`, sets exit_code, and returns nullptr.
  std::unique_ptr<LoadedUniverse> Load(const std::vector<std::string>& inputs);

  // The first half of Load: opens one .canondb or reads and compiles .canon
  // files, reporting problems in the text to `sink` (not printed) without
  // resolving story time, so a caller can inspect a universe with errors
  // (`canon lint`). Usage and I/O failures are printed, set exit_code, and
  // return nullptr.
  std::unique_ptr<LoadedUniverse> OpenInputs(const std::vector<std::string>& inputs,
                                             DiagnosticSink& sink);

  // Prints "canon: error: MESSAGE" (+ hint line) to err and sets exit_code.
  void Fail(int code, const Status& status);
  void Fail(int code, const std::string& message, const std::string& hint = {});
};

// Reads a whole file into `*contents`. On failure prints "cannot read
// `PATH`" with a hint, sets exit_code to kExitIo, and returns false.
bool ReadInputFile(CliContext& ctx, const std::string& path, std::string* contents);

// The exit code for a failed library call: bad names and arguments are
// usage errors, unreadable or corrupt files are I/O, the rest input errors.
int ExitCodeFor(StatusCode code);

// Adds `--format` with the allowed values; `value` keeps the default.
void AddFormatOption(CLI::App* cmd, std::string& value, const std::vector<std::string>& allowed);

}  // namespace canon

#endif  // CANON_CLI_CLI_H_
