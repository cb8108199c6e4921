// RandomUniverse and GenUniverse: valid random universes for property tests
// and benchmarks. Story-time constraints are derived from a hidden timeline
// (a true day per point), which makes them consistent by construction.
#include "support/random_universe.h"

#include <algorithm>
#include <array>
#include <ostream>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/dates.h"

namespace canon::testing {
namespace {

// SplitMix64: tiny, fast, and the same on every platform (std::
// distributions are not), so a seed names one universe everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); n > 0.
  uint32_t Below(uint64_t n) { return static_cast<uint32_t>(Next() % n); }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Percent(int p) { return Below(100) < static_cast<uint32_t>(p); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  uint64_t state_;
};

constexpr std::string_view kSyllables[] = {
    "ka", "ra", "jes", "si",  "lu", "ke", "mat", "tri", "sh",  "el",  "ek",  "tra", "fo",
    "gi", "an", "na",  "dre", "vo", "zi", "mo",  "ty",  "rel", "qua", "ben", "do",  "ix"};
// Display-name fragments; a few need escaping or are multi-byte UTF-8.
constexpr std::string_view kOddBits[] = {"\"", "\\", "é", "ß", "—", "'", "日本", "ø", "#"};

std::string Word(Rng& rng, int min_syl = 2, int max_syl = 3) {
  std::string w;
  int n = static_cast<int>(rng.Between(min_syl, max_syl));
  for (int i = 0; i < n; ++i) w += kSyllables[rng.Below(std::size(kSyllables))];
  return w;
}

// A lowercase identifier, unique through its index suffix.
std::string Ident(Rng& rng, size_t index) { return Word(rng) + "_" + std::to_string(index); }

std::string Capitalized(std::string w) {
  if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

// A printable display name; one in ten carries an odd character.
std::string Name(Rng& rng) {
  std::string n = Capitalized(Word(rng)) + " " + Capitalized(Word(rng));
  if (rng.Percent(10)) {
    std::string_view odd = kOddBits[rng.Below(std::size(kOddBits))];
    if (rng.Percent(50)) {
      n.insert(0, odd);
    } else {
      n += odd;
    }
  }
  return n;
}

struct WorkSpan {
  int64_t lo = 0, hi = 0;
};

class Generator {
 public:
  Generator(uint64_t seed, const RandomUniverseOptions& opts)
      : rng_(seed), ext_rng_(seed ^ 0x5DEECE66DA3B1F27ull), opts_(opts) {}

  Universe Run(uint64_t seed);

 private:
  // Draws the same random numbers with or without locations, so a seed
  // gives the same universe either way.
  SourceLoc Loc() {
    SourceLoc loc{rng_.Below(1u << 16), rng_.Below(5000) + 1, rng_.Below(80) + 1,
                  rng_.Below(30) + 1};
    if (!opts_.locations) return {};
    loc.file %= static_cast<uint32_t>(u_.files.size());
    return loc;
  }

  PointId NewPoint(TimePoint::Owner owner, uint32_t owner_id, int64_t truth) {
    PointId p = static_cast<PointId>(u_.points.size());
    TimePoint& tp = u_.points.emplace_back();
    tp.owner = owner;
    tp.owner_id = owner_id;
    truth_.push_back(truth);
    return p;
  }

  void AddPredicates();
  void AddEras();
  void AddWorks();
  WorkId AddWork(ContinuityId c, WorkId parent, WorkKind kind, std::string id,
                 std::optional<PartialDate> released, int depth);
  void PlaceSlots();
  void AddEntities();
  void AddFactOrEvent(size_t index, bool event);
  FactId AddFact(ContinuityId c, bool for_effect);
  void AddEvent(ContinuityId c);
  void AddKnowledge();
  void AddCounterparts();
  // The extensions, from ext_rng_ (see RandomUniverseOptions::appearances).
  void AddAppearances();
  void AddAllowsUsesAndSettings();
  std::vector<LintAllow> RandomAllows();
  // Like Loc(), from ext_rng_: the same draws with or without locations.
  SourceLoc ExtLoc() {
    SourceLoc loc{ext_rng_.Below(1u << 16), ext_rng_.Below(5000) + 1, ext_rng_.Below(80) + 1,
                  ext_rng_.Below(30) + 1};
    if (!opts_.locations) return {};
    loc.file %= static_cast<uint32_t>(u_.files.size());
    return loc;
  }

  std::vector<RevealPoint> RevealPoints(ContinuityId c, int min, int max);
  RevealPoint RandomReveal(ContinuityId c);
  std::vector<RevealPoint> Overturns(ContinuityId c, const std::vector<RevealPoint>& revealed);
  PartialDate DateOf(int64_t day, ContinuityId c, int precision);
  // Adds 1..2 explicit constraints true of the point's hidden day.
  void Constrain(PointId p, ContinuityId c);
  // A hidden day for a new point: sometimes equal to an anchor's (and then
  // `same` is that anchor), else random in the continuity's story range.
  int64_t StoryDay(ContinuityId c, PointId& same);
  // "at P", written (not implicit: the time stage drops and rewrites only
  // its own implicit constraints).
  static TimeConstraint AtPoint(PointId p) {
    TimeConstraint k;
    k.kind = TimeConstraint::Kind::kSame;
    k.anchor_kind = TimeConstraint::AnchorKind::kPoint;
    k.point = p;
    return k;
  }
  // The implicit constraints of the time stage (src/time/implicit.cpp),
  // all true of the hidden timeline.
  void AddImplicit();
  static TimeConstraint Implicit(TimeConstraint::Kind kind, TimeConstraint::AnchorKind anchor,
                                 uint32_t id) {
    TimeConstraint k;
    k.kind = kind;
    k.anchor_kind = anchor;
    if (anchor == TimeConstraint::AnchorKind::kPoint) k.point = id;
    if (anchor == TimeConstraint::AnchorKind::kWork) k.work = id;
    k.implicit = true;
    return k;
  }

  Rng rng_;
  Rng ext_rng_;
  RandomUniverseOptions opts_;
  Universe u_;
  std::vector<int64_t> truth_;                  // by PointId
  std::vector<WorkSpan> span_;                  // by WorkId
  std::vector<std::vector<WorkId>> works_of_;   // by continuity
  std::vector<std::vector<WorkId>> leaves_of_;  // by continuity, release order
  std::vector<std::vector<EntityId>> entities_of_;
  std::vector<EntityId> persons_;
  std::vector<std::vector<PointId>> anchors_of_;  // event points, labelled fact points
  std::vector<std::vector<FactId>> facts_of_;
  std::vector<std::vector<FactId>> labelled_of_;
  std::vector<std::vector<EventId>> events_of_;
  std::vector<std::vector<EraId>> eras_of_;
  std::vector<int64_t> base_day_;                // by continuity
  std::unordered_set<uint64_t> exclusive_used_;  // (entity << 32) | predicate
  std::vector<PredicateId> entity_preds_, string_preds_, keyword_preds_, number_preds_, date_preds_;
  PredicateId played_by_ = kNone;
};

void Generator::AddPredicates() {
  AddBuiltinPredicates(u_);
  struct Custom {
    const char* name;
    ValueKind kind;
    bool symmetric, exclusive;
    const char* inverse;
    const char* phrase;
    std::vector<std::string> keywords;
  };
  const Custom customs[] = {
      {"rival_of", ValueKind::kEntity, true, false, "", "is a rival of", {}},
      {"mentor_of", ValueKind::kEntity, false, false, "mentee_of", "mentors", {}},
      {"age", ValueKind::kNumber, false, true, "", "is aged", {}},
      {"rank", ValueKind::kKeyword, false, true, "", "ranks", {"low", "mid", "high"}},
      {"motto", ValueKind::kString, false, false, "", "says", {}},
      {"founded", ValueKind::kDate, false, true, "", "was founded in", {}},
  };
  for (const Custom& c : customs) {
    Predicate& p = u_.predicates.emplace_back();
    p.name = c.name;
    p.object_kind = c.kind;
    p.symmetric = c.symmetric;
    p.exclusive = c.exclusive;
    p.inverse = c.inverse;
    p.phrase = c.phrase;
    p.keywords = c.keywords;
    p.loc = Loc();
  }
  for (PredicateId i = 0; i < u_.predicates.size(); ++i) {
    const Predicate& p = u_.predicates[i];
    if (p.name == "played_by") {
      played_by_ = i;
      continue;
    }
    switch (p.object_kind) {
      case ValueKind::kEntity:
        entity_preds_.push_back(i);
        break;
      case ValueKind::kString:
        string_preds_.push_back(i);
        break;
      case ValueKind::kKeyword:
        keyword_preds_.push_back(i);
        break;
      case ValueKind::kNumber:
        number_preds_.push_back(i);
        break;
      case ValueKind::kDate:
        date_preds_.push_back(i);
        break;
    }
  }
}

void Generator::AddEras() {
  Era& ce = u_.eras.emplace_back();
  ce.id = "CE";
  for (int i = 0; i < opts_.eras && !u_.continuities.empty(); ++i) {
    Era& e = u_.eras.emplace_back();
    e.id = "era" + std::to_string(i);
    e.continuity = static_cast<ContinuityId>(i % u_.continuities.size());
    // Story days lie around 1900..2100 CE; these epochs keep era years
    // positive there.
    e.direction = rng_.Percent(50) ? 1 : -1;
    e.epoch = e.direction > 0 ? static_cast<int32_t>(rng_.Between(1000, 1800))
                              : static_cast<int32_t>(rng_.Between(2500, 3500));
    e.loc = Loc();
    eras_of_[e.continuity].push_back(static_cast<EraId>(u_.eras.size() - 1));
  }
}

WorkId Generator::AddWork(ContinuityId c, WorkId parent, WorkKind kind, std::string id,
                          std::optional<PartialDate> released, int depth) {
  WorkId w = static_cast<WorkId>(u_.works.size());
  {
    Work& work = u_.works.emplace_back();
    work.path = parent == kNone ? id : u_.works[parent].path + "." + id;
    work.id = std::move(id);
    work.kind = kind;
    work.parent = parent;
    work.continuity = c;
    work.released = released;
    if (parent == kNone || rng_.Percent(40)) work.title = Name(rng_);
    if (kind == WorkKind::kEpisode || kind == WorkKind::kSeries) {
      if (rng_.Percent(50)) work.runtime_minutes = static_cast<int32_t>(rng_.Between(20, 60));
    } else if (kind == WorkKind::kFilm) {
      work.runtime_minutes = static_cast<int32_t>(rng_.Between(85, 160));
    }
    work.loc = Loc();
  }
  span_.emplace_back();
  u_.works[w].slot_start = NewPoint(TimePoint::Owner::kWorkStart, w, 0);
  u_.works[w].slot_end = NewPoint(TimePoint::Owner::kWorkEnd, w, 0);
  if (parent != kNone) u_.works[parent].children.push_back(w);
  works_of_[c].push_back(w);

  // Children by the fixed nesting of the language.
  WorkKind child_kind = kind;
  std::string prefix;
  bool numeric = false;
  int chance = 100;
  switch (kind) {
    case WorkKind::kSeries:
      child_kind = WorkKind::kSeason;
      prefix = "s";
      break;
    case WorkKind::kSeason:
      child_kind = WorkKind::kEpisode;
      prefix = "e";
      break;
    case WorkKind::kEpisode:
      child_kind = WorkKind::kScene;
      prefix = "sc";
      chance = 10;
      break;
    case WorkKind::kComic:
      child_kind = WorkKind::kVolume;
      prefix = "v";
      break;
    case WorkKind::kVolume:
      child_kind = WorkKind::kIssue;
      numeric = true;
      break;
    case WorkKind::kFilm:
      child_kind = WorkKind::kScene;
      prefix = "sc";
      chance = 25;
      break;
    case WorkKind::kBook:
      child_kind = WorkKind::kChapter;
      numeric = true;
      chance = 80;
      break;
    default:
      chance = 0;
      break;
  }
  if (depth > 3 || !rng_.Percent(chance)) return w;
  int n = static_cast<int>(rng_.Between(1, std::max(1, opts_.max_children)));
  for (int i = 1; i <= n; ++i) {
    std::optional<PartialDate> child_date;
    // Seasons and volumes: a year apart; episodes and issues: a week or a
    // month apart; some children inherit their parent's date.
    if (released && released->day != 0 && rng_.Percent(75)) {
      int64_t day = DayNumber(released->year, released->month, released->day);
      if (child_kind == WorkKind::kSeason || child_kind == WorkKind::kVolume) {
        day += int64_t{365} * (i - 1);
      } else if (child_kind == WorkKind::kEpisode) {
        day += int64_t{7} * (i - 1);
      } else if (child_kind == WorkKind::kIssue) {
        day += int64_t{30} * (i - 1);
      }
      if (day != DayNumber(released->year, released->month, released->day) || rng_.Percent(30)) {
        PartialDate d;
        int64_t y;
        int m, dd;
        CivilFromDay(day, y, m, dd);
        d.year = static_cast<int32_t>(y);
        d.month = static_cast<uint8_t>(m);
        d.day = static_cast<uint8_t>(dd);
        child_date = d;
      }
    }
    WorkId child =
        AddWork(c, w, child_kind, numeric ? std::to_string(i) : prefix + std::to_string(i),
                child_date, depth + 1);
    Work& cw = u_.works[child];
    if (cw.is_leaf() && (child_kind == WorkKind::kEpisode || child_kind == WorkKind::kScene) &&
        rng_.Percent(10)) {
      cw.flashback = true;
    }
  }
  return w;
}

void Generator::AddWorks() {
  if (u_.continuities.empty()) return;
  constexpr WorkKind kTop[] = {WorkKind::kSeries, WorkKind::kComic, WorkKind::kFilm,
                               WorkKind::kBook};
  constexpr const char* kPrefix[] = {"sr", "cm", "fm", "bk"};
  for (int i = 0; i < opts_.works; ++i) {
    ContinuityId c = static_cast<ContinuityId>(i % u_.continuities.size());
    int k = static_cast<int>(rng_.Below(4));
    PartialDate d;
    d.year = static_cast<int32_t>(rng_.Between(1990, 2020));
    // Mostly full dates, some year-month or year only.
    int precision = static_cast<int>(rng_.Below(10));
    if (precision >= 2) d.month = static_cast<uint8_t>(rng_.Between(1, 12));
    if (precision >= 4) d.day = static_cast<uint8_t>(rng_.Between(1, 28));
    std::optional<PartialDate> released;
    if (rng_.Percent(95)) released = d;
    AddWork(c, kNone, kTop[k], std::string(kPrefix[k]) + std::to_string(i), released, 0);
  }
}

// Hidden slots: the non-flashback leaves of a continuity get consecutive
// 30-day slots in release order; flashbacks sit years before them; a
// parent's slot is the hull of its children's.
void Generator::PlaceSlots() {
  u_.Finalize();
  std::vector<int> flashbacks(u_.continuities.size(), 0);
  for (WorkId w : u_.release_order) {
    Work& work = u_.works[w];
    ContinuityId c = work.continuity;
    leaves_of_[c].push_back(w);
    int64_t base = base_day_[c];
    if (work.flashback) {
      span_[w].lo = base - 4000 - 60 * int64_t{flashbacks[c]++};
    } else {
      span_[w].lo = base + 60 * static_cast<int64_t>(leaves_of_[c].size());
    }
    span_[w].hi = span_[w].lo + 29;
  }
  // Works are numbered in preorder, so children come after their parent.
  for (WorkId w = static_cast<WorkId>(u_.works.size()); w-- > 0;) {
    const Work& work = u_.works[w];
    if (!work.is_leaf()) {
      span_[w].lo = span_[work.children.front()].lo;
      span_[w].hi = span_[work.children.front()].hi;
      for (WorkId child : work.children) {
        span_[w].lo = std::min(span_[w].lo, span_[child].lo);
        span_[w].hi = std::max(span_[w].hi, span_[child].hi);
      }
    }
    truth_[work.slot_start] = span_[w].lo;
    truth_[work.slot_end] = span_[w].hi;
  }
  for (WorkId w = 0; w < u_.works.size(); ++w) {
    Work& work = u_.works[w];
    // Explicit `story` placements: most flashbacks, a few other leaves.
    // As the checker places `story TIME` on a work: a constraint binds the
    // slot's start unless it is `before`, and its end unless it is `after`,
    // so it must hold for the whole hidden slot.
    if (work.is_leaf() && rng_.Percent(work.flashback ? 70 : 8)) {
      TimeConstraint k;
      k.loc = Loc();
      const int64_t lo = span_[w].lo, hi = span_[w].hi;
      int64_t y_lo, y_hi;
      int m_lo, m_hi, d;
      CivilFromDay(lo, y_lo, m_lo, d);
      CivilFromDay(hi, y_hi, m_hi, d);
      // A date holding the whole slot: its year, or its month.
      int precision = y_lo != y_hi ? -1 : (m_lo == m_hi && rng_.Percent(50)) ? 1 : 0;
      WorkId later = rng_.Pick(works_of_[work.continuity]);
      bool can_before = hi < span_[later].lo;
      if (can_before && (precision < 0 || rng_.Percent(50))) {
        k.kind = TimeConstraint::Kind::kBefore;
        k.anchor_kind = TimeConstraint::AnchorKind::kWork;
        k.work = later;
        u_.points[work.slot_end].constraints.push_back(k);
      } else if (precision >= 0) {
        k.kind = TimeConstraint::Kind::kDate;
        k.anchor_kind = TimeConstraint::AnchorKind::kDate;
        k.date = DateOf(lo, work.continuity, precision);
        u_.points[work.slot_start].constraints.push_back(k);
        u_.points[work.slot_end].constraints.push_back(k);
      }
    }
  }
  // `episodes N` / `issues N` / `chapters N`: children nobody refined are
  // generated by the count.
  for (Work& work : u_.works) {
    if (work.kind != WorkKind::kSeason && work.kind != WorkKind::kVolume &&
        work.kind != WorkKind::kBook) {
      continue;
    }
    if (work.children.empty() || !rng_.Percent(50)) continue;
    work.declared_child_count = static_cast<uint32_t>(work.children.size());
    for (WorkId child : work.children) {
      Work& cw = u_.works[child];
      cw.generated = cw.title.empty() && !cw.released && !cw.runtime_minutes && !cw.flashback &&
                     cw.is_leaf() && u_.points[cw.slot_start].constraints.empty() &&
                     u_.points[cw.slot_end].constraints.empty();
    }
  }
}

PartialDate Generator::DateOf(int64_t day, ContinuityId c, int precision) {
  int64_t y;
  int m, d;
  CivilFromDay(day, y, m, d);
  PartialDate date;
  date.year = static_cast<int32_t>(y);
  if (precision >= 1) date.month = static_cast<uint8_t>(m);
  if (precision >= 2) date.day = static_cast<uint8_t>(d);
  if (c != kNone && !eras_of_[c].empty() && rng_.Percent(40)) {
    EraId e = rng_.Pick(eras_of_[c]);
    const Era& era = u_.eras[e];
    date.era = e;
    date.year = static_cast<int32_t>((y - era.epoch) * era.direction);
  }
  return date;
}

RevealPoint Generator::RandomReveal(ContinuityId c) {
  RevealPoint p;
  p.work = rng_.Pick(works_of_[c]);
  if (u_.works[p.work].is_leaf() && rng_.Percent(30)) {
    if (rng_.Percent(50)) {
      p.position_kind = RevealPoint::PositionKind::kScene;
      p.position = static_cast<int32_t>(rng_.Between(1, 9));
    } else {
      p.position_kind = RevealPoint::PositionKind::kSeconds;
      p.position = static_cast<int32_t>(rng_.Between(0, 2399));
    }
  }
  return p;
}

std::vector<RevealPoint> Generator::RevealPoints(ContinuityId c, int min, int max) {
  std::vector<RevealPoint> out;
  int n = static_cast<int>(rng_.Between(min, max));
  for (int i = 0; i < n; ++i) {
    RevealPoint p = RandomReveal(c);
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

// Overturn points: leaves released no earlier than the last leaf of every
// reveal point, so no overturn comes before what it overturns.
std::vector<RevealPoint> Generator::Overturns(ContinuityId c,
                                              const std::vector<RevealPoint>& revealed) {
  if (revealed.empty() || !rng_.Percent(8)) return {};
  uint32_t latest = 0;
  for (const RevealPoint& p : revealed) {
    latest = std::max(latest, u_.works[p.work].end_leaf_rank - 1);
  }
  std::vector<WorkId> candidates;
  for (WorkId leaf : leaves_of_[c]) {
    if (u_.works[leaf].release_rank >= latest) candidates.push_back(leaf);
  }
  if (candidates.empty()) return {};
  RevealPoint p;
  p.work = rng_.Pick(candidates);
  return {p};
}

int64_t Generator::StoryDay(ContinuityId c, PointId& same) {
  same = kNone;
  if (!anchors_of_[c].empty() && rng_.Percent(8)) {
    same = rng_.Pick(anchors_of_[c]);
    return truth_[same];
  }
  const std::vector<WorkId>& leaves = leaves_of_[c];
  int64_t lo = base_day_[c] - 4600;
  int64_t hi = base_day_[c] + 60 * static_cast<int64_t>(leaves.size() + 2);
  return rng_.Between(lo, hi);
}

void Generator::Constrain(PointId p, ContinuityId c) {
  using K = TimeConstraint::Kind;
  using A = TimeConstraint::AnchorKind;
  const int64_t t = truth_[p];
  int n = static_cast<int>(rng_.Between(1, 2));
  for (int i = 0; i < n; ++i) {
    TimeConstraint k;
    k.loc = Loc();
    int choice = static_cast<int>(rng_.Below(5));
    const std::vector<PointId>& anchors = anchors_of_[c];
    PointId a = anchors.empty() ? kNone : rng_.Pick(anchors);
    if (a == p) a = kNone;
    if (choice == 0 && a != kNone && truth_[a] != t) {
      k.kind = t < truth_[a] ? K::kBefore : K::kAfter;
      k.anchor_kind = A::kPoint;
      k.point = a;
    } else if (choice == 1 && a != kNone) {
      // "N days/months/years after/before A", N chosen so the language's
      // bounds (years: N*365 .. (N+1)*366 days; months: N*28 .. (N+1)*31)
      // hold the true distance.
      int64_t diff = t - truth_[a];
      int64_t dist = diff < 0 ? -diff : diff;
      int sign = diff < 0 ? -1 : 1;
      k.kind = K::kOffset;
      k.anchor_kind = A::kPoint;
      k.point = a;
      if (dist >= 366 && rng_.Percent(60)) {
        k.unit = TimeConstraint::Unit::kYears;
        k.amount = static_cast<int32_t>(sign * (dist / 366));
      } else if (dist >= 31 && rng_.Percent(50)) {
        k.unit = TimeConstraint::Unit::kMonths;
        k.amount = static_cast<int32_t>(sign * (dist / 31));
      } else {
        k.unit = TimeConstraint::Unit::kDays;
        k.amount = static_cast<int32_t>(diff);
      }
    } else if (choice == 2) {
      WorkId w = rng_.Pick(works_of_[c]);
      k.anchor_kind = A::kWork;
      k.work = w;
      if (t < span_[w].lo) {
        k.kind = K::kBefore;
      } else if (t > span_[w].hi) {
        k.kind = K::kAfter;
      } else {
        k.kind = K::kDuring;
      }
    } else if (choice == 3) {
      // "before DATE" / "after DATE": a year wholly after / before the day.
      int64_t y;
      int m, d;
      CivilFromDay(t, y, m, d);
      bool before = rng_.Percent(50);
      k.kind = before ? K::kBefore : K::kAfter;
      k.anchor_kind = A::kDate;
      PartialDate date = DateOf(DayNumber(before ? y + 1 : y - 1, 6, 15), c, 0);
      k.date = date;
    } else {
      k.kind = K::kDate;
      k.anchor_kind = A::kDate;
      k.date = DateOf(t, c, static_cast<int>(rng_.Below(3)));
    }
    u_.points[p].constraints.push_back(k);
  }
}

void Generator::AddEntities() {
  for (int i = 0; i < opts_.persons; ++i) {
    Entity& e = u_.entities.emplace_back();
    e.id = Ident(rng_, u_.entities.size() - 1);
    e.name = Name(rng_);
    e.kind = EntityKind::kPerson;
    e.loc = Loc();
    persons_.push_back(static_cast<EntityId>(u_.entities.size() - 1));
  }
  if (u_.continuities.empty()) return;
  for (int i = 0; i < opts_.entities; ++i) {
    EntityId id = static_cast<EntityId>(u_.entities.size());
    Entity& e = u_.entities.emplace_back();
    e.id = Ident(rng_, id);
    e.name = Name(rng_);
    uint32_t r = rng_.Below(100);
    e.kind = r < 60   ? EntityKind::kCharacter
             : r < 75 ? EntityKind::kGroup
             : r < 90 ? EntityKind::kPlace
                      : EntityKind::kObject;
    e.continuity = static_cast<ContinuityId>(i % u_.continuities.size());
    if (!works_of_[e.continuity].empty() && rng_.Percent(40)) {
      e.introduced = RevealPoints(e.continuity, 1, 2);
    }
    e.loc = Loc();
    entities_of_[e.continuity].push_back(id);
  }
}

FactId Generator::AddFact(ContinuityId c, bool for_effect) {
  const std::vector<EntityId>& ents = entities_of_[c];
  FactId id = static_cast<FactId>(u_.facts.size());
  Fact f;
  f.continuity = c;
  f.subject = rng_.Pick(ents);
  uint32_t r = rng_.Below(100);
  if (for_effect) r = 0;  // effects start entity relations
  std::vector<PredicateId>* pool = r < 55   ? &entity_preds_
                                   : r < 70 ? &string_preds_
                                   : r < 80 ? &keyword_preds_
                                   : r < 88 ? &number_preds_
                                   : r < 94 ? &date_preds_
                                            : nullptr;
  if (pool == nullptr &&
      (persons_.empty() || u_.entities[f.subject].kind != EntityKind::kCharacter)) {
    pool = &entity_preds_;
  }
  if (pool == nullptr) {
    f.predicate = played_by_;
    f.object.kind = ValueKind::kEntity;
    f.object.entity = rng_.Pick(persons_);
  } else {
    f.predicate = rng_.Pick(*pool);
    const Predicate& pred = u_.predicates[f.predicate];
    // One value per subject for exclusive predicates (and per object too
    // when symmetric); fall back to a non-exclusive relation.
    auto key = [&](EntityId e) { return (uint64_t{e} << 32) | f.predicate; };
    if (pred.exclusive) {
      EntityId other = kNone;
      if (pred.object_kind == ValueKind::kEntity) {
        other = rng_.Pick(ents);
        if (other == f.subject) other = kNone;
      }
      bool free = !exclusive_used_.count(key(f.subject)) &&
                  (!pred.symmetric || (other != kNone && !exclusive_used_.count(key(other))));
      if (pred.object_kind == ValueKind::kEntity && other == kNone) free = false;
      if (free && !for_effect) {
        exclusive_used_.insert(key(f.subject));
        if (pred.symmetric) exclusive_used_.insert(key(other));
        f.object.entity = other;
      } else {
        f.predicate = u_.FindPredicate("knows");
        if (f.predicate == kNone) f.predicate = entity_preds_.front();
      }
    }
    const Predicate& p = u_.predicates[f.predicate];
    f.object.kind = p.object_kind;
    switch (p.object_kind) {
      case ValueKind::kEntity:
        if (f.object.entity == kNone) {
          f.object.entity = rng_.Pick(ents);
          if (f.object.entity == f.subject && ents.size() > 1) {
            f.object.entity =
                ents[(std::find(ents.begin(), ents.end(), f.subject) - ents.begin() + 1) %
                     ents.size()];
          }
        }
        break;
      case ValueKind::kString:
        f.object.text = Name(rng_);
        break;
      case ValueKind::kKeyword:
        f.object.text = rng_.Pick(p.keywords);
        break;
      case ValueKind::kNumber:
        f.object.number = static_cast<double>(rng_.Between(0, 400)) / 2.0;
        break;
      case ValueKind::kDate:
        f.object.date = DateOf(rng_.Between(DayNumber(1800, 1, 1), DayNumber(2100, 1, 1)), c,
                               static_cast<int>(rng_.Below(3)));
        break;
    }
  }
  if (!for_effect) {
    if (rng_.Percent(40)) f.label = "fact_" + std::to_string(id);
    if (rng_.Percent(85)) f.revealed = RevealPoints(c, 1, 2);
    f.overturned = Overturns(c, f.revealed);
    if (rng_.Percent(20)) f.source = "Source " + std::to_string(rng_.Below(100)) + ", p. 12";
  }
  f.loc = Loc();
  u_.facts.push_back(std::move(f));
  facts_of_[c].push_back(id);
  if (for_effect) return id;

  // Story time: open, or `from` and maybe `until`, each true to hidden days.
  Fact& fact = u_.facts[id];
  bool has_start = rng_.Percent(50);
  bool has_end = rng_.Percent(30);
  int64_t start_day = 0;
  if (has_start) {
    PointId same;
    start_day = StoryDay(c, same);
    PointId p = NewPoint(TimePoint::Owner::kFactStart, id, start_day);
    fact.start = p;
    if (same != kNone) {
      TimeConstraint k;
      k.kind = TimeConstraint::Kind::kSame;
      k.anchor_kind = TimeConstraint::AnchorKind::kPoint;
      k.point = same;
      k.loc = Loc();
      u_.points[p].constraints.push_back(k);
    } else {
      Constrain(p, c);
    }
  }
  if (has_end) {
    PointId same;
    int64_t end_day = StoryDay(c, same);
    if (has_start && end_day <= start_day) end_day = start_day + rng_.Between(1, 3000);
    PointId p = NewPoint(TimePoint::Owner::kFactEnd, id, end_day);
    fact.end = p;
    Constrain(p, c);
  }
  if (!fact.label.empty()) {
    labelled_of_[c].push_back(id);
    if (fact.start != kNone) anchors_of_[c].push_back(fact.start);
    if (fact.end != kNone) anchors_of_[c].push_back(fact.end);
  }
  return id;
}

void Generator::AddEvent(ContinuityId c) {
  EventId id = static_cast<EventId>(u_.events.size());
  {
    Event& e = u_.events.emplace_back();
    e.id = "ev_" + Word(rng_, 1, 2) + "_" + std::to_string(id);
    if (rng_.Percent(50)) e.title = Name(rng_);
    constexpr std::string_view kKinds[] = {"", "", "heist", "battle", "duel", "trial", "rescue"};
    e.kind = kKinds[rng_.Below(std::size(kKinds))];
    constexpr std::string_view kRoles[] = {"agent", "patient", "witness", "leader", "victim"};
    int roles = static_cast<int>(rng_.Between(0, 3));
    for (int i = 0; i < roles; ++i) {
      Role role{std::string(kRoles[rng_.Below(std::size(kRoles))]), rng_.Pick(entities_of_[c])};
      if (std::find(e.roles.begin(), e.roles.end(), role) == e.roles.end()) e.roles.push_back(role);
    }
    e.revealed = RevealPoints(c, 1, 2);
    e.overturned = Overturns(c, e.revealed);
    if (rng_.Percent(15)) e.source = "Interview " + std::to_string(rng_.Below(50));
    e.continuity = c;
    e.loc = Loc();
  }
  events_of_[c].push_back(id);

  // Time: by default during the slot of the first reveal point's work;
  // else an explicit `story`.
  int64_t day;
  PointId p;
  if (rng_.Percent(60)) {
    // The default: during the earliest released reveal point's work.
    const RevealPoint* first = nullptr;
    for (const RevealPoint& r : u_.events[id].revealed) {
      if (!first || u_.works[r.work].first_leaf_rank < u_.works[first->work].first_leaf_rank) {
        first = &r;
      }
    }
    WorkId w = first->work;
    day = rng_.Between(span_[w].lo, span_[w].hi);
    p = NewPoint(TimePoint::Owner::kEvent, id, day);
  } else {
    PointId same;
    day = StoryDay(c, same);
    p = NewPoint(TimePoint::Owner::kEvent, id, day);
    if (same != kNone) {
      TimeConstraint k;
      k.kind = TimeConstraint::Kind::kSame;
      k.anchor_kind = TimeConstraint::AnchorKind::kPoint;
      k.point = same;
      k.loc = Loc();
      u_.points[p].constraints.push_back(k);
    } else {
      Constrain(p, c);
    }
  }
  u_.events[id].time = p;

  // Effects: end an open fact that began before, start a new one.
  if (!facts_of_[c].empty() && rng_.Percent(15)) {
    for (int attempt = 0; attempt < 5; ++attempt) {
      FactId f = rng_.Pick(facts_of_[c]);
      Fact& fact = u_.facts[f];
      if (fact.end != kNone || fact.ended_by != kNone) continue;
      if (fact.start != kNone && truth_[fact.start] >= day) continue;
      // As the checker does: the fact ends at the event's own point.
      fact.end = p;
      fact.ended_by = id;
      u_.events[id].ends.push_back(f);
      break;
    }
  }
  if (rng_.Percent(20)) {
    FactId f = AddFact(c, /*for_effect=*/true);
    Fact& fact = u_.facts[f];
    fact.started_by = id;
    fact.revealed = u_.events[id].revealed;
    fact.start = p;  // starts at the event's own point, as the checker does
    u_.events[id].starts.push_back(f);
  }
  anchors_of_[c].push_back(p);

  // Participants know the event from its time on (the checker writes the
  // event's point as `from`).
  std::vector<EntityId> seen;
  for (const Role& r : u_.events[id].roles) {
    if (std::find(seen.begin(), seen.end(), r.entity) != seen.end()) continue;
    seen.push_back(r.entity);
    Knowledge& k = u_.knowledge.emplace_back();
    k.who = r.entity;
    k.target_kind = Knowledge::TargetKind::kEvent;
    k.target = id;
    k.from = p;
    k.implicit = true;
  }
}

void Generator::AddKnowledge() {
  if (u_.continuities.empty()) return;
  for (int i = 0; i < opts_.knowledge; ++i) {
    ContinuityId c = rng_.Below(u_.continuities.size());
    if (entities_of_[c].empty()) continue;
    bool about_fact = labelled_of_[c].empty() ? false
                      : events_of_[c].empty() ? true
                                              : rng_.Percent(40);
    if (!about_fact && events_of_[c].empty()) continue;
    Knowledge k;
    k.who = rng_.Pick(entities_of_[c]);
    k.target_kind = about_fact ? Knowledge::TargetKind::kFact : Knowledge::TargetKind::kEvent;
    k.target = about_fact ? rng_.Pick(labelled_of_[c]) : rng_.Pick(events_of_[c]);
    // A participant already knows the event (a `known_by` line for one
    // refines that knowledge rather than adding more).
    if (!about_fact) {
      const std::vector<Role>& roles = u_.events[k.target].roles;
      if (std::any_of(roles.begin(), roles.end(),
                      [&](const Role& r) { return r.entity == k.who; })) {
        continue;
      }
    }
    if (rng_.Percent(50)) k.revealed = RevealPoints(c, 1, 1);
    if (rng_.Percent(20)) k.source = "Episode commentary";
    k.loc = Loc();
    KnowledgeId kid = static_cast<KnowledgeId>(u_.knowledge.size());
    u_.knowledge.push_back(std::move(k));
    // `from`: by default the target's own point (event time, fact start;
    // none for a fact open at its start), as the checker writes it; or a
    // point of its own with written constraints; or another event's point.
    uint32_t r = rng_.Below(100);
    u_.knowledge[kid].from = about_fact ? u_.facts[u_.knowledge[kid].target].start
                                        : u_.events[u_.knowledge[kid].target].time;
    if (r < 40) {
      PointId same;
      int64_t day = StoryDay(c, same);
      if (same != kNone) {
        u_.knowledge[kid].from = same;  // `from at X` names X's own point
      } else {
        PointId p = NewPoint(TimePoint::Owner::kKnowledge, kid, day);
        u_.knowledge[kid].from = p;
        Constrain(p, c);
      }
    } else if (r < 50 && !events_of_[c].empty()) {
      u_.knowledge[kid].from = u_.events[rng_.Pick(events_of_[c])].time;
    }
  }
}

std::vector<LintAllow> Generator::RandomAllows() {
  constexpr std::string_view kRules[] = {"dead-acts", "one-place", "knowledge-use", "x"};
  std::vector<LintAllow> out;
  int n = static_cast<int>(ext_rng_.Between(1, 2));
  for (int i = 0; i < n; ++i) {
    LintAllow a;
    a.rule = std::string(kRules[ext_rng_.Below(std::size(kRules))]);
    a.reason = Name(ext_rng_);
    a.loc = ExtLoc();
    out.push_back(std::move(a));
  }
  return out;
}

void Generator::AddAppearances() {
  std::vector<ContinuityId> usable;
  for (ContinuityId c = 0; c < u_.continuities.size(); ++c) {
    if (!leaves_of_[c].empty() && !entities_of_[c].empty()) usable.push_back(c);
  }
  if (usable.empty()) return;
  for (int i = 0; i < opts_.appearances; ++i) {
    ContinuityId c = ext_rng_.Pick(usable);
    Appearance a;
    a.entity = ext_rng_.Pick(entities_of_[c]);
    a.at.work = ext_rng_.Pick(leaves_of_[c]);
    if (ext_rng_.Percent(20)) {
      a.at.position_kind = ext_rng_.Percent(50) ? RevealPoint::PositionKind::kScene
                                                : RevealPoint::PositionKind::kSeconds;
      a.at.position = static_cast<int32_t>(ext_rng_.Between(1, 2399));
    }
    if (ext_rng_.Percent(15)) a.allows = RandomAllows();
    a.loc = ExtLoc();
    AppearanceId id = static_cast<AppearanceId>(u_.appearances.size());
    if (ext_rng_.Percent(25)) {
      // A flashback scene: a point of its own with written constraints
      // (drawn from rng_'s helpers would shift the main stream: use a
      // date or an anchor directly).
      PointId p = NewPoint(TimePoint::Owner::kAppearance, id, 0);
      const std::vector<PointId>& anchors = anchors_of_[c];
      TimeConstraint k;
      if (!anchors.empty() && ext_rng_.Percent(50)) {
        PointId anchor = ext_rng_.Pick(anchors);
        truth_[p] = truth_[anchor] - ext_rng_.Between(1, 400);
        k.kind = TimeConstraint::Kind::kBefore;
        k.anchor_kind = TimeConstraint::AnchorKind::kPoint;
        k.point = anchor;
      } else {
        truth_[p] = base_day_[c] - ext_rng_.Between(400, 4000);
        k.kind = TimeConstraint::Kind::kDate;
        k.anchor_kind = TimeConstraint::AnchorKind::kDate;
        int64_t y = 0;
        int m = 0, d = 0;
        CivilFromDay(truth_[p], y, m, d);
        k.date.year = static_cast<int32_t>(y);
      }
      k.loc = ExtLoc();
      u_.points[p].constraints.push_back(k);
      a.time = p;
    }
    u_.appearances.push_back(std::move(a));
  }
}

void Generator::AddAllowsUsesAndSettings() {
  for (Fact& f : u_.facts) {
    if (f.started_by == kNone && ext_rng_.Percent(10)) f.allows = RandomAllows();
  }
  for (EventId e = 0; e < u_.events.size(); ++e) {
    Event& ev = u_.events[e];
    if (ext_rng_.Percent(10)) ev.allows = RandomAllows();
    if (!ext_rng_.Percent(25)) continue;
    const ContinuityId c = ev.continuity;
    // The checker's default users: participants that can know, in role order.
    std::vector<EntityId> knowers;
    for (const Role& r : ev.roles) {
      EntityKind k = u_.entities[r.entity].kind;
      if (k == EntityKind::kPlace || k == EntityKind::kObject) continue;
      if (std::find(knowers.begin(), knowers.end(), r.entity) == knowers.end()) {
        knowers.push_back(r.entity);
      }
    }
    int n = static_cast<int>(ext_rng_.Between(1, 2));
    for (int i = 0; i < n; ++i) {
      Event::Use use;
      use.target_is_fact = !labelled_of_[c].empty() && ext_rng_.Percent(40);
      use.target =
          use.target_is_fact ? ext_rng_.Pick(labelled_of_[c]) : ext_rng_.Pick(events_of_[c]);
      use.loc = ExtLoc();
      if (!knowers.empty() && ext_rng_.Percent(50)) {
        for (EntityId who : knowers) {
          use.who = who;
          ev.uses.push_back(use);
        }
      } else {
        use.who = ext_rng_.Pick(entities_of_[c]);
        ev.uses.push_back(use);
      }
    }
  }
  if (ext_rng_.Percent(40)) {
    constexpr std::string_view kRules[] = {"dead-acts", "one-place", "knowledge-use", "x"};
    constexpr std::string_view kSeverities[] = {"error", "warning", "info", "off"};
    for (std::string_view rule : kRules) {
      if (!ext_rng_.Percent(50)) continue;
      LintSetting ls;
      ls.rule = std::string(rule);
      ls.severity = std::string(kSeverities[ext_rng_.Below(std::size(kSeverities))]);
      ls.loc = ExtLoc();
      u_.lint_settings.push_back(std::move(ls));
    }
  }
}

void Generator::AddImplicit() {
  using K = TimeConstraint::Kind;
  using A = TimeConstraint::AnchorKind;
  const size_t n = u_.works.size();
  std::vector<uint8_t> placed(n, 0);
  for (WorkId w = 0; w < n; ++w) {
    const Work& work = u_.works[w];
    placed[w] = work.flashback || !u_.points[work.slot_start].constraints.empty() ||
                !u_.points[work.slot_end].constraints.empty();
  }
  for (WorkId w = 0; w < n; ++w) {
    const Work& work = u_.works[w];
    u_.points[work.slot_end].constraints.push_back(
        Implicit(K::kNotBefore, A::kPoint, work.slot_start));
    if (work.parent != kNone) {
      const Work& parent = u_.works[work.parent];
      u_.points[work.slot_start].constraints.push_back(
          Implicit(K::kNotBefore, A::kPoint, parent.slot_start));
      u_.points[work.slot_end].constraints.push_back(
          Implicit(K::kNotAfter, A::kPoint, parent.slot_end));
    }
  }
  // Tight slots: a parent with no placed work below it starts with its
  // earliest-released child and ends with its latest (works are numbered in
  // preorder, so a reverse scan sees children before their parent).
  std::vector<uint8_t> placed_below(n, 0);
  for (WorkId w = static_cast<WorkId>(n); w-- > 0;) {
    const Work& work = u_.works[w];
    if (work.parent != kNone) placed_below[work.parent] |= placed_below[w] | placed[w];
    if (work.is_leaf() || placed_below[w]) continue;
    WorkId first = work.children.front(), last = work.children.front();
    for (WorkId c : work.children) {
      if (u_.works[c].first_leaf_rank < u_.works[first].first_leaf_rank) first = c;
      if (u_.works[c].end_leaf_rank > u_.works[last].end_leaf_rank) last = c;
    }
    u_.points[work.slot_start].constraints.push_back(
        Implicit(K::kNotBefore, A::kPoint, u_.works[first].slot_start));
    u_.points[work.slot_end].constraints.push_back(
        Implicit(K::kNotAfter, A::kPoint, u_.works[last].slot_end));
  }
  // Release chain per nearest placed ancestor (or continuity); placed
  // leaves stand alone. Hidden slots of unplaced leaves follow release order.
  std::unordered_map<uint64_t, WorkId> last;
  for (WorkId leaf : u_.release_order) {
    WorkId root = leaf;
    while (root != kNone && !placed[root]) root = u_.works[root].parent;
    if (root == leaf) continue;
    uint64_t key = root != kNone ? root : (uint64_t{1} << 32) | u_.works[leaf].continuity;
    auto [it, inserted] = last.try_emplace(key, leaf);
    if (!inserted) {
      u_.points[u_.works[leaf].slot_start].constraints.push_back(
          Implicit(K::kNotBefore, A::kPoint, u_.works[it->second].slot_end));
      it->second = leaf;
    }
  }
  for (const Event& e : u_.events) {
    if (!u_.points[e.time].constraints.empty()) continue;
    const RevealPoint* first = nullptr;
    for (const RevealPoint& r : e.revealed) {
      if (!first || u_.works[r.work].first_leaf_rank < u_.works[first->work].first_leaf_rank) {
        first = &r;
      }
    }
    if (first) u_.points[e.time].constraints.push_back(Implicit(K::kDuring, A::kWork, first->work));
  }
  for (const Fact& f : u_.facts) {
    if (f.start != kNone && f.end != kNone) {
      u_.points[f.end].constraints.push_back(Implicit(K::kAfter, A::kPoint, f.start));
    }
  }
  for (KnowledgeId k = 0; k < u_.knowledge.size(); ++k) {
    const Knowledge& kn = u_.knowledge[k];
    if (kn.from == kNone) continue;
    const TimePoint& tp = u_.points[kn.from];
    if (tp.owner != TimePoint::Owner::kKnowledge || !tp.constraints.empty()) continue;
    PointId target = kn.target_kind == Knowledge::TargetKind::kEvent ? u_.events[kn.target].time
                                                                     : u_.facts[kn.target].start;
    if (target != kNone)
      u_.points[kn.from].constraints.push_back(Implicit(K::kSame, A::kPoint, target));
  }
}

void Generator::AddCounterparts() {
  if (u_.continuities.size() < 2) return;
  std::unordered_set<uint64_t> used;
  for (int i = 0, attempts = 0; i < opts_.counterparts && attempts < opts_.counterparts * 10;
       ++attempts) {
    ContinuityId ca = rng_.Below(u_.continuities.size());
    ContinuityId cb = rng_.Below(u_.continuities.size());
    if (ca == cb || entities_of_[ca].empty() || entities_of_[cb].empty()) continue;
    EntityId a = rng_.Pick(entities_of_[ca]);
    EntityId b = rng_.Pick(entities_of_[cb]);
    if (u_.entities[a].kind != u_.entities[b].kind) continue;
    uint64_t key = (uint64_t{std::min(a, b)} << 32) | std::max(a, b);
    if (!used.insert(key).second) continue;
    u_.counterparts.emplace_back(a, b);
    ++i;
  }
}

Universe Generator::Run(uint64_t seed) {
  u_.title = "Random universe " + std::to_string(seed);
  if (rng_.Percent(20)) u_.title += " \"" + Word(rng_) + "\"";
  int n_files = static_cast<int>(rng_.Between(1, 3));
  for (int i = 0; i < n_files && opts_.locations; ++i) {
    u_.files.push_back("part" + std::to_string(i) + ".canon");
  }
  AddPredicates();
  const int continuities = std::max(0, opts_.continuities);
  for (int i = 0; i < continuities; ++i) {
    Continuity& c = u_.continuities.emplace_back();
    c.id = Word(rng_, 1, 2) + "_" + std::to_string(i);
    c.title = Name(rng_);
    c.loc = Loc();
  }
  const size_t nc = u_.continuities.size();
  works_of_.resize(nc);
  leaves_of_.resize(nc);
  entities_of_.resize(nc);
  anchors_of_.resize(nc);
  facts_of_.resize(nc);
  labelled_of_.resize(nc);
  events_of_.resize(nc);
  eras_of_.resize(nc);
  for (size_t c = 0; c < nc; ++c) {
    base_day_.push_back(DayNumber(1950 + static_cast<int64_t>(rng_.Below(40)), 1, 1));
  }
  AddEras();
  AddWorks();
  PlaceSlots();
  AddEntities();

  // Facts and events interleaved, so either may anchor on the other. A
  // continuity needs works (for reveal points) and entities.
  std::vector<ContinuityId> usable;
  for (ContinuityId c = 0; c < nc; ++c) {
    if (!works_of_[c].empty() && !entities_of_[c].empty()) usable.push_back(c);
  }
  if (!usable.empty()) {
    int64_t facts_left = std::max(0, opts_.facts), events_left = std::max(0, opts_.events);
    while (facts_left + events_left > 0) {
      ContinuityId c = rng_.Pick(usable);
      if (static_cast<int64_t>(rng_.Below(facts_left + events_left)) < facts_left) {
        AddFact(c, false);
        --facts_left;
      } else {
        AddEvent(c);
        --events_left;
      }
    }
  }
  AddKnowledge();
  AddCounterparts();
  AddAppearances();
  AddAllowsUsesAndSettings();
  if (opts_.implicit_constraints) AddImplicit();
  u_.Finalize();
  return std::move(u_);
}

}  // namespace

Universe RandomUniverse(uint64_t seed, const RandomUniverseOptions& opts) {
  return Generator(seed, opts).Run(seed);
}

rc::Gen<Universe> GenUniverse() {
  return rc::gen::withSize([](int size) {
    // rapidcheck sizes run 0..100; keep universes small enough for fast
    // properties but large enough to hit every feature.
    const int s = std::max(1, size);
    return rc::gen::map(
        rc::gen::tuple(rc::gen::arbitrary<uint64_t>(), rc::gen::inRange(1, 4),
                       rc::gen::inRange(0, 2 + s / 10), rc::gen::inRange(0, 3 + s / 4),
                       rc::gen::inRange(0, 5 + s / 2), rc::gen::inRange(0, 5 + s),
                       rc::gen::inRange(0, 3 + s / 3), rc::gen::inRange(0, 3 + s / 5),
                       rc::gen::inRange(0, 4), rc::gen::inRange(0, 3 + s / 3)),
        [](const std::tuple<uint64_t, int, int, int, int, int, int, int, int, int>& t) {
          RandomUniverseOptions o;
          o.continuities = std::get<1>(t);
          o.works = std::get<2>(t);
          o.entities = std::get<3>(t);
          o.persons = std::get<4>(t) / 3;
          o.facts = std::get<5>(t);
          o.events = std::get<6>(t);
          o.knowledge = std::get<7>(t);
          o.counterparts = std::get<8>(t);
          o.eras = std::get<8>(t) % 3;
          o.appearances = std::get<9>(t);
          return RandomUniverse(std::get<0>(t), o);
        });
  });
}

}  // namespace canon::testing

namespace canon {

void showValue(const Universe& u, std::ostream& os) {
  os << "Universe \"" << u.title << "\": " << u.continuities.size() << " continuities, "
     << u.eras.size() << " eras, " << u.works.size() << " works, " << u.entities.size()
     << " entities, " << u.predicates.size() << " predicates, " << u.facts.size() << " facts, "
     << u.events.size() << " events, " << u.knowledge.size() << " knowledge, "
     << u.counterparts.size() << " counterparts, " << u.appearances.size() << " appearances, "
     << u.points.size() << " points";
}

}  // namespace canon
