// The `.canon` parser (see parser.h). Two steps: lines are arranged into a
// tree by indentation (explicit stack, no recursion), then statements are
// read from the tree. A continuation line (one that starts with a clause
// keyword of the statement above it) adds clauses to that statement; its own
// deeper lines are flattened into the same statement.
#include "lang/parser.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <unordered_map>

#include "base/strings.h"
#include "lang/suggest.h"
#include "model/dates.h"

namespace canon::lang {
namespace {

using namespace ast;
using ast::Value;

constexpr int64_t kMaxGeneratedChildren = 100000;

const std::unordered_map<std::string_view, StmtKind>& StmtKeywords() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, StmtKind>();
    for (int k = 0; k < static_cast<int>(StmtKind::kCount_); ++k) {
      auto kind = static_cast<StmtKind>(k);
      if (kind == StmtKind::kNestedFact) continue;
      m->emplace(StmtKeyword(kind), kind);
    }
    return m;
  }();
  return *map;
}

const std::unordered_map<std::string_view, ClauseKind>& ClauseKeywords() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string_view, ClauseKind>();
    for (int k = 0; k < static_cast<int>(ClauseKind::kCount_); ++k) {
      auto kind = static_cast<ClauseKind>(k);
      m->emplace(ClauseKeyword(kind), kind);
    }
    return m;
  }();
  return *map;
}

bool IsTopLevel(StmtKind k) {
  switch (k) {
    case StmtKind::kSeason:
    case StmtKind::kEpisode:
    case StmtKind::kScene:
    case StmtKind::kVolume:
    case StmtKind::kIssue:
    case StmtKind::kChapter:
    case StmtKind::kNestedFact:
    case StmtKind::kCast:
      return false;
    default:
      return true;
  }
}

std::string_view ParentHint(StmtKind k) {
  switch (k) {
    case StmtKind::kSeason:
      return "a `season` goes inside a `series`";
    case StmtKind::kEpisode:
      return "an `episode` goes inside a `season`";
    case StmtKind::kScene:
      return "a `scene` goes inside an `episode` or a `film`";
    case StmtKind::kVolume:
      return "a `volume` goes inside a `comic`";
    case StmtKind::kIssue:
      return "an `issue` goes inside a `volume`";
    case StmtKind::kChapter:
      return "a `chapter` goes inside a `book`";
    case StmtKind::kCast:
      return "a `cast` line goes inside a leaf work (an episode, a scene, an issue, a chapter); "
             "at the top level write `appears ENTITY, ... in WORK`";
    case StmtKind::kFact:
      return "inside an entity, write the fact without `fact` and the subject: `PREDICATE OBJECT`";
    default:
      return "write it at the top level (no indentation)";
  }
}

bool IsTimeWord(std::string_view w) {
  return w == "and" || w == "before" || w == "after" || w == "at" || w == "during" || w == "day" ||
         w == "days" || w == "month" || w == "months" || w == "year" || w == "years";
}

struct Node {
  uint32_t line = 0;  // index into LexedFile::lines
  std::vector<uint32_t> children;
  std::vector<std::string> comments;  // own-line comments just above
  bool blank_before = false;
};

class Parser {
 public:
  Parser(const LexedFile& lx, DiagnosticSink& sink) : lx_(lx), sink_(sink) {}

  File Run() {
    File file;
    file.file = lx_.file;
    if (lx_.rejected) return file;
    std::vector<uint32_t> roots = BuildTree(file);
    file.statements.reserve(roots.size());  // no regrowth copies of a large file's tree
    for (uint32_t n : roots) {
      Statement s;
      if (ParseStatementAt(n, nullptr, s)) file.statements.push_back(std::move(s));
    }
    return file;
  }

 private:
  // ---- line tree ----

  std::vector<uint32_t> BuildTree(File& file) {
    std::vector<uint32_t> roots;
    std::vector<std::pair<uint32_t, uint32_t>> stack;  // (indent, node)
    std::vector<std::string> pending;
    bool blank = false;
    bool seen_code = false;
    for (uint32_t i = 0; i < lx_.lines.size(); ++i) {
      const Line& line = lx_.lines[i];
      if (line.blank()) {
        // A blank line inside a block of comments is kept as "" (collapsed).
        if (!pending.empty()) {
          if (!pending.back().empty()) pending.emplace_back();
        } else if (seen_code) {
          blank = true;
        }
        continue;
      }
      if (!line.has_tokens()) {
        pending.emplace_back(line.comment);
        continue;
      }
      Node node;
      node.line = i;
      node.comments = std::move(pending);
      pending.clear();
      node.blank_before = blank;
      blank = false;
      seen_code = true;
      uint32_t id = static_cast<uint32_t>(nodes_.size());
      uint32_t d = line.indent;
      std::string columns;  // the enclosing columns, for the hint
      for (size_t k = 0; k < stack.size(); ++k) {
        if (k > 0) columns += k + 1 == stack.size() ? " or " : ", ";
        columns += std::to_string(stack[k].first);
      }
      bool popped = false;
      while (!stack.empty() && stack.back().first > d) {
        stack.pop_back();
        popped = true;
      }
      if (!stack.empty() && stack.back().first == d) {
        stack.pop_back();
      } else if (d > 0 && (popped || stack.empty())) {
        ++errors_;
        sink_.Report(DiagId::kBadIndent, SourceLoc{lx_.file, line.number, 1, d},
                     stack.empty() && !popped ? "this line is indented but nothing encloses it"
                                              : "this line's indentation (" + std::to_string(d) +
                                                    " spaces) matches no enclosing line",
                     stack.empty() && !popped ? "top-level statements start in column 1"
                                              : "line it up with an enclosing line (indentation " +
                                                    (columns.empty() ? std::string("0") : columns) +
                                                    "), or indent it deeper than the line above");
      }
      if (stack.empty()) {
        roots.push_back(id);
      } else {
        pending_children_.emplace_back(stack.back().second, id);
      }
      nodes_.push_back(std::move(node));
      stack.emplace_back(d, id);
    }
    for (auto& [parent, child] : pending_children_) nodes_[parent].children.push_back(child);
    while (!pending.empty() && pending.back().empty()) pending.pop_back();
    file.trailing_comments = std::move(pending);
    file.trailing_blank = blank && !file.trailing_comments.empty();
    return roots;
  }

  // ---- token cursor (one line at a time) ----

  void SetLine(uint32_t node) {
    const Line& line = lx_.lines[nodes_[node].line];
    pos_ = line.first;
    end_ = line.end;
    line_ = &line;
  }
  bool AtEnd() const { return pos_ >= end_; }
  const Token* Peek(uint32_t ahead = 0) const {
    return pos_ + ahead < end_ ? &lx_.tokens[pos_ + ahead] : nullptr;
  }
  const Token& Cur() const { return lx_.tokens[pos_]; }
  void Advance() { ++pos_; }
  std::string_view Text(const Token& t) const { return lx_.Text(t); }
  SourceLoc Loc(const Token& t) const { return lx_.Loc(t); }
  bool PeekIdent(std::string_view word) const {
    const Token* t = Peek();
    return t && t->kind == Tok::kIdent && Text(*t) == word;
  }
  // Location just past the last token of the line (for "missing X").
  SourceLoc EndLoc() const {
    if (line_->end > line_->first) {
      const Token& last = lx_.tokens[line_->end - 1];
      return SourceLoc{lx_.file, last.line, last.col + last.length, 1};
    }
    return SourceLoc{lx_.file, line_->number, line_->indent + 1, 1};
  }
  SourceLoc HereLoc() const { return AtEnd() ? EndLoc() : Loc(Cur()); }

  std::string Describe(const Token& t) const {
    switch (t.kind) {
      case Tok::kString:
        return "a string";
      case Tok::kColon:
        return "`:`";
      case Tok::kComma:
        return "`,`";
      case Tok::kAt:
        return "`@`";
      default:
        return "`" + std::string(Text(t)) + "`";
    }
  }

  // Reports that `what` is required here (E0202) or that the token here
  // does not belong (E0203). Quiet on tokens the lexer already reported.
  void Expected(std::string_view what, std::string hint = {}) {
    if (AtEnd()) {
      Report(DiagId::kExpectedToken, EndLoc(), "expected " + std::string(what), std::move(hint));
    } else if (Cur().kind != Tok::kBad) {
      Report(DiagId::kUnexpectedToken, Loc(Cur()),
             "expected " + std::string(what) + ", found " + Describe(Cur()), std::move(hint));
    }
  }

  void Report(DiagId id, SourceLoc loc, std::string message, std::string hint = {}) {
    ++errors_;
    sink_.Report(id, loc, std::move(message), std::move(hint));
  }

  // ---- small pieces ----

  // IDENT | PATH, optionally qualified: IDENT ':' (IDENT | PATH) with no spaces.
  bool ParseName(Name& out, std::string_view what, bool allow_qualified = true) {
    const Token* t = Peek();
    if (!t || (t->kind != Tok::kIdent && t->kind != Tok::kPath)) {
      Expected(what);
      return false;
    }
    out.text = std::string(Text(*t));
    out.loc = Loc(*t);
    Advance();
    const Token* colon = Peek();
    const Token* rest = Peek(1);
    if (allow_qualified && t->kind == Tok::kIdent && colon && colon->kind == Tok::kColon &&
        !colon->space_before && rest && !rest->space_before &&
        (rest->kind == Tok::kIdent || rest->kind == Tok::kPath)) {
      out.text += ':';
      out.text += Text(*rest);
      out.loc.length = rest->offset + rest->length - t->offset;
      Advance();
      Advance();
    }
    return CheckPath(out);
  }

  // Rejects empty path segments (`jj..s1`, `jj.`).
  bool CheckPath(const Name& n) {
    std::string_view s = n.text;
    bool bad =
        s.empty() || s.front() == '.' || s.back() == '.' || s.find("..") != std::string_view::npos;
    if (bad) {
      Report(DiagId::kUnexpectedToken, n.loc, "malformed name `" + n.text + "`",
             "a work path joins ids with single dots: `jj.s1.e8`");
      return false;
    }
    return true;
  }

  bool ParseIdent(Name& out, std::string_view what) {
    const Token* t = Peek();
    if (!t || t->kind != Tok::kIdent) {
      Expected(what);
      return false;
    }
    out.text = std::string(Text(*t));
    out.loc = Loc(*t);
    Advance();
    return true;
  }

  // A continuity-checker rule name: `dead-acts` (a kebab name) or `x`.
  bool ParseRuleName(Name& out, std::string_view what) {
    const Token* t = Peek();
    if (!t || (t->kind != Tok::kIdent && t->kind != Tok::kKebab)) {
      Expected(what, "rules are named by their kebab name, like `dead-acts`");
      return false;
    }
    out.text = std::string(Text(*t));
    out.loc = Loc(*t);
    Advance();
    return true;
  }

  // ENTITY (, ENTITY)*: for `appears` and `cast`.
  bool ParseEntityList(std::vector<Name>& out) {
    while (true) {
      Name n;
      if (!ParseName(n, "an entity")) return false;
      out.push_back(std::move(n));
      if (Peek() && Peek()->kind == Tok::kComma) {
        Advance();
        continue;
      }
      return true;
    }
  }

  bool ParseString(std::string& out, SourceLoc* loc, std::string_view what) {
    const Token* t = Peek();
    if (!t || t->kind != Tok::kString) {
      Expected(what, "strings are written in double quotes: \"...\"");
      return false;
    }
    out = lx_.strings[static_cast<size_t>(t->value)];
    if (loc) *loc = Loc(*t);
    Advance();
    return true;
  }

  bool ParseInteger(Value& out, std::string_view what, int64_t min, int64_t max) {
    const Token* t = Peek();
    if (!t || t->kind != Tok::kInteger) {
      Expected(what);
      return false;
    }
    int64_t v = 0;
    std::string_view text = Text(*t);
    auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    out.kind = Value::Kind::kNumber;
    out.loc = Loc(*t);
    Advance();
    if (r.ec != std::errc() || v < min || v > max) {
      Report(DiagId::kBadNumber, out.loc,
             std::string(what) + " must be between " + std::to_string(min) + " and " +
                 std::to_string(max));
      return false;
    }
    out.number = static_cast<double>(v);
    out.is_integer = true;
    out.text = std::to_string(v);
    return true;
  }

  bool IsEraWord(const Token* t) const {
    if (!t || t->kind != Tok::kIdent || !t->space_before) return false;
    std::string_view w = Text(*t);
    return !ClauseKeywords().count(w) && !IsTimeWord(w);
  }

  // Reads a date at the cursor: INTEGER [ERA] | DATE-TOKEN. The token at the
  // cursor must be an integer or a date token.
  bool ParseDateAt(DateLit& out) {
    const Token& t = Cur();
    std::string_view text = Text(t);
    out.loc = Loc(t);
    Advance();
    if (t.kind == Tok::kInteger) {
      int64_t v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || v < -999999 || v > 999999) {
        Report(DiagId::kBadDate, out.loc, "year `" + std::string(text) + "` is out of range",
               "years lie between -999999 and 999999");
        return false;
      }
      out.year = static_cast<int32_t>(v);
      if (IsEraWord(Peek())) {
        out.era = std::string(Text(Cur()));
        out.era_loc = Loc(Cur());
        Advance();
      }
      return true;
    }
    std::optional<PartialDate> d = ParseIsoDate(text);
    if (!d) {
      Report(DiagId::kBadDate, out.loc, "date `" + std::string(text) + "` does not exist",
             "months run 01-12 and days must exist in their month");
      return false;
    }
    out.year = d->year;
    out.month = d->month;
    out.day = d->day;
    if (IsEraWord(Peek())) {
      out.era = std::string(Text(Cur()));
      out.era_loc = Loc(Cur());
      Advance();
    }
    return true;
  }

  bool ParseDate(DateLit& out, std::string_view what) {
    const Token* t = Peek();
    if (!t || (t->kind != Tok::kInteger && t->kind != Tok::kDate)) {
      Expected(what, "dates are written YYYY, YYYY-MM, YYYY-MM-DD or `YEAR ERA`");
      return false;
    }
    return ParseDateAt(out);
  }

  // A fact object or a triple's third part.
  bool ParseValue(Value& out, std::string_view what) {
    const Token* t = Peek();
    if (!t) {
      Expected(what);
      return false;
    }
    out.loc = Loc(*t);
    switch (t->kind) {
      case Tok::kString:
        out.kind = Value::Kind::kString;
        out.text = lx_.strings[static_cast<size_t>(t->value)];
        Advance();
        return true;
      case Tok::kInteger:
        if (IsEraWord(Peek(1))) {
          out.kind = Value::Kind::kDate;
          return ParseDateAt(*out.date);
        }
        [[fallthrough]];
      case Tok::kDecimal: {
        std::string_view text = Text(*t);
        double v = 0;
        auto r = std::from_chars(text.data(), text.data() + text.size(), v);
        if (r.ec != std::errc()) {
          Report(DiagId::kBadNumber, out.loc, "number `" + std::string(text) + "` is out of range");
          Advance();
          return false;
        }
        out.kind = Value::Kind::kNumber;
        out.number = v;
        out.is_integer = t->kind == Tok::kInteger;
        out.text = NormalizeNumber(text);
        Advance();
        return true;
      }
      case Tok::kDate:
        out.kind = Value::Kind::kDate;
        return ParseDateAt(*out.date);
      case Tok::kIdent:
      case Tok::kPath: {
        Name n;
        if (!ParseName(n, what)) return false;
        out.kind = Value::Kind::kName;
        out.text = std::move(n.text);
        out.loc = n.loc;
        return true;
      }
      default:
        Expected(what);
        return false;
    }
  }

  static std::string NormalizeNumber(std::string_view text) {
    bool negative = !text.empty() && text[0] == '-';
    if (negative) text.remove_prefix(1);
    size_t dot = text.find('.');
    std::string_view whole = text.substr(0, dot);
    std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
    while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
    while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
    std::string out(whole);
    if (!frac.empty()) {
      out += '.';
      out += frac;
    }
    if (negative && out != "0") out = "-" + out;
    return out;
  }

  // POINTS := POINT (, POINT)*; POINT := WORKPATH [@ (SCENE | TIMECODE)]
  bool ParsePoints(std::vector<Point>& out) {
    while (true) {
      Point p;
      if (!ParseName(p.work, "a work path (like `jj.s1e8`)", false)) return false;
      if (Peek() && Peek()->kind == Tok::kAt) {
        Advance();
        const Token* t = Peek();
        if (t && t->kind == Tok::kTimecode) {
          p.position_kind = Point::Position::kSeconds;
          p.position = static_cast<int32_t>(std::min<int64_t>(t->value, 1 << 30));
          p.position_loc = Loc(*t);
          Advance();
        } else if (t && t->kind == Tok::kInteger) {
          Value v;
          if (!ParseInteger(v, "a scene number", 1, 100000)) return false;
          p.position_kind = Point::Position::kScene;
          p.position = static_cast<int32_t>(v.number);
          p.position_loc = v.loc;
        } else {
          Expected("a scene number or a timecode after `@`",
                   "like `got.s1e1@41:10` or `got.s1e1@3`");
          return false;
        }
      }
      out.push_back(std::move(p));
      if (Peek() && Peek()->kind == Tok::kComma) {
        Advance();
        continue;
      }
      return true;
    }
  }

  void TimeError(const std::string& message) {
    if (!AtEnd() && Cur().kind == Tok::kBad) return;
    Report(DiagId::kBadTimeExpr, HereLoc(), message,
           "a story time is DATE, before X, after X, during WORK, at X, or "
           "`N years after X`, joined by `and`");
  }

  bool ParseAnchor(TimeTerm& term) {
    const Token* t = Peek();
    if (t && (t->kind == Tok::kInteger || t->kind == Tok::kDate)) {
      term.anchor_is_date = true;
      return ParseDateAt(*term.date);
    }
    if (t && (t->kind == Tok::kIdent || t->kind == Tok::kPath)) {
      return ParseName(term.anchor, "an anchor");
    }
    TimeError(AtEnd() ? "expected an event, fact label, work or date here"
                      : "expected an event, fact label, work or date, found " + Describe(*t));
    return false;
  }

  bool ParseTerm(TimeTerm& term) {
    const Token* t = Peek();
    if (!t) {
      TimeError("expected a story time");
      return false;
    }
    term.loc = Loc(*t);
    if (t->kind == Tok::kIdent) {
      std::string_view w = Text(*t);
      if (w == "before" || w == "after" || w == "at") {
        term.kind = w == "before"  ? TimeTerm::Kind::kBefore
                    : w == "after" ? TimeTerm::Kind::kAfter
                                   : TimeTerm::Kind::kAt;
        Advance();
        return ParseAnchor(term);
      }
      if (w == "during") {
        term.kind = TimeTerm::Kind::kDuring;
        Advance();
        const Token* n = Peek();
        if (!n || (n->kind != Tok::kIdent && n->kind != Tok::kPath)) {
          TimeError("`during` takes a work path");
          return false;
        }
        return ParseName(term.anchor, "a work path", false);
      }
      if (w == "and" || ClauseKeywords().count(w)) {
        TimeError("expected a story time, found `" + std::string(w) + "`");
        return false;
      }
      term.kind = TimeTerm::Kind::kBare;
      return ParseName(term.anchor, "an anchor");
    }
    if (t->kind == Tok::kPath) {
      term.kind = TimeTerm::Kind::kBare;
      return ParseName(term.anchor, "an anchor");
    }
    if (t->kind == Tok::kInteger) {
      const Token* unit = Peek(1);
      std::string_view u = unit && unit->kind == Tok::kIdent ? Text(*unit) : "";
      bool is_unit =
          u == "day" || u == "days" || u == "month" || u == "months" || u == "year" || u == "years";
      if (is_unit) {
        Value amount;
        if (!ParseInteger(amount, "an amount", 0, 1000000)) return false;
        term.kind = TimeTerm::Kind::kOffset;
        term.amount = static_cast<int32_t>(amount.number);
        term.unit_text = std::string(u);
        term.unit = u[0] == 'd'   ? TimeTerm::Unit::kDays
                    : u[0] == 'm' ? TimeTerm::Unit::kMonths
                                  : TimeTerm::Unit::kYears;
        Advance();
        if (PeekIdent("before") || PeekIdent("after")) {
          term.offset_before = PeekIdent("before");
          Advance();
          return ParseAnchor(term);
        }
        TimeError("expected `before` or `after` after `" + std::to_string(term.amount) + " " +
                  std::string(u) + "`");
        return false;
      }
      if (unit && unit->kind == Tok::kIdent &&
          (u == "week" || u == "weeks" || u == "hour" || u == "hours" || u == "minutes")) {
        Advance();
        TimeError("unknown time unit `" + std::string(u) + "`; use days, months or years");
        return false;
      }
      term.kind = TimeTerm::Kind::kDate;
      return ParseDateAt(*term.date);
    }
    if (t->kind == Tok::kDate) {
      term.kind = TimeTerm::Kind::kDate;
      return ParseDateAt(*term.date);
    }
    TimeError("expected a story time, found " + Describe(*t));
    return false;
  }

  bool ParseTime(TimeExpr& out) {
    out.loc = HereLoc();
    while (true) {
      TimeTerm term;
      if (!ParseTerm(term)) return false;
      out.terms.push_back(std::move(term));
      if (PeekIdent("and")) {
        Advance();
        continue;
      }
      return true;
    }
  }

  bool ParseTriple(Triple& out) {
    if (!ParseName(out.subject, "a subject")) return false;
    if (!ParseIdent(out.predicate, "a predicate")) return false;
    return ParseValue(out.object, "an object");
  }

  // ---- clauses ----

  static bool Allowed(StmtKind s, ClauseKind c) {
    for (ClauseKind k : ClausesOf(s)) {
      if (k == c) return true;
    }
    return false;
  }

  bool AtAllowedClause(StmtKind s) const {
    const Token* t = Peek();
    if (!t || t->kind != Tok::kIdent) return false;
    auto it = ClauseKeywords().find(Text(*t));
    return it != ClauseKeywords().end() && Allowed(s, it->second);
  }

  void SkipToClause(StmtKind s) {
    while (!AtEnd() && !AtAllowedClause(s)) Advance();
  }

  std::vector<std::string> ClauseNames(StmtKind s) const {
    std::vector<std::string> out;
    for (ClauseKind k : ClausesOf(s)) out.emplace_back(ClauseKeyword(k));
    return out;
  }

  void ReportUnknownClause(StmtKind s, const Token& t) {
    if (t.kind == Tok::kBad) return;
    std::string stmt =
        s == StmtKind::kNestedFact ? "a fact" : "`" + std::string(StmtKeyword(s)) + "`";
    if (t.kind != Tok::kIdent) {
      Report(DiagId::kUnexpectedToken, Loc(t), "expected a clause keyword, found " + Describe(t),
             ClausesOf(s).empty() ? stmt + " takes no clauses"
                                  : stmt + " takes: " + Join(ClauseNames(s), ", "));
      return;
    }
    std::string word(Text(t));
    std::string hint = DidYouMeanHint(word, ClauseNames(s));
    if (s == StmtKind::kEvent && (word == "from")) {
      hint = "`from` belongs to a `known_by`: write it on the same line, after the entity";
    }
    if (s == StmtKind::kCast && (word == "story" || word == "allow")) {
      hint =
          "`cast` takes no clauses; for a placed or exempted appearance write `appears "
          "ENTITY in WORK " +
          word + " ...` at the top level";
    }
    if (hint.empty()) {
      hint = ClausesOf(s).empty() ? stmt + " takes no clauses"
                                  : stmt + " takes: " + Join(ClauseNames(s), ", ");
    }
    if (ClauseKeywords().count(word)) {
      Report(DiagId::kUnknownClause, Loc(t), stmt + " does not take `" + word + "`", hint);
    } else {
      Report(DiagId::kUnknownClause, Loc(t), "unknown clause `" + word + "` in " + stmt, hint);
    }
  }

  static bool SameFamily(ClauseKind a, ClauseKind b) {
    auto fam = [](ClauseKind k) {
      if (k == ClauseKind::kDirected) return ClauseKind::kSymmetric;
      if (k == ClauseKind::kBackward) return ClauseKind::kForward;
      return k;
    };
    return fam(a) == fam(b);
  }

  bool ParseClauseArgs(Statement& s, Clause& c) {
    switch (c.kind) {
      case ClauseKind::kIn:
        return ParseIdent(c.name, "a continuity id");
      case ClauseKind::kEpoch: {
        const Token* t = Peek();
        if (!t || t->kind != Tok::kInteger) {
          Expected("an epoch year");
          return false;
        }
        return ParseInteger(*c.number, "an epoch year", -999999, 999999);
      }
      case ClauseKind::kForward:
      case ClauseKind::kBackward:
      case ClauseKind::kSymmetric:
      case ClauseKind::kDirected:
      case ClauseKind::kExclusive:
      case ClauseKind::kFlashback:
        return true;
      case ClauseKind::kInverse:
        return ParseIdent(c.name, "the inverse predicate's name");
      case ClauseKind::kKind:
        return ParseIdent(c.name, "an event kind");
      case ClauseKind::kObject: {
        const Token* t = Peek();
        std::string_view w = t && t->kind == Tok::kIdent ? Text(*t) : "";
        if (w == "entity")
          c.object_type = ObjectType::kEntity;
        else if (w == "string")
          c.object_type = ObjectType::kString;
        else if (w == "number")
          c.object_type = ObjectType::kNumber;
        else if (w == "date")
          c.object_type = ObjectType::kDate;
        else if (w == "one") {
          Advance();
          if (!PeekIdent("of")) {
            Expected("`of` (as in `object one of alive dead`)");
            return false;
          }
          c.object_type = ObjectType::kKeyword;
          Advance();
          while (Peek() && Peek()->kind == Tok::kIdent && !AtAllowedClause(s.kind)) {
            Name n;
            ParseIdent(n, "a keyword");
            c.keywords->push_back(std::move(n));
          }
          if (c.keywords->empty()) {
            Expected("at least one keyword after `one of`");
            return false;
          }
          return true;
        } else {
          Expected("an object type: entity, string, number, date or `one of KEYWORD...`");
          return false;
        }
        Advance();
        return true;
      }
      case ClauseKind::kPhrase:
      case ClauseKind::kSource:
        return ParseString(c.text, nullptr, "a string");
      case ClauseKind::kReleased:
        return ParseDate(*c.date, "a release date");
      case ClauseKind::kEpisodes:
      case ClauseKind::kIssues:
      case ClauseKind::kChapters:
        return ParseInteger(*c.number, "a count", 1, kMaxGeneratedChildren);
      case ClauseKind::kRuntime:
        return ParseInteger(*c.number, "a runtime in minutes", 0, 1000000);
      case ClauseKind::kIntroduced:
      case ClauseKind::kRevealed:
      case ClauseKind::kOverturned:
        return ParsePoints(c.points);
      case ClauseKind::kRole:
        if (!ParseIdent(c.name, "a role name (like `witness`)")) return false;
        return ParseName(*c.name2, "an entity");
      case ClauseKind::kStory:
      case ClauseKind::kFrom:
      case ClauseKind::kUntil:
        return ParseTime(c.time);
      case ClauseKind::kKnownBy: {
        if (!ParseName(c.name, "an entity")) return false;
        // `from` and `revealed` right after it, on the same line, are its own.
        while (PeekIdent("from") || PeekIdent("revealed")) {
          Clause sub;
          sub.kind = PeekIdent("from") ? ClauseKind::kFrom : ClauseKind::kRevealed;
          bool dup = false;
          for (const Clause& o : *c.sub) dup |= o.kind == sub.kind;
          if (dup) break;  // a second `revealed` belongs to the event
          sub.loc = Loc(Cur());
          Advance();
          bool ok = sub.kind == ClauseKind::kFrom ? ParseTime(sub.time) : ParsePoints(sub.points);
          if (!ok) return false;
          c.sub->push_back(std::move(sub));
        }
        // Canonical order: from before revealed.
        if (c.sub->size() == 2 && (*c.sub)[0].kind == ClauseKind::kRevealed) {
          std::swap((*c.sub)[0], (*c.sub)[1]);
        }
        return true;
      }
      case ClauseKind::kUnaware:
        return ParseName(c.name, "an entity");
      case ClauseKind::kEnds: {
        // `ends LABEL` or `ends SUBJECT PREDICATE OBJECT`.
        Name first;
        if (!ParseName(first, "a fact label or a subject")) return false;
        const Token* t = Peek();
        if (!t || t->kind != Tok::kIdent || AtAllowedClause(s.kind)) {
          c.name = std::move(first);
          return true;
        }
        c.triple->subject = std::move(first);
        if (!ParseIdent(c.triple->predicate, "a predicate")) return false;
        return ParseValue(c.triple->object, "an object");
      }
      case ClauseKind::kStarts:
      case ClauseKind::kSets:
        return ParseTriple(*c.triple);
      case ClauseKind::kAllow: {
        if (!ParseRuleName(c.name, "a rule name (like `dead-acts`)")) return false;
        const Token* t = Peek();
        if (!t || t->kind != Tok::kString) {
          if (t && t->kind == Tok::kBad) return false;
          Report(DiagId::kMissingAllowReason, t ? Loc(*t) : EndLoc(),
                 "`allow " + c.name.text + "` needs a reason",
                 "write `allow " + c.name.text +
                     " \"WHY\"`: the reason is recorded with the "
                     "exemption");
          return false;
        }
        SourceLoc reason_loc;
        ParseString(c.text, &reason_loc, "a reason");
        if (c.text.find_first_not_of(" \t\n") == std::string::npos) {
          Report(DiagId::kMissingAllowReason, reason_loc,
                 "the reason for `allow " + c.name.text + "` is empty",
                 "say why the rule does not apply here");
          return false;
        }
        return true;
      }
      case ClauseKind::kUses:
        if (!ParseName(c.name, "an event id or a fact label")) return false;
        if (PeekIdent("by")) {
          Advance();
          if (!ParseName(*c.name2, "an entity after `by`")) return false;
        }
        return true;
      default:
        return false;
    }
  }

  // Parses the clauses from the cursor to the end of the line into `s`.
  void ParseClauses(Statement& s, std::vector<std::string>* leading, std::string_view trailing) {
    size_t first = s.clauses.size();
    while (!AtEnd()) {
      const Token& t = Cur();
      std::optional<ClauseKind> kind;
      if (t.kind == Tok::kIdent) {
        auto it = ClauseKeywords().find(Text(t));
        if (it != ClauseKeywords().end() && Allowed(s.kind, it->second)) kind = it->second;
      }
      if (!kind) {
        s.clause_errors = true;
        ReportUnknownClause(s.kind, t);
        Advance();
        SkipToClause(s.kind);
        continue;
      }
      Clause c;
      c.kind = *kind;
      c.loc = Loc(t);
      Advance();
      bool dup = false;
      if (!ClauseRepeatable(*kind)) {
        for (const Clause& o : s.clauses) {
          if (SameFamily(o.kind, *kind)) {
            dup = true;
            std::string what =
                o.kind == *kind ? "`" + std::string(ClauseKeyword(*kind)) + "` is given twice"
                                : "`" + std::string(ClauseKeyword(o.kind)) + "` and `" +
                                      std::string(ClauseKeyword(*kind)) + "` cannot both be given";
            Report(DiagId::kDuplicateClause, c.loc, what,
                   "keep one (the first is at line " + std::to_string(o.loc.line) + ", column " +
                       std::to_string(o.loc.col) + ")");
            break;
          }
        }
      }
      if (!ParseClauseArgs(s, c)) {
        s.clause_errors = true;
        SkipToClause(s.kind);
        continue;
      }
      if (!dup) {
        // A Clause is large (~800 B): most statements have 1-3 clauses, so
        // reserve 3 up front instead of growing 1 -> 2 -> 4 (moving them).
        if (s.clauses.capacity() == 0) s.clauses.reserve(3);
        s.clauses.push_back(std::move(c));
      }
    }
    if (s.clauses.size() > first) {
      if (leading && !leading->empty()) *s.clauses[first].leading_comments = std::move(*leading);
      if (!trailing.empty()) *s.clauses.back().trailing_comment = std::string(trailing);
    }
  }

  // ---- statements ----

  // What a line under `parent` is: a continuation line (nullopt, is_clause
  // true), a nested statement kind, or an error (nullopt, reported).
  std::optional<StmtKind> ClassifyChild(const Statement& parent, uint32_t node, bool& is_clause) {
    is_clause = false;
    SetLine(node);
    const Token& t = Cur();
    if (t.kind == Tok::kIdent) {
      std::string_view w = Text(t);
      auto ck = ClauseKeywords().find(w);
      if (ck != ClauseKeywords().end() && Allowed(parent.kind, ck->second)) {
        is_clause = true;
        return std::nullopt;
      }
      auto sk = StmtKeywords().find(w);
      // The keywords added with appearances and lint settings stay usable
      // as predicate names in entity blocks (they were before).
      if (sk != StmtKeywords().end() && IsEntityStmt(parent.kind) &&
          (sk->second == StmtKind::kAppears || sk->second == StmtKind::kCast ||
           sk->second == StmtKind::kLint)) {
        return StmtKind::kNestedFact;
      }
      if (sk != StmtKeywords().end()) {
        if (MayNest(parent.kind, sk->second)) return sk->second;
        if (IsEntityStmt(parent.kind) && sk->second == StmtKind::kFact) {
          Report(DiagId::kMisplacedStatement, Loc(t), "`fact` cannot be nested in an entity",
                 std::string(ParentHint(StmtKind::kFact)));
          return std::nullopt;
        }
        std::string where = parent.kind == StmtKind::kNestedFact
                                ? "a fact"
                                : "`" + std::string(StmtKeyword(parent.kind)) + "`";
        Report(DiagId::kMisplacedStatement, Loc(t),
               "`" + std::string(w) + "` cannot be nested in " + where,
               std::string(IsTopLevel(sk->second) ? ParentHint(StmtKind::kUniverse)
                                                  : ParentHint(sk->second)));
        return std::nullopt;
      }
      if (IsEntityStmt(parent.kind)) return StmtKind::kNestedFact;
    }
    if (t.kind == Tok::kBad) return std::nullopt;
    std::vector<std::string> names = ClauseNames(parent.kind);
    for (int k = 0; k < static_cast<int>(StmtKind::kCount_); ++k) {
      if (MayNest(parent.kind, static_cast<StmtKind>(k)) &&
          static_cast<StmtKind>(k) != StmtKind::kNestedFact) {
        names.emplace_back(StmtKeyword(static_cast<StmtKind>(k)));
      }
    }
    std::string where = parent.kind == StmtKind::kNestedFact
                            ? "a fact"
                            : "`" + std::string(StmtKeyword(parent.kind)) + "`";
    if (t.kind != Tok::kIdent) {
      Report(DiagId::kUnexpectedToken, Loc(t), "expected a clause keyword, found " + Describe(t),
             names.empty() ? where + " takes no clauses" : where + " takes: " + Join(names, ", "));
      return std::nullopt;
    }
    std::string hint = DidYouMeanHint(Text(t), names);
    if (hint.empty()) {
      hint = names.empty() ? where + " takes no clauses or nested lines"
                           : where + " takes: " + Join(names, ", ");
    }
    Report(DiagId::kUnknownClause, Loc(t),
           "unknown clause `" + std::string(Text(t)) + "` in " + where, hint);
    return std::nullopt;
  }

  // Parses the statement on `node` (and the lines under it). Returns false
  // when the header is unreadable: the statement and its lines are dropped.
  bool ParseStatementAt(uint32_t node, const Statement* parent, Statement& s) {
    SetLine(node);
    Node& n = nodes_[node];
    const Token& first = Cur();
    if (parent == nullptr) {
      if (first.kind != Tok::kIdent) {
        if (first.kind != Tok::kBad) {
          Report(DiagId::kUnknownStatement, Loc(first),
                 "expected a statement keyword, found " + Describe(first),
                 "statements start with a keyword such as `character`, `fact` or `event`");
        }
        return false;
      }
      auto it = StmtKeywords().find(Text(first));
      if (it == StmtKeywords().end()) {
        static const std::vector<std::string> kNames = [] {
          std::vector<std::string> v;
          for (auto& [w, k] : StmtKeywords()) {
            if (IsTopLevel(k)) v.emplace_back(w);
          }
          std::sort(v.begin(), v.end());
          return v;
        }();
        std::string hint = DidYouMeanHint(Text(first), kNames);
        if (hint.empty()) hint = "a statement starts with one of: " + Join(kNames, ", ");
        Report(DiagId::kUnknownStatement, Loc(first),
               "unknown statement `" + std::string(Text(first)) + "`", hint);
        return false;
      }
      if (!IsTopLevel(it->second)) {
        Report(DiagId::kMisplacedStatement, Loc(first),
               "`" + std::string(Text(first)) + "` cannot stand at the top level",
               std::string(ParentHint(it->second)));
        return false;
      }
      s.kind = it->second;
    }
    // (For nested statements the caller has set s.kind.)
    s.loc = Loc(first);
    if (!n.comments.empty()) *s.leading_comments = std::move(n.comments);
    s.blank_before = n.blank_before;
    if (!line_->comment.empty()) *s.trailing_comment = std::string(line_->comment);
    if (!ParseHeader(s)) return false;
    // The header line's comment stays the statement's (not its last clause's).
    ParseClauses(s, nullptr, "");
    ParseChildren(s, node);
    return true;
  }

  void ParseChildren(Statement& s, uint32_t node) {
    // Work list of child nodes in source order; continuation lines push
    // their own children in front so they are read next (flattening).
    std::vector<uint32_t> work(nodes_[node].children.rbegin(), nodes_[node].children.rend());
    while (!work.empty()) {
      uint32_t child = work.back();
      work.pop_back();
      bool is_clause = false;
      std::optional<StmtKind> kind = ClassifyChild(s, child, is_clause);
      if (is_clause) {
        SetLine(child);
        ParseClauses(s, &nodes_[child].comments, line_->comment);
        const auto& grand = nodes_[child].children;
        for (auto it = grand.rbegin(); it != grand.rend(); ++it) work.push_back(*it);
        continue;
      }
      if (!kind) continue;  // reported; its lines are skipped
      Statement c;
      c.kind = *kind;
      if (ParseStatementAt(child, &s, c)) s.children.push_back(std::move(c));
    }
  }

  bool ParseHeader(Statement& s) {
    if (s.kind != StmtKind::kNestedFact) Advance();  // the keyword
    switch (s.kind) {
      case StmtKind::kUniverse:
        s.has_title = ParseString(s.title, &s.title_loc, "the universe's title");
        return s.has_title;
      case StmtKind::kContinuity:
      case StmtKind::kEra:
      case StmtKind::kPredicate:
        if (!ParseIdent(s.id, s.kind == StmtKind::kPredicate ? "a predicate name" : "an id")) {
          return false;
        }
        if (s.kind == StmtKind::kContinuity) OptionalTitle(s);
        return true;
      case StmtKind::kUse:
        return ParseIdent(s.id, "a continuity id");
      case StmtKind::kCharacter:
      case StmtKind::kPerson:
      case StmtKind::kGroup:
      case StmtKind::kPlace:
      case StmtKind::kObject:
        if (!ParseIdent(s.id, "an id")) return false;
        OptionalTitle(s);
        return true;
      case StmtKind::kFact: {
        Name first;
        if (!ParseName(first, "a subject (or `LABEL:`)")) return false;
        if (Peek() && Peek()->kind == Tok::kColon) {
          if (first.text.find_first_of(".:") != std::string::npos) {
            Report(DiagId::kUnexpectedToken, first.loc,
                   "a fact label is a plain identifier, not `" + first.text + "`");
            return false;
          }
          s.id = std::move(first);
          Advance();
          if (!ParseName(s.subject, "a subject")) return false;
        } else {
          s.subject = std::move(first);
        }
        if (!ParseIdent(s.predicate, "a predicate")) return false;
        return ParseValue(s.object, "an object");
      }
      case StmtKind::kNestedFact: {
        if (Peek(1) && Peek(1)->kind == Tok::kColon) {
          if (!ParseIdent(s.id, "a label")) return false;
          Advance();
        }
        if (!ParseIdent(s.predicate, "a predicate")) return false;
        s.loc = s.predicate.loc;
        return ParseValue(s.object, "an object");
      }
      case StmtKind::kCounterpart:
        if (!ParseName(s.subject, "an entity")) return false;
        if (Peek() && (Peek()->kind == Tok::kIdent || Peek()->kind == Tok::kPath)) {
          if (!ParseName(s.target, "an entity")) return false;
        }
        return true;
      case StmtKind::kEvent:
        if (!ParseIdent(s.id, "an event id")) return false;
        OptionalTitle(s);
        if (Peek() && Peek()->kind == Tok::kColon) {
          Advance();
          s.has_headline = true;
          if (!ParseName(s.subject, "the subject of the headline")) return false;
          if (!ParseIdent(s.predicate, "a verb (like `kills`, `meets`, `dies`)")) return false;
          const Token* t = Peek();
          if (t && (t->kind == Tok::kIdent || t->kind == Tok::kPath) &&
              !AtAllowedClause(StmtKind::kEvent)) {
            Name obj;
            if (!ParseName(obj, "an object")) return false;
            s.object.kind = Value::Kind::kName;
            s.object.text = std::move(obj.text);
            s.object.loc = obj.loc;
          }
        }
        return true;
      case StmtKind::kLearns:
        if (!ParseName(s.subject, "who learns")) return false;
        return ParseName(s.target, "an event id or a fact label");
      case StmtKind::kAppears: {
        if (!ParseEntityList(s.entities)) return false;
        if (!PeekIdent("in")) {
          Expected("`in POINT` (where they appear)",
                   "write `appears " + s.entities[0].text + " in WORK`, like `in got.s1e1`");
          return false;
        }
        Advance();
        std::vector<Point> points;
        if (!ParsePoints(points)) return false;
        if (points.size() > 1) {
          Report(DiagId::kUnexpectedToken, points[1].work.loc, "an `appears` line names one point",
                 "write one `appears` line per work, or a `cast` line in each work");
          return false;
        }
        s.point = std::move(points[0]);
        return true;
      }
      case StmtKind::kCast:
        return ParseEntityList(s.entities);
      case StmtKind::kLint:
        if (!ParseRuleName(s.id, "a rule name (like `dead-acts`)")) return false;
        if (!ParseIdent(*s.severity, "a severity: error, warning, info or off")) return false;
        return true;
      default:
        if (IsWorkStmt(s.kind)) {
          const Token* t = Peek();
          bool child = !IsTopLevel(s.kind);
          if (t && child && t->kind == Tok::kInteger && Text(*t)[0] != '-') {
            s.id.text = std::string(Text(*t));
            s.id.loc = Loc(*t);
            Advance();
          } else if (!ParseIdent(s.id, child ? "an id (like `e1` or `14`)" : "an id")) {
            return false;
          }
          OptionalTitle(s);
          return true;
        }
        return false;
    }
  }

  void OptionalTitle(Statement& s) {
    if (Peek() && Peek()->kind == Tok::kString) {
      s.has_title = ParseString(s.title, &s.title_loc, "a title");
    }
  }

  const LexedFile& lx_;
  DiagnosticSink& sink_;
  std::vector<Node> nodes_;
  std::vector<std::pair<uint32_t, uint32_t>> pending_children_;
  uint32_t pos_ = 0;
  uint32_t end_ = 0;
  const Line* line_ = nullptr;
  size_t errors_ = 0;
};

}  // namespace

ast::File Parse(const LexedFile& lexed, DiagnosticSink& sink) { return Parser(lexed, sink).Run(); }

ast::File ParseSource(const SourceManager& sources, uint32_t file, DiagnosticSink& sink) {
  LexedFile lexed = Lex(sources, file, sink);
  return Parse(lexed, sink);
}

}  // namespace canon::lang
