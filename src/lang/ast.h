// The `.canon` syntax tree: what the parser builds, the checker reads, the
// printer prints and the lowering (Universe -> text) produces. It mirrors the
// source closely: every name keeps its text as written and its location, and
// comments and blank lines are kept so `canon fmt` can reproduce them.
//
// Invariants (established by the parser, expected by the printer):
//   - a Statement's `clauses` hold only clause kinds that its kind takes
//     (see ClausesOf); non-repeatable kinds appear at most once;
//   - `children` hold only statements that may nest under this kind;
//   - comment strings start with '#' and have no trailing spaces, except ""
//     in a block of leading comments, which stands for one blank line.
#ifndef CANON_LANG_AST_H_
#define CANON_LANG_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "canon/universe.h"

namespace canon::ast {

// Box<T>: an owned T allocated on first write, deep-copied with its owner.
// Members that few statements or clauses use live in boxes so the common
// node stays small: a generated universe has millions of facts whose
// clauses never carry a date, a count or a triple, and the AST's size was
// most of the compiler's memory and time (docs/performance.md). Reading an
// empty box through a const reference yields a default T.
template <class T>
class Box {
 public:
  Box() = default;
  Box(const Box& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Box(Box&&) noexcept = default;
  Box& operator=(const Box& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Box& operator=(Box&&) noexcept = default;
  Box& operator=(T v) {
    p_ = std::make_unique<T>(std::move(v));
    return *this;
  }
  T& operator*() {
    if (!p_) p_ = std::make_unique<T>();
    return *p_;
  }
  T* operator->() { return &**this; }
  const T& operator*() const { return p_ ? *p_ : Empty(); }
  const T* operator->() const { return &**this; }
  bool has_value() const { return p_ != nullptr; }

 private:
  static const T& Empty() {
    static const T kEmpty{};
    return kEmpty;
  }
  std::unique_ptr<T> p_;
};

// An identifier, a qualified name (`earth616:jessica`) or a work path
// (`jj.s1e8`, `reva_wedding.end`), as written.
struct Name {
  std::string text;
  SourceLoc loc;
  bool empty() const { return text.empty(); }
};

// A date literal: `2015`, `2015-11`, `2015-11-20`, `283 AC`. `era` is the
// era id as written (empty: Gregorian CE). month/day 0 = not given.
struct DateLit {
  int32_t year = 0;
  uint8_t month = 0;
  uint8_t day = 0;
  std::string era;
  SourceLoc loc;
  SourceLoc era_loc;
};

// The object of a fact (or the third part of a starts/ends/sets triple).
// A bare identifier is kName: the checker reads it as an entity or a
// keyword as the predicate says. An integer is kNumber; the checker reads it
// as a year when the predicate takes a date.
struct Value {
  enum class Kind : uint8_t { kNone, kName, kString, kNumber, kDate };
  Kind kind = Kind::kNone;
  std::string text;  // kName: the name; kString: the decoded contents;
                     // kNumber: the normalised digits ("1.5", "-3")
  double number = 0;
  bool is_integer = false;  // kNumber without a fraction
  Box<DateLit> date;        // kDate
  SourceLoc loc;
};

// A reveal point: WORKPATH [@ POSITION].
struct Point {
  enum class Position : uint8_t { kNone, kScene, kSeconds };
  Name work;
  Position position_kind = Position::kNone;
  int32_t position = 0;
  SourceLoc position_loc;
};

// One term of a story-time expression.
struct TimeTerm {
  enum class Kind : uint8_t {
    kDate,    // 2015
    kBefore,  // before ANCHOR
    kAfter,   // after ANCHOR
    kDuring,  // during WORKPATH
    kAt,      // at ANCHOR
    kBare,    // ANCHOR alone (`from jj.s1`): like `at`, but for knowledge a
              // work path also sets the default reveal
    kOffset,  // N unit (before|after) ANCHOR
  };
  enum class Unit : uint8_t { kDays, kMonths, kYears };
  Kind kind = Kind::kDate;
  // The anchor: a name (event, fact label, label.end, work path) or a date.
  bool anchor_is_date = false;
  Name anchor;
  Box<DateLit> date;   // kDate, or the anchor when anchor_is_date
  int32_t amount = 0;  // kOffset, always >= 0 as written
  Unit unit = Unit::kYears;
  bool offset_before = false;  // kOffset: `before` (true) or `after`
  std::string unit_text;       // as written ("year", "years"), for fmt
  SourceLoc loc;               // the first token of the term
};

struct TimeExpr {
  std::vector<TimeTerm> terms;  // joined by `and`
  SourceLoc loc;
};

// SUBJECT PREDICATE OBJECT, for starts / ends / sets.
struct Triple {
  Name subject;
  Name predicate;
  Value object;
};

enum class ClauseKind : uint8_t {
  kIn,          // in CONTINUITY
  kEpoch,       // epoch YEAR
  kForward,     // forward
  kBackward,    // backward
  kSymmetric,   // symmetric
  kDirected,    // directed
  kExclusive,   // exclusive
  kInverse,     // inverse NAME
  kObject,      // object (entity|string|number|date|one of KW...)
  kPhrase,      // phrase "TEXT"
  kReleased,    // released DATE
  kEpisodes,    // episodes N
  kIssues,      // issues N
  kChapters,    // chapters N
  kRuntime,     // runtime MINUTES
  kFlashback,   // flashback
  kIntroduced,  // introduced POINTS
  kKind,        // kind KIND
  kRole,        // role ROLE ENTITY (repeatable)
  kStory,       // story TIME
  kFrom,        // from TIME
  kUntil,       // until TIME
  kRevealed,    // revealed POINTS
  kOverturned,  // overturned POINTS
  kKnownBy,     // known_by ENTITY [from TIME] [revealed POINTS] (repeatable)
  kUnaware,     // unaware ENTITY (repeatable)
  kStarts,      // starts TRIPLE (repeatable)
  kEnds,        // ends TRIPLE | ends LABEL (repeatable)
  kSets,        // sets TRIPLE (repeatable)
  kSource,      // source "CITATION"
  kAllow,       // allow RULE "REASON" (repeatable): name = rule, text = reason
  kUses,        // uses TARGET [by ENTITY] (repeatable): name = target, name2 = by
  kCount_,
};

// The keyword of a clause kind ("released").
std::string_view ClauseKeyword(ClauseKind k);
bool ClauseRepeatable(ClauseKind k);

// `object` clause types.
enum class ObjectType : uint8_t { kEntity, kString, kNumber, kDate, kKeyword };

struct Clause {
  ClauseKind kind = ClauseKind::kIn;
  SourceLoc loc;      // the keyword
  Name name;          // in, inverse, kind, role (the role), known_by / unaware (the entity),
                      // ends LABEL (the label; `triple` is then empty), allow (the rule),
                      // uses (the target)
  Box<Name> name2;    // role: the entity; uses: the `by` entity (may be empty)
  std::string text;   // phrase, source, allow (the reason)
  Box<Value> number;  // epoch, episodes/issues/chapters, runtime (kNumber)
  Box<DateLit> date;  // released
  std::vector<Point> points;                     // introduced, revealed, overturned
  TimeExpr time;                                 // story, from, until
  Box<Triple> triple;                            // starts, ends, sets
  ObjectType object_type = ObjectType::kEntity;  // object
  Box<std::vector<Name>> keywords;               // object one of ...
  Box<std::vector<Clause>> sub;                  // known_by: its `from` and `revealed` clauses
  // Comments: own-line comments just above the line this clause starts, and
  // the comment ending that line (set on the line's last clause).
  Box<std::vector<std::string>> leading_comments;
  Box<std::string> trailing_comment;
};

enum class StmtKind : uint8_t {
  kUniverse,
  kContinuity,
  kEra,
  kUse,
  kSeries,
  kSeason,
  kEpisode,
  kScene,
  kComic,
  kVolume,
  kIssue,
  kFilm,
  kBook,
  kChapter,
  kCharacter,
  kPerson,
  kGroup,
  kPlace,
  kObject,
  kPredicate,
  kFact,         // fact [LABEL:] SUBJECT PREDICATE OBJECT
  kNestedFact,   // [LABEL:] PREDICATE OBJECT, nested in an entity (incl. alias, played_by)
  kCounterpart,  // counterpart A B (top level) / counterpart B (nested)
  kEvent,
  kLearns,
  kAppears,  // appears ENTITY, ... in POINT (top level)
  kCast,     // cast ENTITY, ... (nested in a work)
  kLint,     // lint RULE SEVERITY (top level)
  kCount_,
};

// The keyword that starts a statement ("series"); "" for kNestedFact.
std::string_view StmtKeyword(StmtKind k);
bool IsWorkStmt(StmtKind k);
bool IsEntityStmt(StmtKind k);
WorkKind ToWorkKind(StmtKind k);      // requires IsWorkStmt
EntityKind ToEntityKind(StmtKind k);  // requires IsEntityStmt
StmtKind FromWorkKind(WorkKind k);
StmtKind FromEntityKind(EntityKind k);
// The clause kinds a statement takes, in canonical print order.
const std::vector<ClauseKind>& ClausesOf(StmtKind k);
// The statement kinds that may nest directly under `k`.
bool MayNest(StmtKind parent, StmtKind child);

struct Statement {
  StmtKind kind = StmtKind::kFact;
  SourceLoc loc;  // the keyword (kNestedFact: the predicate name)
  // universe: -; continuity/era/work/entity/predicate/event: the id;
  // use: the continuity; fact/nested fact: the label (may be empty).
  Name id;
  bool has_title = false;
  std::string title;  // universe, continuity, work, entity, event
  SourceLoc title_loc;
  // fact: subject predicate object; nested fact: predicate object;
  // event headline: subject predicate(=verb) [object];
  // learns: subject(=who) target(in `target`); counterpart: subject [target].
  bool has_headline = false;  // event only
  Name subject;
  Name predicate;
  Value object;
  Name target;
  // appears / cast: the entities, as written; appears: the point (`in`).
  std::vector<Name> entities;
  Box<Point> point;
  // lint: the rule in `id`, the severity here.
  Box<Name> severity;
  std::vector<Clause> clauses;
  std::vector<Statement> children;  // nested statements, in source order
  Box<std::vector<std::string>> leading_comments;
  Box<std::string> trailing_comment;  // the comment ending the header line
  bool blank_before = false;          // a blank line separated it from the previous one
  // A clause of this statement could not be read (reported, dropped): the
  // checker does not report what may only be missing because of it.
  bool clause_errors = false;

  const Clause* Find(ClauseKind k) const;
};

struct File {
  uint32_t file = 0;  // SourceManager file id
  std::vector<Statement> statements;
  std::vector<std::string> trailing_comments;  // comments after the last statement
  bool trailing_blank = false;                 // a blank line before them
};

}  // namespace canon::ast

#endif  // CANON_LANG_AST_H_
