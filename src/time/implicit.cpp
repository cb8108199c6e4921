// The implicit story-time constraints: slot order and containment, the
// release chain, and the defaults for events and knowledge (docs/time.md).
#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "time/internal.h"

namespace canon::time_internal {
namespace {

using Kind = TimeConstraint::Kind;

bool ValidPoint(const Universe& u, PointId p) { return p < u.points.size(); }

TimeConstraint PointConstraint(Kind kind, PointId anchor, SourceLoc loc) {
  TimeConstraint c;
  c.kind = kind;
  c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
  c.point = anchor;
  c.implicit = true;
  c.loc = loc;
  return c;
}

// Release rank of the earliest-released leaf of a reveal point's work.
uint32_t RevealRank(const Universe& u, const RevealPoint& r) {
  return r.work < u.works.size() ? u.works[r.work].first_leaf_rank : kNone;
}

}  // namespace

void AddImplicitConstraints(Universe& u) {
  // Idempotence: a universe loaded from a store, or resolved twice, carries
  // the previous run's implicit constraints.
  for (TimePoint& tp : u.points) {
    std::erase_if(tp.constraints, [](const TimeConstraint& c) { return c.implicit; });
  }
  auto add = [&u](PointId p, const TimeConstraint& c) {
    if (ValidPoint(u, p)) u.points[p].constraints.push_back(c);
  };
  const size_t nworks = u.works.size();

  // A work is "placed" when it is a flashback or carries written
  // constraints on its own slot (only written ones are left at this point).
  std::vector<uint8_t> placed(nworks, 0);
  for (WorkId w = 0; w < nworks; ++w) {
    const Work& work = u.works[w];
    bool written = false;
    for (PointId p : {work.slot_start, work.slot_end}) {
      if (ValidPoint(u, p) && !u.points[p].constraints.empty()) written = true;
    }
    placed[w] = (work.flashback || written) ? 1 : 0;
  }

  // Slot order and containment: start <= end; parent.start <= child.start;
  // child.end <= parent.end (non-strict: a one-scene episode may share its
  // scene's slot exactly).
  for (WorkId w = 0; w < nworks; ++w) {
    const Work& work = u.works[w];
    if (ValidPoint(u, work.slot_start) && ValidPoint(u, work.slot_end)) {
      add(work.slot_end, PointConstraint(Kind::kNotBefore, work.slot_start, work.loc));
    }
    if (work.parent < nworks) {
      const Work& parent = u.works[work.parent];
      if (ValidPoint(u, parent.slot_start)) {
        add(work.slot_start, PointConstraint(Kind::kNotBefore, parent.slot_start, work.loc));
      }
      if (ValidPoint(u, parent.slot_end)) {
        add(work.slot_end, PointConstraint(Kind::kNotAfter, parent.slot_end, work.loc));
      }
    }
  }

  // Tight slots: a parent whose descendants are all unplaced starts with its
  // earliest-released child's slot and ends with its latest-released child's
  // (with containment, equality). Its leaves are then all in one chain, so
  // these children are also the first and last in story order, and a point
  // `during` the parent (an event revealed at a season, say) cannot drift
  // before the leaves released earlier in its chain. A placed descendant
  // (a flashback) may lie anywhere, so its ancestors only contain it.
  {
    // Bottom-up over the tree in reverse breadth-first order (any numbering).
    std::vector<WorkId> order;
    order.reserve(nworks);
    for (WorkId w = 0; w < nworks; ++w) {
      if (u.works[w].parent >= nworks) order.push_back(w);
    }
    for (size_t i = 0; i < order.size() && order.size() <= nworks; ++i) {
      for (WorkId c : u.works[order[i]].children) {
        if (c < nworks && u.works[c].parent == order[i]) order.push_back(c);
      }
    }
    std::vector<uint8_t> placed_below(nworks, 0);
    for (size_t i = order.size(); i-- > 0;) {
      const WorkId w = order[i];
      const Work& work = u.works[w];
      if (work.parent < nworks) {
        placed_below[work.parent] |= static_cast<uint8_t>(placed_below[w] | placed[w]);
      }
      if (work.children.empty() || placed_below[w]) continue;
      WorkId first = kNone, last = kNone;
      for (WorkId c : work.children) {
        if (c >= nworks) continue;
        const Work& child = u.works[c];
        if (child.first_leaf_rank == kNone || child.end_leaf_rank == kNone) continue;
        if (first == kNone || child.first_leaf_rank < u.works[first].first_leaf_rank) first = c;
        if (last == kNone || child.end_leaf_rank > u.works[last].end_leaf_rank) last = c;
      }
      if (first == kNone) continue;
      if (ValidPoint(u, work.slot_start) && ValidPoint(u, u.works[first].slot_start)) {
        add(work.slot_start,
            PointConstraint(Kind::kNotBefore, u.works[first].slot_start, work.loc));
      }
      if (ValidPoint(u, work.slot_end) && ValidPoint(u, u.works[last].slot_end)) {
        add(work.slot_end, PointConstraint(Kind::kNotAfter, u.works[last].slot_end, work.loc));
      }
    }
  }

  // Release chain. Each leaf belongs to the chain of its nearest placed
  // ancestor-or-self (or of its continuity when there is none); a placed
  // leaf is a chain of its own. Leaves of one chain follow each other in
  // release order: prev.end <= next.start (non-strict, so a crossover
  // released the same day may share a moment).
  //
  // chain_root[w]: nearest placed ancestor-or-self, kNone for none;
  // computed with memoised upward walks (O(works) overall, no recursion).
  constexpr uint32_t kUnknown = kNone - 1;
  std::vector<uint32_t> chain_root(nworks, kUnknown);
  std::vector<WorkId> walk;
  for (WorkId w = 0; w < nworks; ++w) {
    WorkId a = w;
    walk.clear();
    uint32_t root = kNone;
    // Bounded by nworks steps even if a malformed universe had a parent cycle.
    for (size_t steps = 0; steps <= nworks; ++steps) {
      if (a >= nworks) {
        root = kNone;
        break;
      }
      if (chain_root[a] != kUnknown) {
        root = chain_root[a];
        break;
      }
      if (placed[a]) {
        root = a;
        walk.push_back(a);
        break;
      }
      walk.push_back(a);
      a = u.works[a].parent;
    }
    for (WorkId x : walk) chain_root[x] = root;
  }
  std::unordered_map<uint64_t, WorkId> last_leaf;
  for (WorkId leaf : u.release_order) {
    if (leaf >= nworks) continue;
    const Work& work = u.works[leaf];
    const uint32_t root = chain_root[leaf];
    if (root == leaf) continue;  // a placed leaf is not chained
    const uint64_t key =
        root != kNone ? static_cast<uint64_t>(root) : (uint64_t{1} << 32) | work.continuity;
    auto [it, inserted] = last_leaf.try_emplace(key, leaf);
    if (!inserted) {
      const Work& prev = u.works[it->second];
      if (ValidPoint(u, prev.slot_end) && ValidPoint(u, work.slot_start)) {
        add(work.slot_start, PointConstraint(Kind::kNotBefore, prev.slot_end, work.loc));
      }
      it->second = leaf;
    }
  }

  // Events without written constraints happen during the slot of the work
  // of their first reveal point (the earliest released; ties: first listed).
  for (const Event& e : u.events) {
    if (!ValidPoint(u, e.time) || !u.points[e.time].constraints.empty()) continue;
    const RevealPoint* first = nullptr;
    for (const RevealPoint& r : e.revealed) {
      if (r.work >= nworks) continue;
      if (first == nullptr || RevealRank(u, r) < RevealRank(u, *first)) first = &r;
    }
    if (first == nullptr) continue;
    TimeConstraint c;
    c.kind = Kind::kDuring;
    c.anchor_kind = TimeConstraint::AnchorKind::kWork;
    c.work = first->work;
    c.implicit = true;
    c.loc = e.loc;
    u.points[e.time].constraints.push_back(c);
  }

  // An appearance placed by a point of its own without written constraints
  // happens during the slot of the work it is in (as when it has no point).
  for (const Appearance& a : u.appearances) {
    if (!ValidPoint(u, a.time) || !u.points[a.time].constraints.empty()) continue;
    if (a.at.work >= nworks) continue;
    TimeConstraint c;
    c.kind = Kind::kDuring;
    c.anchor_kind = TimeConstraint::AnchorKind::kWork;
    c.work = a.at.work;
    c.implicit = true;
    c.loc = a.loc;
    u.points[a.time].constraints.push_back(c);
  }

  // A fact ends strictly after it starts (strict: a fact that ends where it
  // starts would never hold; that is E0503, not a silent no-op).
  for (const Fact& f : u.facts) {
    if (ValidPoint(u, f.start) && ValidPoint(u, f.end)) {
      add(f.end, PointConstraint(Kind::kAfter, f.start, f.loc));
    }
  }

  // A knowledge point of its own without written constraints: at the time
  // of what is known (the language's default for `from`).
  for (KnowledgeId k = 0; k < u.knowledge.size(); ++k) {
    const Knowledge& kn = u.knowledge[k];
    if (!ValidPoint(u, kn.from)) continue;
    const TimePoint& tp = u.points[kn.from];
    if (tp.owner != TimePoint::Owner::kKnowledge || tp.owner_id != k || !tp.constraints.empty()) {
      continue;
    }
    PointId target = kNone;
    if (kn.target_kind == Knowledge::TargetKind::kEvent && kn.target < u.events.size()) {
      target = u.events[kn.target].time;
    } else if (kn.target_kind == Knowledge::TargetKind::kFact && kn.target < u.facts.size()) {
      target = u.facts[kn.target].start;
    }
    if (ValidPoint(u, target) && target != kn.from) {
      add(kn.from, PointConstraint(Kind::kSame, target, kn.loc));
    }
  }
}

}  // namespace canon::time_internal
