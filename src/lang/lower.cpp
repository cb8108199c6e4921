// The lowering (see lower.h). Layout of the output: universe, continuities,
// eras, predicates, then people (and what belongs to no continuity), then one
// section per continuity opened by `use` (works, entities with their nested
// facts, facts, events, learns, appearances), then counterparts. Lint
// settings follow the predicates. An appearance prints as a `cast` line in
// its work when it is plain (no position, no `story`, no `allow`, a work
// that is printed: not a generated child), else as an `appears` line. Names from another
// section are qualified (`earth616:jessica`); fact labels are invented
// (`fact_N`) only where an unlabelled fact must be named (an anchor or a
// knowledge target).
#include "lang/lower.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "lang/printer.h"

namespace canon::lang {
namespace {

using namespace ast;
using ::canon::Value;

bool IsIdent(std::string_view s) {
  if (s.empty()) return false;
  auto start = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (!start(s[0])) return false;
  for (char c : s) {
    if (!start(c) && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

class Lowerer {
 public:
  explicit Lowerer(const Universe& u) : u_(u) {}

  File Run() {
    File f;
    AssignLabels();
    if (!u_.title.empty()) {
      Statement s = Make(StmtKind::kUniverse);
      s.has_title = true;
      s.title = u_.title;
      f.statements.push_back(std::move(s));
    }
    bool first_cont = true;
    for (const Continuity& c : u_.continuities) {
      Statement s = Make(StmtKind::kContinuity);
      s.id.text = c.id;
      s.has_title = !c.title.empty();
      s.title = c.title;
      s.blank_before = first_cont;
      first_cont = false;
      f.statements.push_back(std::move(s));
    }
    bool first = true;
    for (EraId e = 1; e < u_.eras.size(); ++e) {
      const Era& era = u_.eras[e];
      Statement s = Make(StmtKind::kEra);
      s.id.text = era.id;
      s.blank_before = first;
      first = false;
      if (era.continuity != kNone)
        s.clauses.push_back(NameClause(ClauseKind::kIn, ContId(era.continuity)));
      Clause epoch = Make(ClauseKind::kEpoch);
      epoch.number = Number(era.epoch);
      s.clauses.push_back(epoch);
      if (era.direction < 0) s.clauses.push_back(Make(ClauseKind::kBackward));
      f.statements.push_back(std::move(s));
    }
    first = true;
    for (const Predicate& p : u_.predicates) {
      if (p.builtin) continue;
      Statement s = Make(StmtKind::kPredicate);
      s.id.text = p.name;
      s.blank_before = first;
      first = false;
      if (p.symmetric) s.clauses.push_back(Make(ClauseKind::kSymmetric));
      if (p.exclusive) s.clauses.push_back(Make(ClauseKind::kExclusive));
      if (!p.inverse.empty()) s.clauses.push_back(NameClause(ClauseKind::kInverse, p.inverse));
      if (p.object_kind != ValueKind::kEntity) {
        Clause c = Make(ClauseKind::kObject);
        switch (p.object_kind) {
          case ValueKind::kString:
            c.object_type = ObjectType::kString;
            break;
          case ValueKind::kNumber:
            c.object_type = ObjectType::kNumber;
            break;
          case ValueKind::kDate:
            c.object_type = ObjectType::kDate;
            break;
          default:
            c.object_type = ObjectType::kKeyword;
            for (const std::string& k : p.keywords) c.keywords->push_back(Name{k, {}});
        }
        s.clauses.push_back(std::move(c));
      }
      if (!p.phrase.empty()) {
        Clause c = Make(ClauseKind::kPhrase);
        c.text = p.phrase;
        s.clauses.push_back(std::move(c));
      }
      f.statements.push_back(std::move(s));
    }
    first = true;
    for (const LintSetting& ls : u_.lint_settings) {
      Statement s = Make(StmtKind::kLint);
      s.id.text = ls.rule;
      s.severity->text = ls.severity;
      s.blank_before = first;
      first = false;
      f.statements.push_back(std::move(s));
    }
    cast_of_.assign(u_.works.size(), {});
    is_cast_.assign(u_.appearances.size(), 0);
    for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
      const Appearance& ap = u_.appearances[a];
      if (ap.at.work >= u_.works.size()) continue;
      if (ap.time == kNone && ap.allows.empty() &&
          ap.at.position_kind == RevealPoint::PositionKind::kNone &&
          !u_.works[ap.at.work].generated) {
        cast_of_[ap.at.work].push_back(a);
        is_cast_[a] = 1;
      }
    }
    Section(f, kNone);
    for (ContinuityId c = 0; c < u_.continuities.size(); ++c) Section(f, c);
    first = true;
    for (auto& [a, b] : u_.counterparts) {
      Statement s = Make(StmtKind::kCounterpart);
      s.subject.text = u_.QualifiedId(a);
      s.target.text = u_.QualifiedId(b);
      s.blank_before = first;
      first = false;
      f.statements.push_back(std::move(s));
    }
    return f;
  }

 private:
  static Statement Make(StmtKind k) {
    Statement s;
    s.kind = k;
    return s;
  }
  static Clause Make(ClauseKind k) {
    Clause c;
    c.kind = k;
    return c;
  }
  static Clause NameClause(ClauseKind k, std::string name) {
    Clause c = Make(k);
    c.name.text = std::move(name);
    return c;
  }
  static ast::Value Number(double v) {
    ast::Value out;
    out.kind = ast::Value::Kind::kNumber;
    out.number = v;
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) {
      out.text = std::to_string(static_cast<int64_t>(v));
      out.is_integer = true;
    } else {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, v);
      out.text = std::string(buf, r.ptr);
      // The language has no exponents: fall back to fixed notation.
      if (out.text.find_first_of("eE") != std::string::npos || !std::isfinite(v)) {
        char fixed[512];
        std::snprintf(fixed, sizeof fixed, "%.6f", std::isfinite(v) ? v : 0.0);
        out.text = fixed;
        while (out.text.back() == '0') out.text.pop_back();
        if (out.text.back() == '.') out.text.pop_back();
      }
    }
    return out;
  }

  std::string ContId(ContinuityId c) const { return c == kNone ? "" : u_.continuities[c].id; }

  DateLit Date(const PartialDate& d) const {
    DateLit out;
    out.year = d.year;
    out.month = d.month;
    out.day = d.day;
    if (d.era != 0 && d.era < u_.eras.size()) out.era = u_.eras[d.era].id;
    return out;
  }

  // An entity as written in a statement of continuity `ctx`.
  std::string EntityRef(EntityId e, ContinuityId ctx) const {
    const Entity& ent = u_.entities[e];
    if (ent.continuity == kNone || ent.continuity == ctx) return ent.id;
    return u_.QualifiedId(e);
  }

  std::string Qualify(ContinuityId c, ContinuityId ctx, const std::string& id) const {
    if (c == kNone || c == ctx) return id;
    return u_.continuities[c].id + ":" + id;
  }

  // Labels for facts that must be named (anchors, knowledge targets).
  void AssignLabels() {
    labels_.resize(u_.facts.size());
    std::unordered_set<std::string> taken;
    for (const Fact& f : u_.facts) {
      if (!f.label.empty()) taken.insert(std::to_string(f.continuity) + ":" + f.label);
    }
    for (const Event& e : u_.events) taken.insert(std::to_string(e.continuity) + ":" + e.id);
    std::vector<bool> needed(u_.facts.size(), false);
    for (const TimePoint& p : u_.points) {
      for (const TimeConstraint& c : p.constraints) {
        if (c.anchor_kind != TimeConstraint::AnchorKind::kPoint || c.point >= u_.points.size())
          continue;
        const TimePoint& a = u_.points[c.point];
        if (a.owner == TimePoint::Owner::kFactStart || a.owner == TimePoint::Owner::kFactEnd) {
          needed[a.owner_id] = true;
        }
      }
    }
    for (const Event& e : u_.events) {
      for (const Event::Use& use : e.uses) {
        if (use.target_is_fact && use.target < u_.facts.size()) needed[use.target] = true;
      }
    }
    for (const Knowledge& k : u_.knowledge) {
      if (k.implicit) continue;
      if (k.target_kind == Knowledge::TargetKind::kFact) needed[k.target] = true;
      if (k.from != kNone && k.from < u_.points.size()) {
        const TimePoint& a = u_.points[k.from];
        if (a.owner == TimePoint::Owner::kFactStart || a.owner == TimePoint::Owner::kFactEnd) {
          needed[a.owner_id] = true;
        }
      }
    }
    // Facts ended by an event whose shape another fact shares: `ends` by
    // shape could pick the other one on recompiling, so they get `ends LABEL`.
    for (FactId f = 0; f < u_.facts.size(); ++f) {
      by_subject_pred_[SubjectPredKey(u_.facts[f])].push_back(f);
      if (u_.predicates[u_.facts[f].predicate].symmetric &&
          u_.facts[f].object.kind == ValueKind::kEntity) {
        Fact flipped = u_.facts[f];
        std::swap(flipped.subject, flipped.object.entity);
        if (flipped.subject != u_.facts[f].subject)
          by_subject_pred_[SubjectPredKey(flipped)].push_back(f);
      }
    }
    // A planning run of the event lowering finds the facts that `ends` must
    // name by label.
    labels_.assign(u_.facts.size(), "");
    planning_ = true;
    for (EventId e = 0; e < u_.events.size(); ++e) EventStmt(e, {});
    planning_ = false;
    for (FactId f : ends_by_label_) needed[f] = true;
    for (FactId f = 0; f < u_.facts.size(); ++f) {
      labels_[f] = u_.facts[f].label;
      if (!labels_[f].empty() || !needed[f]) continue;
      for (uint32_t n = f;; ++n) {
        std::string l = "fact_" + std::to_string(n);
        if (taken.insert(std::to_string(u_.facts[f].continuity) + ":" + l).second) {
          labels_[f] = l;
          break;
        }
      }
    }
  }

  std::string ShapeKey(const Fact& f) const {
    EntityId a = f.subject, b = f.object.kind == ValueKind::kEntity ? f.object.entity : kNone;
    if (b != kNone && f.predicate < u_.predicates.size() && u_.predicates[f.predicate].symmetric &&
        b < a) {
      std::swap(a, b);
    }
    std::string obj = f.object.kind == ValueKind::kEntity
                          ? std::to_string(b)
                          : f.object.text + "|" + std::to_string(f.object.number) + "|" +
                                std::to_string(f.object.date.year);
    return std::to_string(a) + "/" + std::to_string(f.predicate) + "/" +
           std::to_string(static_cast<int>(f.object.kind)) + "/" + obj;
  }
  std::string SubjectPredKey(const Fact& f) const {
    return std::to_string(f.subject) + "/" + std::to_string(f.predicate);
  }
  // Whether the event ending fact `f` could, when the export is compiled
  // again, end another fact instead: one of the same shape (or, for `sets`,
  // of the same subject and predicate) that is still open when the event's
  // effects run (declared, or started by an earlier event or this one).
  bool HasRival(FactId f, bool any_object) const {
    const Fact& fact = u_.facts[f];
    EventId e = fact.ended_by;
    auto it = by_subject_pred_.find(SubjectPredKey(fact));
    if (it == by_subject_pred_.end()) return false;
    for (FactId g : it->second) {
      if (g == f) continue;
      const Fact& other = u_.facts[g];
      if (other.predicate != fact.predicate) continue;
      if (!any_object && ShapeKey(other) != ShapeKey(fact)) continue;
      // (by_subject_pred_ lists symmetric facts under both entities.)
      bool open_then = other.ended_by != kNone ? other.ended_by >= e : other.end == kNone;
      // (A `sets` ends before it starts its own new value.)
      bool exists_then =
          other.started_by == kNone || (any_object ? other.started_by < e : other.started_by <= e);
      if (open_then && exists_then) return true;
    }
    return false;
  }
  bool ShapeAmbiguous(FactId f) const { return HasRival(f, false); }
  bool SetsAmbiguous(FactId f) const { return HasRival(f, true); }

  // The name of point `p` as an anchor, written in continuity `ctx`.
  // Empty when the point cannot be named.
  std::string PointName(PointId p, ContinuityId ctx) const {
    if (p >= u_.points.size()) return "";
    const TimePoint& tp = u_.points[p];
    switch (tp.owner) {
      case TimePoint::Owner::kEvent: {
        const Event& e = u_.events[tp.owner_id];
        return Qualify(e.continuity, ctx, e.id);
      }
      case TimePoint::Owner::kFactStart:
      case TimePoint::Owner::kFactEnd: {
        const Fact& f = u_.facts[tp.owner_id];
        // An event effect's point is the event's own: name the event.
        std::string l = Qualify(f.continuity, ctx, labels_[tp.owner_id]);
        return tp.owner == TimePoint::Owner::kFactEnd ? l + ".end" : l;
      }
      default:
        return "";
    }
  }

  bool Term(const TimeConstraint& c, ContinuityId ctx, TimeTerm& t) const {
    auto anchor = [&]() {
      switch (c.anchor_kind) {
        case TimeConstraint::AnchorKind::kPoint:
          t.anchor.text = PointName(c.point, ctx);
          return !t.anchor.text.empty();
        case TimeConstraint::AnchorKind::kWork:
          if (c.work >= u_.works.size()) return false;
          t.anchor.text = u_.works[c.work].path;
          return true;
        case TimeConstraint::AnchorKind::kDate:
          t.anchor_is_date = true;
          t.date = Date(c.date);
          return true;
      }
      return false;
    };
    switch (c.kind) {
      case TimeConstraint::Kind::kDate:
        t.kind = TimeTerm::Kind::kDate;
        t.date = Date(c.date);
        return true;
      case TimeConstraint::Kind::kBefore:
        t.kind = TimeTerm::Kind::kBefore;
        return anchor();
      case TimeConstraint::Kind::kAfter:
        t.kind = TimeTerm::Kind::kAfter;
        return anchor();
      case TimeConstraint::Kind::kDuring:
        t.kind = TimeTerm::Kind::kDuring;
        return anchor() && !t.anchor_is_date;
      case TimeConstraint::Kind::kSame:
        t.kind = TimeTerm::Kind::kBare;
        return anchor();
      case TimeConstraint::Kind::kOffset:
        t.kind = TimeTerm::Kind::kOffset;
        t.amount = c.amount < 0 ? -c.amount : c.amount;
        t.offset_before = c.amount < 0;
        t.unit = c.unit == TimeConstraint::Unit::kDays     ? TimeTerm::Unit::kDays
                 : c.unit == TimeConstraint::Unit::kMonths ? TimeTerm::Unit::kMonths
                                                           : TimeTerm::Unit::kYears;
        return anchor();
      default:
        return false;  // non-strict kinds are only implicit
    }
  }

  // The written (non-implicit) constraints of a point as a story time.
  TimeExpr Time(PointId p, ContinuityId ctx) const {
    TimeExpr out;
    if (p >= u_.points.size()) return out;
    for (const TimeConstraint& c : u_.points[p].constraints) {
      if (c.implicit) continue;
      TimeTerm t;
      if (Term(c, ctx, t)) out.terms.push_back(std::move(t));
    }
    return out;
  }

  static bool SameConstraint(const TimeConstraint& a, const TimeConstraint& b) {
    return a.kind == b.kind && a.anchor_kind == b.anchor_kind && a.point == b.point &&
           a.work == b.work && a.date == b.date && a.amount == b.amount && a.unit == b.unit;
  }

  // A work's `story`: constraints on both slot points print once; `after`
  // only on the start and `before` only on the end print as such.
  TimeExpr WorkTime(const Work& w) const {
    TimeExpr out;
    const auto& sc = u_.points[w.slot_start].constraints;
    const auto& ec = u_.points[w.slot_end].constraints;
    std::vector<bool> used(ec.size(), false);
    for (const TimeConstraint& c : sc) {
      if (c.implicit) continue;
      for (size_t i = 0; i < ec.size(); ++i) {
        if (!used[i] && !ec[i].implicit && SameConstraint(c, ec[i])) {
          used[i] = true;
          break;
        }
      }
      TimeTerm t;
      if (Term(c, w.continuity, t)) out.terms.push_back(std::move(t));
    }
    for (size_t i = 0; i < ec.size(); ++i) {
      if (used[i] || ec[i].implicit) continue;
      TimeTerm t;
      if (Term(ec[i], w.continuity, t)) out.terms.push_back(std::move(t));
    }
    return out;
  }

  std::vector<Point> Points(const std::vector<RevealPoint>& rps) const {
    std::vector<Point> out;
    for (const RevealPoint& rp : rps) {
      if (rp.work >= u_.works.size()) continue;
      Point p;
      p.work.text = u_.works[rp.work].path;
      p.position_kind =
          rp.position_kind == RevealPoint::PositionKind::kScene     ? Point::Position::kScene
          : rp.position_kind == RevealPoint::PositionKind::kSeconds ? Point::Position::kSeconds
                                                                    : Point::Position::kNone;
      p.position = rp.position;
      out.push_back(std::move(p));
    }
    return out;
  }

  void AddPoints(Statement& s, ClauseKind k, const std::vector<RevealPoint>& rps) const {
    if (rps.empty()) return;
    Clause c = Make(k);
    c.points = Points(rps);
    if (!c.points.empty()) s.clauses.push_back(std::move(c));
  }

  void AddTime(std::vector<Clause>& clauses, ClauseKind k, TimeExpr t) const {
    if (t.terms.empty()) return;
    Clause c = Make(k);
    c.time = std::move(t);
    clauses.push_back(std::move(c));
  }

  ast::Value Object(const Value& v, ContinuityId ctx) const {
    ast::Value out;
    switch (v.kind) {
      case ValueKind::kEntity:
        out.kind = ast::Value::Kind::kName;
        out.text = v.entity < u_.entities.size() ? EntityRef(v.entity, ctx) : "";
        break;
      case ValueKind::kKeyword:
        out.kind = ast::Value::Kind::kName;
        out.text = v.text;
        break;
      case ValueKind::kString:
        out.kind = ast::Value::Kind::kString;
        out.text = v.text;
        break;
      case ValueKind::kNumber:
        out = Number(v.number);
        break;
      case ValueKind::kDate:
        out.kind = ast::Value::Kind::kDate;
        out.date = Date(v.date);
        break;
    }
    return out;
  }

  // Fact clauses shared by top-level and nested facts.
  void FactClauses(Statement& s, FactId id, bool with_reveal) const {
    const Fact& f = u_.facts[id];
    if (f.start != kNone && f.started_by == kNone)
      AddTime(s.clauses, ClauseKind::kFrom, Time(f.start, f.continuity));
    if (f.end != kNone && f.ended_by == kNone)
      AddTime(s.clauses, ClauseKind::kUntil, Time(f.end, f.continuity));
    if (with_reveal) AddPoints(s, ClauseKind::kRevealed, f.revealed);
    AddPoints(s, ClauseKind::kOverturned, f.overturned);
    AddAllows(s.clauses, f.allows);
    if (!f.source.empty()) {
      Clause c = Make(ClauseKind::kSource);
      c.text = f.source;
      s.clauses.push_back(std::move(c));
    }
  }

  static void AddAllows(std::vector<Clause>& clauses, const std::vector<LintAllow>& allows) {
    for (const LintAllow& a : allows) {
      Clause c = NameClause(ClauseKind::kAllow, a.rule);
      c.text = a.reason;
      clauses.push_back(std::move(c));
    }
  }

  static bool SameAllows(const std::vector<LintAllow>& a, const std::vector<LintAllow>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].rule != b[i].rule || a[i].reason != b[i].reason) return false;
    }
    return true;
  }

  // `cast` lines of a work listing its plain appearances in order, as many
  // as keep each line within the canonical width.
  void AddCast(Statement& s, WorkId id) const {
    if (id >= cast_of_.size() || cast_of_[id].empty()) return;
    size_t depth = 1;  // the cast line is one level below its work
    for (WorkId w = id; u_.works[w].parent != kNone; w = u_.works[w].parent) ++depth;
    Statement cast = Make(StmtKind::kCast);
    size_t width = 2 * depth + 4;  // "cast"
    for (AppearanceId a : cast_of_[id]) {
      std::string name = EntityRef(u_.appearances[a].entity, u_.works[id].continuity);
      const size_t add = (cast.entities.empty() ? 1 : 2) + name.size();
      if (!cast.entities.empty() && width + add > kMaxLineWidth) {
        s.children.push_back(std::move(cast));
        cast = Make(StmtKind::kCast);
        width = 2 * depth + 4;
      }
      width += (cast.entities.empty() ? 1 : 2) + name.size();
      cast.entities.push_back(ast::Name{std::move(name), {}});
    }
    s.children.push_back(std::move(cast));
  }

  bool IsCast(AppearanceId a) const { return a < is_cast_.size() && is_cast_[a]; }

  // The `appears` lines of continuity `c`: appearances that follow each
  // other among them, at the same point, without `story` and with the same
  // allows share a line (compiling the lines numbers them in line order, so
  // the grouping is a fixpoint).
  void AppearsStmts(std::vector<Statement>& out, ContinuityId c) const {
    bool first = true;
    AppearanceId last = kNone;  // the previous appearance printed here
    for (AppearanceId a = 0; a < u_.appearances.size(); ++a) {
      const Appearance& ap = u_.appearances[a];
      if (ap.at.work >= u_.works.size() || u_.works[ap.at.work].continuity != c || IsCast(a)) {
        continue;
      }
      if (ap.entity >= u_.entities.size()) continue;
      if (ap.time == kNone && !out.empty() && last != kNone) {
        const Appearance& prev = u_.appearances[last];
        Statement& st = out.back();
        // (Grouped while the header stays within the canonical width.)
        size_t width = 0;
        for (const ast::Name& n : st.entities) width += n.text.size() + 2;
        width += EntityRef(ap.entity, c).size() + 40 + u_.works[ap.at.work].path.size();
        if (st.kind == StmtKind::kAppears && prev.time == kNone && prev.at == ap.at &&
            SameAllows(prev.allows, ap.allows) && width <= kMaxLineWidth) {
          st.entities.push_back(ast::Name{EntityRef(ap.entity, c), {}});
          last = a;
          continue;
        }
      }
      Statement s = Make(StmtKind::kAppears);
      s.entities.push_back(ast::Name{EntityRef(ap.entity, c), {}});
      s.point = Points({ap.at}).front();
      if (ap.time != kNone) AddTime(s.clauses, ClauseKind::kStory, Time(ap.time, c));
      AddAllows(s.clauses, ap.allows);
      s.blank_before = first && !out.empty();
      first = false;
      last = a;
      out.push_back(std::move(s));
    }
  }

  Statement WorkStmt(WorkId id, bool top) const {
    const Work& w = u_.works[id];
    Statement s = Make(FromWorkKind(w.kind));
    s.id.text = w.id;
    s.has_title = !w.title.empty();
    s.title = w.title;
    if (w.released) {
      Clause c = Make(ClauseKind::kReleased);
      c.date = Date(*w.released);
      s.clauses.push_back(std::move(c));
    }
    if (w.declared_child_count > 0) {
      ClauseKind k = w.kind == WorkKind::kVolume ? ClauseKind::kIssues
                     : w.kind == WorkKind::kBook ? ClauseKind::kChapters
                                                 : ClauseKind::kEpisodes;
      Clause c = Make(k);
      c.number = Number(w.declared_child_count);
      s.clauses.push_back(std::move(c));
    }
    if (w.runtime_minutes) {
      Clause c = Make(ClauseKind::kRuntime);
      c.number = Number(*w.runtime_minutes);
      s.clauses.push_back(std::move(c));
    }
    if (w.flashback) s.clauses.push_back(Make(ClauseKind::kFlashback));
    AddTime(s.clauses, ClauseKind::kStory, WorkTime(w));
    AddCast(s, id);
    for (WorkId c : w.children) {
      if (u_.works[c].generated) continue;
      s.children.push_back(WorkStmt(c, false));
    }
    (void)top;
    return s;
  }

  void Section(File& f, ContinuityId c) {
    std::vector<Statement> out;
    // Works.
    for (WorkId w = 0; w < u_.works.size(); ++w) {
      if (u_.works[w].parent == kNone && u_.works[w].continuity == c)
        out.push_back(WorkStmt(w, true));
    }
    // Entities with their nested facts.
    std::vector<std::vector<FactId>> nested(u_.entities.size());
    for (FactId id = 0; id < u_.facts.size(); ++id) {
      const Fact& fact = u_.facts[id];
      if (fact.started_by == kNone && fact.revealed.empty() && fact.subject < u_.entities.size()) {
        nested[fact.subject].push_back(id);
      }
    }
    bool first = true;
    for (EntityId e = 0; e < u_.entities.size(); ++e) {
      const Entity& ent = u_.entities[e];
      if (ent.continuity != c) continue;
      Statement s = Make(FromEntityKind(ent.kind));
      s.id.text = ent.id;
      s.has_title = !ent.name.empty();
      s.title = ent.name;
      s.blank_before = first && !out.empty();
      first = false;
      AddPoints(s, ClauseKind::kIntroduced, ent.introduced);
      for (FactId id : nested[e]) {
        const Fact& fact = u_.facts[id];
        Statement n = Make(StmtKind::kNestedFact);
        n.id.text = labels_[id];
        n.predicate.text = u_.predicates[fact.predicate].name;
        n.object = Object(fact.object, ent.continuity);
        FactClauses(n, id, false);
        s.children.push_back(std::move(n));
      }
      out.push_back(std::move(s));
    }
    // Facts stated on their own.
    first = true;
    for (FactId id = 0; id < u_.facts.size(); ++id) {
      const Fact& fact = u_.facts[id];
      if (fact.started_by != kNone || fact.revealed.empty() || fact.continuity != c) continue;
      Statement s = Make(StmtKind::kFact);
      s.id.text = labels_[id];
      s.subject.text = EntityRef(fact.subject, c);
      s.predicate.text = u_.predicates[fact.predicate].name;
      s.object = Object(fact.object, c);
      s.blank_before = first && !out.empty();
      first = false;
      FactClauses(s, id, true);
      out.push_back(std::move(s));
    }
    // Events.
    std::vector<std::vector<KnowledgeId>> by_event(u_.events.size());
    for (KnowledgeId k = 0; k < u_.knowledge.size(); ++k) {
      const Knowledge& kn = u_.knowledge[k];
      if (kn.target_kind == Knowledge::TargetKind::kEvent && kn.target < u_.events.size()) {
        by_event[kn.target].push_back(k);
      }
    }
    first = true;
    for (EventId e = 0; e < u_.events.size(); ++e) {
      if (u_.events[e].continuity != c) continue;
      Statement s = EventStmt(e, by_event[e]);
      s.blank_before = first && !out.empty();
      first = false;
      out.push_back(std::move(s));
    }
    // Knowledge of facts (and sourced knowledge of events) as `learns`.
    first = true;
    for (KnowledgeId k = 0; k < u_.knowledge.size(); ++k) {
      const Knowledge& kn = u_.knowledge[k];
      if (kn.implicit || !AsLearns(kn)) continue;
      ContinuityId tc = kn.target_kind == Knowledge::TargetKind::kFact
                            ? u_.facts[kn.target].continuity
                            : u_.events[kn.target].continuity;
      if (tc != c) continue;
      Statement s = Make(StmtKind::kLearns);
      ContinuityId ctx =
          u_.entities[kn.who].continuity != kNone ? u_.entities[kn.who].continuity : c;
      s.subject.text = EntityRef(kn.who, c);
      PointId default_from;
      if (kn.target_kind == Knowledge::TargetKind::kFact) {
        s.target.text = Qualify(tc, ctx, labels_[kn.target]);
        default_from = u_.facts[kn.target].start;
      } else {
        s.target.text = Qualify(tc, ctx, u_.events[kn.target].id);
        default_from = u_.events[kn.target].time;
      }
      KnowledgeClauses(s.clauses, kn, default_from, ctx);
      if (!kn.source.empty()) {
        Clause src = Make(ClauseKind::kSource);
        src.text = kn.source;
        s.clauses.push_back(std::move(src));
      }
      s.blank_before = first && !out.empty();
      first = false;
      out.push_back(std::move(s));
    }
    AppearsStmts(out, c);
    if (out.empty()) return;
    if (c != kNone) {
      Statement use = Make(StmtKind::kUse);
      use.id.text = u_.continuities[c].id;
      use.blank_before = true;
      f.statements.push_back(std::move(use));
      out.front().blank_before = true;
    } else {
      out.front().blank_before = true;
    }
    for (Statement& s : out) f.statements.push_back(std::move(s));
  }

  bool AsLearns(const Knowledge& k) const {
    return k.target_kind == Knowledge::TargetKind::kFact || !k.source.empty();
  }

  // `from` and `revealed` of a knowledge record (known_by sub-clauses or
  // learns clauses), omitting what the defaults give.
  void KnowledgeClauses(std::vector<Clause>& out, const Knowledge& k, PointId default_from,
                        ContinuityId ctx) const {
    WorkId default_reveal = kNone;
    if (k.from != default_from && k.from < u_.points.size()) {
      const TimePoint& p = u_.points[k.from];
      TimeExpr t;
      if (p.owner == TimePoint::Owner::kKnowledge) {
        t = Time(k.from, ctx);
        std::vector<const TimeConstraint*> written;
        for (const TimeConstraint& c : p.constraints) {
          if (!c.implicit) written.push_back(&c);
        }
        if (written.size() == 1 && written[0]->kind == TimeConstraint::Kind::kDuring &&
            written[0]->anchor_kind == TimeConstraint::AnchorKind::kWork && !t.terms.empty()) {
          // `during W` defaults the reveal to W; `at W` (same point) does not.
          if (k.revealed.size() == 1 && k.revealed[0] == RevealPoint{written[0]->work}) {
            default_reveal = written[0]->work;
          } else if (k.revealed.empty()) {
            t.terms[0].kind = TimeTerm::Kind::kAt;
          }
        }
      } else if (p.owner == TimePoint::Owner::kWorkStart || p.owner == TimePoint::Owner::kWorkEnd) {
        TimeTerm term;
        term.kind = TimeTerm::Kind::kAt;
        term.anchor.text = u_.works[p.owner_id].path;
        t.terms.push_back(term);
      } else {
        TimeTerm term;
        term.kind = TimeTerm::Kind::kBare;
        term.anchor.text = PointName(k.from, ctx);
        if (!term.anchor.text.empty()) t.terms.push_back(term);
      }
      if (!t.terms.empty()) {
        Clause c = Make(ClauseKind::kFrom);
        c.time = std::move(t);
        out.push_back(std::move(c));
      }
    }
    if (!k.revealed.empty() && !(default_reveal != kNone && k.revealed.size() == 1 &&
                                 k.revealed[0].work == default_reveal &&
                                 k.revealed[0].position_kind == RevealPoint::PositionKind::kNone)) {
      Clause c = Make(ClauseKind::kRevealed);
      c.points = Points(k.revealed);
      out.push_back(std::move(c));
    }
  }

  struct VerbInfo {
    std::string_view verb, kind, subject_role, object_role;
    int effect;  // 0 none, 1 starts, 2 ends, 3 sets subject, 4 sets object
    std::string_view predicate, value;
  };
  static const std::vector<VerbInfo>& Verbs() {
    static const std::vector<VerbInfo> kVerbs = {
        {"meets", "meeting", "participant", "participant", 1, "knows", ""},
        {"kills", "killing", "killer", "victim", 4, "status", "dead"},
        {"dies", "death", "victim", "", 3, "status", "dead"},
        {"marries", "wedding", "spouse", "spouse", 1, "married_to", ""},
        {"breaks_up_with", "breakup", "partner", "partner", 2, "dating", ""},
        {"is_born", "birth", "child", "", 3, "status", "alive"},
        {"returns", "resurrection", "returner", "", 3, "status", "alive"},
    };
    return kVerbs;
  }

  PredicateId FindPredicate(std::string_view name) const {
    for (PredicateId p = 0; p < u_.predicates.size(); ++p) {
      if (u_.predicates[p].name == name) return p;
    }
    return kNone;
  }

  static bool EventClauseWord(std::string_view w) {
    for (int k = 0; k < static_cast<int>(ClauseKind::kCount_); ++k) {
      if (ClauseKeyword(static_cast<ClauseKind>(k)) == w) return true;
    }
    return false;
  }

  Statement EventStmt(EventId id, const std::vector<KnowledgeId>& knowledge) const {
    const Event& e = u_.events[id];
    ContinuityId ctx = e.continuity;
    Statement s = Make(StmtKind::kEvent);
    s.id.text = e.id;
    s.has_title = !e.title.empty();
    s.title = e.title;
    std::vector<bool> role_used(e.roles.size(), false);
    std::vector<FactId> starts = e.starts, ends = e.ends;
    bool kind_said = false;
    // A headline verb, when its roles and effects are exactly there.
    for (const VerbInfo& v : Verbs()) {
      if (e.kind != v.kind || e.roles.empty() || e.roles[0].role != v.subject_role) continue;
      bool has_obj = !v.object_role.empty();
      if (has_obj && (e.roles.size() < 2 || e.roles[1].role != v.object_role)) continue;
      EntityId subj = e.roles[0].entity;
      EntityId obj = has_obj ? e.roles[1].entity : kNone;
      PredicateId pred = FindPredicate(v.predicate);
      std::vector<FactId> s2 = starts, e2 = ends;
      auto take = [](std::vector<FactId>& list, auto pred_fn) {
        for (size_t i = 0; i < list.size(); ++i) {
          if (pred_fn(list[i])) {
            list.erase(list.begin() + static_cast<long>(i));
            return true;
          }
        }
        return false;
      };
      bool ok = true;
      if (v.effect == 1 || v.effect == 2) {
        auto match = [&](FactId f) {
          const Fact& fact = u_.facts[f];
          if (fact.predicate != pred || fact.object.kind != ValueKind::kEntity) return false;
          if (fact.subject == subj && fact.object.entity == obj) return true;
          return u_.predicates[pred].symmetric && fact.subject == obj && fact.object.entity == subj;
        };
        ok = take(v.effect == 1 ? s2 : e2,
                  [&](FactId f) { return match(f) && (v.effect == 1 || !ShapeAmbiguous(f)); });
      } else {
        EntityId who = v.effect == 3 ? subj : obj;
        ok = take(s2, [&](FactId f) {
          const Fact& fact = u_.facts[f];
          return fact.subject == who && fact.predicate == pred &&
                 fact.object.kind == ValueKind::kKeyword && fact.object.text == v.value;
        });
        if (ok) {
          for (FactId f : e2) {
            // The verb's `sets` must not have a choice of fact to end.
            if (u_.facts[f].subject == who && u_.facts[f].predicate == pred && SetsAmbiguous(f)) {
              ok = false;
            }
          }
          take(e2, [&](FactId f) {
            return u_.facts[f].subject == who && u_.facts[f].predicate == pred;
          });
        }
      }
      if (!ok) continue;
      starts = std::move(s2);
      ends = std::move(e2);
      s.has_headline = true;
      s.subject.text = EntityRef(subj, ctx);
      s.predicate.text = std::string(v.verb);
      role_used[0] = true;
      if (has_obj) {
        role_used[1] = true;
        s.object.kind = ast::Value::Kind::kName;
        s.object.text = EntityRef(obj, ctx);
      }
      kind_said = true;
      break;
    }
    bool special = false;
    for (const VerbInfo& v : Verbs()) special |= v.verb == e.kind;
    if (!s.has_headline && !e.roles.empty() && e.roles[0].role == "agent" && IsIdent(e.kind) &&
        !special && !EventClauseWord(e.kind)) {
      s.has_headline = true;
      s.subject.text = EntityRef(e.roles[0].entity, ctx);
      s.predicate.text = e.kind;
      role_used[0] = true;
      if (e.roles.size() >= 2 && e.roles[1].role == "patient") {
        role_used[1] = true;
        s.object.kind = ast::Value::Kind::kName;
        s.object.text = EntityRef(e.roles[1].entity, ctx);
      }
      kind_said = true;
    }
    // A generic headline also adds "agent"/"patient" roles: the remaining
    // roles must not start with those, or recompiling would reorder them.
    if (!kind_said && !e.kind.empty()) s.clauses.push_back(NameClause(ClauseKind::kKind, e.kind));
    for (size_t i = 0; i < e.roles.size(); ++i) {
      if (role_used[i]) continue;
      Clause c = NameClause(ClauseKind::kRole, e.roles[i].role);
      c.name2->text = EntityRef(e.roles[i].entity, ctx);
      s.clauses.push_back(std::move(c));
    }
    AddTime(s.clauses, ClauseKind::kStory, Time(e.time, ctx));
    AddPoints(s, ClauseKind::kRevealed, e.revealed);
    AddPoints(s, ClauseKind::kOverturned, e.overturned);
    // Knowledge.
    std::unordered_set<EntityId> knowers;
    for (KnowledgeId k : knowledge) {
      const Knowledge& kn = u_.knowledge[k];
      knowers.insert(kn.who);
      if (kn.implicit || AsLearns(kn)) continue;
      Clause c = NameClause(ClauseKind::kKnownBy, EntityRef(kn.who, ctx));
      KnowledgeClauses(*c.sub, kn, e.time, ctx);
      s.clauses.push_back(std::move(c));
    }
    std::unordered_set<EntityId> said;
    for (const Role& r : e.roles) {
      EntityKind kind = u_.entities[r.entity].kind;
      if (kind == EntityKind::kPlace || kind == EntityKind::kObject) continue;
      if (knowers.count(r.entity) || !said.insert(r.entity).second) continue;
      s.clauses.push_back(NameClause(ClauseKind::kUnaware, EntityRef(r.entity, ctx)));
    }
    // Effects not implied by the headline.
    // `starts`/`sets` and `ends` are collected apart: the checker applies
    // effects in clause order, and `ends S P O` names the latest matching
    // fact, so a fact this event starts must exist first only when the event
    // also ends that very fact; otherwise ends go first, so that they cannot
    // pick a fact the same event starts.
    std::vector<Clause> start_clauses, end_clauses;
    auto triple = [&](ClauseKind k, const Fact& f) {
      Clause c = Make(k);
      c.triple->subject.text = EntityRef(f.subject, ctx);
      c.triple->predicate.text = u_.predicates[f.predicate].name;
      c.triple->object = Object(f.object, ctx);
      (k == ClauseKind::kEnds ? end_clauses : start_clauses).push_back(std::move(c));
    };
    for (FactId f : starts) {
      const Fact& fact = u_.facts[f];
      bool sets = false;
      if (u_.predicates[fact.predicate].exclusive) {
        for (size_t i = 0; i < ends.size(); ++i) {
          const Fact& g = u_.facts[ends[i]];
          if (g.subject == fact.subject && g.predicate == fact.predicate &&
              !SetsAmbiguous(ends[i])) {
            ends.erase(ends.begin() + static_cast<long>(i));
            sets = true;
            break;
          }
        }
      }
      triple(sets ? ClauseKind::kSets : ClauseKind::kStarts, fact);
    }
    for (FactId f : ends) {
      bool by_label = u_.facts[f].started_by == kNone && ShapeAmbiguous(f);
      if (planning_ && by_label) ends_by_label_.push_back(f);
      if (by_label && !labels_[f].empty()) {
        Clause c = NameClause(ClauseKind::kEnds, Qualify(u_.facts[f].continuity, ctx, labels_[f]));
        end_clauses.push_back(std::move(c));
      } else {
        triple(ClauseKind::kEnds, u_.facts[f]);
      }
    }
    const bool ends_own_start = std::any_of(ends.begin(), ends.end(),
                                            [&](FactId f) { return u_.facts[f].started_by == id; });
    std::vector<Clause>& first = ends_own_start ? start_clauses : end_clauses;
    std::vector<Clause>& second = ends_own_start ? end_clauses : start_clauses;
    for (Clause& c : first) s.clauses.push_back(std::move(c));
    for (Clause& c : second) s.clauses.push_back(std::move(c));
    UsesClauses(s.clauses, e);
    AddAllows(s.clauses, e.allows);
    if (!e.source.empty()) {
      Clause c = Make(ClauseKind::kSource);
      c.text = e.source;
      s.clauses.push_back(std::move(c));
    }
    return s;
  }

  // `uses` clauses: a run of uses of one target that starts with exactly
  // the default users (the participants who can know, in role order) is
  // one `uses TARGET`; the rest name their user with `by`.
  void UsesClauses(std::vector<Clause>& out, const Event& e) const {
    if (e.uses.empty()) return;
    std::vector<EntityId> defaults;
    for (const Role& r : e.roles) {
      if (r.entity >= u_.entities.size()) continue;
      EntityKind k = u_.entities[r.entity].kind;
      if (k == EntityKind::kPlace || k == EntityKind::kObject) continue;
      if (std::find(defaults.begin(), defaults.end(), r.entity) == defaults.end()) {
        defaults.push_back(r.entity);
      }
    }
    size_t i = 0;
    while (i < e.uses.size()) {
      const Event::Use& u = e.uses[i];
      std::string target;
      if (u.target_is_fact) {
        if (u.target >= u_.facts.size()) {
          ++i;
          continue;
        }
        target = Qualify(u_.facts[u.target].continuity, e.continuity, labels_[u.target]);
      } else {
        if (u.target >= u_.events.size()) {
          ++i;
          continue;
        }
        target = Qualify(u_.events[u.target].continuity, e.continuity, u_.events[u.target].id);
      }
      size_t j = i;
      while (j < e.uses.size() && e.uses[j].target_is_fact == u.target_is_fact &&
             e.uses[j].target == u.target) {
        ++j;
      }
      bool all = !defaults.empty() && j - i >= defaults.size();
      for (size_t k = 0; all && k < defaults.size(); ++k) all = e.uses[i + k].who == defaults[k];
      if (all) {
        out.push_back(NameClause(ClauseKind::kUses, target));
        i += defaults.size();
      }
      for (; i < j; ++i) {
        Clause c = NameClause(ClauseKind::kUses, target);
        c.name2->text =
            e.uses[i].who < u_.entities.size() ? EntityRef(e.uses[i].who, e.continuity) : "";
        out.push_back(std::move(c));
      }
    }
  }

  const Universe& u_;
  std::vector<std::string> labels_;
  std::vector<std::vector<AppearanceId>> cast_of_;  // per work: its `cast` appearances
  std::vector<uint8_t> is_cast_;                    // per appearance: printed in a `cast`
  std::unordered_map<std::string, std::vector<FactId>> by_subject_pred_;
  bool planning_ = false;
  mutable std::vector<FactId> ends_by_label_;  // found by the planning run
};

}  // namespace

ast::File Lower(const Universe& u) { return Lowerer(u).Run(); }

}  // namespace canon::lang
