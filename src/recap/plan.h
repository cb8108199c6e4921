// `canon plan W --seen H`: what to watch or read before W.
//
// W builds on (focus.h): its cast, the events and facts its own facts and
// events refer to, and the shared history of its cast (facts between two of
// them, events with two of them in roles). Each such thing the viewer has
// not seen yet and that some work released before W reveals is a need; a
// cast member counts as met in any work where they become visible. Works
// that reveal needs are candidates (the revealing work itself, and its
// season, volume, film or book when all of that comes out before W). The
// plan is a set cover chosen greedily (most needs per unseen episode first,
// then redundant picks dropped), listed in release order with what each
// costs (leaves not yet seen; minutes when every leaf has a runtime), the
// reason (the cast members it concerns, named only when the viewer has met
// them) and alternatives (other works that reveal the same needs).
//
// Spoilers: work titles, counts of episodes and runtimes are catalogue
// data. Nothing W reveals, and nothing the planned works reveal, is named:
// unless `explain` is set, which names the needs as if the viewer had
// already watched the plan (the horizon plus the planned works; never W).
#ifndef CANON_RECAP_PLAN_H_
#define CANON_RECAP_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "query/horizon.h"
#include "query/view.h"
#include "recap/doc.h"
#include "recap/templates.h"

namespace canon {

struct PlanStep {
  WorkId work = kNone;
  uint32_t leaves = 0;                   // leaves not yet seen
  std::optional<int64_t> minutes;        // when every such leaf has a runtime
  std::vector<EntityId> about;           // met cast members its needs concern
  std::vector<WorkId> alternatives;      // each covers what only this step covers
  std::vector<StorySentence> explained;  // with explain: the needs it reveals
};

struct PlanResult {
  std::string horizon;
  WorkId target = kNone;
  std::vector<PlanStep> steps;  // in release order
  uint32_t total_leaves = 0;
  std::optional<int64_t> total_minutes;
  std::string total_cost;  // "40 episodes, 1 issue"
  bool explain = false;
};

PlanResult Plan(const View& v, const Templates& t, WorkId target, bool explain);

Doc PlanDoc(const View& v, const Templates& t, const PlanResult& r);
std::string RenderPlanJson(const View& v, const PlanResult& r);

// "13 episodes, about 11 hours" (catalogue data only).
std::string CostText(const Universe& u, const std::vector<WorkId>& leaves,
                     std::optional<int64_t> minutes);

}  // namespace canon

#endif  // CANON_RECAP_PLAN_H_
