// One entry point per query command, from raw user strings to rendered
// output: parse the horizon, build the View, resolve names and `--at`, run
// the query, render. The CLI subcommands (src/cli/cmd_show.cpp, ...) and the
// spoiler property test both go through here, so what the test checks is
// exactly what users see.
#ifndef CANON_QUERY_RUN_H_
#define CANON_QUERY_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "query/query_context.h"

namespace canon {

struct QueryRequest {
  std::string command;  // "show", "state", "history", "who-knows"
  std::vector<std::string>
      names;         // show: [E]; state: [A, B]; history: [A] or [A, B]; who-knows: [X]
  std::string seen;  // horizon spec (required)
  std::optional<std::string> at;  // story time; required by state
  std::string order = "story";    // history: "story" or "reveal"
  std::string format = "text";    // "text" or "json"
  bool appearances = false;       // history: also list appearances (scene presence)
  bool phases = false;            // history A B: also the relationship's phases
};

// Splits the positional arguments of a query command into names and inputs:
// an argument ending in `.canon` or `.canondb` is an input, anything else a
// name (`canon history jessica luke defenders.canon`).
void SplitNamesAndInputs(const std::vector<std::string>& args, std::vector<std::string>* names,
                         std::vector<std::string>* inputs);

// Runs the request against `u` (story time resolved, or `--at` is refused).
// Errors: InvalidArgument (bad horizon, bad --at, ambiguous name, bad
// option), NotFound (a name unknown to this viewer), Internal.
Result<std::string> RunQuery(const Universe& u, const QueryRequest& req);
// The same against a context kept across requests (its FactIndex is built on
// the first request that uses it and reused after). RunQuery(u, req) runs
// this with a fresh context.
Result<std::string> RunQuery(const QueryContext& ctx, const QueryRequest& req);

}  // namespace canon

#endif  // CANON_QUERY_RUN_H_
