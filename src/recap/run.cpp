// From raw story-command strings to rendered output (see run.h).
#include "recap/run.h"

#include <algorithm>

#include "base/strings.h"
#include "query/at.h"
#include "query/horizon.h"
#include "query/view.h"
#include "recap/compare.h"
#include "recap/doc.h"
#include "recap/path.h"
#include "recap/plan.h"
#include "recap/recap.h"
#include "recap/templates.h"

namespace canon {
namespace {

Result<WorkId> ResolveWork(const Universe& u, const std::string& path, const char* what) {
  WorkId w = ResolveWorkPath(u, path);
  if (w != kNone) return w;
  // Work paths are public (a release catalogue): suggesting them leaks nothing.
  std::string hint = DidYouMean(ClosestMatches(path, WorkPathCandidates(u)));
  if (hint.empty()) hint = std::string(what) + " is a work path, e.g. `jj.s1` or `defenders`";
  return Status::NotFound("no work `" + path + "`", hint);
}

std::string Render(const View& v, const Doc& d, const std::string& format) {
  return format == "html" ? RenderHtml(v.universe(), d) : RenderMarkdown(v.universe(), d);
}

Status NeedNames(const StoryRequest& req, size_t min, size_t max, const char* what) {
  if (req.names.size() >= min && req.names.size() <= max) return Status::Ok();
  return Status::InvalidArgument("`" + req.command + "` takes " + what + ", got " +
                                 std::to_string(req.names.size()) + " name" +
                                 (req.names.size() == 1 ? "" : "s"));
}

}  // namespace

std::vector<std::string> SplitCommaList(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    size_t start = 0;
    while (start <= item.size()) {
      size_t comma = item.find(',', start);
      if (comma == std::string::npos) comma = item.size();
      std::string part = item.substr(start, comma - start);
      while (!part.empty() && part.front() == ' ') part.erase(part.begin());
      while (!part.empty() && part.back() == ' ') part.pop_back();
      if (!part.empty()) out.push_back(part);
      start = comma + 1;
    }
  }
  return out;
}

Result<std::string> RunStory(const Universe& u, const StoryRequest& req) {
  const std::string& format = req.format;
  if (format != "md" && format != "html" && format != "json") {
    return Status::InvalidArgument("unknown format `" + format + "`", "use md, html or json");
  }
  if (req.command != "recap" && req.command != "compare" && req.command != "plan" &&
      req.command != "path") {
    return Status::InvalidArgument("unknown story command `" + req.command + "`");
  }
  CANON_ASSIGN_OR_RETURN(Templates templates, Templates::Builtin());
  if (req.templates) CANON_RETURN_IF_ERROR(templates.OverlayFile(*req.templates));
  CANON_ASSIGN_OR_RETURN(Horizon horizon, ParseHorizon(u, req.seen));
  View view(u, horizon);
  const bool json = format == "json";

  if (req.command == "recap") {
    if (!req.names.empty()) {
      return Status::InvalidArgument(
          "`recap` takes no names, got `" + req.names[0] + "`",
          "say who it is about with --about, e.g. `--about jessica,luke`");
    }
    RecapOptions o;
    if (req.order == "story") {
      o.order = StoryOrder::kStory;
    } else if (req.order == "reveal") {
      o.order = StoryOrder::kReveal;
    } else {
      return Status::InvalidArgument("unknown order `" + req.order + "`", "use story or reveal");
    }
    if (req.length == "full") {
      o.length = RecapLength::kFull;
    } else if (req.length == "short") {
      o.length = RecapLength::kShort;
    } else {
      return Status::InvalidArgument("unknown length `" + req.length + "`", "use short or full");
    }
    for (const std::string& name : SplitCommaList(req.about)) {
      CANON_ASSIGN_OR_RETURN(EntityId e, ResolveEntity(view, name));
      if (std::find(o.about.begin(), o.about.end(), e) == o.about.end()) o.about.push_back(e);
    }
    if (req.before) {
      CANON_ASSIGN_OR_RETURN(o.before, ResolveWork(u, *req.before, "--before"));
    }
    RecapResult r = Recap(view, templates, o);
    return json ? RenderRecapJson(view, r) : Render(view, RecapDoc(view, templates, r), format);
  }
  if (req.command == "compare") {
    CANON_RETURN_IF_ERROR(NeedNames(req, 1, 2, "1 or 2 names"));
    std::vector<ContinuityId> cs;
    std::vector<std::string> ids;
    for (const Continuity& c : u.continuities) ids.push_back(c.id);
    for (const std::string& id : SplitCommaList(req.continuities)) {
      ContinuityId c = u.FindContinuity(id);
      if (c == kNone) {
        std::string hint = DidYouMean(ClosestMatches(id, ids));
        if (hint.empty()) hint = "continuities: " + Join(ids, ", ");
        return Status::InvalidArgument("unknown continuity `" + id + "`", hint);
      }
      if (std::find(cs.begin(), cs.end(), c) != cs.end()) {
        return Status::InvalidArgument("continuity `" + id + "` is given twice");
      }
      cs.push_back(c);
    }
    if (cs.size() < 2) {
      return Status::InvalidArgument(
          "`compare` needs --continuities with at least two",
          "e.g. `--continuities " +
              (ids.size() >= 2 ? ids[0] + "," + ids[1] : std::string("c1,c2")) + "`");
    }
    CANON_ASSIGN_OR_RETURN(CompareResult r, Compare(view, templates, req.names, cs));
    return json ? RenderCompareJson(view, r) : Render(view, CompareDoc(view, templates, r), format);
  }
  if (req.command == "plan") {
    CANON_RETURN_IF_ERROR(NeedNames(req, 1, 1, "one work"));
    CANON_ASSIGN_OR_RETURN(WorkId w, ResolveWork(u, req.names[0], "the target"));
    PlanResult r = Plan(view, templates, w, req.explain);
    return json ? RenderPlanJson(view, r) : Render(view, PlanDoc(view, templates, r), format);
  }
  CANON_RETURN_IF_ERROR(NeedNames(req, 2, 2, "2 names"));
  if (req.max_paths == 0 || req.max_paths > kMaxPaths) {
    return Status::InvalidArgument("--max must be between 1 and " + std::to_string(kMaxPaths));
  }
  CANON_ASSIGN_OR_RETURN(EntityId a, ResolveEntity(view, req.names[0]));
  CANON_ASSIGN_OR_RETURN(EntityId b, ResolveEntity(view, req.names[1]));
  if (a == b) {
    return Status::InvalidArgument(
        "`" + req.names[0] + "` and `" + req.names[1] + "` are the same entity",
        "name two different entities");
  }
  std::optional<StoryInstant> at;
  if (req.at) {
    CANON_ASSIGN_OR_RETURN(StoryInstant instant, ParseAt(view, *req.at));
    at = std::move(instant);
  }
  PathResult r = FindPaths(view, templates, a, b, at ? &*at : nullptr, req.max_paths);
  return json ? RenderPathJson(view, r) : Render(view, PathDoc(view, templates, r), format);
}

}  // namespace canon
