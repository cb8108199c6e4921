// One entry point for the story commands (recap, compare, plan, path), from
// raw user strings to rendered output: parse the horizon, build the View,
// resolve names, works and --at, load templates, run, render. The CLI
// (src/cli/cmd_recap.cpp, ...) and the spoiler property test both go
// through here, so what the test checks is what users see.
#ifndef CANON_RECAP_RUN_H_
#define CANON_RECAP_RUN_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"

namespace canon {

struct StoryRequest {
  std::string command;                    // "recap", "compare", "plan", "path"
  std::vector<std::string> names;         // compare: A [B]; plan: W; path: A B
  std::string seen;                       // horizon spec (required)
  std::optional<std::string> before;      // recap: work path
  std::vector<std::string> about;         // recap: names (each may hold a,b,c)
  std::string order = "story";            // recap: story | reveal
  std::string length = "full";            // recap: short | full
  std::vector<std::string> continuities;  // compare (each may hold c1,c2)
  std::optional<std::string> at;          // path
  size_t max_paths = 3;                   // path
  bool explain = false;                   // plan
  std::string format = "md";              // md | html | json
  std::optional<std::string> templates;   // overlay file
};

// Errors: InvalidArgument (bad horizon, option, ambiguous name, bad
// template file), NotFound (a name or work unknown to this viewer), IoError
// (templates file unreadable).
Result<std::string> RunStory(const Universe& u, const StoryRequest& req);

// Splits "a,b, c" into trimmed, non-empty parts.
std::vector<std::string> SplitCommaList(const std::vector<std::string>& items);

}  // namespace canon

#endif  // CANON_RECAP_RUN_H_
