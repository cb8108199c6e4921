// The checker (see checker.h). Passes, each over all files in order:
//   A  universe title, continuities, `use` scopes, eras, predicates;
//   B  works (with generated children and slot points), entities;
//   C  facts (top-level and nested), events (roles, headline, reveals);
//   D  event effects (starts / ends / sets), in event order;
//   E  story-time constraints, knowledge, event uses, appearances,
//      counterparts;
//   F  whole-universe checks (overturns, release order, unused, shadowed).
// Declarations come before references, so forward references work.
#include "lang/checker.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "lang/suggest.h"
#include "model/dates.h"

namespace canon::lang {
namespace {

using namespace ast;
using ::canon::Value;

std::string Key(uint32_t a, std::string_view b) {
  std::string k = std::to_string(a);
  k += '\x1f';
  k += b;
  return k;
}

// Name maps looked up by string_view (C++20 heterogeneous lookup): resolving
// the names of millions of facts must not build a std::string per lookup.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <class V>
using StrMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// A top-level statement with its file and the `use` continuity in force.
struct Item {
  const Statement* s = nullptr;
  uint32_t file = 0;
  ContinuityId use = kNone;
  uint32_t seq = 0;
};

// The headline verbs (docs/language.md, Events).
struct Verb {
  std::string_view verb, kind, subject_role, object_role;
  enum class Effect { kNone, kStarts, kEnds, kSetsSubject, kSetsObject } effect;
  std::string_view predicate, value;  // value: keyword for sets
};
const std::vector<Verb>& Verbs() {
  static const std::vector<Verb> kVerbs = {
      {"meets", "meeting", "participant", "participant", Verb::Effect::kStarts, "knows", ""},
      {"kills", "killing", "killer", "victim", Verb::Effect::kSetsObject, "status", "dead"},
      {"dies", "death", "victim", "", Verb::Effect::kSetsSubject, "status", "dead"},
      {"marries", "wedding", "spouse", "spouse", Verb::Effect::kStarts, "married_to", ""},
      {"breaks_up_with", "breakup", "partner", "partner", Verb::Effect::kEnds, "dating", ""},
      {"is_born", "birth", "child", "", Verb::Effect::kSetsSubject, "status", "alive"},
      {"returns", "resurrection", "returner", "", Verb::Effect::kSetsSubject, "status", "alive"},
  };
  return kVerbs;
}
const Verb* FindVerb(std::string_view v) {
  for (const Verb& verb : Verbs()) {
    if (verb.verb == v) return &verb;
  }
  return nullptr;
}

// One effect to apply in pass D.
struct Effect {
  enum class Kind { kStarts, kEnds, kSets } kind;
  EntityId subject = kNone;
  PredicateId predicate = kNone;
  Value object;
  SourceLoc loc;
  std::string text;  // "luke married_to reva", for messages
  Name label;        // `ends LABEL`: the fact's label (subject etc. unset)
};

struct PendingEvent {
  EventId id = kNone;
  const Statement* s = nullptr;
  Item item;
  std::vector<Effect> effects;
};

class Checker {
 public:
  Checker(const SourceManager& sources, DiagnosticSink& sink) : sources_(sources), sink_(sink) {}

  Universe Run(const std::vector<ast::File>& files) {
    for (size_t i = 0; i < sources_.file_count(); ++i) {
      u_.files.push_back(sources_.name(static_cast<uint32_t>(i)));
    }
    Era ce;
    ce.id = "CE";
    u_.eras.push_back(ce);
    era_index_["CE"] = 0;
    AddBuiltinPredicates(u_);
    for (PredicateId p = 0; p < u_.predicates.size(); ++p) {
      predicate_index_[u_.predicates[p].name] = p;
    }
    PassA(files);
    PassB();
    PassC();
    PassD();
    PassE();
    u_.Finalize();
    PassF();
    return std::move(u_);
  }

 private:
  // ---- reporting ----

  void Report(DiagId id, SourceLoc loc, std::string message, std::string hint = {},
              std::vector<DiagNote> notes = {}) {
    Diagnostic d;
    d.id = id;
    d.loc = loc;
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.notes = std::move(notes);
    sink_.Report(std::move(d));
  }
  static std::vector<DiagNote> FirstHere(SourceLoc loc, std::string what = "first declared here") {
    if (!loc.valid()) return {};
    return {DiagNote{loc, std::move(what)}};
  }

  // ---- pass A: universe, continuities, use scopes, eras, predicates ----

  void PassA(const std::vector<ast::File>& files) {
    for (const ast::File& f : files) {
      for (const Statement& s : f.statements) {
        if (s.kind == StmtKind::kUniverse) {
          if (universe_loc_.valid()) {
            Report(DiagId::kDuplicateId, s.loc, "the universe is named twice",
                   "keep one `universe` line", FirstHere(universe_loc_));
          } else {
            universe_loc_ = s.loc;
            u_.title = s.title;
          }
        } else if (s.kind == StmtKind::kContinuity) {
          auto it = continuity_index_.find(s.id.text);
          if (it != continuity_index_.end()) {
            Report(DiagId::kDuplicateId, s.id.loc,
                   "continuity `" + s.id.text + "` is declared twice", "",
                   FirstHere(u_.continuities[it->second].loc));
            continue;
          }
          Continuity c;
          c.id = s.id.text;
          c.title = s.title;
          c.loc = s.id.loc;
          continuity_index_[c.id] = static_cast<ContinuityId>(u_.continuities.size());
          u_.continuities.push_back(std::move(c));
        }
      }
    }
    uint32_t seq = 0;
    for (const ast::File& f : files) {
      ContinuityId use = kNone;
      for (const Statement& s : f.statements) {
        if (s.kind == StmtKind::kUse) {
          use = ResolveContinuity(s.id);
          continue;
        }
        items_.push_back(Item{&s, f.file, use, seq++});
      }
    }
    for (const Item& it : items_) {
      if (it.s->kind == StmtKind::kEra) DeclareEra(it);
    }
    for (const Item& it : items_) {
      if (it.s->kind == StmtKind::kPredicate) DeclarePredicate(it);
      if (it.s->kind == StmtKind::kLint) DeclareLintSetting(*it.s);
    }
  }

  // `lint RULE SEVERITY`. Rule names are the lint module's to check.
  void DeclareLintSetting(const Statement& s) {
    static const std::vector<std::string> kSeverities = {"error", "warning", "info", "off"};
    if (std::find(kSeverities.begin(), kSeverities.end(), s.severity->text) == kSeverities.end()) {
      std::string hint = DidYouMeanHint(s.severity->text, kSeverities);
      if (hint.empty()) hint = "a severity is one of: error, warning, info, off";
      Report(DiagId::kUnknownSeverity, s.severity->loc,
             "unknown severity `" + s.severity->text + "` for rule `" + s.id.text + "`", hint);
      return;
    }
    for (const LintSetting& old : u_.lint_settings) {
      if (old.rule == s.id.text) {
        Report(DiagId::kDuplicateId, s.id.loc, "rule `" + s.id.text + "` is configured twice",
               "keep one `lint " + s.id.text + "` line", FirstHere(old.loc));
        return;
      }
    }
    LintSetting ls;
    ls.rule = s.id.text;
    ls.severity = s.severity->text;
    ls.loc = s.id.loc;
    u_.lint_settings.push_back(std::move(ls));
  }

  // The `allow` clauses of a statement.
  static std::vector<LintAllow> Allows(const Statement& s) {
    std::vector<LintAllow> out;
    for (const Clause& c : s.clauses) {
      if (c.kind != ClauseKind::kAllow) continue;
      out.push_back(LintAllow{c.name.text, c.text, c.loc});
    }
    return out;
  }

  ContinuityId ResolveContinuity(const Name& n) {
    auto it = continuity_index_.find(n.text);
    if (it != continuity_index_.end()) return it->second;
    std::vector<std::string> names;
    for (const Continuity& c : u_.continuities) names.push_back(c.id);
    std::string hint = DidYouMeanHint(n.text, names);
    if (hint.empty()) {
      hint = names.empty() ? "declare it: `continuity " + n.text + " \"TITLE\"`"
                           : "declared continuities: " + Join(names, ", ");
    }
    Report(DiagId::kUnknownContinuity, n.loc, "unknown continuity `" + n.text + "`", hint);
    return kNone;
  }

  // The continuity a statement belongs to when it does not say `in`.
  ContinuityId DefaultContinuity(const Item& it) const {
    if (it.use != kNone) return it.use;
    if (u_.continuities.size() == 1) return 0;
    return kNone;
  }

  // `in C` if given (W0803 when it repeats the `use`), else the default.
  ContinuityId StatementContinuity(const Item& it, const Statement& s,
                                   bool* explicit_in = nullptr) {
    if (const Clause* in = s.Find(ClauseKind::kIn)) {
      if (explicit_in) *explicit_in = true;
      ContinuityId c = ResolveContinuity(in->name);
      if (c != kNone && c == it.use) {
        Report(DiagId::kRedundantClause, in->loc,
               "`in " + in->name.text + "` repeats the `use` line above", "drop the clause");
      }
      return c;
    }
    if (explicit_in) *explicit_in = false;
    return DefaultContinuity(it);
  }

  void MissingContinuity(SourceLoc loc, std::string_view what) {
    std::vector<std::string> names;
    for (const Continuity& c : u_.continuities) names.push_back(c.id);
    Report(DiagId::kMissingContinuity, loc, std::string(what) + " belongs to no continuity",
           names.empty() ? "declare one (`continuity ID \"TITLE\"`) and add `use ID` above"
                         : "add `in CONTINUITY` or a `use` line above (continuities: " +
                               Join(names, ", ") + ")");
  }

  void DeclareEra(const Item& it) {
    const Statement& s = *it.s;
    if (era_index_.count(s.id.text)) {
      Report(DiagId::kDuplicateId, s.id.loc, "era `" + s.id.text + "` is declared twice", "",
             FirstHere(u_.eras[era_index_[s.id.text]].loc));
      return;
    }
    Era e;
    e.id = s.id.text;
    e.loc = s.id.loc;
    if (const Clause* in = s.Find(ClauseKind::kIn)) e.continuity = ResolveContinuity(in->name);
    if (const Clause* ep = s.Find(ClauseKind::kEpoch)) {
      e.epoch = static_cast<int32_t>(ep->number->number);
    } else {
      Report(DiagId::kExpectedToken, s.id.loc, "era `" + s.id.text + "` has no `epoch`",
             "write `era " + s.id.text + " epoch YEAR forward` (or `backward`)");
    }
    if (s.Find(ClauseKind::kBackward)) e.direction = -1;
    era_index_[e.id] = static_cast<EraId>(u_.eras.size());
    u_.eras.push_back(std::move(e));
  }

  void DeclarePredicate(const Item& it) {
    const Statement& s = *it.s;
    auto found = predicate_index_.find(s.id.text);
    if (found != predicate_index_.end()) {
      const Predicate& old = u_.predicates[found->second];
      Report(DiagId::kDuplicateId, s.id.loc,
             old.builtin ? "predicate `" + s.id.text + "` is built in"
                         : "predicate `" + s.id.text + "` is declared twice",
             old.builtin ? "use it as it is, or pick another name" : "", FirstHere(old.loc));
      return;
    }
    Predicate p;
    p.name = s.id.text;
    p.loc = s.id.loc;
    for (const Clause& c : s.clauses) {
      switch (c.kind) {
        case ClauseKind::kSymmetric:
          p.symmetric = true;
          break;
        case ClauseKind::kDirected:
          Report(DiagId::kRedundantClause, c.loc, "`directed` is the default", "drop the clause");
          break;
        case ClauseKind::kExclusive:
          p.exclusive = true;
          break;
        case ClauseKind::kInverse:
          p.inverse = c.name.text;
          break;
        case ClauseKind::kPhrase:
          p.phrase = c.text;
          break;
        case ClauseKind::kObject:
          switch (c.object_type) {
            case ObjectType::kEntity:
              p.object_kind = ValueKind::kEntity;
              Report(DiagId::kRedundantClause, c.loc, "`object entity` is the default",
                     "drop the clause");
              break;
            case ObjectType::kString:
              p.object_kind = ValueKind::kString;
              break;
            case ObjectType::kNumber:
              p.object_kind = ValueKind::kNumber;
              break;
            case ObjectType::kDate:
              p.object_kind = ValueKind::kDate;
              break;
            case ObjectType::kKeyword:
              p.object_kind = ValueKind::kKeyword;
              for (const Name& k : *c.keywords) p.keywords.push_back(k.text);
              break;
          }
          break;
        default:
          break;
      }
    }
    if (p.symmetric && !p.inverse.empty()) {
      Report(DiagId::kUnexpectedToken, s.Find(ClauseKind::kInverse)->loc,
             "a symmetric predicate has no inverse", "drop `inverse` or `symmetric`");
      p.inverse.clear();
    }
    predicate_index_[p.name] = static_cast<PredicateId>(u_.predicates.size());
    u_.predicates.push_back(std::move(p));
  }

  // ---- pass B: works and entities ----

  void PassB() {
    for (const Item& it : items_) {
      if (IsWorkStmt(it.s->kind)) DeclareWork(it, *it.s, kNone);
    }
    for (const Item& it : items_) {
      if (IsEntityStmt(it.s->kind)) DeclareEntity(it);
    }
  }

  static StmtKind ChildKindOfCount(ClauseKind k) {
    return k == ClauseKind::kEpisodes ? StmtKind::kEpisode
           : k == ClauseKind::kIssues ? StmtKind::kIssue
                                      : StmtKind::kChapter;
  }

  WorkId NewWork(std::string id, WorkKind kind, WorkId parent, SourceLoc loc) {
    Work w;
    w.id = std::move(id);
    w.kind = kind;
    w.parent = parent;
    w.loc = loc;
    if (parent != kNone) {
      w.path = u_.works[parent].path + "." + w.id;
      w.continuity = u_.works[parent].continuity;
    } else {
      w.path = w.id;
    }
    WorkId wid = static_cast<WorkId>(u_.works.size());
    w.slot_start = NewPoint(TimePoint::Owner::kWorkStart, wid);
    w.slot_end = NewPoint(TimePoint::Owner::kWorkEnd, wid);
    work_index_[w.path] = wid;
    if (parent != kNone) u_.works[parent].children.push_back(wid);
    u_.works.push_back(std::move(w));
    return wid;
  }

  PointId NewPoint(TimePoint::Owner owner, uint32_t owner_id) {
    TimePoint p;
    p.owner = owner;
    p.owner_id = owner_id;
    u_.points.push_back(std::move(p));
    return static_cast<PointId>(u_.points.size() - 1);
  }

  void DeclareWork(const Item& it, const Statement& s, WorkId parent) {
    WorkId wid = kNone;
    if (parent == kNone) {
      auto found = work_index_.find(s.id.text);
      if (found != work_index_.end()) {
        Report(DiagId::kDuplicateId, s.id.loc, "work `" + s.id.text + "` is declared twice",
               "top-level work ids are unique across the universe",
               FirstHere(u_.works[found->second].loc));
        return;
      }
      wid = NewWork(s.id.text, ToWorkKind(s.kind), kNone, s.id.loc);
      bool explicit_in = false;
      ContinuityId c = StatementContinuity(it, s, &explicit_in);
      if (c == kNone && !explicit_in) MissingContinuity(s.id.loc, "work `" + s.id.text + "`");
      u_.works[wid].continuity = c;
    } else {
      Work& p = u_.works[parent];
      auto found = work_index_.find(p.path + "." + s.id.text);
      if (found != work_index_.end()) {
        Work& existing = u_.works[found->second];
        if (existing.generated && existing.kind == ToWorkKind(s.kind)) {
          wid = found->second;  // refines a generated child
          existing.generated = false;
          existing.loc = s.id.loc;
        } else {
          Report(DiagId::kDuplicateId, s.id.loc,
                 std::string(WorkKindName(ToWorkKind(s.kind))) + " `" + s.id.text +
                     "` is declared twice in `" + p.path + "`",
                 "sibling ids are unique", FirstHere(existing.loc));
          return;
        }
      } else {
        if (p.declared_child_count > 0) {
          Report(DiagId::kChildCountMismatch, s.id.loc,
                 "`" + p.path + "` declares " + std::to_string(p.declared_child_count) +
                     " children, and `" + s.id.text + "` is not one of them",
                 p.kind == WorkKind::kSeason
                     ? "explicit children refine the generated ones: use `e1`..`e" +
                           std::to_string(p.declared_child_count) + "`, or raise the count"
                     : "explicit children refine the generated ones: use `1`..`" +
                           std::to_string(p.declared_child_count) + "`, or raise the count");
        }
        wid = NewWork(s.id.text, ToWorkKind(s.kind), parent, s.id.loc);
      }
    }
    Work& w = u_.works[wid];
    if (s.has_title) w.title = s.title;
    for (const Clause& c : s.clauses) {
      switch (c.kind) {
        case ClauseKind::kReleased: {
          std::optional<PartialDate> d = ToDate(*c.date);
          if (d) u_.works[wid].released = *d;
          break;
        }
        case ClauseKind::kRuntime:
          u_.works[wid].runtime_minutes = static_cast<int32_t>(c.number->number);
          break;
        case ClauseKind::kFlashback:
          u_.works[wid].flashback = true;
          break;
        case ClauseKind::kStory:
          work_stories_.push_back({wid, &c, it});
          break;
        case ClauseKind::kEpisodes:
        case ClauseKind::kIssues:
        case ClauseKind::kChapters: {
          uint32_t n = static_cast<uint32_t>(c.number->number);
          u_.works[wid].declared_child_count = n;
          StmtKind ck = ChildKindOfCount(c.kind);
          for (uint32_t i = 1; i <= n; ++i) {
            std::string id = ck == StmtKind::kEpisode ? "e" + std::to_string(i) : std::to_string(i);
            if (work_index_.count(u_.works[wid].path + "." + id)) continue;
            WorkId child = NewWork(id, ToWorkKind(ck), wid, c.loc);
            u_.works[child].generated = true;
          }
          break;
        }
        default:
          break;
      }
    }
    for (const Statement& child : s.children) {
      if (IsWorkStmt(child.kind)) DeclareWork(it, child, wid);
      if (child.kind == StmtKind::kCast) casts_[it.seq].push_back({wid, &child});
    }
    // Release-order sanity: a child released before its parent (E0605).
    const Work& done = u_.works[wid];
    if (parent != kNone && done.released && u_.works[parent].released) {
      const Clause* rc = s.Find(ClauseKind::kReleased);
      int64_t child_day = EarliestDay(u_, *done.released);
      int64_t parent_day = EarliestDay(u_, *u_.works[parent].released);
      if (child_day < parent_day && rc) {
        Report(DiagId::kBadReleaseOrder, rc->date->loc,
               "`" + done.path + "` is released before its parent `" + u_.works[parent].path + "`",
               "check the dates; a parent's date is its first release");
      } else if (rc && *done.released == *u_.works[parent].released) {
        Report(DiagId::kRedundantClause, rc->loc,
               "`released` repeats the date of `" + u_.works[parent].path + "`",
               "a work without `released` inherits its parent's date");
      }
    }
  }

  std::optional<PartialDate> ToDate(const DateLit& d) {
    PartialDate p;
    p.year = d.year;
    p.month = d.month;
    p.day = d.day;
    if (!d.era.empty()) {
      auto it = era_index_.find(d.era);
      if (it == era_index_.end()) {
        std::vector<std::string> names;
        for (const Era& e : u_.eras) names.push_back(e.id);
        std::string hint = DidYouMeanHint(d.era, names);
        if (hint.empty()) hint = "declare it: `era " + d.era + " epoch YEAR forward`";
        Report(DiagId::kUnknownEra, d.era_loc, "unknown era `" + d.era + "`", hint);
        return std::nullopt;
      }
      p.era = it->second;
    }
    return p;
  }

  void DeclareEntity(const Item& it) {
    const Statement& s = *it.s;
    EntityKind kind = ToEntityKind(s.kind);
    ContinuityId cont = kNone;
    if (kind == EntityKind::kPerson) {
      if (const Clause* in = s.Find(ClauseKind::kIn)) {
        Report(DiagId::kPersonInContinuity, in->loc,
               "person `" + s.id.text + "` is declared in a continuity",
               "real people live outside every continuity: drop `in " + in->name.text +
                   "` (to place a character, use `character`)");
      }
    } else {
      bool explicit_in = false;
      cont = StatementContinuity(it, s, &explicit_in);
      if (cont == kNone && !explicit_in) {
        MissingContinuity(s.id.loc, std::string(EntityKindName(kind)) + " `" + s.id.text + "`");
      }
    }
    std::string key = Key(cont, s.id.text);
    auto found = entity_index_.find(key);
    if (found != entity_index_.end()) {
      Report(DiagId::kDuplicateId, s.id.loc,
             std::string(EntityKindName(kind)) + " `" + s.id.text + "` is declared twice" +
                 (cont == kNone ? "" : " in `" + u_.continuities[cont].id + "`"),
             "entity ids are unique within their continuity",
             FirstHere(u_.entities[found->second].loc));
      return;
    }
    Entity e;
    e.id = s.id.text;
    e.name = s.title;
    e.kind = kind;
    e.continuity = cont;
    e.loc = s.id.loc;
    EntityId id = static_cast<EntityId>(u_.entities.size());
    entity_index_[key] = id;
    entities_by_id_[s.id.text].push_back(id);
    u_.entities.push_back(std::move(e));
    entity_items_.push_back({id, it});
  }

  // ---- name resolution ----

  std::vector<std::string_view> EntityCandidates(ContinuityId ctx) const {
    std::vector<std::string_view> out;
    for (const Entity& e : u_.entities) {
      if (ctx == kNone || e.continuity == ctx || e.continuity == kNone) out.push_back(e.id);
    }
    return out;
  }

  // Resolves an entity reference. Unqualified names look in `ctx` first,
  // then among people, then anywhere (when unique). Reports E0301/E0303/E0307.
  EntityId ResolveEntity(const std::string& text, SourceLoc loc, ContinuityId ctx,
                         bool prefer_person = false) {
    size_t colon = text.find(':');
    if (colon != std::string::npos) {
      Name cn{text.substr(0, colon),
              SourceLoc{loc.file, loc.line, loc.col, static_cast<uint32_t>(colon)}};
      ContinuityId c = ResolveContinuity(cn);
      if (c == kNone) return kNone;
      std::string id = text.substr(colon + 1);
      auto it = entity_index_.find(ScratchKey(c, id));
      if (it != entity_index_.end()) return it->second;
      std::vector<std::string> cands;
      for (const Entity& e : u_.entities) {
        if (e.continuity == c) cands.push_back(u_.continuities[c].id + ":" + e.id);
      }
      Report(DiagId::kUnknownEntity, loc, "unknown entity `" + text + "`",
             DidYouMeanHint(text, cands));
      return kNone;
    }
    if (prefer_person) {
      auto it = entity_index_.find(ScratchKey(kNone, text));
      if (it != entity_index_.end()) return it->second;
    }
    if (ctx != kNone) {
      auto it = entity_index_.find(ScratchKey(ctx, text));
      if (it != entity_index_.end()) return it->second;
    }
    auto person = entity_index_.find(ScratchKey(kNone, text));
    if (person != entity_index_.end()) return person->second;
    auto all = entities_by_id_.find(text);
    if (all != entities_by_id_.end() && !all->second.empty()) {
      if (all->second.size() == 1) return all->second[0];
      std::vector<std::string> q;
      for (EntityId e : all->second) q.push_back("`" + u_.QualifiedId(e) + "`");
      Report(DiagId::kAmbiguousName, loc,
             "`" + text + "` names entities in several continuities: " + Join(q, ", "),
             "qualify it (" + q[0] + ") or add a `use` line");
      return kNone;
    }
    std::string hint = DidYouMeanHint(text, EntityCandidates(ctx));
    if (hint.empty() && text.find('.') == std::string::npos) {
      hint = "declare it: `character " + text + " \"NAME\"`";
    }
    Report(DiagId::kUnknownEntity, loc, "unknown entity `" + text + "`", hint);
    return kNone;
  }

  EntityId ResolveEntity(const Name& n, ContinuityId ctx, bool prefer_person = false) {
    return ResolveEntity(n.text, n.loc, ctx, prefer_person);
  }

  PredicateId ResolvePredicate(const Name& n) {
    auto it = predicate_index_.find(n.text);
    if (it != predicate_index_.end()) return it->second;
    for (const Predicate& p : u_.predicates) {
      if (p.inverse == n.text) {
        Report(DiagId::kUnknownPredicate, n.loc, "unknown predicate `" + n.text + "`",
               "`" + n.text + "` is the inverse of `" + p.name +
                   "`: swap subject and object and write `" + p.name + "`");
        return kNone;
      }
    }
    std::vector<std::string> names;
    for (const Predicate& p : u_.predicates) names.push_back(p.name);
    std::string hint = DidYouMeanHint(n.text, names);
    if (hint.empty()) hint = "declare it: `predicate " + n.text + "`";
    Report(DiagId::kUnknownPredicate, n.loc, "unknown predicate `" + n.text + "`", hint);
    return kNone;
  }

  // Work paths: `jj.s1.e8`; a segment that is not a child id may be a
  // child id followed by a grandchild id (`jj.s1e8`).
  WorkId FindWork(std::string_view path) {
    auto memo = work_memo_.find(path);
    if (memo != work_memo_.end()) return memo->second;
    WorkId result = kNone;
    size_t dot = path.find('.');
    std::string_view first = path.substr(0, dot);
    auto top = work_index_.find(first);
    if (top != work_index_.end() && u_.works[top->second].parent == kNone) {
      WorkId cur = top->second;
      bool ok = true;
      while (ok && dot != std::string_view::npos) {
        size_t next = path.find('.', dot + 1);
        std::string_view seg = path.substr(
            dot + 1, next == std::string_view::npos ? std::string_view::npos : next - dot - 1);
        dot = next;
        WorkId w = Descend(cur, seg, 0);
        if (w == kNone)
          ok = false;
        else
          cur = w;
      }
      if (ok) result = cur;
    }
    if (work_memo_.size() < 1000000) work_memo_[std::string(path)] = result;
    return result;
  }

  WorkId Descend(WorkId cur, std::string_view seg, int depth) {
    key_buf_ = u_.works[cur].path;
    key_buf_ += '.';
    key_buf_ += seg;
    auto it = work_index_.find(key_buf_);
    if (it != work_index_.end()) return it->second;
    if (depth > 3) return kNone;
    for (WorkId c : u_.works[cur].children) {
      const std::string& id = u_.works[c].id;
      if (seg.size() > id.size() && seg.substr(0, id.size()) == id) {
        WorkId g = Descend(c, seg.substr(id.size()), depth + 1);
        if (g != kNone) return g;
      }
    }
    return kNone;
  }

  WorkId ResolveWork(const Name& n) {
    WorkId w = FindWork(n.text);
    if (w != kNone) return w;
    // Suggest among the children (and concatenated grandchildren) of the
    // longest prefix that resolves.
    std::vector<std::string> cands;
    std::string prefix = n.text;
    WorkId base = kNone;
    while (true) {
      size_t dot = prefix.rfind('.');
      if (dot == std::string::npos) break;
      prefix = prefix.substr(0, dot);
      base = FindWork(prefix);
      if (base != kNone) break;
    }
    if (base == kNone) {
      for (const Work& w2 : u_.works) {
        if (w2.parent == kNone) cands.push_back(w2.path);
      }
    } else {
      for (WorkId c : u_.works[base].children) {
        cands.push_back(u_.works[c].path);
        for (WorkId g : u_.works[c].children) {
          cands.push_back(u_.works[c].path + u_.works[g].id);
        }
      }
    }
    std::string hint = DidYouMeanHint(n.text, cands);
    if (hint.empty() && base != kNone) {
      hint = "`" + u_.works[base].path + "` has " + std::to_string(u_.works[base].children.size()) +
             " children";
      if (!u_.works[base].children.empty()) {
        hint += ": " + u_.works[u_.works[base].children.front()].id + " .. " +
                u_.works[u_.works[base].children.back()].id;
      }
    }
    Report(DiagId::kUnknownWork, n.loc, "unknown work `" + n.text + "`", hint);
    return kNone;
  }

  std::vector<RevealPoint> ResolvePoints(const std::vector<Point>& points) {
    std::vector<RevealPoint> out;
    for (const Point& p : points) {
      WorkId w = ResolveWork(p.work);
      if (w == kNone) continue;
      RevealPoint rp;
      rp.work = w;
      if (p.position_kind != Point::Position::kNone) {
        if (!u_.works[w].is_leaf()) {
          Report(DiagId::kBadPosition, p.position_loc,
                 "`" + u_.works[w].path + "` is not a leaf work: a position inside it is ambiguous",
                 "name the leaf (like `" + u_.works[u_.works[w].children.front()].path +
                     "@...`) or drop the position");
          continue;
        }
        rp.position_kind = p.position_kind == Point::Position::kScene
                               ? RevealPoint::PositionKind::kScene
                               : RevealPoint::PositionKind::kSeconds;
        rp.position = p.position;
      }
      out.push_back(rp);
    }
    return out;
  }

  // Resolves a value against a predicate's object kind.
  bool ResolveObject(const ast::Value& v, const Predicate& p, ContinuityId ctx, Value& out) {
    auto wrong = [&](const std::string& want, std::string hint) {
      std::string got = v.kind == ast::Value::Kind::kString   ? "a string"
                        : v.kind == ast::Value::Kind::kNumber ? "a number"
                        : v.kind == ast::Value::Kind::kDate   ? "a date"
                                                              : "a name";
      Report(DiagId::kWrongObjectKind, v.loc, "`" + p.name + "` takes " + want + ", not " + got,
             std::move(hint));
      return false;
    };
    switch (p.object_kind) {
      case ValueKind::kEntity: {
        if (v.kind != ast::Value::Kind::kName) {
          return wrong("an entity", v.kind == ast::Value::Kind::kString
                                        ? "write the entity's id, without quotes"
                                        : "");
        }
        bool person = p.name == "played_by";
        EntityId e = ResolveEntity(v.text, v.loc, ctx, person);
        if (e == kNone) return false;
        if (person && u_.entities[e].kind != EntityKind::kPerson) {
          Report(DiagId::kWrongObjectKind, v.loc,
                 "`played_by` takes a person, and `" + v.text + "` is a " +
                     std::string(EntityKindName(u_.entities[e].kind)),
                 "declare the actor with `person ID \"NAME\"`");
          return false;
        }
        out.kind = ValueKind::kEntity;
        out.entity = e;
        return true;
      }
      case ValueKind::kString:
        if (v.kind != ast::Value::Kind::kString) {
          return wrong("a string", "put the text in double quotes");
        }
        out.kind = ValueKind::kString;
        out.text = v.text;
        return true;
      case ValueKind::kKeyword:
        if (v.kind != ast::Value::Kind::kName || v.text.find_first_of(".:") != std::string::npos) {
          return wrong("one of: " + Join(p.keywords, ", "), "");
        }
        if (std::find(p.keywords.begin(), p.keywords.end(), v.text) == p.keywords.end()) {
          std::string hint = DidYouMeanHint(v.text, p.keywords);
          if (hint.empty()) hint = "`" + p.name + "` takes one of: " + Join(p.keywords, ", ");
          Report(DiagId::kUnknownKeyword, v.loc,
                 "`" + v.text + "` is not a value of `" + p.name + "`", hint);
          return false;
        }
        out.kind = ValueKind::kKeyword;
        out.text = v.text;
        return true;
      case ValueKind::kNumber:
        if (v.kind != ast::Value::Kind::kNumber) return wrong("a number", "");
        out.kind = ValueKind::kNumber;
        out.number = v.number;
        return true;
      case ValueKind::kDate: {
        if (v.kind == ast::Value::Kind::kNumber && v.is_integer) {
          if (v.number < -999999 || v.number > 999999) return wrong("a date", "");
          out.kind = ValueKind::kDate;
          out.date = PartialDate{static_cast<int32_t>(v.number), 0, 0, 0};
          return true;
        }
        if (v.kind != ast::Value::Kind::kDate) {
          return wrong("a date", "write YYYY, YYYY-MM, YYYY-MM-DD or `YEAR ERA`");
        }
        std::optional<PartialDate> d = ToDate(*v.date);
        if (!d) return false;
        out.kind = ValueKind::kDate;
        out.date = *d;
        return true;
      }
    }
    return false;
  }

  // ---- pass C: facts and events ----

  void PassC() {
    for (const Item& it : items_) {
      const Statement& s = *it.s;
      if (s.kind == StmtKind::kFact) {
        CreateFact(it, s, kNone, false);
      } else if (s.kind == StmtKind::kEvent) {
        CreateEvent(it);
      }
    }
    // Nested facts and introduced points, in the order the entities were declared.
    for (auto& [eid, it] : entity_items_) {
      const Statement& s = *it.s;
      if (const Clause* intro = s.Find(ClauseKind::kIntroduced)) {
        u_.entities[eid].introduced = ResolvePoints(intro->points);
      }
      for (const Statement& child : s.children) {
        if (child.kind == StmtKind::kNestedFact) CreateFact(it, child, eid, true);
      }
    }
    // (Nested facts come after top-level ones in `facts`; `fact_seq_` keeps
    // their declaration order for `ends`.)
  }

  void CreateFact(const Item& it, const Statement& s, EntityId nested_subject, bool nested) {
    Fact f;
    ContinuityId ctx = nested ? u_.entities[nested_subject].continuity : DefaultContinuity(it);
    if (nested && ctx == kNone) ctx = DefaultContinuity(it);
    EntityId subject = nested ? nested_subject : ResolveEntity(s.subject, ctx);
    PredicateId pred = ResolvePredicate(s.predicate);
    f.loc = s.id.empty() ? s.predicate.loc : s.id.loc;
    f.label = s.id.text;
    bool ok = subject != kNone && pred != kNone;
    ContinuityId subject_cont = subject != kNone ? u_.entities[subject].continuity : kNone;
    if (pred != kNone) {
      ok &= ResolveObject(s.object, u_.predicates[pred], subject_cont != kNone ? subject_cont : ctx,
                          f.object);
    }
    if (!ok) return;
    f.subject = subject;
    f.predicate = pred;
    f.continuity = subject_cont;
    if (f.object.kind == ValueKind::kEntity) {
      ContinuityId oc = u_.entities[f.object.entity].continuity;
      if (f.continuity == kNone) f.continuity = oc;
      if (subject_cont != kNone && oc != kNone && oc != subject_cont) {
        Report(DiagId::kCrossContinuity, s.object.loc,
               "`" + u_.QualifiedId(subject) + "` and `" + u_.QualifiedId(f.object.entity) +
                   "` belong to different continuities",
               "a fact stays within one continuity; link the two with `counterpart`");
        return;
      }
    }
    if (f.continuity == kNone) f.continuity = ctx;
    if (!f.label.empty()) {
      std::string key = Key(f.continuity, f.label);
      auto found = label_index_.find(key);
      if (found != label_index_.end()) {
        Report(DiagId::kDuplicateId, s.id.loc, "fact label `" + f.label + "` is used twice",
               "labels are unique within their continuity", FirstHere(u_.facts[found->second].loc));
        f.label.clear();
      }
    }
    const Clause* revealed = s.Find(ClauseKind::kRevealed);
    if (revealed)
      f.revealed = ResolvePoints(revealed->points);
    else if (!nested && !s.clause_errors) {
      Report(DiagId::kNoReveal, f.loc,
             "fact `" + s.subject.text + " " + s.predicate.text + " " + PrintValueText(s.object) +
                 "` has no reveal point",
             "add `revealed WORK` (where the audience learns it), or nest it under its "
             "subject to reveal it with the entity");
    }
    if (const Clause* o = s.Find(ClauseKind::kOverturned)) f.overturned = ResolvePoints(o->points);
    if (const Clause* src = s.Find(ClauseKind::kSource)) f.source = src->text;
    f.allows = Allows(s);
    FactId id = static_cast<FactId>(u_.facts.size());
    if (s.Find(ClauseKind::kFrom)) f.start = NewPoint(TimePoint::Owner::kFactStart, id);
    if (s.Find(ClauseKind::kUntil)) f.end = NewPoint(TimePoint::Owner::kFactEnd, id);
    if (!f.label.empty()) {
      label_index_[Key(f.continuity, f.label)] = id;
      labels_by_id_[f.label].push_back(id);
    }
    fact_seq_.push_back(it.seq);
    u_.facts.push_back(std::move(f));
    fact_times_.push_back({id, &s, it, nested});
  }

  static std::string PrintValueText(const ast::Value& v) {
    switch (v.kind) {
      case ast::Value::Kind::kString:
        return QuoteString(v.text);
      case ast::Value::Kind::kDate:
        return std::to_string(v.date->year);
      default:
        return v.text;
    }
  }

  void CreateEvent(const Item& it) {
    const Statement& s = *it.s;
    Event e;
    e.id = s.id.text;
    e.title = s.title;
    e.loc = s.id.loc;
    bool explicit_in = false;
    ContinuityId cont = StatementContinuity(it, s, &explicit_in);
    if (cont == kNone && !explicit_in && s.has_headline) {
      // No `in`/`use`: take the continuity of the headline's subject.
      auto all = entities_by_id_.find(s.subject.text);
      size_t colon = s.subject.text.find(':');
      if (colon != std::string::npos) {
        auto c = continuity_index_.find(s.subject.text.substr(0, colon));
        if (c != continuity_index_.end()) cont = c->second;
      } else if (all != entities_by_id_.end() && all->second.size() == 1) {
        cont = u_.entities[all->second[0]].continuity;
      }
    }
    if (cont == kNone && !explicit_in) MissingContinuity(s.id.loc, "event `" + s.id.text + "`");
    e.continuity = cont;
    std::string key = Key(cont, e.id);
    if (event_index_.count(key)) {
      Report(DiagId::kDuplicateId, s.id.loc, "event `" + e.id + "` is declared twice",
             "event ids are unique within their continuity",
             FirstHere(u_.events[event_index_[key]].loc));
      return;
    }
    EventId id = static_cast<EventId>(u_.events.size());
    e.time = NewPoint(TimePoint::Owner::kEvent, id);
    event_index_[key] = id;
    events_by_id_[e.id].push_back(id);

    PendingEvent pe;
    pe.id = id;
    pe.s = &s;
    pe.item = it;
    // Headline.
    if (s.has_headline) {
      const Verb* verb = FindVerb(s.predicate.text);
      bool has_object = s.object.kind != ast::Value::Kind::kNone;
      EntityId subj = ResolveEntity(s.subject, cont);
      EntityId obj = has_object ? ResolveEntity(s.object.text, s.object.loc, cont) : kNone;
      if (verb) {
        e.kind = std::string(verb->kind);
        if (!verb->object_role.empty() && !has_object) {
          Report(DiagId::kBadRole, s.predicate.loc,
                 "`" + std::string(verb->verb) + "` needs an object (the " +
                     std::string(verb->object_role) + ")",
                 "write `" + s.subject.text + " " + std::string(verb->verb) + " OTHER`");
        } else if (verb->object_role.empty() && has_object) {
          Report(DiagId::kBadRole, s.object.loc,
                 "`" + std::string(verb->verb) + "` takes no object",
                 "add other participants with `role ROLE ENTITY`");
          obj = kNone;
        }
        if (subj != kNone) e.roles.push_back(Role{std::string(verb->subject_role), subj});
        if (obj != kNone && !verb->object_role.empty()) {
          e.roles.push_back(Role{std::string(verb->object_role), obj});
        }
        // Effects of the verb.
        Effect ef;
        ef.loc = s.predicate.loc;
        ef.predicate = predicate_index_.at(std::string(verb->predicate));
        switch (verb->effect) {
          case Verb::Effect::kStarts:
          case Verb::Effect::kEnds:
            if (subj != kNone && obj != kNone) {
              ef.kind = verb->effect == Verb::Effect::kStarts ? Effect::Kind::kStarts
                                                              : Effect::Kind::kEnds;
              ef.subject = subj;
              ef.object.kind = ValueKind::kEntity;
              ef.object.entity = obj;
              ef.text = s.subject.text + " " + std::string(verb->predicate) + " " + s.object.text;
              pe.effects.push_back(ef);
            }
            break;
          case Verb::Effect::kSetsSubject:
          case Verb::Effect::kSetsObject: {
            EntityId who = verb->effect == Verb::Effect::kSetsSubject ? subj : obj;
            if (who != kNone) {
              ef.kind = Effect::Kind::kSets;
              ef.subject = who;
              ef.object.kind = ValueKind::kKeyword;
              ef.object.text = std::string(verb->value);
              ef.text = u_.entities[who].id + " status " + std::string(verb->value);
              pe.effects.push_back(ef);
            }
            break;
          }
          case Verb::Effect::kNone:
            break;
        }
      } else {
        e.kind = s.predicate.text;
        if (subj != kNone) e.roles.push_back(Role{"agent", subj});
        if (obj != kNone) e.roles.push_back(Role{"patient", obj});
      }
    }
    for (const Clause& c : s.clauses) {
      switch (c.kind) {
        case ClauseKind::kKind:
          if (c.name.text == e.kind) {
            Report(DiagId::kRedundantClause, c.loc,
                   "`kind " + c.name.text + "` repeats what the headline says", "drop the clause");
          }
          e.kind = c.name.text;
          break;
        case ClauseKind::kRole: {
          EntityId who = ResolveEntity(*c.name2, cont);
          if (who != kNone) e.roles.push_back(Role{c.name.text, who});
          break;
        }
        case ClauseKind::kRevealed:
          e.revealed = ResolvePoints(c.points);
          break;
        case ClauseKind::kOverturned:
          e.overturned = ResolvePoints(c.points);
          break;
        case ClauseKind::kSource:
          e.source = c.text;
          break;
        case ClauseKind::kStarts:
        case ClauseKind::kEnds:
        case ClauseKind::kSets: {
          Effect ef;
          ef.kind = c.kind == ClauseKind::kStarts ? Effect::Kind::kStarts
                    : c.kind == ClauseKind::kEnds ? Effect::Kind::kEnds
                                                  : Effect::Kind::kSets;
          ef.loc = c.loc;
          if (c.kind == ClauseKind::kEnds && c.triple->subject.empty()) {
            ef.label = c.name;  // resolved in pass D, when every fact exists
            pe.effects.push_back(std::move(ef));
            break;
          }
          ef.text = c.triple->subject.text + " " + c.triple->predicate.text + " " +
                    PrintValueText(c.triple->object);
          ef.subject = ResolveEntity(c.triple->subject, cont);
          ef.predicate = ResolvePredicate(c.triple->predicate);
          if (ef.subject == kNone || ef.predicate == kNone) break;
          const Predicate& p = u_.predicates[ef.predicate];
          ContinuityId sc = u_.entities[ef.subject].continuity;
          if (!ResolveObject(c.triple->object, p, sc != kNone ? sc : cont, ef.object)) break;
          if (ef.kind == Effect::Kind::kSets && !p.exclusive) {
            Report(DiagId::kSetsNotExclusive, c.triple->predicate.loc,
                   "`sets` needs an exclusive predicate, and `" + p.name + "` is not",
                   "use `starts` (to add a value) or declare the predicate `exclusive`");
            break;
          }
          if (ef.object.kind == ValueKind::kEntity && sc != kNone) {
            ContinuityId oc = u_.entities[ef.object.entity].continuity;
            if (oc != kNone && oc != sc) {
              Report(DiagId::kCrossContinuity, c.triple->object.loc,
                     "`" + u_.QualifiedId(ef.subject) + "` and `" +
                         u_.QualifiedId(ef.object.entity) + "` belong to different continuities",
                     "a fact stays within one continuity");
              break;
            }
          }
          pe.effects.push_back(std::move(ef));
          break;
        }
        default:
          break;
      }
    }
    // One continuity per event (people may join any).
    ContinuityId seen = cont;
    for (const Role& r : e.roles) {
      ContinuityId rc = u_.entities[r.entity].continuity;
      if (rc == kNone) continue;
      if (seen == kNone)
        seen = rc;
      else if (rc != seen) {
        Report(DiagId::kCrossContinuity, e.loc,
               "event `" + e.id + "` mixes `" + u_.QualifiedId(r.entity) + "` with continuity `" +
                   u_.continuities[seen].id + "`",
               "an event happens in one continuity; link characters with `counterpart`");
        break;
      }
    }
    e.allows = Allows(s);
    if (!s.Find(ClauseKind::kRevealed) && !s.clause_errors) {
      std::string hint = "add `revealed WORK`: where the audience learns it happened";
      for (const Clause& c : s.clauses) {
        for (const Clause& sub : *c.sub) {
          if (sub.kind == ClauseKind::kRevealed) {
            hint = "the `revealed` on line " + std::to_string(sub.loc.line) +
                   " follows `known_by` on its line, so it is the known_by's; give the event "
                   "its own `revealed` before the `known_by` or on a line of its own";
          }
        }
      }
      Report(DiagId::kNoReveal, e.loc, "event `" + e.id + "` has no reveal point", hint);
    }
    u_.events.push_back(std::move(e));
    event_seq_.push_back(it.seq);
    pending_events_.push_back(std::move(pe));
  }

  // ---- pass D: effects ----

  bool SameShape(const Fact& f, EntityId subject, PredicateId pred, const Value& obj) const {
    if (f.predicate != pred) return false;
    if (f.subject == subject && f.object == obj) return true;
    if (u_.predicates[pred].symmetric && obj.kind == ValueKind::kEntity &&
        f.object.kind == ValueKind::kEntity && f.subject == obj.entity &&
        f.object.entity == subject) {
      return true;
    }
    return false;
  }

  // The open fact of this shape (any object when `any_object`), preferring
  // the most recent declaration before `seq`, else the first after it.
  FactId FindOpen(EntityId subject, PredicateId pred, const Value* obj, uint32_t seq) {
    FactId best_before = kNone, best_after = kNone;
    auto consider = [&](FactId f) {
      const Fact& fact = u_.facts[f];
      if (fact.end != kNone) return;
      bool symmetric = u_.predicates[pred].symmetric;
      bool any_match =
          fact.predicate == pred &&
          (fact.subject == subject ||
           (symmetric && fact.object.kind == ValueKind::kEntity && fact.object.entity == subject));
      if (obj ? !SameShape(fact, subject, pred, *obj) : !any_match) return;
      uint32_t fs = fact_seq_[f];
      if (fs <= seq) {
        if (best_before == kNone || fs > fact_seq_[best_before] ||
            (fs == fact_seq_[best_before] && f > best_before)) {
          best_before = f;
        }
      } else if (best_after == kNone || fs < fact_seq_[best_after]) {
        best_after = f;
      }
    };
    auto scan = [&](EntityId e) {
      auto it = by_subject_pred_.find(PairKey(e, pred));
      if (it == by_subject_pred_.end()) return;
      for (FactId f : it->second) consider(f);
    };
    scan(subject);
    if (u_.predicates[pred].symmetric) {
      if (obj && obj->kind == ValueKind::kEntity && obj->entity != subject) scan(obj->entity);
      if (!obj) {
        // `sets` on a symmetric predicate: the subject may be the fact's object.
        auto it = by_object_pred_.find(PairKey(subject, pred));
        if (it != by_object_pred_.end()) {
          for (FactId f : it->second) consider(f);
        }
      }
    }
    return best_before != kNone ? best_before : best_after;
  }

  // A fact label in continuity `ctx` (else anywhere, when unique). E0305/E0307.
  // NAME or CONTINUITY:NAME, read in continuity `ctx`. `ok` is false when the
  // continuity is unknown (ResolveContinuity has reported it).
  struct QualifiedName {
    std::string text;  // without the continuity
    ContinuityId continuity = kNone;
    bool qualified = false;
    bool ok = true;
  };
  QualifiedName SplitQualified(const Name& n, ContinuityId ctx) {
    QualifiedName q{n.text, ctx};
    const size_t colon = n.text.find(':');
    if (colon == std::string::npos) return q;
    q.qualified = true;
    q.continuity = ResolveContinuity(Name{n.text.substr(0, colon), n.loc});
    q.ok = q.continuity != kNone;
    q.text = n.text.substr(colon + 1);
    return q;
  }

  FactId FindLabel(const Name& n, ContinuityId ctx) {
    const QualifiedName q = SplitQualified(n, ctx);
    if (!q.ok) return kNone;
    const std::string& text = q.text;
    const ContinuityId c = q.continuity;
    if (c != kNone) {
      auto it = label_index_.find(Key(c, text));
      if (it != label_index_.end()) return it->second;
    }
    auto all = labels_by_id_.find(text);
    if (!q.qualified && all != labels_by_id_.end() && !all->second.empty()) {
      if (all->second.size() == 1) return all->second[0];
      Report(DiagId::kAmbiguousName, n.loc, "`" + text + "` labels facts in several continuities",
             "qualify it: `CONTINUITY:" + text + "`");
      return kNone;
    }
    std::vector<std::string> cands;
    for (const auto& [id, l] : labels_by_id_) cands.push_back(id);
    std::sort(cands.begin(), cands.end());
    std::string hint = DidYouMeanHint(text, cands);
    if (hint.empty())
      hint = "label the fact (`fact LABEL: ...`), or write `ends SUBJECT PREDICATE OBJECT`";
    Report(DiagId::kUnknownEvent, n.loc, "unknown fact label `" + n.text + "`", hint);
    return kNone;
  }

  void IndexFact(FactId f) {
    const Fact& fact = u_.facts[f];
    by_subject_pred_[PairKey(fact.subject, fact.predicate)].push_back(f);
    if (fact.object.kind == ValueKind::kEntity && fact.object.entity != fact.subject &&
        u_.predicates[fact.predicate].symmetric) {
      by_object_pred_[PairKey(fact.object.entity, fact.predicate)].push_back(f);
    }
  }

  void PassD() {
    for (FactId f = 0; f < u_.facts.size(); ++f) IndexFact(f);
    for (PendingEvent& pe : pending_events_) {
      uint32_t seq = event_seq_[pe.id];
      for (const Effect& ef : pe.effects) {
        Event& e = u_.events[pe.id];
        if (!ef.label.empty()) {
          FactId f = FindLabel(ef.label, e.continuity);
          if (f == kNone) continue;
          if (u_.facts[f].end != kNone) {
            Report(DiagId::kNoMatchingFact, ef.label.loc,
                   "fact `" + ef.label.text + "` is not open: it already ends",
                   u_.facts[f].ended_by != kNone
                       ? "event `" + u_.events[u_.facts[f].ended_by].id + "` ends it"
                       : "it has an `until`");
            continue;
          }
          u_.facts[f].end = e.time;
          u_.facts[f].ended_by = pe.id;
          e.ends.push_back(f);
          continue;
        }
        if (ef.kind == Effect::Kind::kEnds || ef.kind == Effect::Kind::kSets) {
          FactId open = FindOpen(ef.subject, ef.predicate,
                                 ef.kind == Effect::Kind::kEnds ? &ef.object : nullptr, seq);
          if (open != kNone) {
            u_.facts[open].end = e.time;
            u_.facts[open].ended_by = pe.id;
            e.ends.push_back(open);
          } else if (ef.kind == Effect::Kind::kEnds) {
            Report(DiagId::kNoMatchingFact, ef.loc,
                   "no open fact `" + ef.text + "` for event `" + e.id + "` to end",
                   "declare the fact (without `until`) or start it with an earlier event");
          }
        }
        if (ef.kind == Effect::Kind::kStarts || ef.kind == Effect::Kind::kSets) {
          Fact f;
          f.subject = ef.subject;
          f.predicate = ef.predicate;
          f.object = ef.object;
          f.start = e.time;
          f.started_by = pe.id;
          f.revealed = e.revealed;  // (an overturned event overturns it through started_by)
          f.continuity = u_.entities[ef.subject].continuity != kNone
                             ? u_.entities[ef.subject].continuity
                             : e.continuity;
          f.loc = ef.loc;
          FactId id = static_cast<FactId>(u_.facts.size());
          u_.facts.push_back(std::move(f));
          fact_seq_.push_back(seq);
          IndexFact(id);
          e.starts.push_back(id);
        }
      }
    }
  }

  // ---- pass E: time, knowledge, counterparts ----

  struct Anchor {
    enum class Kind { kNone, kPoint, kWork, kDate } kind = Kind::kNone;
    PointId point = kNone;
    WorkId work = kNone;
    PartialDate date;
  };

  // Looks up an anchor name: event ids, then fact labels (`X.end` for a
  // fact's end), then work paths, in continuity `ctx`.
  Anchor ResolveAnchorName(const Name& n, ContinuityId ctx, bool allow_work = true) {
    Anchor a;
    std::string text = n.text;
    ContinuityId c = ctx;
    size_t colon = text.find(':');
    if (colon != std::string::npos) {
      Name cn{text.substr(0, colon),
              SourceLoc{n.loc.file, n.loc.line, n.loc.col, static_cast<uint32_t>(colon)}};
      c = ResolveContinuity(cn);
      if (c == kNone) return a;
      text = text.substr(colon + 1);
    }
    bool end = false;
    std::string base = text;
    if (text.size() > 4 && text.compare(text.size() - 4, 4, ".end") == 0) {
      end = true;
      base = text.substr(0, text.size() - 4);
    }
    auto find_in = [&](const StrMap<uint32_t>& index, const StrMap<std::vector<uint32_t>>& by_id,
                       const std::string& id, bool& ambiguous) -> uint32_t {
      ambiguous = false;
      if (c != kNone) {
        auto it = index.find(Key(c, id));
        if (it != index.end()) return it->second;
        if (colon != std::string::npos) return kNone;
      }
      auto all = by_id.find(id);
      if (all == by_id.end() || all->second.empty()) return kNone;
      if (all->second.size() == 1) return all->second[0];
      ambiguous = true;
      return kNone;
    };
    bool amb_e = false, amb_f = false;
    EventId ev = find_in(event_index_, events_by_id_, base, amb_e);
    FactId fact = find_in(label_index_, labels_by_id_, base, amb_f);
    if (amb_e || amb_f) {
      Report(
          DiagId::kAmbiguousName, n.loc,
          "`" + base + "` names " + (amb_e ? "events" : "fact labels") + " in several continuities",
          "qualify it: `CONTINUITY:" + base + "`");
      return a;
    }
    if (ev != kNone && fact != kNone) {
      Report(DiagId::kAmbiguousName, n.loc, "`" + base + "` is both an event and a fact label",
             "rename one of them",
             {DiagNote{u_.events[ev].loc, "the event"}, DiagNote{u_.facts[fact].loc, "the fact"}});
      return a;
    }
    if (ev != kNone) {
      if (end) {
        Report(DiagId::kBadTimeExpr, n.loc,
               "`" + base + "` is an event: it happens at one point and has no `.end`",
               "anchor on the event itself: `" + base + "`");
        return a;
      }
      a.kind = Anchor::Kind::kPoint;
      a.point = u_.events[ev].time;
      return a;
    }
    if (fact != kNone) {
      const Fact& f = u_.facts[fact];
      PointId p = end ? f.end : f.start;
      if (p == kNone) {
        Report(DiagId::kBadTimeExpr, n.loc,
               end ? "fact `" + base + "` has no end (no `until`, no event ends it)"
                   : "fact `" + base +
                         "` has no start: without `from` it holds since before "
                         "the story began",
               end ? "give the fact an `until`" : "give the fact a `from`, or anchor on an event");
        return a;
      }
      a.kind = Anchor::Kind::kPoint;
      a.point = p;
      return a;
    }
    if (allow_work && colon == std::string::npos) {
      WorkId w = FindWork(n.text);
      if (w != kNone) {
        a.kind = Anchor::Kind::kWork;
        a.work = w;
        return a;
      }
    }
    std::vector<std::string_view> cands;
    for (const auto& [id, list] : events_by_id_) cands.push_back(id);
    for (const auto& [id, list] : labels_by_id_) cands.push_back(id);
    if (allow_work) {
      for (const Work& w : u_.works) {
        if (w.parent == kNone) cands.push_back(w.path);
      }
    }
    std::sort(cands.begin(), cands.end());
    Report(DiagId::kUnknownEvent, n.loc,
           "unknown " +
               std::string(allow_work ? "event, fact label or work" : "event or fact label") +
               " `" + n.text + "`",
           DidYouMeanHint(n.text, cands));
    return a;
  }

  Anchor ResolveAnchor(const TimeTerm& t, ContinuityId ctx) {
    if (t.anchor_is_date) {
      Anchor a;
      std::optional<PartialDate> d = ToDate(*t.date);
      if (d) {
        a.kind = Anchor::Kind::kDate;
        a.date = *d;
      }
      return a;
    }
    return ResolveAnchorName(t.anchor, ctx);
  }

  static void SetAnchor(TimeConstraint& c, const Anchor& a) {
    switch (a.kind) {
      case Anchor::Kind::kPoint:
        c.anchor_kind = TimeConstraint::AnchorKind::kPoint;
        c.point = a.point;
        break;
      case Anchor::Kind::kWork:
        c.anchor_kind = TimeConstraint::AnchorKind::kWork;
        c.work = a.work;
        break;
      case Anchor::Kind::kDate:
        c.anchor_kind = TimeConstraint::AnchorKind::kDate;
        c.date = a.date;
        break;
      case Anchor::Kind::kNone:
        break;
    }
  }

  // Converts one term into a constraint; false when unresolvable (reported).
  bool TermConstraint(const TimeTerm& t, ContinuityId ctx, TimeConstraint& c) {
    c.loc = t.loc;
    c.implicit = false;
    if (t.kind == TimeTerm::Kind::kDate) {
      std::optional<PartialDate> d = ToDate(*t.date);
      if (!d) return false;
      c.kind = TimeConstraint::Kind::kDate;
      c.anchor_kind = TimeConstraint::AnchorKind::kDate;
      c.date = *d;
      return true;
    }
    if (t.kind == TimeTerm::Kind::kDuring) {
      WorkId w = ResolveWork(t.anchor);
      if (w == kNone) return false;
      c.kind = TimeConstraint::Kind::kDuring;
      c.anchor_kind = TimeConstraint::AnchorKind::kWork;
      c.work = w;
      return true;
    }
    Anchor a = ResolveAnchor(t, ctx);
    if (a.kind == Anchor::Kind::kNone) return false;
    SetAnchor(c, a);
    switch (t.kind) {
      case TimeTerm::Kind::kBefore:
        c.kind = TimeConstraint::Kind::kBefore;
        break;
      case TimeTerm::Kind::kAfter:
        c.kind = TimeConstraint::Kind::kAfter;
        break;
      case TimeTerm::Kind::kAt:
      case TimeTerm::Kind::kBare:
        c.kind = a.kind == Anchor::Kind::kPoint  ? TimeConstraint::Kind::kSame
                 : a.kind == Anchor::Kind::kWork ? TimeConstraint::Kind::kDuring
                                                 : TimeConstraint::Kind::kDate;
        break;
      case TimeTerm::Kind::kOffset:
        c.kind = TimeConstraint::Kind::kOffset;
        c.amount = t.offset_before ? -t.amount : t.amount;
        c.unit = t.unit == TimeTerm::Unit::kDays     ? TimeConstraint::Unit::kDays
                 : t.unit == TimeTerm::Unit::kMonths ? TimeConstraint::Unit::kMonths
                                                     : TimeConstraint::Unit::kYears;
        break;
      default:
        break;
    }
    return true;
  }

  void AddConstraints(PointId p, const TimeExpr& t, ContinuityId ctx) {
    for (const TimeTerm& term : t.terms) {
      TimeConstraint c;
      if (TermConstraint(term, ctx, c)) u_.points[p].constraints.push_back(c);
    }
  }

  void PassE() {
    // Work story clauses.
    for (const auto& ws : work_stories_) {
      const Work& w = u_.works[ws.work];
      ContinuityId ctx = w.continuity;
      for (const TimeTerm& term : ws.clause->time.terms) {
        TimeConstraint c;
        if (!TermConstraint(term, ctx, c)) continue;
        if (c.anchor_kind == TimeConstraint::AnchorKind::kWork && c.work == ws.work) {
          Report(DiagId::kBadTimeExpr, term.loc, "a work's story time cannot refer to itself");
          continue;
        }
        bool to_start = c.kind != TimeConstraint::Kind::kBefore;
        bool to_end = c.kind != TimeConstraint::Kind::kAfter;
        if (to_start) u_.points[w.slot_start].constraints.push_back(c);
        if (to_end) u_.points[w.slot_end].constraints.push_back(c);
      }
    }
    // Fact from/until.
    for (const FactTime& ft : fact_times_) {
      const Fact& f = u_.facts[ft.fact];
      ContinuityId ctx = f.continuity;
      const Clause* from = ft.s->Find(ClauseKind::kFrom);
      const Clause* until = ft.s->Find(ClauseKind::kUntil);
      if (from && f.start != kNone) AddConstraints(f.start, from->time, ctx);
      if (until && f.end != kNone) AddConstraints(f.end, until->time, ctx);
      if (from && until && f.start != kNone && f.end != kNone) CheckEndsBeforeStart(ft.fact, until);
    }
    // Events: story, known_by, unaware, implicit knowledge, uses.
    for (const PendingEvent& pe : pending_events_) EventTimeAndKnowledge(pe);
    for (const PendingEvent& pe : pending_events_) EventUses(pe);
    // Appearances, in source order (`cast` lines in their work's place).
    for (const Item& it : items_) {
      if (it.s->kind == StmtKind::kAppears) {
        const Statement& s = *it.s;
        Point at = *s.point;
        std::vector<RevealPoint> rp = ResolvePoints({at});
        if (rp.empty()) continue;
        AddAppearances(s.entities, rp[0], s.point->work.loc, false, s.Find(ClauseKind::kStory),
                       Allows(s));
      } else if (IsWorkStmt(it.s->kind)) {
        auto found = casts_.find(it.seq);
        if (found == casts_.end()) continue;
        for (const auto& [wid, cast] : found->second) {
          AddAppearances(cast->entities, RevealPoint{wid}, cast->loc, true, nullptr, {});
        }
      }
    }
    // learns and counterparts.
    for (const Item& it : items_) {
      if (it.s->kind == StmtKind::kLearns) Learns(it);
      if (it.s->kind == StmtKind::kCounterpart) {
        ContinuityId ctx = DefaultContinuity(it);
        if (it.s->target.empty()) {
          Report(DiagId::kExpectedToken, it.s->subject.loc,
                 "a top-level `counterpart` links two entities",
                 "write `counterpart A B`, or nest `counterpart B` under A");
          continue;
        }
        EntityId a = ResolveEntity(it.s->subject, ctx);
        EntityId b = ResolveEntity(it.s->target, ctx);
        AddCounterpart(a, b, it.s->target.loc);
      }
    }
    for (auto& [eid, it] : entity_items_) {
      for (const Statement& child : it.s->children) {
        if (child.kind != StmtKind::kCounterpart) continue;
        if (!child.target.empty()) {
          Report(DiagId::kUnexpectedToken, child.target.loc,
                 "a nested `counterpart` names only the other entity",
                 "write `counterpart " + child.subject.text + "`");
          continue;
        }
        EntityId b = ResolveEntity(child.subject, u_.entities[eid].continuity);
        AddCounterpart(eid, b, child.subject.loc);
      }
    }
  }

  void CheckEndsBeforeStart(FactId f, const Clause* until) {
    // Only dates can be compared before story time is resolved.
    const auto& sc = u_.points[u_.facts[f].start].constraints;
    const auto& ec = u_.points[u_.facts[f].end].constraints;
    for (const TimeConstraint& s : sc) {
      if (s.kind != TimeConstraint::Kind::kDate) continue;
      for (const TimeConstraint& e : ec) {
        if (e.kind != TimeConstraint::Kind::kDate) continue;
        if (LatestDay(u_, e.date) < EarliestDay(u_, s.date)) {
          Report(DiagId::kEndsBeforeStart, e.loc,
                 "this fact ends (" + FormatDate(u_, e.date) + ") before it starts (" +
                     FormatDate(u_, s.date) + ")",
                 "swap `from` and `until`, or fix a date");
          return;
        }
      }
    }
    // `from X until X` on the same point: ends as it starts.
    for (const TimeConstraint& s : sc) {
      for (const TimeConstraint& e : ec) {
        if (s.kind == TimeConstraint::Kind::kSame && e.kind == TimeConstraint::Kind::kSame &&
            s.point == e.point) {
          Report(DiagId::kEndsBeforeStart, e.loc, "this fact ends at the same point it starts",
                 "a fact holds from `from` (inclusive) until `until` (exclusive): it never holds");
          return;
        }
        if (s.kind == TimeConstraint::Kind::kAfter && e.kind == TimeConstraint::Kind::kBefore &&
            s.anchor_kind == e.anchor_kind && s.point == e.point && s.work == e.work &&
            s.anchor_kind != TimeConstraint::AnchorKind::kDate) {
          Report(DiagId::kEndsBeforeStart, e.loc,
                 "this fact starts after and ends before the same anchor",
                 "swap `before` and `after`");
          return;
        }
      }
    }
    (void)until;
  }

  // `from TIME` of knowledge: an existing point when TIME is one event or
  // fact anchor, else a point of its own. `default_reveal` gets the work of
  // `from WORK` / `from during WORK`.
  PointId KnowledgeFrom(const TimeExpr& t, ContinuityId ctx, KnowledgeId kid,
                        WorkId& default_reveal) {
    default_reveal = kNone;
    if (t.terms.size() == 1) {
      const TimeTerm& term = t.terms[0];
      if ((term.kind == TimeTerm::Kind::kAt || term.kind == TimeTerm::Kind::kBare) &&
          !term.anchor_is_date) {
        Anchor a = ResolveAnchorName(term.anchor, ctx);
        if (a.kind == Anchor::Kind::kNone) return kPointError;
        if (a.kind == Anchor::Kind::kPoint) return a.point;
        if (term.kind == TimeTerm::Kind::kBare) default_reveal = a.work;
        PointId p = NewPoint(TimePoint::Owner::kKnowledge, kid);
        TimeConstraint c;
        c.kind = TimeConstraint::Kind::kDuring;
        c.anchor_kind = TimeConstraint::AnchorKind::kWork;
        c.work = a.work;
        c.loc = term.loc;
        u_.points[p].constraints.push_back(c);
        return p;
      }
      if (term.kind == TimeTerm::Kind::kDuring) {
        WorkId w = ResolveWork(term.anchor);
        if (w == kNone) return kPointError;
        default_reveal = w;
      }
    }
    std::vector<TimeConstraint> cs;
    for (const TimeTerm& term : t.terms) {
      TimeConstraint c;
      if (!TermConstraint(term, ctx, c)) return kPointError;
      cs.push_back(c);
    }
    PointId p = NewPoint(TimePoint::Owner::kKnowledge, kid);
    u_.points[p].constraints = std::move(cs);
    return p;
  }
  static constexpr PointId kPointError = kNone - 1;

  void EventTimeAndKnowledge(const PendingEvent& pe) {
    const Statement& s = *pe.s;
    EventId eid = pe.id;
    ContinuityId ctx = u_.events[eid].continuity;
    if (const Clause* story = s.Find(ClauseKind::kStory)) {
      AddConstraints(u_.events[eid].time, story->time, ctx);
    }
    std::unordered_set<EntityId> participants;
    for (const Role& r : u_.events[eid].roles) participants.insert(r.entity);
    std::unordered_set<EntityId> unaware, explicit_knowers;
    for (const Clause& c : s.clauses) {
      if (c.kind == ClauseKind::kUnaware) {
        EntityId e = ResolveEntity(c.name, ctx);
        if (e == kNone) continue;
        if (!participants.count(e)) {
          Report(DiagId::kBadRole, c.name.loc,
                 "`" + c.name.text + "` is not a participant of `" + u_.events[eid].id + "`",
                 "`unaware` exempts a participant from knowing; others do not know by default");
          continue;
        }
        unaware.insert(e);
      }
    }
    // Implicit knowledge first (participants, in role order), then explicit.
    std::vector<Knowledge> explicit_k;
    for (const Clause& c : s.clauses) {
      if (c.kind != ClauseKind::kKnownBy) continue;
      EntityId who = ResolveEntity(c.name, ctx);
      if (who == kNone) continue;
      const Clause* from = nullptr;
      const Clause* rev = nullptr;
      for (const Clause& sub : *c.sub) {
        if (sub.kind == ClauseKind::kFrom) from = &sub;
        if (sub.kind == ClauseKind::kRevealed) rev = &sub;
      }
      if (participants.count(who) && !unaware.count(who) && !from && !rev) {
        Report(
            DiagId::kRedundantClause, c.loc,
            "`" + c.name.text + "` takes part in `" + u_.events[eid].id + "` and knows it already",
            "drop the clause, or give `from`/`revealed` if they learn it differently");
        // Kept as written (explicit): same meaning as the implicit record.
      }
      Knowledge k;
      k.who = who;
      k.target_kind = Knowledge::TargetKind::kEvent;
      k.target = eid;
      k.loc = c.name.loc;
      k.implicit = false;
      // The owner id of a point made here is fixed up once the record's
      // final index is known (implicit records are added first).
      KnowledgeId kid = kNone;
      WorkId default_reveal = kNone;
      k.from = u_.events[eid].time;
      if (from) {
        PointId p = KnowledgeFrom(from->time, ctx, kid, default_reveal);
        if (p == kPointError) continue;
        k.from = p;
      }
      if (rev)
        k.revealed = ResolvePoints(rev->points);
      else if (default_reveal != kNone)
        k.revealed.push_back(RevealPoint{default_reveal});
      explicit_knowers.insert(who);
      explicit_k.push_back(std::move(k));
    }
    std::unordered_set<EntityId> done;
    for (const Role& r : u_.events[eid].roles) {
      if (unaware.count(r.entity) || explicit_knowers.count(r.entity) || done.count(r.entity))
        continue;
      EntityKind kind = u_.entities[r.entity].kind;
      if (kind == EntityKind::kPlace || kind == EntityKind::kObject) continue;
      done.insert(r.entity);
      Knowledge k;
      k.who = r.entity;
      k.target_kind = Knowledge::TargetKind::kEvent;
      k.target = eid;
      k.from = u_.events[eid].time;
      k.implicit = true;
      k.loc = u_.events[eid].loc;
      u_.knowledge.push_back(std::move(k));
    }
    for (Knowledge& k : explicit_k) {
      KnowledgeId kid = static_cast<KnowledgeId>(u_.knowledge.size());
      TimePoint& p = u_.points[k.from];
      if (p.owner == TimePoint::Owner::kKnowledge && p.owner_id == kNone) p.owner_id = kid;
      u_.knowledge.push_back(std::move(k));
    }
  }

  // Looks up an event id or a fact label (no works) in `ctx`, else anywhere
  // when unique. Reports E0303/E0305/E0307; false when unresolved.
  bool ResolveTarget(const Name& n, ContinuityId ctx, bool& is_fact, uint32_t& id) {
    const QualifiedName q = SplitQualified(n, ctx);
    if (!q.ok) return false;
    const std::string& text = q.text;
    const ContinuityId c = q.continuity;
    const bool qualified = q.qualified;
    auto lookup = [&](const StrMap<uint32_t>& index, const StrMap<std::vector<uint32_t>>& by_id) {
      if (c != kNone) {
        auto f = index.find(Key(c, text));
        if (f != index.end()) return f->second;
      }
      if (qualified) return kNone;
      auto all = by_id.find(text);
      if (all != by_id.end() && all->second.size() == 1) return all->second[0];
      return kNone;
    };
    EventId ev = lookup(event_index_, events_by_id_);
    FactId fact = lookup(label_index_, labels_by_id_);
    if (ev != kNone && fact != kNone) {
      Report(DiagId::kAmbiguousName, n.loc, "`" + text + "` is both an event and a fact label",
             "rename one of them");
      return false;
    }
    if (ev == kNone && fact == kNone) {
      std::vector<std::string> cands;
      for (const auto& [cid, l] : events_by_id_) cands.push_back(cid);
      for (const auto& [cid, l] : labels_by_id_) cands.push_back(cid);
      std::sort(cands.begin(), cands.end());
      std::string hint = DidYouMeanHint(text, cands);
      if (hint.empty()) hint = "name an event id or a fact label (`fact LABEL: ...`)";
      Report(DiagId::kUnknownEvent, n.loc, "unknown event or fact label `" + n.text + "`", hint);
      return false;
    }
    is_fact = ev == kNone;
    id = is_fact ? fact : ev;
    return true;
  }

  // `uses TARGET [by ENTITY]`, expanded to one Use per user: without `by`,
  // every participant that can know (not places and objects), in role order.
  void EventUses(const PendingEvent& pe) {
    EventId eid = pe.id;
    ContinuityId ctx = u_.events[eid].continuity;
    for (const Clause& c : pe.s->clauses) {
      if (c.kind != ClauseKind::kUses) continue;
      Event::Use use;
      use.loc = c.loc;
      if (!ResolveTarget(c.name, ctx, use.target_is_fact, use.target)) continue;
      std::vector<EntityId> who;
      if (!c.name2->empty()) {
        EntityId e = ResolveEntity(*c.name2, ctx);
        if (e == kNone) continue;
        ContinuityId ec = u_.entities[e].continuity;
        if (ec != kNone && ctx != kNone && ec != ctx) {
          Report(DiagId::kCrossContinuity, c.name2->loc,
                 "`" + u_.QualifiedId(e) + "` is not in continuity `" + u_.continuities[ctx].id +
                     "` of event `" + u_.events[eid].id + "`",
                 "a use stays within the event's continuity");
          continue;
        }
        who.push_back(e);
      } else {
        for (const Role& r : u_.events[eid].roles) {
          EntityKind k = u_.entities[r.entity].kind;
          if (k == EntityKind::kPlace || k == EntityKind::kObject) continue;
          if (std::find(who.begin(), who.end(), r.entity) == who.end()) who.push_back(r.entity);
        }
        if (who.empty()) {
          Report(DiagId::kBadRole, c.loc,
                 "`uses " + c.name.text + "` has no one to use it: event `" + u_.events[eid].id +
                     "` has no participant who can know",
                 "name who uses it: `uses " + c.name.text + " by ENTITY`");
          continue;
        }
      }
      for (EntityId e : who) {
        use.who = e;
        u_.events[eid].uses.push_back(use);
      }
    }
  }

  // One appearance per entity of an `appears` or `cast` line at `at`; with
  // `story`, each gets a point of its own carrying the constraints.
  void AddAppearances(const std::vector<Name>& names, const RevealPoint& at, SourceLoc loc,
                      bool is_cast, const Clause* story, const std::vector<LintAllow>& allows) {
    const Work& w = u_.works[at.work];
    if (!w.is_leaf()) {
      Report(DiagId::kAppearanceNotLeaf, loc,
             "`" + w.path +
                 "` is not a leaf work: an appearance is in one scene, episode, issue "
                 "or chapter",
             is_cast ? "move the `cast` line into a leaf below it (like `" +
                           u_.works[w.children.front()].path + "`)"
                     : "name the leaf (like `" + u_.works[w.children.front()].path +
                           "`), or put a `cast` line in it");
      return;
    }
    ContinuityId ctx = w.continuity;
    for (const Name& n : names) {
      EntityId e = ResolveEntity(n, ctx);
      if (e == kNone) continue;
      const Entity& ent = u_.entities[e];
      if (ent.continuity != ctx && ctx != kNone) {
        Report(DiagId::kCrossContinuity, n.loc,
               ent.continuity == kNone ? "`" + ent.id + "` is a real person, not in continuity `" +
                                             u_.continuities[ctx].id + "` of `" + w.path + "`"
                                       : "`" + u_.QualifiedId(e) + "` is not in continuity `" +
                                             u_.continuities[ctx].id + "` of `" + w.path + "`",
               ent.continuity == kNone
                   ? "an appearance is a character (or group, place, object) of the work's "
                     "continuity; name the character they play"
                   : "an appearance is of the work's own continuity; link the two with "
                     "`counterpart`");
        continue;
      }
      Appearance a;
      a.entity = e;
      a.at = at;
      a.allows = allows;
      a.loc = n.loc;
      AppearanceId id = static_cast<AppearanceId>(u_.appearances.size());
      if (story) {
        a.time = NewPoint(TimePoint::Owner::kAppearance, id);
        AddConstraints(a.time, story->time, ctx);
      }
      u_.appearances.push_back(std::move(a));
    }
  }

  void Learns(const Item& it) {
    const Statement& s = *it.s;
    ContinuityId ctx = DefaultContinuity(it);
    EntityId who = ResolveEntity(s.subject, ctx);
    if (who != kNone && u_.entities[who].continuity != kNone) ctx = u_.entities[who].continuity;
    Knowledge k;
    // Target: an event id or a fact label (not a work).
    {
      std::string text = s.target.text;
      ContinuityId c = ctx;
      size_t colon = text.find(':');
      if (colon != std::string::npos) {
        auto ci = continuity_index_.find(text.substr(0, colon));
        if (ci == continuity_index_.end()) {
          ResolveContinuity(Name{text.substr(0, colon), s.target.loc});
          return;
        }
        c = ci->second;
        text = text.substr(colon + 1);
      }
      auto lookup = [&](const StrMap<uint32_t>& index, const StrMap<std::vector<uint32_t>>& by_id) {
        if (c != kNone) {
          auto f = index.find(Key(c, text));
          if (f != index.end()) return f->second;
        }
        auto all = by_id.find(text);
        if (all != by_id.end() && all->second.size() == 1) return all->second[0];
        return kNone;
      };
      EventId ev = lookup(event_index_, events_by_id_);
      FactId fact = lookup(label_index_, labels_by_id_);
      if (ev != kNone && fact != kNone) {
        Report(DiagId::kAmbiguousName, s.target.loc,
               "`" + text + "` is both an event and a fact label", "rename one of them");
        return;
      }
      if (ev == kNone && fact == kNone) {
        std::vector<std::string> cands;
        for (const auto& [id, l] : events_by_id_) cands.push_back(id);
        for (const auto& [id, l] : labels_by_id_) cands.push_back(id);
        std::sort(cands.begin(), cands.end());
        std::string hint = DidYouMeanHint(text, cands);
        if (hint.empty()) hint = "`learns` takes an event id or a fact label (`fact LABEL: ...`)";
        Report(DiagId::kUnknownEvent, s.target.loc,
               "unknown event or fact label `" + s.target.text + "`", hint);
        return;
      }
      if (ev != kNone) {
        k.target_kind = Knowledge::TargetKind::kEvent;
        k.target = ev;
        k.from = u_.events[ev].time;
      } else {
        k.target_kind = Knowledge::TargetKind::kFact;
        k.target = fact;
        k.from = u_.facts[fact].start;
      }
    }
    if (who == kNone) return;
    k.who = who;
    k.loc = s.subject.loc;
    KnowledgeId kid = static_cast<KnowledgeId>(u_.knowledge.size());
    WorkId default_reveal = kNone;
    if (const Clause* from = s.Find(ClauseKind::kFrom)) {
      PointId p = KnowledgeFrom(from->time, ctx, kid, default_reveal);
      if (p == kPointError) return;
      k.from = p;
    }
    if (const Clause* rev = s.Find(ClauseKind::kRevealed))
      k.revealed = ResolvePoints(rev->points);
    else if (default_reveal != kNone)
      k.revealed.push_back(RevealPoint{default_reveal});
    if (const Clause* src = s.Find(ClauseKind::kSource)) k.source = src->text;
    u_.knowledge.push_back(std::move(k));
  }

  void AddCounterpart(EntityId a, EntityId b, SourceLoc loc) {
    if (a == kNone || b == kNone) return;
    const Entity& ea = u_.entities[a];
    const Entity& eb = u_.entities[b];
    if (ea.kind == EntityKind::kPerson || eb.kind == EntityKind::kPerson) {
      Report(DiagId::kBadCounterpart, loc, "a person has no counterparts",
             "people live outside every continuity; link characters instead");
      return;
    }
    if (ea.continuity == eb.continuity) {
      Report(
          DiagId::kBadCounterpart, loc,
          "`" + u_.QualifiedId(a) + "` and `" + u_.QualifiedId(b) + "` are in the same continuity",
          "counterparts are one entity in two continuities; qualify the other: `CONT:id`");
      return;
    }
    if (ea.kind != eb.kind) {
      Report(DiagId::kBadCounterpart, loc,
             "`" + u_.QualifiedId(a) + "` is a " + std::string(EntityKindName(ea.kind)) + " but `" +
                 u_.QualifiedId(b) + "` is a " + std::string(EntityKindName(eb.kind)),
             "counterparts are of the same kind");
      return;
    }
    for (auto& [x, y] : u_.counterparts) {
      if ((x == a && y == b) || (x == b && y == a)) return;
    }
    u_.counterparts.emplace_back(a, b);
  }

  // ---- pass F: whole-universe checks ----

  // True when reveal point `o` is released before `r` (every leaf of o
  // comes before every leaf of r, or an earlier position in one leaf).
  bool ReleasedBefore(const RevealPoint& o, const RevealPoint& r) const {
    const Work& wo = u_.works[o.work];
    const Work& wr = u_.works[r.work];
    if (wo.end_leaf_rank == kNone || wr.first_leaf_rank == kNone) return false;
    if (o.work == r.work && wo.is_leaf()) {
      return o.position_kind == r.position_kind &&
             o.position_kind != RevealPoint::PositionKind::kNone && o.position < r.position;
    }
    return wo.end_leaf_rank <= wr.first_leaf_rank;
  }

  void CheckOverturns(const std::vector<RevealPoint>& revealed,
                      const std::vector<RevealPoint>& overturned, SourceLoc loc,
                      const std::string& what) {
    if (revealed.empty()) return;
    for (const RevealPoint& o : overturned) {
      bool before_all = true;
      for (const RevealPoint& r : revealed) before_all &= ReleasedBefore(o, r);
      if (before_all) {
        Report(DiagId::kOverturnBeforeReveal, loc,
               what + " is overturned in `" + u_.works[o.work].path +
                   "`, released before it is revealed",
               "the audience must be shown it before being shown it is false; check the points");
        return;
      }
    }
  }

  void PassF() {
    for (const Fact& f : u_.facts) {
      if (f.started_by != kNone) continue;  // reported on the event
      CheckOverturns(f.revealed, f.overturned, f.loc,
                     f.label.empty() ? "this fact" : "fact `" + f.label + "`");
    }
    for (const Event& e : u_.events) {
      CheckOverturns(e.revealed, e.overturned, e.loc, "event `" + e.id + "`");
    }
    // Unused entities.
    std::vector<bool> used(u_.entities.size(), false);
    for (const Fact& f : u_.facts) {
      used[f.subject] = true;
      if (f.object.kind == ValueKind::kEntity) used[f.object.entity] = true;
    }
    for (const Event& e : u_.events) {
      for (const Role& r : e.roles) used[r.entity] = true;
    }
    for (const Knowledge& k : u_.knowledge) used[k.who] = true;
    for (const Appearance& a : u_.appearances) used[a.entity] = true;
    for (auto& [a, b] : u_.counterparts) used[a] = used[b] = true;
    // (Not on broken input: the statements that mention an entity may be
    // the ones that failed.)
    for (EntityId e = 0; e < u_.entities.size() && !sink_.has_errors(); ++e) {
      if (!used[e] && u_.entities[e].introduced.empty()) {
        Report(DiagId::kUnusedEntity, u_.entities[e].loc,
               std::string(EntityKindName(u_.entities[e].kind)) + " `" + u_.entities[e].id +
                   "` is never mentioned",
               "give it `introduced WORK`, a fact or an event, or remove it");
      }
    }
    // Shadowed names: one display name or alias for several entities of a continuity.
    StrMap<EntityId> names;
    PredicateId alias = predicate_index_.at("alias");
    auto note = [&](ContinuityId c, const std::string& name, EntityId e, SourceLoc loc) {
      if (name.empty()) return;
      std::string key = Key(c, AsciiLower(name));
      auto [it, inserted] = names.emplace(key, e);
      if (!inserted && it->second != e) {
        Report(DiagId::kShadowedName, loc,
               "\"" + name + "\" also names `" + u_.QualifiedId(it->second) + "`",
               "queries by this name will be ambiguous; qualify or rename one",
               FirstHere(u_.entities[it->second].loc, "the other entity"));
      }
    };
    for (EntityId e = 0; e < u_.entities.size(); ++e) {
      note(u_.entities[e].continuity, u_.entities[e].name, e, u_.entities[e].loc);
    }
    for (const Fact& f : u_.facts) {
      if (f.predicate == alias)
        note(u_.entities[f.subject].continuity, f.object.text, f.subject, f.loc);
    }
  }

  const SourceManager& sources_;
  DiagnosticSink& sink_;
  Universe u_;
  SourceLoc universe_loc_;
  std::vector<Item> items_;
  // Scratch key for lookups (Key() without an allocation per call).
  const std::string& ScratchKey(uint32_t a, std::string_view b) {
    key_buf_.clear();
    char digits[16];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, a);
    key_buf_.append(digits, end);
    key_buf_ += '\x1f';
    key_buf_ += b;
    return key_buf_;
  }
  std::string key_buf_;
  StrMap<ContinuityId> continuity_index_;
  StrMap<EraId> era_index_;
  StrMap<PredicateId> predicate_index_;
  StrMap<WorkId> work_index_;      // full path
  StrMap<WorkId> work_memo_;       // any written path
  StrMap<EntityId> entity_index_;  // Key(cont, id)
  StrMap<std::vector<EntityId>> entities_by_id_;
  StrMap<EventId> event_index_;
  StrMap<std::vector<EventId>> events_by_id_;
  StrMap<FactId> label_index_;
  StrMap<std::vector<FactId>> labels_by_id_;
  static uint64_t PairKey(EntityId e, PredicateId p) { return (uint64_t{e} << 32) | p; }
  std::unordered_map<uint64_t, std::vector<FactId>> by_subject_pred_;  // PairKey
  std::unordered_map<uint64_t, std::vector<FactId>> by_object_pred_;   // symmetric only
  std::vector<std::pair<EntityId, Item>> entity_items_;
  struct WorkStory {
    WorkId work;
    const Clause* clause;
    Item item;
  };
  std::vector<WorkStory> work_stories_;
  // `cast` lines per top-level work item (by Item::seq), in tree order.
  std::unordered_map<uint32_t, std::vector<std::pair<WorkId, const Statement*>>> casts_;
  struct FactTime {
    FactId fact;
    const Statement* s;
    Item item;
    bool nested;
  };
  std::vector<FactTime> fact_times_;
  std::vector<uint32_t> fact_seq_;   // per fact: declaration sequence
  std::vector<uint32_t> event_seq_;  // per event
  std::vector<PendingEvent> pending_events_;
};

}  // namespace

Universe Check(const SourceManager& sources, const std::vector<ast::File>& files,
               DiagnosticSink& sink) {
  return Checker(sources, sink).Run(files);
}

}  // namespace canon::lang
