// The canonical printer (see printer.h).
#include "lang/printer.h"

#include <algorithm>
#include <cstdio>

#include "base/strings.h"
#include "model/dates.h"

namespace canon::lang {
namespace {

using namespace ast;
using ast::Value;

int ClauseRank(StmtKind s, ClauseKind c) {
  // Effects apply in the order written (an `ends` may end what a `starts`
  // just began): starts, ends and sets share one rank so fmt keeps it.
  if (c == ClauseKind::kEnds || c == ClauseKind::kSets) c = ClauseKind::kStarts;
  const auto& order = ClausesOf(s);
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] == c) return static_cast<int>(i);
  }
  return static_cast<int>(order.size());
}

std::string ClauseText(const Clause& c) {
  std::string out(ClauseKeyword(c.kind));
  auto arg = [&out](const std::string& s) {
    out += ' ';
    out += s;
  };
  switch (c.kind) {
    case ClauseKind::kIn:
    case ClauseKind::kInverse:
    case ClauseKind::kKind:
    case ClauseKind::kUnaware:
      arg(c.name.text);
      break;
    case ClauseKind::kEpoch:
    case ClauseKind::kEpisodes:
    case ClauseKind::kIssues:
    case ClauseKind::kChapters:
    case ClauseKind::kRuntime:
      arg(c.number->text);
      break;
    case ClauseKind::kObject:
      switch (c.object_type) {
        case ObjectType::kEntity:
          arg("entity");
          break;
        case ObjectType::kString:
          arg("string");
          break;
        case ObjectType::kNumber:
          arg("number");
          break;
        case ObjectType::kDate:
          arg("date");
          break;
        case ObjectType::kKeyword:
          arg("one of");
          for (const Name& k : *c.keywords) arg(k.text);
          break;
      }
      break;
    case ClauseKind::kPhrase:
    case ClauseKind::kSource:
      arg(QuoteString(c.text));
      break;
    case ClauseKind::kReleased:
      arg(PrintDate(*c.date));
      break;
    case ClauseKind::kIntroduced:
    case ClauseKind::kRevealed:
    case ClauseKind::kOverturned:
      arg(PrintPoints(c.points));
      break;
    case ClauseKind::kRole:
      arg(c.name.text);
      arg(c.name2->text);
      break;
    case ClauseKind::kStory:
    case ClauseKind::kFrom:
    case ClauseKind::kUntil:
      arg(PrintTime(c.time));
      break;
    case ClauseKind::kKnownBy:
      arg(c.name.text);
      for (const Clause& s : *c.sub) arg(ClauseText(s));
      break;
    case ClauseKind::kStarts:
    case ClauseKind::kEnds:
    case ClauseKind::kSets:
      if (c.kind == ClauseKind::kEnds && c.triple->subject.empty()) {
        arg(c.name.text);
        break;
      }
      arg(c.triple->subject.text);
      arg(c.triple->predicate.text);
      arg(PrintValue(c.triple->object));
      break;
    case ClauseKind::kAllow:
      arg(c.name.text);
      arg(QuoteString(c.text));
      break;
    case ClauseKind::kUses:
      arg(c.name.text);
      if (!c.name2->empty()) {
        arg("by");
        arg(c.name2->text);
      }
      break;
    default:
      break;
  }
  return out;
}

std::string EntityList(const std::vector<Name>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i].text;
  }
  return out;
}

std::string HeaderText(const Statement& s) {
  std::string out;
  auto add = [&out](std::string_view piece) {
    if (!out.empty()) out += ' ';
    out += piece;
  };
  auto title = [&] {
    if (s.has_title) add(QuoteString(s.title));
  };
  switch (s.kind) {
    case StmtKind::kUniverse:
      add("universe");
      add(QuoteString(s.title));
      break;
    case StmtKind::kFact:
      add("fact");
      if (!s.id.empty()) add(s.id.text + ":");
      add(s.subject.text);
      add(s.predicate.text);
      add(PrintValue(s.object));
      break;
    case StmtKind::kNestedFact:
      if (!s.id.empty()) add(s.id.text + ":");
      add(s.predicate.text);
      add(PrintValue(s.object));
      break;
    case StmtKind::kCounterpart:
      add("counterpart");
      add(s.subject.text);
      if (!s.target.empty()) add(s.target.text);
      break;
    case StmtKind::kEvent:
      add("event");
      add(s.id.text);
      title();
      if (s.has_headline) {
        out += ':';
        add(s.subject.text);
        add(s.predicate.text);
        if (s.object.kind != Value::Kind::kNone) add(PrintValue(s.object));
      }
      break;
    case StmtKind::kLearns:
      add("learns");
      add(s.subject.text);
      add(s.target.text);
      break;
    case StmtKind::kAppears:
      add("appears");
      add(EntityList(s.entities));
      add("in");
      add(PrintPoints({*s.point}));
      break;
    case StmtKind::kCast:
      add("cast");
      add(EntityList(s.entities));
      break;
    case StmtKind::kLint:
      add("lint");
      add(s.id.text);
      add(s.severity->text);
      break;
    default:
      add(StmtKeyword(s.kind));
      add(s.id.text);
      title();
      break;
  }
  return out;
}

// Display width in code points (UTF-8 continuation bytes do not count).
size_t Width(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

void AppendComment(std::string& line, const std::string& comment) {
  if (comment.empty()) return;
  line += ' ';
  line += comment;
}

class Printer {
 public:
  std::string Run(const File& f) {
    bool first = true;
    for (const Statement& s : f.statements) {
      PrintStatement(s, 0, first);
      first = false;
    }
    if (!f.trailing_comments.empty()) {
      if (f.trailing_blank && !first) out_ += '\n';
      for (const std::string& c : f.trailing_comments) out_ += c + "\n";
    }
    return std::move(out_);
  }

 private:
  void Line(size_t indent, const std::string& text) {
    if (!text.empty()) out_.append(indent, ' ');
    out_ += text;
    out_ += '\n';
  }

  void PrintStatement(const Statement& s, size_t indent, bool first) {
    if (s.blank_before && !first) out_ += '\n';
    for (const std::string& c : *s.leading_comments) Line(indent, c);
    std::vector<const Clause*> clauses;
    for (const Clause& c : s.clauses) clauses.push_back(&c);
    std::stable_sort(clauses.begin(), clauses.end(), [&](const Clause* a, const Clause* b) {
      return ClauseRank(s.kind, a->kind) < ClauseRank(s.kind, b->kind);
    });
    std::string header = HeaderText(s);
    bool commented = false;
    std::string single = header;
    for (const Clause* c : clauses) {
      commented |= !c->leading_comments->empty() || !c->trailing_comment->empty();
      single += ' ';
      single += ClauseText(*c);
    }
    if (!commented && indent + Width(single) <= kMaxLineWidth) {
      AppendComment(single, *s.trailing_comment);
      Line(indent, single);
    } else {
      AppendComment(header, *s.trailing_comment);
      Line(indent, header);
      for (const Clause* c : clauses) {
        for (const std::string& lc : *c->leading_comments) Line(indent + 2, lc);
        std::string text = ClauseText(*c);
        AppendComment(text, *c->trailing_comment);
        Line(indent + 2, text);
      }
    }
    for (const Statement& child : s.children) PrintStatement(child, indent + 2, false);
  }

  std::string out_;
};

}  // namespace

std::string PrintTimecode(int64_t seconds) {
  char buf[48];
  int64_t h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(m),
                  static_cast<long long>(s));
  }
  return buf;
}

std::string PrintDate(const DateLit& d) { return FormatDateText(d.year, d.month, d.day, d.era); }

std::string PrintValue(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kName:
      return v.text;
    case Value::Kind::kString:
      return QuoteString(v.text);
    case Value::Kind::kNumber:
      return v.text;
    case Value::Kind::kDate:
      return PrintDate(*v.date);
    case Value::Kind::kNone:
      break;
  }
  return "";
}

std::string PrintPoints(const std::vector<Point>& points) {
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    if (i > 0) out += ", ";
    const Point& p = points[i];
    out += p.work.text;
    if (p.position_kind == Point::Position::kScene) {
      out += "@" + std::to_string(p.position);
    } else if (p.position_kind == Point::Position::kSeconds) {
      out += "@" + PrintTimecode(p.position);
    }
  }
  return out;
}

std::string PrintTime(const TimeExpr& t) {
  std::string out;
  for (size_t i = 0; i < t.terms.size(); ++i) {
    if (i > 0) out += " and ";
    const TimeTerm& term = t.terms[i];
    std::string anchor = term.anchor_is_date ? PrintDate(*term.date) : term.anchor.text;
    switch (term.kind) {
      case TimeTerm::Kind::kDate:
        out += PrintDate(*term.date);
        break;
      case TimeTerm::Kind::kBefore:
        out += "before " + anchor;
        break;
      case TimeTerm::Kind::kAfter:
        out += "after " + anchor;
        break;
      case TimeTerm::Kind::kDuring:
        out += "during " + anchor;
        break;
      case TimeTerm::Kind::kAt:
        out += "at " + anchor;
        break;
      case TimeTerm::Kind::kBare:
        out += anchor;
        break;
      case TimeTerm::Kind::kOffset: {
        const char* unit = term.unit == TimeTerm::Unit::kDays     ? "day"
                           : term.unit == TimeTerm::Unit::kMonths ? "month"
                                                                  : "year";
        out += std::to_string(term.amount) + " " + unit + (term.amount == 1 ? "" : "s") +
               (term.offset_before ? " before " : " after ") + anchor;
        break;
      }
    }
  }
  return out;
}

std::string Print(const File& file) { return Printer().Run(file); }

}  // namespace canon::lang
