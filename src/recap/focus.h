// What a work builds on: its cast (the entities in the facts, events and
// appearances it reveals, and those it introduces) and what its facts and
// events refer to (story-time anchors, `uses`, knowledge it reveals).
//
// This reads the work's own content, which a viewer who has not seen it may
// not be told. Callers use it only to choose among things the viewer HAS
// seen (recap --before) or among public works (plan), and never name, count
// or cite anything from it that the viewer's View does not show; see
// docs/stories.md, "What --before and plan take from W".
#ifndef CANON_RECAP_FOCUS_H_
#define CANON_RECAP_FOCUS_H_

#include <vector>

#include "canon/universe.h"

namespace canon {

struct WorkReliance {
  WorkId work = kNone;
  std::vector<uint8_t> in_work;  // per WorkId: is it `work` or inside it
  std::vector<EntityId> cast;    // sorted, unique
  std::vector<EventId> events;   // referred to; sorted, unique
  std::vector<FactId> facts;     // referred to; sorted, unique
  bool Contains(const RevealPoint& p) const {
    return p.work < in_work.size() && in_work[p.work] != 0;
  }
};

WorkReliance ComputeReliance(const Universe& u, WorkId w);

}  // namespace canon

#endif  // CANON_RECAP_FOCUS_H_
