// `canon path A B --seen H [--at T] [--max K]`: how two entities are
// connected, shortest first.
//
// The graph: visible entities, joined by visible facts with an entity on
// both sides (not facts the viewer knows were overturned); with `at`, only
// facts holding then. Paths are the K shortest simple paths (Yen's
// algorithm over breadth-first searches; ties broken by entity ids, so the
// answer is deterministic). Each hop is told as a clause and cited.
#ifndef CANON_RECAP_PATH_H_
#define CANON_RECAP_PATH_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "query/at.h"
#include "query/view.h"
#include "recap/doc.h"
#include "recap/narrator.h"
#include "recap/templates.h"

namespace canon {

struct PathHop {
  EntityId from = kNone, to = kNone;
  std::vector<FactId> facts;  // all visible facts joining them
  StorySentence sentence;     // the first fact as a clause, cited
};

struct StoryPath {
  std::vector<EntityId> entities;
  std::vector<PathHop> hops;
};

struct PathResult {
  std::string horizon;
  std::optional<StoryInstant> at;
  EntityId a = kNone, b = kNone;
  std::vector<StoryPath> paths;
};

inline constexpr size_t kMaxPaths = 20;

PathResult FindPaths(const View& v, const Templates& t, EntityId a, EntityId b,
                     const StoryInstant* at, size_t max_paths);

Doc PathDoc(const View& v, const Templates& t, const PathResult& r);
std::string RenderPathJson(const View& v, const PathResult& r);

}  // namespace canon

#endif  // CANON_RECAP_PATH_H_
