// The registration shared by the story commands (recap, compare, plan,
// path): their common options and inputs, defined in cmd_recap.cpp; each
// command adds its own options through one of the Add*Options below.
#ifndef CANON_CLI_STORY_COMMAND_H_
#define CANON_CLI_STORY_COMMAND_H_

#include <functional>
#include <string>

#include "cli/cli.h"

namespace canon {

struct StoryCliOptions;

CLI::App* RegisterStoryCommand(CLI::App& app, CliContext& ctx, const std::string& name,
                               const std::string& description, const std::string& names_help,
                               const std::function<void(CLI::App*, StoryCliOptions&)>& extra,
                               const std::string& footer);
void AddCompareOptions(CLI::App* cmd, StoryCliOptions& o);
void AddPlanOptions(CLI::App* cmd, StoryCliOptions& o);
void AddPathOptions(CLI::App* cmd, StoryCliOptions& o);

}  // namespace canon

#endif  // CANON_CLI_STORY_COMMAND_H_
