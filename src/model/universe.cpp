// Universe lookups, release order, and the built-in predicate schema.
#include "canon/universe.h"

#include <algorithm>
#include <tuple>

#include "model/dates.h"

namespace canon {
namespace {

std::string Key(ContinuityId c, std::string_view id) {
  std::string k = std::to_string(c);
  k += '\x1f';
  k += id;
  return k;
}

template <typename Map>
uint32_t Lookup(const Map& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? kNone : it->second;
}

}  // namespace

std::string_view WorkKindName(WorkKind kind) {
  switch (kind) {
    case WorkKind::kSeries:
      return "series";
    case WorkKind::kSeason:
      return "season";
    case WorkKind::kEpisode:
      return "episode";
    case WorkKind::kScene:
      return "scene";
    case WorkKind::kComic:
      return "comic";
    case WorkKind::kVolume:
      return "volume";
    case WorkKind::kIssue:
      return "issue";
    case WorkKind::kFilm:
      return "film";
    case WorkKind::kBook:
      return "book";
    case WorkKind::kChapter:
      return "chapter";
  }
  return "work";
}

std::string_view EntityKindName(EntityKind kind) {
  switch (kind) {
    case EntityKind::kCharacter:
      return "character";
    case EntityKind::kPerson:
      return "person";
    case EntityKind::kGroup:
      return "group";
    case EntityKind::kPlace:
      return "place";
    case EntityKind::kObject:
      return "object";
  }
  return "entity";
}

ContinuityId Universe::FindContinuity(std::string_view id) const {
  return Lookup(continuity_index_, std::string(id));
}
WorkId Universe::FindWorkByPath(std::string_view path) const {
  return Lookup(work_index_, std::string(path));
}
EntityId Universe::FindEntity(ContinuityId continuity, std::string_view id) const {
  return Lookup(entity_index_, Key(continuity, id));
}
PredicateId Universe::FindPredicate(std::string_view name) const {
  return Lookup(predicate_index_, std::string(name));
}
EventId Universe::FindEvent(ContinuityId continuity, std::string_view id) const {
  return Lookup(event_index_, Key(continuity, id));
}
FactId Universe::FindFactByLabel(ContinuityId continuity, std::string_view label) const {
  return Lookup(fact_label_index_, Key(continuity, label));
}
EraId Universe::FindEra(std::string_view id) const { return Lookup(era_index_, std::string(id)); }

std::string Universe::QualifiedId(EntityId e) const {
  const Entity& ent = entities[e];
  if (ent.continuity == kNone) return ent.id;
  return continuities[ent.continuity].id + ":" + ent.id;
}

void Universe::Finalize() {
  continuity_index_.clear();
  work_index_.clear();
  entity_index_.clear();
  predicate_index_.clear();
  event_index_.clear();
  fact_label_index_.clear();
  era_index_.clear();
  for (ContinuityId i = 0; i < continuities.size(); ++i) {
    continuity_index_.emplace(continuities[i].id, i);
  }
  for (WorkId i = 0; i < works.size(); ++i) work_index_.emplace(works[i].path, i);
  for (EntityId i = 0; i < entities.size(); ++i) {
    entity_index_.emplace(Key(entities[i].continuity, entities[i].id), i);
  }
  for (PredicateId i = 0; i < predicates.size(); ++i) {
    predicate_index_.emplace(predicates[i].name, i);
  }
  for (EventId i = 0; i < events.size(); ++i) {
    event_index_.emplace(Key(events[i].continuity, events[i].id), i);
  }
  for (FactId i = 0; i < facts.size(); ++i) {
    if (!facts[i].label.empty()) {
      fact_label_index_.emplace(Key(facts[i].continuity, facts[i].label), i);
    }
  }
  for (EraId i = 0; i < eras.size(); ++i) era_index_.emplace(eras[i].id, i);

  // Release order: leaves by (earliest release day, preorder position). A
  // work without a date inherits its nearest dated ancestor's; undated
  // leaves sort after all dated ones, in tree order.
  std::vector<std::tuple<int64_t, uint32_t, WorkId>> leaves;
  uint32_t preorder = 0;
  std::vector<std::pair<WorkId, int64_t>> stack;
  for (WorkId w = static_cast<WorkId>(works.size()); w-- > 0;) {
    if (works[w].parent == kNone) stack.emplace_back(w, ResolvedTime::kPosInf);
  }
  // Roots are pushed in reverse so they pop in declaration order.
  while (!stack.empty()) {
    auto [w, inherited] = stack.back();
    stack.pop_back();
    Work& work = works[w];
    int64_t day = work.released ? EarliestDay(*this, *work.released) : inherited;
    if (work.children.empty()) {
      leaves.emplace_back(day, preorder++, w);
    } else {
      ++preorder;
      for (auto it = work.children.rbegin(); it != work.children.rend(); ++it) {
        stack.emplace_back(*it, day);
      }
    }
  }
  std::sort(leaves.begin(), leaves.end());
  release_order.clear();
  for (Work& w : works) {
    w.release_rank = kNone;
    w.first_leaf_rank = kNone;
    w.end_leaf_rank = kNone;
  }
  for (auto& [day, pre, w] : leaves) {
    works[w].release_rank = static_cast<uint32_t>(release_order.size());
    release_order.push_back(w);
  }
  // Leaf ranges: a non-leaf's leaves need not be contiguous in release order
  // (a season released in parts); first/end give the hull, and horizon code
  // that needs exactness walks the children.
  for (WorkId w : release_order) {
    uint32_t r = works[w].release_rank;
    for (WorkId a = w; a != kNone; a = works[a].parent) {
      Work& anc = works[a];
      if (anc.first_leaf_rank == kNone || r < anc.first_leaf_rank) anc.first_leaf_rank = r;
      if (anc.end_leaf_rank == kNone || r + 1 > anc.end_leaf_rank) anc.end_leaf_rank = r + 1;
    }
  }
}

void AddBuiltinPredicates(Universe& u) {
  struct Spec {
    const char* name;
    ValueKind kind;
    bool symmetric;
    bool exclusive;
    const char* inverse;
    const char* phrase;
    std::vector<std::string> keywords;
  };
  const std::vector<Spec> specs = {
      {"knows", ValueKind::kEntity, true, false, "", "knows", {}},
      {"friends", ValueKind::kEntity, true, false, "", "is friends with", {}},
      {"dating", ValueKind::kEntity, true, false, "", "is dating", {}},
      {"engaged_to", ValueKind::kEntity, true, true, "", "is engaged to", {}},
      {"married_to", ValueKind::kEntity, true, true, "", "is married to", {}},
      {"partner_of", ValueKind::kEntity, true, false, "", "is a partner of", {}},
      {"parent_of", ValueKind::kEntity, false, false, "child_of", "is a parent of", {}},
      {"godparent_of", ValueKind::kEntity, false, false, "godchild_of", "is a godparent of", {}},
      {"sibling_of", ValueKind::kEntity, true, false, "", "is a sibling of", {}},
      {"member_of", ValueKind::kEntity, false, false, "has_member", "is a member of", {}},
      {"works_for", ValueKind::kEntity, false, false, "employs", "works for", {}},
      {"enemy_of", ValueKind::kEntity, true, false, "", "is an enemy of", {}},
      {"allied_with", ValueKind::kEntity, true, false, "", "is allied with", {}},
      {"lives_in", ValueKind::kEntity, false, true, "home_of", "lives in", {}},
      {"located_in", ValueKind::kEntity, false, true, "location_of", "is in", {}},
      {"owns", ValueKind::kEntity, false, false, "owned_by", "owns", {}},
      {"played_by", ValueKind::kEntity, false, false, "plays", "is played by", {}},
      {"alias", ValueKind::kString, false, false, "", "is also known as", {}},
      {"title", ValueKind::kString, false, false, "", "holds the title", {}},
      {"status",
       ValueKind::kKeyword,
       false,
       true,
       "",
       "is",
       {"alive", "dead", "missing", "in_prison", "unknown"}},
      {"born", ValueKind::kDate, false, true, "", "was born in", {}},
      {"died", ValueKind::kDate, false, true, "", "died in", {}},
  };
  for (const Spec& s : specs) {
    Predicate p;
    p.name = s.name;
    p.object_kind = s.kind;
    p.symmetric = s.symmetric;
    p.exclusive = s.exclusive;
    p.inverse = s.inverse;
    p.phrase = s.phrase;
    p.keywords = s.keywords;
    p.builtin = true;
    u.predicates.push_back(std::move(p));
  }
}

}  // namespace canon
