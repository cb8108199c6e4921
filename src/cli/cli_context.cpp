// CliContext: loading inputs for any command, and uniform error output.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "lang/compile.h"
#include "store/store.h"
#include "time/resolve.h"

namespace canon {
void CliContext::Fail(int code, const std::string& message, const std::string& hint) {
  *err << "canon: error: " << message << "\n";
  if (!hint.empty()) *err << "  = hint: " << hint << "\n";
  exit_code = code;
}

void CliContext::Fail(int code, const Status& status) {
  Fail(code, status.message(), status.hint());
}

std::unique_ptr<LoadedUniverse> CliContext::OpenInputs(const std::vector<std::string>& inputs,
                                                       DiagnosticSink& sink) {
  if (inputs.empty()) {
    Fail(kExitUsage, "no input given",
         "name .canon files or one .canondb, e.g. `examples/defenders.canon`");
    return nullptr;
  }
  auto loaded = std::make_unique<LoadedUniverse>();
  bool has_db = false;
  for (const std::string& in : inputs) has_db = has_db || in.ends_with(".canondb");
  if (has_db) {
    if (inputs.size() != 1) {
      Fail(kExitUsage, "a .canondb cannot be combined with other inputs",
           "give either .canon files or exactly one .canondb");
      return nullptr;
    }
    Result<Universe> u = LoadUniverse(inputs[0]);
    if (!u.ok()) {
      Fail(kExitIo, u.status());
      return nullptr;
    }
    loaded->universe = std::move(u).value();
    // Stored locations name the original files; register the names so
    // diagnostics can still say where (without quoting source lines).
    for (const std::string& f : loaded->universe.files) loaded->sources.AddFile(f, "");
  } else {
    std::vector<uint32_t> files;
    for (const std::string& path : inputs) {
      std::string text;
      if (!ReadInputFile(*this, path, &text)) return nullptr;
      files.push_back(loaded->sources.AddFile(path, std::move(text)));
    }
    loaded->universe = CompileSources(loaded->sources, files, sink);
  }
  return loaded;
}

std::unique_ptr<LoadedUniverse> CliContext::Load(const std::vector<std::string>& inputs) {
  DiagnosticSink sink;
  std::unique_ptr<LoadedUniverse> loaded = OpenInputs(inputs, sink);
  if (!loaded) return nullptr;
  // A database's image carries the resolved time of a build that had no
  // time errors (build refuses those), so resolving again would only redo
  // the same work; sources and image-less databases are resolved here.
  if (!sink.has_errors() && !loaded->universe.time.resolved) {
    ResolveStoryTime(loaded->universe, sink);
  }
  sink.Sort();
  if (sink.has_errors()) {
    *err << RenderDiagnostics(sink.diagnostics(), loaded->sources);
    exit_code = kExitInputErrors;
    return nullptr;
  }
  loaded->diagnostics = sink.diagnostics();
  return loaded;
}

bool ReadInputFile(CliContext& ctx, const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ctx.Fail(kExitIo, "cannot read `" + path + "`",
             "check the path; inputs are .canon files or one .canondb");
    return false;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  *contents = std::move(buf).str();
  return true;
}

int ExitCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
      return kExitUsage;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
      return kExitIo;
    default:
      return kExitInputErrors;
  }
}

void AddFormatOption(CLI::App* cmd, std::string& value, const std::vector<std::string>& allowed) {
  cmd->add_option("--format", value, "output format")
      ->check(CLI::IsMember(allowed))
      ->capture_default_str();
}

}  // namespace canon
