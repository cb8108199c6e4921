// From raw query strings to rendered output (see run.h).
#include "query/run.h"

#include "query/at.h"
#include "query/horizon.h"
#include "query/queries.h"
#include "query/render.h"
#include "query/view.h"

namespace canon {

void SplitNamesAndInputs(const std::vector<std::string>& args, std::vector<std::string>* names,
                         std::vector<std::string>* inputs) {
  for (const std::string& a : args) {
    (a.ends_with(".canon") || a.ends_with(".canondb") ? inputs : names)->push_back(a);
  }
}

Result<std::string> RunQuery(const Universe& u, const QueryRequest& req) {
  QueryContext ctx(u);
  return RunQuery(ctx, req);
}

Result<std::string> RunQuery(const QueryContext& ctx, const QueryRequest& req) {
  const Universe& u = ctx.universe();
  const bool json = req.format == "json";
  if (!json && req.format != "text") {
    return Status::InvalidArgument("unknown format `" + req.format + "`", "use text or json");
  }
  auto need_names = [&](size_t min, size_t max) -> Status {
    if (req.names.size() < min || req.names.size() > max) {
      return Status::InvalidArgument(
          "`" + req.command + "` takes " +
          (min == max ? std::to_string(min) : std::to_string(min) + " or " + std::to_string(max)) +
          " name" + (max == 1 ? "" : "s") + ", got " + std::to_string(req.names.size()));
    }
    return Status::Ok();
  };
  if (req.command != "show" && req.command != "state" && req.command != "history" &&
      req.command != "who-knows") {
    return Status::InvalidArgument("unknown query `" + req.command + "`");
  }

  CANON_ASSIGN_OR_RETURN(Horizon horizon, ParseHorizon(u, req.seen));
  View view(u, horizon, ctx.Plan());
  std::optional<StoryInstant> at;
  if (req.at) {
    CANON_ASSIGN_OR_RETURN(StoryInstant instant, ParseAt(view, *req.at));
    at = std::move(instant);
  }
  const StoryInstant* at_ptr = at ? &*at : nullptr;
  // Commands whose candidates come from the index: show --at (as-of),
  // state (pair as-of), history A B (pair history). Asked for only then, so
  // a one-shot run that does not need it never builds it.
  if ((req.command == "show" && at) || req.command == "state" ||
      (req.command == "history" && req.names.size() == 2)) {
    view.UseIndex(ctx.Index());
  }

  if (req.command == "show") {
    CANON_RETURN_IF_ERROR(need_names(1, 1));
    CANON_ASSIGN_OR_RETURN(EntityId e, ResolveEntity(view, req.names[0]));
    ShowResult r = Show(view, e, at_ptr);
    return json ? RenderShowJson(r) : RenderShowText(r);
  }
  if (req.command == "state") {
    CANON_RETURN_IF_ERROR(need_names(2, 2));
    CANON_ASSIGN_OR_RETURN(EntityId a, ResolveEntity(view, req.names[0]));
    CANON_ASSIGN_OR_RETURN(EntityId b, ResolveEntity(view, req.names[1]));
    if (!at) {
      return Status::InvalidArgument("`state` needs a story time",
                                     "add --at, e.g. `--at 2015` or `--at EVENT`");
    }
    StateResult r = State(view, a, b, *at);
    return json ? RenderStateJson(r) : RenderStateText(r);
  }
  if (req.command == "history") {
    CANON_RETURN_IF_ERROR(need_names(1, 2));
    HistoryOrder order;
    if (req.order == "story") {
      order = HistoryOrder::kStory;
    } else if (req.order == "reveal") {
      order = HistoryOrder::kReveal;
    } else {
      return Status::InvalidArgument("unknown order `" + req.order + "`", "use story or reveal");
    }
    if (at) {
      return Status::InvalidArgument("`history` does not take --at",
                                     "use `show --at` or `state --at` for one moment");
    }
    CANON_ASSIGN_OR_RETURN(EntityId a, ResolveEntity(view, req.names[0]));
    std::optional<EntityId> b;
    if (req.names.size() == 2) {
      CANON_ASSIGN_OR_RETURN(EntityId bb, ResolveEntity(view, req.names[1]));
      b = bb;
    }
    HistoryResult r = History(view, a, b, order, req.appearances);
    if (req.phases) {
      if (!b) {
        return Status::InvalidArgument(
            "`history --phases` needs two names",
            "phases are those of a relationship: `history A B --phases`");
      }
      r.with_phases = true;
      r.phases = RelationshipPhases(view, a, *b);
    }
    return json ? RenderHistoryJson(r) : RenderHistoryText(r);
  }
  CANON_RETURN_IF_ERROR(need_names(1, 1));
  CANON_ASSIGN_OR_RETURN(KnowledgeTarget target, ResolveKnowledgeTarget(view, req.names[0]));
  WhoKnowsResult r = WhoKnows(view, target, at_ptr);
  return json ? RenderWhoKnowsJson(r) : RenderWhoKnowsText(r);
}

}  // namespace canon
