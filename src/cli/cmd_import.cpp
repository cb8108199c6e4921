// `canon import FORMAT SOURCE -o FILE`: a public dataset as a .canon universe,
// with the dataset's problems reported as import diagnostics (src/import).
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "import/import.h"

namespace canon {
namespace {

// Writes `text` to `path` via a temporary file, so a failed import never
// leaves a half-written universe behind. "-" is standard output.
bool WriteFile(CliContext& ctx, const std::string& path, const std::string& text) {
  if (path == "-") {
    *ctx.out << text;
    return true;
  }
  std::string tmp = path + ".canon-import.tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << text;
    if (!out) {
      std::remove(tmp.c_str());
      ctx.Fail(kExitIo, "cannot write `" + path + "`", "check the folder exists and is writable");
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    ctx.Fail(kExitIo, "cannot replace `" + path + "`", "check permissions");
    return false;
  }
  return true;
}

// Compares `text` with the file at `path`; on a difference, reports the
// first differing line and how to regenerate.
bool CheckFile(CliContext& ctx, const std::string& path, const std::string& text,
               const std::string& regenerate) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ctx.Fail(kExitIo, "cannot read `" + path + "`", "check the path");
    return false;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string old = buf.str();
  if (old == text) return true;
  size_t line = 1, i = 0;
  while (i < old.size() && i < text.size() && old[i] == text[i]) {
    if (old[i] == '\n') ++line;
    ++i;
  }
  ctx.Fail(kExitInputErrors,
           "`" + path + "` is not current: it differs from a fresh import at line " +
               std::to_string(line),
           "regenerate it with `" + regenerate + "`");
  return false;
}

}  // namespace

void RegisterImport(CLI::App& app, CliContext& ctx) {
  struct Opts {
    std::string format;
    std::string source;
    std::string output;
    std::string check;
    std::string show;
    std::string counterparts;
    std::string diag_format = "text";
    bool verbose = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Opts>();
  std::string formats;
  for (const import::ImportFormat& f : import::ImportFormats()) {
    formats += "  " + std::string(f.name) + " (" + std::string(f.dataset) +
               "): " + std::string(f.description) + "\n";
  }
  CLI::App* cmd = app.add_subcommand(
      "import", "Import a public dataset as a .canon universe, reporting its data problems");
  cmd->add_option("format", opts->format, "the dataset format: got-show, swapi, asoiaf-books")
      ->required();
  cmd->add_option("source", opts->source, "the dataset folder (as published, with SOURCE.md)")
      ->required();
  cmd->add_option("-o,--output", opts->output, "the .canon file to write (`-` for stdout)");
  cmd->add_option("--check", opts->check,
                  "write nothing: exit 1 unless this file equals a fresh import (for CI)");
  cmd->add_option("--show", opts->show,
                  "asoiaf-books: the got-lancaster folder, to link books characters to the show");
  cmd->add_option("--counterparts", opts->counterparts,
                  "asoiaf-books with --show: the file for the counterpart links (with --check: "
                  "the file to compare)");
  cmd->add_option("--format", opts->diag_format, "how to print import diagnostics")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("-v,--verbose", opts->verbose, "also list notes (how records were mapped)");
  cmd->add_flag("-q,--quiet", opts->quiet, "print only errors, no warnings and no summary");
  cmd->footer(
      "Formats:\n" + formats +
      "\nDiagnostics name the record (file and JSON path or CSV line) that caused them. Exit 0\n"
      "on success (even with warnings); 1 when records could not be imported or --check\n"
      "finds a difference; 2 bad usage; 3 an unreadable dataset or unwritable output.\n"
      "\nExamples:\n"
      "  canon import got-show ../shared/data/got-lancaster -o examples/got-show.canon\n"
      "  canon import swapi ../shared/data/starwars-swapi -o examples/starwars.canon\n"
      "  canon import asoiaf-books ../shared/data/asoiaf-anapioficeandfire -o "
      "examples/asoiaf.canon \\\n"
      "      --show ../shared/data/got-lancaster --counterparts examples/asoiaf-got.canon\n"
      "  canon import got-show ../shared/data/got-lancaster --check examples/got-show.canon");
  cmd->callback([opts, &ctx] {
    if (opts->output.empty() && opts->check.empty()) {
      ctx.Fail(kExitUsage, "no output given",
               "write the universe with `-o FILE` (or `--check FILE`)");
      return;
    }
    if (!opts->output.empty() && !opts->check.empty()) {
      ctx.Fail(kExitUsage, "`-o` and `--check` exclude each other",
               "use `-o` to write, `--check` to compare");
      return;
    }
    if (!opts->counterparts.empty() && opts->show.empty()) {
      ctx.Fail(kExitUsage, "`--counterparts` needs `--show`",
               "name the got-lancaster folder with `--show DIR`");
      return;
    }
    if (!opts->show.empty() && opts->format != "asoiaf-books") {
      ctx.Fail(kExitUsage, "`--show` is for asoiaf-books only", "drop `--show`");
      return;
    }
    import::ImportOptions options;
    options.format = opts->format;
    options.source = opts->source;
    options.show_source = opts->show;
    // A progress bar only on a terminal: logs, pipes and golden tests stay clean.
    if (!opts->quiet && isatty(STDERR_FILENO)) options.progress = &std::cerr;
    import::ImportLog log;
    Result<import::ImportResult> result = import::RunImport(options, log);
    if (!result.ok()) {
      ctx.Fail(result.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitIo,
               result.status());
      return;
    }
    // Print the diagnostics (errors always; warnings unless quiet).
    std::vector<import::ImportDiagnostic> shown;
    for (const import::ImportDiagnostic& d : log.diagnostics()) {
      if (opts->quiet && d.severity != Severity::kError) continue;
      shown.push_back(d);
    }
    if (opts->diag_format == "json") {
      *ctx.err << import::RenderImportDiagnosticsJson(shown, opts->verbose);
    } else if (!opts->quiet) {
      *ctx.err << import::RenderImportDiagnostics(shown, opts->verbose);
    } else if (!shown.empty()) {
      *ctx.err << import::RenderImportDiagnostics(shown, false);
    }
    const bool want_counterparts = !opts->counterparts.empty();
    if (!opts->check.empty()) {
      std::string regenerate =
          "canon import " + opts->format + " " + opts->source + " -o " + opts->check;
      if (!CheckFile(ctx, opts->check, result->text, regenerate)) return;
      if (want_counterparts && !CheckFile(ctx, opts->counterparts, result->counterparts,
                                          regenerate + " --show " + opts->show +
                                              " --counterparts " + opts->counterparts)) {
        return;
      }
    } else {
      if (!WriteFile(ctx, opts->output, result->text)) return;
      if (want_counterparts && !WriteFile(ctx, opts->counterparts, result->counterparts)) return;
      if (!opts->quiet && opts->diag_format == "text" && opts->output != "-") {
        *ctx.err << "imported " << opts->format << ": " << result->summary << "\n";
      }
    }
    if (log.has_errors()) ctx.exit_code = kExitInputErrors;
  });
}

}  // namespace canon
