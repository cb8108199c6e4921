// Keyword tables of the syntax tree: clause and statement keywords, which
// clauses each statement takes (in canonical order), and legal nesting.
#include "lang/ast.h"

namespace canon::ast {

std::string_view ClauseKeyword(ClauseKind k) {
  switch (k) {
    case ClauseKind::kIn:
      return "in";
    case ClauseKind::kEpoch:
      return "epoch";
    case ClauseKind::kForward:
      return "forward";
    case ClauseKind::kBackward:
      return "backward";
    case ClauseKind::kSymmetric:
      return "symmetric";
    case ClauseKind::kDirected:
      return "directed";
    case ClauseKind::kExclusive:
      return "exclusive";
    case ClauseKind::kInverse:
      return "inverse";
    case ClauseKind::kObject:
      return "object";
    case ClauseKind::kPhrase:
      return "phrase";
    case ClauseKind::kReleased:
      return "released";
    case ClauseKind::kEpisodes:
      return "episodes";
    case ClauseKind::kIssues:
      return "issues";
    case ClauseKind::kChapters:
      return "chapters";
    case ClauseKind::kRuntime:
      return "runtime";
    case ClauseKind::kFlashback:
      return "flashback";
    case ClauseKind::kIntroduced:
      return "introduced";
    case ClauseKind::kKind:
      return "kind";
    case ClauseKind::kRole:
      return "role";
    case ClauseKind::kStory:
      return "story";
    case ClauseKind::kFrom:
      return "from";
    case ClauseKind::kUntil:
      return "until";
    case ClauseKind::kRevealed:
      return "revealed";
    case ClauseKind::kOverturned:
      return "overturned";
    case ClauseKind::kKnownBy:
      return "known_by";
    case ClauseKind::kUnaware:
      return "unaware";
    case ClauseKind::kStarts:
      return "starts";
    case ClauseKind::kEnds:
      return "ends";
    case ClauseKind::kSets:
      return "sets";
    case ClauseKind::kSource:
      return "source";
    case ClauseKind::kAllow:
      return "allow";
    case ClauseKind::kUses:
      return "uses";
    case ClauseKind::kCount_:
      break;
  }
  return "?";
}

bool ClauseRepeatable(ClauseKind k) {
  switch (k) {
    case ClauseKind::kRole:
    case ClauseKind::kKnownBy:
    case ClauseKind::kUnaware:
    case ClauseKind::kStarts:
    case ClauseKind::kEnds:
    case ClauseKind::kSets:
    case ClauseKind::kAllow:
    case ClauseKind::kUses:
      return true;
    default:
      return false;
  }
}

std::string_view StmtKeyword(StmtKind k) {
  switch (k) {
    case StmtKind::kUniverse:
      return "universe";
    case StmtKind::kContinuity:
      return "continuity";
    case StmtKind::kEra:
      return "era";
    case StmtKind::kUse:
      return "use";
    case StmtKind::kSeries:
      return "series";
    case StmtKind::kSeason:
      return "season";
    case StmtKind::kEpisode:
      return "episode";
    case StmtKind::kScene:
      return "scene";
    case StmtKind::kComic:
      return "comic";
    case StmtKind::kVolume:
      return "volume";
    case StmtKind::kIssue:
      return "issue";
    case StmtKind::kFilm:
      return "film";
    case StmtKind::kBook:
      return "book";
    case StmtKind::kChapter:
      return "chapter";
    case StmtKind::kCharacter:
      return "character";
    case StmtKind::kPerson:
      return "person";
    case StmtKind::kGroup:
      return "group";
    case StmtKind::kPlace:
      return "place";
    case StmtKind::kObject:
      return "object";
    case StmtKind::kPredicate:
      return "predicate";
    case StmtKind::kFact:
      return "fact";
    case StmtKind::kNestedFact:
      return "";
    case StmtKind::kCounterpart:
      return "counterpart";
    case StmtKind::kEvent:
      return "event";
    case StmtKind::kLearns:
      return "learns";
    case StmtKind::kAppears:
      return "appears";
    case StmtKind::kCast:
      return "cast";
    case StmtKind::kLint:
      return "lint";
    case StmtKind::kCount_:
      break;
  }
  return "";
}

bool IsWorkStmt(StmtKind k) { return k >= StmtKind::kSeries && k <= StmtKind::kChapter; }
bool IsEntityStmt(StmtKind k) { return k >= StmtKind::kCharacter && k <= StmtKind::kObject; }

WorkKind ToWorkKind(StmtKind k) {
  return static_cast<WorkKind>(static_cast<int>(k) - static_cast<int>(StmtKind::kSeries));
}
StmtKind FromWorkKind(WorkKind k) {
  return static_cast<StmtKind>(static_cast<int>(k) + static_cast<int>(StmtKind::kSeries));
}
EntityKind ToEntityKind(StmtKind k) {
  return static_cast<EntityKind>(static_cast<int>(k) - static_cast<int>(StmtKind::kCharacter));
}
StmtKind FromEntityKind(EntityKind k) {
  return static_cast<StmtKind>(static_cast<int>(k) + static_cast<int>(StmtKind::kCharacter));
}

// WorkKind and EntityKind must stay in the same order as their statements.
static_assert(static_cast<int>(WorkKind::kChapter) == 9);
static_assert(static_cast<int>(EntityKind::kObject) == 4);

const std::vector<ClauseKind>& ClausesOf(StmtKind k) {
  using C = ClauseKind;
  static const std::vector<ClauseKind> kNone = {};
  static const std::vector<ClauseKind> kEra = {C::kIn, C::kEpoch, C::kForward, C::kBackward};
  static const std::vector<ClauseKind> kTopWork = {C::kIn, C::kReleased, C::kRuntime, C::kFlashback,
                                                   C::kStory};
  static const std::vector<ClauseKind> kSeason = {C::kReleased, C::kEpisodes, C::kRuntime,
                                                  C::kFlashback, C::kStory};
  static const std::vector<ClauseKind> kVolume = {C::kReleased, C::kIssues, C::kRuntime,
                                                  C::kFlashback, C::kStory};
  static const std::vector<ClauseKind> kBook = {C::kIn,      C::kReleased,  C::kChapters,
                                                C::kRuntime, C::kFlashback, C::kStory};
  static const std::vector<ClauseKind> kChild = {C::kReleased, C::kRuntime, C::kFlashback,
                                                 C::kStory};
  static const std::vector<ClauseKind> kEntity = {C::kIn, C::kIntroduced};
  static const std::vector<ClauseKind> kPredicate = {C::kSymmetric, C::kDirected, C::kExclusive,
                                                     C::kInverse,   C::kObject,   C::kPhrase};
  static const std::vector<ClauseKind> kFact = {C::kFrom,       C::kUntil, C::kRevealed,
                                                C::kOverturned, C::kAllow, C::kSource};
  static const std::vector<ClauseKind> kEvent = {
      C::kIn,      C::kKind,   C::kRole, C::kStory, C::kRevealed, C::kOverturned, C::kKnownBy,
      C::kUnaware, C::kStarts, C::kEnds, C::kSets,  C::kUses,     C::kAllow,      C::kSource};
  static const std::vector<ClauseKind> kAppears = {C::kStory, C::kAllow};
  static const std::vector<ClauseKind> kLearns = {C::kFrom, C::kRevealed, C::kSource};
  switch (k) {
    case StmtKind::kEra:
      return kEra;
    case StmtKind::kSeries:
    case StmtKind::kComic:
    case StmtKind::kFilm:
      return kTopWork;
    case StmtKind::kBook:
      return kBook;
    case StmtKind::kSeason:
      return kSeason;
    case StmtKind::kVolume:
      return kVolume;
    case StmtKind::kEpisode:
    case StmtKind::kScene:
    case StmtKind::kIssue:
    case StmtKind::kChapter:
      return kChild;
    case StmtKind::kCharacter:
    case StmtKind::kPerson:
    case StmtKind::kGroup:
    case StmtKind::kPlace:
    case StmtKind::kObject:
      return kEntity;
    case StmtKind::kPredicate:
      return kPredicate;
    case StmtKind::kFact:
    case StmtKind::kNestedFact:
      return kFact;
    case StmtKind::kEvent:
      return kEvent;
    case StmtKind::kLearns:
      return kLearns;
    case StmtKind::kAppears:
      return kAppears;
    default:
      return kNone;
  }
}

bool MayNest(StmtKind parent, StmtKind child) {
  using S = StmtKind;
  switch (parent) {
    // `cast` may stand in any work; the checker wants a leaf.
    case S::kSeries:
      return child == S::kSeason || child == S::kCast;
    case S::kSeason:
      return child == S::kEpisode || child == S::kCast;
    case S::kEpisode:
      return child == S::kScene || child == S::kCast;
    case S::kComic:
      return child == S::kVolume || child == S::kCast;
    case S::kVolume:
      return child == S::kIssue || child == S::kCast;
    case S::kFilm:
      return child == S::kScene || child == S::kCast;
    case S::kBook:
      return child == S::kChapter || child == S::kCast;
    case S::kScene:
    case S::kIssue:
    case S::kChapter:
      return child == S::kCast;
    case S::kCharacter:
    case S::kPerson:
    case S::kGroup:
    case S::kPlace:
    case S::kObject:
      return child == S::kNestedFact || child == S::kCounterpart;
    default:
      return false;
  }
}

const Clause* Statement::Find(ClauseKind k) const {
  for (const Clause& c : clauses) {
    if (c.kind == k) return &c;
  }
  return nullptr;
}

}  // namespace canon::ast
