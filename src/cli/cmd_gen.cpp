// `canon gen`: writes a deterministic synthetic universe (.canon, CSV for
// peer databases, and a sidecar of planted continuity errors).
#include <chrono>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "cli/cli.h"
#include "gen/gen.h"

namespace canon {

void RegisterGen(CLI::App& app, CliContext& ctx) {
  struct Opts {
    GenOptions gen;
    std::string output;
    std::string csv_dir;
    std::string planted;
    bool stress = false;
    bool no_csv = false;
    bool quiet = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd =
      app.add_subcommand("gen", "Write a synthetic universe (for benchmarks and load tests)");
  cmd->add_option("--entities", opts->gen.entities, "entities over all continuities (>= 50)")
      ->capture_default_str();
  cmd->add_option("--facts", opts->gen.facts, "fact statements (>= 2 x entities)")
      ->capture_default_str();
  cmd->add_option("--works", opts->gen.works,
                  "leaf works: episodes and issues (>= 20 per continuity)")
      ->capture_default_str();
  cmd->add_option("--seed", opts->gen.seed, "random seed; the same seed gives the same files")
      ->capture_default_str();
  cmd->add_option("--zipf", opts->gen.zipf_s, "Zipf exponent of subjects and objects")
      ->capture_default_str();
  cmd->add_flag("--stress", opts->stress, "stress mode: Zipf exponent 1.1 (bigger hubs)");
  cmd->add_option("--continuities", opts->gen.continuities, "number of continuities (1..16)")
      ->capture_default_str();
  cmd->add_option("--planted", opts->gen.planted_per_rule,
                  "continuity errors to plant per rule (3 rules)")
      ->capture_default_str();
  cmd->add_option("-o,--output", opts->output, "the .canon file to write")->required();
  cmd->add_option("--csv", opts->csv_dir,
                  "directory for the CSV files (default: OUTPUT without .canon, plus .csv/)");
  cmd->add_flag("--no-csv", opts->no_csv, "do not write CSV files");
  cmd->add_option("--planted-file", opts->planted,
                  "sidecar listing planted errors (default: OUTPUT.planted.tsv)");
  cmd->add_flag("-q,--quiet", opts->quiet, "print nothing on success");
  cmd->footer(
      "Examples:\n"
      "  canon gen --entities 1000 --facts 20000 --works 300 --seed 7 -o small.canon\n"
      "  canon gen --entities 100000 --facts 2000000 --works 5000 -o bench.canon --stress\n"
      "Outputs: OUTPUT (.canon), OUTPUT.csv/ (entities, works, facts, presence, knowledge, uses)\n"
      "and OUTPUT.planted.tsv (rule, entity, key, detail of each planted error).");
  cmd->callback([opts, &ctx] {
    GenOptions g = opts->gen;
    if (opts->stress) g.zipf_s = 1.1;
    Status valid = ValidateGenOptions(g);
    if (!valid.ok()) {
      ctx.Fail(kExitUsage, valid);
      return;
    }
    GenOutputs out;
    out.canon_path = opts->output;
    std::string stem = opts->output;
    if (stem.size() > 6 && stem.compare(stem.size() - 6, 6, ".canon") == 0) {
      stem.resize(stem.size() - 6);
    }
    if (!opts->no_csv) out.csv_dir = opts->csv_dir.empty() ? stem + ".csv" : opts->csv_dir;
    out.planted_path = opts->planted.empty() ? stem + ".planted.tsv" : opts->planted;
    const auto t0 = std::chrono::steady_clock::now();
    Result<GenSummary> r = GenerateUniverse(g, out);
    if (!r.ok()) {
      ctx.Fail(r.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitIo,
               r.status());
      return;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!opts->quiet) {
      *ctx.out << "wrote " << out.canon_path << ": " << r->entities << " entities, " << r->facts
               << " facts, " << r->leaves << " leaf works, " << r->events << " events (" << r->uses
               << " using secrets), " << r->knowledge << " learns, " << r->appearance_lines
               << " appears lines (" << r->presence << " presences), " << r->planted.size()
               << " planted errors (" << r->canon_bytes / (uint64_t{1024} * 1024) << " MiB in "
               << static_cast<int>(secs * 1000) << " ms)\n";
      if (!out.csv_dir.empty()) *ctx.out << "wrote " << out.csv_dir << "/\n";
      *ctx.out << "wrote " << out.planted_path << "\n";
    }
  });
}

}  // namespace canon
