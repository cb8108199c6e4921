// Viewer visibility, per-entity indexes and name resolution (see view.h).
#include "query/view.h"

#include <algorithm>
#include <bit>

#include "base/strings.h"
#include "query/format.h"

namespace canon {

RevealKey KeyOf(const Universe& u, const RevealPoint& p) {
  if (p.work >= u.works.size()) return {};
  const Work& w = u.works[p.work];
  if (!w.is_leaf()) {
    if (w.end_leaf_rank == kNone || w.end_leaf_rank == 0) return {};
    return {w.end_leaf_rank - 1, 0xff, 0};
  }
  if (p.position_kind == RevealPoint::PositionKind::kNone) return {w.release_rank, 0xff, 0};
  return {w.release_rank, static_cast<uint8_t>(p.position_kind), p.position};
}

// ---------------------------------------------------------------- plan

ViewPlan::ViewPlan(const Universe& u) : ViewPlan(u, ColumnsOnly{}) {
  entity_lists_ = true;
  // Per-entity lists (see View::BuildIndexes for what belongs in each).
  const size_t n = entities_;
  auto build_csr = [n](std::vector<uint32_t>& offsets, std::vector<uint32_t>& items, size_t count,
                       auto&& each_entity) {
    offsets.assign(n + 1, 0);
    for (uint32_t i = 0; i < count; ++i) each_entity(i, [&](EntityId e) { ++offsets[e + 1]; });
    for (size_t e = 0; e < n; ++e) offsets[e + 1] += offsets[e];
    items.assign(offsets[n], 0);
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t i = 0; i < count; ++i) each_entity(i, [&](EntityId e) { items[fill[e]++] = i; });
  };
  build_csr(entity_fact_offsets_, entity_facts_, facts_n_, [&](FactId f, auto&& add) {
    const FactCol& c = facts_[f];
    if (c.subject < n) add(c.subject);
    if (c.object < n && c.object != c.subject) add(c.object);
  });
  build_csr(entity_event_offsets_, entity_events_, events_, [&](EventId e, auto&& add) {
    for (uint32_t i = role_offsets_[e]; i < role_offsets_[e + 1]; ++i) add(role_entities_[i]);
  });
  build_csr(entity_appearance_offsets_, entity_appearances_, appearances_,
            [&](AppearanceId a, auto&& add) {
              if (appearances_at_[a].entity < n) add(appearances_at_[a].entity);
            });
  for (size_t e = 0; e < n; ++e) {
    auto first = entity_appearances_.begin() + entity_appearance_offsets_[e];
    auto last = entity_appearances_.begin() + entity_appearance_offsets_[e + 1];
    std::stable_sort(first, last, [&](AppearanceId x, AppearanceId y) {
      return appearance_keys_[x] < appearance_keys_[y];
    });
  }
}

ViewPlan::ViewPlan(const Universe& u, ColumnsOnly)
    : u_(&u),
      works_(u.works.size()),
      facts_n_(u.facts.size()),
      entities_(u.entities.size()),
      events_(u.events.size()),
      appearances_(u.appearances.size()),
      knowledge_(u.knowledge.size()),
      alias_pred_(u.FindPredicate("alias")),
      played_by_pred_(u.FindPredicate("played_by")) {
  work_keys_.resize(works_);
  for (WorkId w = 0; w < works_; ++w) {
    const Work& work = u.works[w];
    WorkKey& k = work_keys_[w];
    k.leaf = work.is_leaf();
    if (k.leaf) {
      k.rank = work.release_rank;
    } else if (work.end_leaf_rank != kNone && work.end_leaf_rank != 0) {
      k.rank = work.end_leaf_rank - 1;
    }
  }
  facts_.resize(facts_n_);
  for (FactId f = 0; f < facts_n_; ++f) {
    const Fact& fact = u.facts[f];
    FactCol& c = facts_[f];
    c.subject = fact.subject;
    const bool object_is_entity = fact.object.kind == ValueKind::kEntity;
    if (object_is_entity) c.object = fact.object.entity;
    if (fact.revealed.empty()) {
      c.leaf = kNoReveals;
      implicit_.push_back({f, object_is_entity, fact.predicate == played_by_pred_});
    } else if (fact.revealed.size() == 1) {
      // Simple when the point is inside a horizon exactly when its leaf is
      // held whole, and KeyOf / the point itself can be rebuilt from the
      // rank alone: {rank, end of leaf} and {release_order[rank], none, 0}.
      const RevealPoint& p = fact.revealed.front();
      if (p.work < works_ && work_keys_[p.work].leaf &&
          p.position_kind == RevealPoint::PositionKind::kNone && p.position == 0) {
        const uint32_t rank = work_keys_[p.work].rank;
        if (rank < u.release_order.size() && u.release_order[rank] == p.work) c.leaf = rank;
      }
    }
    if (!fact.overturned.empty() || fact.started_by != kNone) overturnable_.push_back(f);
  }
  for (EntityId e = 0; e < entities_; ++e) {
    for (const RevealPoint& p : u.entities[e].introduced) introductions_.push_back({e, p});
  }
  appearances_at_.reserve(appearances_);
  appearance_keys_.reserve(appearances_);
  for (const Appearance& ap : u.appearances) {
    appearances_at_.push_back({ap.entity, ap.at});
    appearance_keys_.push_back(Key(ap.at));
  }
  role_offsets_.reserve(events_ + 1);
  role_offsets_.push_back(0);
  for (const Event& ev : u.events) {
    const size_t begin = role_entities_.size();
    for (const Role& r : ev.roles) {
      if (r.entity < entities_ && std::find(role_entities_.begin() + begin, role_entities_.end(),
                                            r.entity) == role_entities_.end()) {
        role_entities_.push_back(r.entity);
      }
    }
    role_offsets_.push_back(static_cast<uint32_t>(role_entities_.size()));
  }
}

bool ViewPlan::Matches(const Universe& u) const {
  return u_ == &u && works_ == u.works.size() && facts_n_ == u.facts.size() &&
         entities_ == u.entities.size() && events_ == u.events.size() &&
         appearances_ == u.appearances.size() && knowledge_ == u.knowledge.size();
}

RevealKey ViewPlan::Key(const RevealPoint& p) const {
  if (p.work >= work_keys_.size()) return {};
  const WorkKey& k = work_keys_[p.work];
  if (!k.leaf) {
    if (k.rank == kNone) return {};
    return {k.rank, 0xff, 0};
  }
  if (p.position_kind == RevealPoint::PositionKind::kNone) return {k.rank, 0xff, 0};
  return {k.rank, static_cast<uint8_t>(p.position_kind), p.position};
}

// ---------------------------------------------------------------- view

View::View(const Universe& u, const Horizon& h) : View(u, h, nullptr) {}

View::View(const Universe& u, const Horizon& h, const ViewPlan* plan) : u_(u), h_(h) {
  // Reserved whole: only the pages written to are ever touched.
  std::vector<FactId> visible_facts;
  visible_facts.reserve(u.facts.size());
  if (plan != nullptr && plan->Matches(u)) {
    ComputeFast(*plan, visible_facts);
    BuildIndexesFast(*plan, visible_facts);
    return;
  }
  const ViewPlan own(u, ViewPlan::ColumnsOnly{});
  ComputeFast(own, visible_facts);
  BuildIndexesFast(own, visible_facts);
}

View::View(const Universe& u, const Horizon& h, ReferencePath) : u_(u), h_(h) {
  Compute();
  BuildIndexes();
}

bool View::AnyInHorizon(const std::vector<RevealPoint>& ps) const {
  for (const RevealPoint& p : ps) {
    if (h_.Contains(p)) return true;
  }
  return false;
}

// A visible fact is overturned for the viewer when one of its own overturn
// points is in the horizon, or the event that started it is overturned.
void View::MarkOverturnedIfSo(FactId f) {
  if (!(fact_flags_[f] & kVisible)) return;
  const Fact& fact = u_.facts[f];
  if (AnyInHorizon(fact.overturned) ||
      (fact.started_by < event_flags_.size() && (event_flags_[fact.started_by] & kOverturned))) {
    fact_flags_[f] |= kOverturned;
  }
}

void View::Touch(EntityId e, const RevealKey& key, const RevealPoint& p) {
  if (e >= entity_visible_.size()) return;
  entity_visible_[e] = 1;
  if (key.valid() && (!entity_key_[e].valid() || key < entity_key_[e])) {
    entity_key_[e] = key;
    entity_first_[e] = p;
  }
}

namespace {

// The first (by RevealKey) of the points inside the horizon.
std::pair<RevealKey, RevealPoint> FirstInHorizon(const Universe& u, const Horizon& h,
                                                 const std::vector<RevealPoint>& ps) {
  std::pair<RevealKey, RevealPoint> best;
  for (const RevealPoint& p : ps) {
    if (!h.Contains(p)) continue;
    RevealKey k = KeyOf(u, p);
    if (!best.first.valid() || k < best.first) best = {k, p};
  }
  return best;
}

// FirstInHorizon with the plan's keys.
std::pair<RevealKey, RevealPoint> FirstInHorizon(const ViewPlan& plan, const Horizon& h,
                                                 const std::vector<RevealPoint>& ps) {
  std::pair<RevealKey, RevealPoint> best;
  for (const RevealPoint& p : ps) {
    if (!h.Contains(p)) continue;
    RevealKey k = plan.Key(p);
    if (!best.first.valid() || k < best.first) best = {k, p};
  }
  return best;
}

std::vector<RevealPoint> PointsInHorizon(const Horizon& h, const std::vector<RevealPoint>& ps) {
  std::vector<RevealPoint> out;
  for (const RevealPoint& p : ps) {
    if (h.Contains(p) && std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

}  // namespace

void View::Compute() {
  alias_pred_ = u_.FindPredicate("alias");
  played_by_pred_ = u_.FindPredicate("played_by");
  fact_flags_.assign(u_.facts.size(), 0);
  event_flags_.assign(u_.events.size(), 0);
  entity_visible_.assign(u_.entities.size(), 0);
  knowledge_visible_.assign(u_.knowledge.size(), 0);
  appearance_visible_.assign(u_.appearances.size(), 0);
  entity_key_.assign(u_.entities.size(), RevealKey{});
  entity_first_.assign(u_.entities.size(), RevealPoint{});

  // 1. Introductions.
  for (EntityId e = 0; e < u_.entities.size(); ++e) {
    for (const RevealPoint& p : u_.entities[e].introduced) {
      if (h_.Contains(p)) Touch(e, KeyOf(u_, p), p);
    }
  }
  // 1b. Appearances: visible at their point, and they show their entity.
  for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
    const Appearance& ap = u_.appearances[a];
    if (!h_.Contains(ap.at)) continue;
    appearance_visible_[a] = 1;
    Touch(ap.entity, KeyOf(u_, ap.at), ap.at);
  }
  // 2. Events, and everyone in a role of a visible one.
  for (EventId e = 0; e < u_.events.size(); ++e) {
    const Event& ev = u_.events[e];
    auto [key, point] = FirstInHorizon(u_, h_, ev.revealed);
    if (!key.valid()) continue;
    event_flags_[e] |= kVisible;
    if (AnyInHorizon(ev.overturned)) event_flags_[e] |= kOverturned;
    for (const Role& r : ev.roles) Touch(r.entity, key, point);
  }
  // 3. Facts with reveal points of their own; they introduce their subject
  // and entity object.
  for (FactId f = 0; f < u_.facts.size(); ++f) {
    const Fact& fact = u_.facts[f];
    if (fact.revealed.empty()) continue;
    auto [key, point] = FirstInHorizon(u_, h_, fact.revealed);
    if (!key.valid()) continue;
    fact_flags_[f] |= kVisible;
    Touch(fact.subject, key, point);
    if (fact.object.kind == ValueKind::kEntity) Touch(fact.object.entity, key, point);
  }
  // 4. Facts revealed with their entity. played_by first: it introduces the
  // person, whose own nested facts come next.
  auto subject_visible = [&](const Fact& fact) {
    return fact.subject < entity_visible_.size() && entity_visible_[fact.subject] != 0;
  };
  if (played_by_pred_ != kNone) {
    for (FactId f = 0; f < u_.facts.size(); ++f) {
      const Fact& fact = u_.facts[f];
      if (!fact.revealed.empty() || fact.predicate != played_by_pred_) continue;
      if (!subject_visible(fact)) continue;
      fact_flags_[f] |= kVisible | kImplicit;
      if (fact.object.kind == ValueKind::kEntity) {
        Touch(fact.object.entity, entity_key_[fact.subject], entity_first_[fact.subject]);
      }
    }
  }
  for (FactId f = 0; f < u_.facts.size(); ++f) {
    const Fact& fact = u_.facts[f];
    if (!fact.revealed.empty() || (fact_flags_[f] & kVisible)) continue;
    if (!subject_visible(fact)) continue;
    if (fact.object.kind == ValueKind::kEntity &&
        (fact.object.entity >= entity_visible_.size() || !entity_visible_[fact.object.entity])) {
      continue;  // would name an entity the viewer has not met
    }
    fact_flags_[f] |= kVisible | kImplicit;
  }
  // 5. Overturns: the fact's own, or the event that started it.
  for (FactId f = 0; f < u_.facts.size(); ++f) {
    MarkOverturnedIfSo(f);
  }
  // 6. Knowledge.
  ComputeKnowledge();
}

void View::ComputeKnowledge() {
  for (KnowledgeId k = 0; k < u_.knowledge.size(); ++k) {
    const Knowledge& kn = u_.knowledge[k];
    bool target_visible = false;
    if (kn.target_kind == Knowledge::TargetKind::kFact) {
      target_visible = kn.target < fact_flags_.size() && (fact_flags_[kn.target] & kVisible);
    } else {
      target_visible = kn.target < event_flags_.size() && (event_flags_[kn.target] & kVisible);
    }
    const bool who_visible = kn.who < entity_visible_.size() && entity_visible_[kn.who];
    const bool own = kn.revealed.empty() || AnyInHorizon(kn.revealed);
    if (target_visible && who_visible && own) knowledge_visible_[k] = 1;
  }
}

// Same steps, in the same order (so ties in entity_first_ resolve the
// same way), as Compute(); only where the data comes from differs.
void View::ComputeFast(const ViewPlan& plan, std::vector<FactId>& visible_facts) {
  alias_pred_ = plan.alias_pred_;
  played_by_pred_ = plan.played_by_pred_;
  const size_t n = u_.entities.size();
  fact_flags_.assign(u_.facts.size(), 0);
  event_flags_.assign(u_.events.size(), 0);
  entity_visible_.assign(n, 0);
  knowledge_visible_.assign(u_.knowledge.size(), 0);
  appearance_visible_.assign(u_.appearances.size(), 0);
  entity_key_.assign(n, RevealKey{});
  entity_first_.assign(n, RevealPoint{});

  // 1. Introductions.
  for (const ViewPlan::Placed& in : plan.introductions_) {
    if (h_.Contains(in.at)) Touch(in.entity, plan.Key(in.at), in.at);
  }
  // 1b. Appearances.
  for (AppearanceId a = 0; a < plan.appearances_at_.size(); ++a) {
    const ViewPlan::Placed& ap = plan.appearances_at_[a];
    if (!h_.Contains(ap.at)) continue;
    appearance_visible_[a] = 1;
    Touch(ap.entity, plan.appearance_keys_[a], ap.at);
  }
  // 2. Events (roles deduplicated: a repeated Touch with the same key and
  // point changes nothing).
  for (EventId e = 0; e < u_.events.size(); ++e) {
    const Event& ev = u_.events[e];
    auto [key, point] = FirstInHorizon(plan, h_, ev.revealed);
    if (!key.valid()) continue;
    event_flags_[e] |= kVisible;
    if (AnyInHorizon(ev.overturned)) event_flags_[e] |= kOverturned;
    for (uint32_t i = plan.role_offsets_[e]; i < plan.role_offsets_[e + 1]; ++i) {
      Touch(plan.role_entities_[i], key, point);
    }
  }
  // 3. Facts with reveal points: a simple fact is one bit test on the
  // horizon's leaf set; the rest take the exact path.
  const LeafSet& leaves = h_.leaves();
  const std::vector<WorkId>& release_order = u_.release_order;
  for (FactId f = 0; f < plan.facts_.size(); ++f) {
    const ViewPlan::FactCol& c = plan.facts_[f];
    if (c.leaf < ViewPlan::kComplex) {
      if (!leaves.Test(c.leaf)) continue;
      fact_flags_[f] |= kVisible;
      visible_facts.push_back(f);
      // Touch() with key {leaf, end of leaf}: that key is below an
      // entity's key exactly when its rank is (an invalid key has rank
      // kNone, above every leaf rank).
      for (EntityId e : {c.subject, c.object}) {
        if (e >= n) continue;
        entity_visible_[e] = 1;
        if (c.leaf < entity_key_[e].rank) {
          entity_key_[e] = RevealKey{c.leaf, 0xff, 0};
          entity_first_[e] =
              RevealPoint{release_order[c.leaf], RevealPoint::PositionKind::kNone, 0};
        }
      }
    } else if (c.leaf == ViewPlan::kComplex) {
      auto [key, point] = FirstInHorizon(plan, h_, u_.facts[f].revealed);
      if (!key.valid()) continue;
      fact_flags_[f] |= kVisible;
      visible_facts.push_back(f);
      Touch(c.subject, key, point);
      Touch(c.object, key, point);
    }
  }
  // 4. Facts revealed with their entity, played_by first. Their ids go
  // after the others in `visible_facts`, then merge in.
  const size_t revealed_visible = visible_facts.size();
  auto visible = [&](EntityId e) { return e < n && entity_visible_[e] != 0; };
  if (played_by_pred_ != kNone) {
    for (const ViewPlan::Implicit& im : plan.implicit_) {
      if (!im.played_by) continue;
      const ViewPlan::FactCol& c = plan.facts_[im.fact];
      if (!visible(c.subject)) continue;
      fact_flags_[im.fact] |= kVisible | kImplicit;
      visible_facts.push_back(im.fact);
      if (im.object_is_entity) Touch(c.object, entity_key_[c.subject], entity_first_[c.subject]);
    }
  }
  for (const ViewPlan::Implicit& im : plan.implicit_) {
    if (fact_flags_[im.fact] & kVisible) continue;
    const ViewPlan::FactCol& c = plan.facts_[im.fact];
    if (!visible(c.subject)) continue;
    if (im.object_is_entity && !visible(c.object)) continue;
    fact_flags_[im.fact] |= kVisible | kImplicit;
    visible_facts.push_back(im.fact);
  }
  if (visible_facts.size() > revealed_visible) {
    // Two sorted runs among the implicit ones (played_by first, then the
    // rest), after the sorted revealed ones.
    auto mid = visible_facts.begin() + static_cast<std::ptrdiff_t>(revealed_visible);
    std::sort(mid, visible_facts.end());
    std::inplace_merge(visible_facts.begin(), mid, visible_facts.end());
  }
  // 5. Overturns: only facts with overturn points or a starting event can be.
  for (FactId f : plan.overturnable_) {
    MarkOverturnedIfSo(f);
  }
  // 6. Knowledge.
  ComputeKnowledge();
}

namespace {

// Filters a plan's per-entity CSR lists down to the ids `keep` accepts,
// keeping their order. Sized for the worst case, then trimmed.
template <typename Keep>
void FilterCsr(const std::vector<uint32_t>& in_offsets, const std::vector<uint32_t>& in_items,
               Keep keep, std::vector<uint32_t>& offsets, std::vector<uint32_t>& items) {
  const size_t n = in_offsets.size() - 1;
  offsets.resize(n + 1);
  items.resize(in_items.size());
  uint32_t out = 0;
  offsets[0] = 0;
  for (size_t e = 0; e < n; ++e) {
    for (uint32_t i = in_offsets[e]; i < in_offsets[e + 1]; ++i) {
      const uint32_t id = in_items[i];
      items[out] = id;
      out += keep(id) ? 1 : 0;
    }
    offsets[e + 1] = out;
  }
  items.resize(out);
  if (items.capacity() > 2 * items.size() + 1024) items.shrink_to_fit();
}

}  // namespace

void View::BuildIndexesFast(const ViewPlan& plan, const std::vector<FactId>& visible_facts) {
  const size_t n = u_.entities.size();
  // Fills a CSR over entities from ids in ascending order; `each_entity(id,
  // add)` calls add(e) for every entity (< n) the id is listed under.
  auto fill_csr = [n](std::vector<uint32_t>& offsets, std::vector<uint32_t>& items, auto&& ids,
                      auto&& each_entity) {
    offsets.assign(n + 1, 0);
    for (uint32_t id : ids) each_entity(id, [&](EntityId e) { ++offsets[e + 1]; });
    for (size_t e = 0; e < n; ++e) offsets[e + 1] += offsets[e];
    items.assign(offsets[n], 0);
    std::vector<uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t id : ids) each_entity(id, [&](EntityId e) { items[fill[e]++] = id; });
  };

  // Facts: filter the plan's lists when a good part of them survives (one
  // sequential pass), else scatter the few visible facts.
  if (plan.entity_lists_ && visible_facts.size() * 4 >= plan.entity_facts_.size()) {
    FilterCsr(
        plan.entity_fact_offsets_, plan.entity_facts_,
        [&](FactId f) { return (fact_flags_[f] & kVisible) != 0; }, fact_offsets_, fact_index_);
  } else {
    fill_csr(fact_offsets_, fact_index_, visible_facts, [&](FactId f, auto&& add) {
      const ViewPlan::FactCol& c = plan.facts_[f];
      if (c.subject < n) add(c.subject);
      if (c.object < n && c.object != c.subject) add(c.object);
    });
  }

  if (plan.entity_lists_) {
    FilterCsr(
        plan.entity_event_offsets_, plan.entity_events_,
        [&](EventId e) { return (event_flags_[e] & kVisible) != 0; }, event_offsets_, event_index_);
    FilterCsr(
        plan.entity_appearance_offsets_, plan.entity_appearances_,
        [&](AppearanceId a) { return appearance_visible_[a] != 0; }, appearance_offsets_,
        appearance_index_);
    return;
  }
  std::vector<uint32_t> ids;
  for (EventId e = 0; e < u_.events.size(); ++e) {
    if (EventVisible(e)) ids.push_back(e);
  }
  fill_csr(event_offsets_, event_index_, ids, [&](EventId e, auto&& add) {
    for (uint32_t i = plan.role_offsets_[e]; i < plan.role_offsets_[e + 1]; ++i) {
      add(plan.role_entities_[i]);
    }
  });
  ids.clear();
  for (AppearanceId a = 0; a < plan.appearances_at_.size(); ++a) {
    if (appearance_visible_[a]) ids.push_back(a);
  }
  fill_csr(appearance_offsets_, appearance_index_, ids, [&](AppearanceId a, auto&& add) {
    if (plan.appearances_at_[a].entity < n) add(plan.appearances_at_[a].entity);
  });
  // Each entity's run in reveal order.
  const std::vector<RevealKey>& keys = plan.appearance_keys_;
  for (size_t e = 0; e < n; ++e) {
    auto first = appearance_index_.begin() + appearance_offsets_[e];
    auto last = appearance_index_.begin() + appearance_offsets_[e + 1];
    if (last - first < 2) continue;
    std::stable_sort(first, last,
                     [&](AppearanceId x, AppearanceId y) { return keys[x] < keys[y]; });
  }
}

void View::BuildIndexes() {
  const size_t n = u_.entities.size();
  fact_offsets_.assign(n + 1, 0);
  event_offsets_.assign(n + 1, 0);
  auto object_of = [&](const Fact& f) -> EntityId {
    if (f.object.kind != ValueKind::kEntity || f.object.entity >= n ||
        f.object.entity == f.subject) {
      return kNone;
    }
    return f.object.entity;
  };
  for (FactId f = 0; f < u_.facts.size(); ++f) {
    if (!FactVisible(f)) continue;
    const Fact& fact = u_.facts[f];
    if (fact.subject < n) ++fact_offsets_[fact.subject + 1];
    if (EntityId o = object_of(fact); o != kNone) ++fact_offsets_[o + 1];
  }
  for (size_t i = 0; i < n; ++i) fact_offsets_[i + 1] += fact_offsets_[i];
  fact_index_.assign(fact_offsets_[n], 0);
  std::vector<uint32_t> fill(fact_offsets_.begin(), fact_offsets_.end() - 1);
  for (FactId f = 0; f < u_.facts.size(); ++f) {
    if (!FactVisible(f)) continue;
    const Fact& fact = u_.facts[f];
    if (fact.subject < n) fact_index_[fill[fact.subject]++] = f;
    if (EntityId o = object_of(fact); o != kNone) fact_index_[fill[o]++] = f;
  }

  // Events: each entity once per event even when it holds several roles.
  auto roles_of = [&](EventId e) {
    std::vector<EntityId> out;
    for (const Role& r : u_.events[e].roles) {
      if (r.entity < n && std::find(out.begin(), out.end(), r.entity) == out.end()) {
        out.push_back(r.entity);
      }
    }
    return out;
  };
  for (EventId e = 0; e < u_.events.size(); ++e) {
    if (!EventVisible(e)) continue;
    for (EntityId x : roles_of(e)) ++event_offsets_[x + 1];
  }
  for (size_t i = 0; i < n; ++i) event_offsets_[i + 1] += event_offsets_[i];
  event_index_.assign(event_offsets_[n], 0);
  fill.assign(event_offsets_.begin(), event_offsets_.end() - 1);
  for (EventId e = 0; e < u_.events.size(); ++e) {
    if (!EventVisible(e)) continue;
    for (EntityId x : roles_of(e)) event_index_[fill[x]++] = e;
  }

  // Appearances, each entity's run sorted by reveal order.
  appearance_offsets_.assign(n + 1, 0);
  for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
    if (AppearanceVisible(a) && u_.appearances[a].entity < n) {
      ++appearance_offsets_[u_.appearances[a].entity + 1];
    }
  }
  for (size_t i = 0; i < n; ++i) appearance_offsets_[i + 1] += appearance_offsets_[i];
  appearance_index_.assign(appearance_offsets_[n], 0);
  fill.assign(appearance_offsets_.begin(), appearance_offsets_.end() - 1);
  for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
    if (AppearanceVisible(a) && u_.appearances[a].entity < n) {
      appearance_index_[fill[u_.appearances[a].entity]++] = a;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    auto first = appearance_index_.begin() + appearance_offsets_[i];
    auto last = appearance_index_.begin() + appearance_offsets_[i + 1];
    if (last - first < 2) continue;
    std::stable_sort(first, last, [&](AppearanceId x, AppearanceId y) {
      return KeyOf(u_, u_.appearances[x].at) < KeyOf(u_, u_.appearances[y].at);
    });
  }
}

PointId View::FactStart(FactId f) const {
  const Fact& fact = u_.facts[f];
  if (fact.start == kNone) return kNone;
  // A start set by an event the viewer has not seen is unknown to them. (An
  // event they know was overturned keeps its place: the fact it started is
  // overturned with it, see Compute().)
  if (fact.started_by != kNone &&
      (fact.started_by >= u_.events.size() || !EventVisible(fact.started_by))) {
    return kNone;
  }
  return fact.start;
}

PointId View::FactEnd(FactId f) const {
  const Fact& fact = u_.facts[f];
  if (fact.end == kNone) return kNone;
  if (fact.ended_by != kNone &&
      (fact.ended_by >= u_.events.size() || !EventVisible(fact.ended_by) ||
       EventOverturnedForViewer(fact.ended_by))) {
    return kNone;
  }
  return fact.end;
}

std::vector<RevealPoint> View::FactReveals(FactId f) const {
  if (!FactVisible(f)) return {};
  const Fact& fact = u_.facts[f];
  if (fact.revealed.empty()) {
    const RevealPoint& p = entity_first_[fact.subject];
    if (p.work == kNone) return {};
    return {p};
  }
  return PointsInHorizon(h_, fact.revealed);
}

std::vector<RevealPoint> View::FactOverturns(FactId f) const {
  if (!FactVisible(f)) return {};
  const Fact& fact = u_.facts[f];
  std::vector<RevealPoint> out = PointsInHorizon(h_, fact.overturned);
  if (out.empty() && FactOverturnedForViewer(f) && fact.started_by != kNone) {
    return EventOverturns(fact.started_by);
  }
  return out;
}

std::vector<RevealPoint> View::EventReveals(EventId e) const {
  if (!EventVisible(e)) return {};
  return PointsInHorizon(h_, u_.events[e].revealed);
}

std::vector<RevealPoint> View::EventOverturns(EventId e) const {
  if (!EventVisible(e)) return {};
  return PointsInHorizon(h_, u_.events[e].overturned);
}

std::vector<RevealPoint> View::KnowledgeReveals(KnowledgeId k) const {
  if (!KnowledgeVisible(k)) return {};
  const Knowledge& kn = u_.knowledge[k];
  if (!kn.revealed.empty()) return PointsInHorizon(h_, kn.revealed);
  return kn.target_kind == Knowledge::TargetKind::kFact ? FactReveals(kn.target)
                                                        : EventReveals(kn.target);
}

RevealKey View::FactRevealKey(FactId f) const {
  if (!FactVisible(f)) return {};
  const Fact& fact = u_.facts[f];
  if (fact.revealed.empty()) return entity_key_[fact.subject];
  return FirstInHorizon(u_, h_, fact.revealed).first;
}

RevealKey View::EventRevealKey(EventId e) const {
  if (!EventVisible(e)) return {};
  return FirstInHorizon(u_, h_, u_.events[e].revealed).first;
}

std::span<const FactId> View::FactsOf(EntityId e) const {
  if (e >= u_.entities.size()) return {};
  return {fact_index_.data() + fact_offsets_[e], fact_offsets_[e + 1] - fact_offsets_[e]};
}

std::span<const EventId> View::EventsOf(EntityId e) const {
  if (e >= u_.entities.size()) return {};
  return {event_index_.data() + event_offsets_[e], event_offsets_[e + 1] - event_offsets_[e]};
}

std::span<const AppearanceId> View::AppearancesOf(EntityId e) const {
  if (e >= u_.entities.size()) return {};
  return {appearance_index_.data() + appearance_offsets_[e],
          appearance_offsets_[e + 1] - appearance_offsets_[e]};
}

std::vector<EntityId> View::Counterparts(EntityId e) const {
  std::vector<EntityId> out;
  for (const auto& [a, b] : u_.counterparts) {
    EntityId other = a == e ? b : (b == e ? a : kNone);
    if (other == kNone || other >= u_.entities.size() || !EntityVisible(other)) continue;
    if (std::find(out.begin(), out.end(), other) == out.end()) out.push_back(other);
  }
  return out;
}

std::vector<FactId> View::AliasFacts(EntityId e) const {
  std::vector<FactId> out;
  if (alias_pred_ == kNone) return out;
  for (FactId f : FactsOf(e)) {
    if (u_.facts[f].predicate == alias_pred_ && u_.facts[f].subject == e) out.push_back(f);
  }
  return out;
}

void View::UseIndex(const FactIndex* ix) {
  index_ = ix;
  index_mask_ = HorizonMask();
  if (ix == nullptr) return;
  const uint32_t leaves = static_cast<uint32_t>(u_.release_order.size());
  index_mask_ = HorizonMask::Empty(leaves);
  for (uint32_t r = 0; r < leaves; ++r) {
    if (h_.ContainsLeafRank(r)) index_mask_.SetLeaf(r);
  }
  for (const Horizon::PartialLeaf& p : h_.partial()) {
    index_mask_.AddPartial(p.rank, p.kind, p.position);
  }
  index_mask_.Finalize();
}

bool View::time_resolved() const {
  return u_.time.resolved && u_.time.rank.size() == u_.points.size();
}

uint32_t View::Rank(PointId p) const {
  if (!time_resolved() || p >= u_.time.rank.size()) return 0;
  return u_.time.rank[p];
}

const std::vector<PointId>& View::VisiblePoints() const {
  std::call_once(points_once_, [this] {
    // Linear time: a bitmap over points dedupes, a bitmap over ranks with
    // per-word prefix counts gives dense viewer ranks without sorting.
    std::vector<uint64_t> seen((u_.points.size() + 63) / 64, 0);
    auto add = [&](PointId p) {
      if (p == kNone || p >= u_.points.size()) return;
      uint64_t& word = seen[p >> 6];
      const uint64_t bit = uint64_t{1} << (p & 63);
      if (word & bit) return;
      word |= bit;
      visible_points_.push_back(p);
    };
    for (EventId e = 0; e < u_.events.size(); ++e) {
      if (EventVisible(e)) add(u_.events[e].time);
    }
    for (FactId f = 0; f < u_.facts.size(); ++f) {
      if (!FactVisible(f)) continue;
      add(FactStart(f));
      add(FactEnd(f));
    }
    for (KnowledgeId k = 0; k < u_.knowledge.size(); ++k) {
      if (KnowledgeVisible(k)) add(u_.knowledge[k].from);
    }
    for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
      if (AppearanceVisible(a)) add(u_.appearances[a].time);
    }
    for (WorkId w = 0; w < u_.works.size(); ++w) {
      if (!h_.TouchesWork(w)) continue;
      add(u_.works[w].slot_start);
      add(u_.works[w].slot_end);
    }
    std::sort(visible_points_.begin(), visible_points_.end());
    uint32_t max_rank = 0;
    for (PointId p : visible_points_) max_rank = std::max(max_rank, Rank(p));
    rank_bits_.assign(visible_points_.empty() ? 0 : max_rank / 64 + 1, 0);
    for (PointId p : visible_points_) {
      const uint32_t r = Rank(p);
      rank_bits_[r >> 6] |= uint64_t{1} << (r & 63);
    }
    rank_prefix_.assign(rank_bits_.size() + 1, 0);
    for (size_t i = 0; i < rank_bits_.size(); ++i) {
      rank_prefix_[i + 1] = rank_prefix_[i] + static_cast<uint32_t>(std::popcount(rank_bits_[i]));
    }
  });
  return visible_points_;
}

uint32_t View::ViewerRank(PointId p) const {
  VisiblePoints();
  const uint32_t r = Rank(p);
  const size_t word = r >> 6;
  if (word >= rank_bits_.size()) return rank_prefix_.empty() ? 0 : rank_prefix_.back();
  const uint64_t below = rank_bits_[word] & ((uint64_t{1} << (r & 63)) - 1);
  return rank_prefix_[word] + static_cast<uint32_t>(std::popcount(below));
}

// ---------------------------------------------------------------- names

namespace {

std::string_view TrimName(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

template <typename T>
void AddUnique(std::vector<T>& v, T x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

Result<EntityId> ResolveEntity(const View& v, std::string_view raw) {
  const Universe& u = v.universe();
  std::string_view name = TrimName(raw);
  if (name.empty()) return Status::InvalidArgument("empty entity name");
  // Tiers: 0 qualified id, 1 id, 2 display name, 3 alias.
  std::vector<EntityId> tiers[4];
  const bool qualified = name.find(':') != std::string_view::npos;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (!v.EntityVisible(e)) continue;
    const Entity& ent = u.entities[e];
    if (qualified) {
      if (EqualsIgnoreCase(u.QualifiedId(e), name)) AddUnique(tiers[0], e);
      continue;
    }
    if (EqualsIgnoreCase(ent.id, name)) AddUnique(tiers[1], e);
    if (EqualsIgnoreCase(ent.name, name)) AddUnique(tiers[2], e);
  }
  if (!qualified && tiers[1].empty() && tiers[2].empty() && v.alias_predicate() != kNone) {
    for (FactId f = 0; f < u.facts.size(); ++f) {
      const Fact& fact = u.facts[f];
      if (fact.predicate != v.alias_predicate() || !v.FactVisible(f)) continue;
      if (EqualsIgnoreCase(fact.object.text, name)) AddUnique(tiers[3], fact.subject);
    }
  }
  for (const auto& tier : tiers) {
    if (tier.empty()) continue;
    if (tier.size() == 1) return tier.front();
    std::vector<EntityId> sorted = tier;
    std::sort(sorted.begin(), sorted.end(),
              [&](EntityId a, EntityId b) { return u.QualifiedId(a) < u.QualifiedId(b); });
    std::vector<std::string> listed;
    listed.reserve(sorted.size());
    for (EntityId e : sorted) listed.push_back(u.QualifiedId(e) + " (" + EntityName(u, e) + ")");
    return Status::InvalidArgument(
        "`" + std::string(name) + "` is ambiguous: it may be " + Join(listed, ", "),
        "use a qualified id, e.g. `" + u.QualifiedId(sorted.front()) + "`");
  }
  // Unknown: suggest only what this viewer can see.
  std::vector<std::string> candidates;
  for (EntityId e = 0; e < u.entities.size(); ++e) {
    if (!v.EntityVisible(e)) continue;
    candidates.push_back(qualified ? u.QualifiedId(e) : u.entities[e].id);
    if (!qualified && !u.entities[e].name.empty()) candidates.push_back(u.entities[e].name);
  }
  if (!qualified) {
    for (EntityId e = 0; e < u.entities.size(); ++e) {
      if (!v.EntityVisible(e)) continue;
      for (FactId f : v.AliasFacts(e)) candidates.push_back(u.facts[f].object.text);
    }
  }
  std::string hint = DidYouMean(ClosestMatches(name, candidates));
  if (hint.empty()) {
    hint = "names are matched against what you have seen (--seen)";
  }
  return Status::NotFound("unknown entity `" + std::string(name) + "`", hint);
}

Result<EventId> ResolveEvent(const View& v, std::string_view raw) {
  const Universe& u = v.universe();
  std::string_view name = TrimName(raw);
  if (name.empty()) return Status::InvalidArgument("empty event name");
  auto qualified_id = [&](EventId e) {
    const Event& ev = u.events[e];
    return ev.continuity < u.continuities.size() ? u.continuities[ev.continuity].id + ":" + ev.id
                                                 : ev.id;
  };
  const bool qualified = name.find(':') != std::string_view::npos;
  std::vector<EventId> tiers[3];
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!v.EventVisible(e)) continue;
    const Event& ev = u.events[e];
    if (qualified) {
      if (EqualsIgnoreCase(qualified_id(e), name)) AddUnique(tiers[0], e);
      continue;
    }
    if (EqualsIgnoreCase(ev.id, name)) AddUnique(tiers[1], e);
    if (!ev.title.empty() && EqualsIgnoreCase(ev.title, name)) AddUnique(tiers[2], e);
  }
  for (const auto& tier : tiers) {
    if (tier.empty()) continue;
    if (tier.size() == 1) return tier.front();
    std::vector<std::string> listed;
    listed.reserve(tier.size());
    for (EventId e : tier) listed.push_back(qualified_id(e) + " (" + EventName(u, e) + ")");
    std::sort(listed.begin(), listed.end());
    return Status::InvalidArgument(
        "`" + std::string(name) + "` is ambiguous: it may be " + Join(listed, ", "),
        "use a qualified id, e.g. `" + listed.front().substr(0, listed.front().find(' ')) + "`");
  }
  std::vector<std::string> candidates;
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (!v.EventVisible(e)) continue;
    candidates.push_back(qualified ? qualified_id(e) : u.events[e].id);
    if (!qualified && !u.events[e].title.empty()) candidates.push_back(u.events[e].title);
  }
  std::string hint = DidYouMean(ClosestMatches(name, candidates));
  if (hint.empty()) hint = "names are matched against what you have seen (--seen)";
  return Status::NotFound("unknown event `" + std::string(name) + "`", hint);
}

Result<FactId> ResolveFactLabel(const View& v, std::string_view raw) {
  const Universe& u = v.universe();
  std::string_view name = TrimName(raw);
  if (name.empty()) return Status::InvalidArgument("empty fact label");
  const bool qualified = name.find(':') != std::string_view::npos;
  std::vector<FactId> found;
  std::vector<std::string> candidates;
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    if (fact.label.empty() || !v.FactVisible(f)) continue;
    std::string q = fact.continuity < u.continuities.size()
                        ? u.continuities[fact.continuity].id + ":" + fact.label
                        : fact.label;
    if (EqualsIgnoreCase(qualified ? q : fact.label, name)) found.push_back(f);
    candidates.push_back(qualified ? q : fact.label);
  }
  if (found.size() == 1) return found.front();
  if (found.size() > 1) {
    std::vector<std::string> listed;
    for (FactId f : found) {
      const Fact& fact = u.facts[f];
      listed.push_back(fact.continuity < u.continuities.size()
                           ? u.continuities[fact.continuity].id + ":" + fact.label
                           : fact.label);
    }
    std::sort(listed.begin(), listed.end());
    return Status::InvalidArgument(
        "`" + std::string(name) + "` is ambiguous: it may be " + Join(listed, ", "),
        "use a qualified label, e.g. `" + listed.front() + "`");
  }
  std::string hint = DidYouMean(ClosestMatches(name, candidates));
  if (hint.empty()) hint = "names are matched against what you have seen (--seen)";
  return Status::NotFound("unknown fact `" + std::string(name) + "`", hint);
}

}  // namespace canon
