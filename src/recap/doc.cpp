// Markdown and HTML renderings of story documents (see doc.h).
#include "recap/doc.h"

#include <algorithm>

#include "query/format.h"

namespace canon {
namespace {

// Numbers citations in order of first use.
class SourceList {
 public:
  explicit SourceList(const Universe& u) : u_(u) {}
  std::vector<size_t> Numbers(const std::vector<RevealPoint>& ps) {
    std::vector<size_t> out;
    for (const RevealPoint& p : ps) {
      auto it = std::find(points_.begin(), points_.end(), p);
      size_t n = static_cast<size_t>(it - points_.begin()) + 1;
      if (it == points_.end()) points_.push_back(p);
      if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // NOLINTNEXTLINE(readability-identifier-naming): accessor, named like a variable
  const std::vector<RevealPoint>& points() const { return points_; }

 private:
  const Universe& u_;
  std::vector<RevealPoint> points_;
};

std::string EscapeMarkdown(std::string_view s, bool in_table) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || (in_table && c == '|')) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string EscapeHtml(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string MarkdownCite(SourceList& sources, const std::vector<RevealPoint>& ps) {
  std::vector<size_t> ns = sources.Numbers(ps);
  if (ns.empty()) return "";
  std::string out = " [";
  for (size_t i = 0; i < ns.size(); ++i) out += (i ? ", " : "") + std::to_string(ns[i]);
  return out + "]";
}

std::string HtmlCite(SourceList& sources, const std::vector<RevealPoint>& ps) {
  std::string out;
  for (size_t n : sources.Numbers(ps)) {
    out += "<sup><a href=\"#src-" + std::to_string(n) + "\">" + std::to_string(n) + "</a></sup>";
  }
  return out;
}

}  // namespace

std::string RenderMarkdown(const Universe& u, const Doc& d) {
  SourceList sources(u);
  std::string out = "# " + EscapeMarkdown(d.title, false) + "\n";
  for (const std::string& n : d.notes) out += "\n_" + EscapeMarkdown(n, false) + "_\n";
  for (const DocBlock& b : d.blocks) {
    out += "\n";
    switch (b.kind) {
      case DocBlock::Kind::kHeading:
        out += std::string(static_cast<size_t>(std::clamp(b.level, 1, 6)), '#') + " " +
               EscapeMarkdown(b.text, false) + "\n";
        break;
      case DocBlock::Kind::kNote:
        out += "_" + EscapeMarkdown(b.text, false) + "_\n";
        break;
      case DocBlock::Kind::kParagraph: {
        std::string para;
        for (const StorySentence& s : b.sentences) {
          if (!para.empty()) para += " ";
          para += EscapeMarkdown(s.text, false) + MarkdownCite(sources, s.cited);
        }
        out += para + "\n";
        break;
      }
      case DocBlock::Kind::kList:
        for (const StorySentence& s : b.sentences) {
          out += "- " + EscapeMarkdown(s.text, false) + MarkdownCite(sources, s.cited) + "\n";
        }
        break;
      case DocBlock::Kind::kTable: {
        out += "|";
        for (const std::string& h : b.header) out += " " + EscapeMarkdown(h, true) + " |";
        out += "\n|";
        for (size_t i = 0; i < b.header.size(); ++i) out += " --- |";
        out += "\n";
        for (const auto& row : b.rows) {
          out += "|";
          for (const StorySentence& cell : row) {
            out += " " + EscapeMarkdown(cell.text, true) + MarkdownCite(sources, cell.cited) + " |";
          }
          out += "\n";
        }
        break;
      }
    }
  }
  if (!sources.points().empty()) {
    out += "\n## " + EscapeMarkdown(d.sources_heading, false) + "\n\n";
    for (size_t i = 0; i < sources.points().size(); ++i) {
      const RevealPoint& p = sources.points()[i];
      out += std::to_string(i + 1) + ". " + EscapeMarkdown(RevealLabel(u, p), false) + " (`" +
             RevealPath(u, p) + "`)\n";
    }
  }
  return out;
}

std::string RenderHtml(const Universe& u, const Doc& d) {
  SourceList sources(u);
  std::string out = "<article class=\"canon-story\">\n<h1>" + EscapeHtml(d.title) + "</h1>\n";
  for (const std::string& n : d.notes)
    out += "<p class=\"note\"><em>" + EscapeHtml(n) + "</em></p>\n";
  for (const DocBlock& b : d.blocks) {
    switch (b.kind) {
      case DocBlock::Kind::kHeading: {
        const std::string h = "h" + std::to_string(std::clamp(b.level, 1, 6));
        out.append("<").append(h).append(">").append(EscapeHtml(b.text));
        out.append("</").append(h).append(">\n");
        break;
      }
      case DocBlock::Kind::kNote:
        out += "<p class=\"note\"><em>" + EscapeHtml(b.text) + "</em></p>\n";
        break;
      case DocBlock::Kind::kParagraph: {
        out += "<p>";
        for (size_t i = 0; i < b.sentences.size(); ++i) {
          if (i) out += " ";
          out += EscapeHtml(b.sentences[i].text) + HtmlCite(sources, b.sentences[i].cited);
        }
        out += "</p>\n";
        break;
      }
      case DocBlock::Kind::kList:
        out += "<ul>\n";
        for (const StorySentence& s : b.sentences) {
          out += "<li>" + EscapeHtml(s.text) + HtmlCite(sources, s.cited) + "</li>\n";
        }
        out += "</ul>\n";
        break;
      case DocBlock::Kind::kTable:
        out += "<table>\n<tr>";
        for (const std::string& h : b.header) out += "<th>" + EscapeHtml(h) + "</th>";
        out += "</tr>\n";
        for (const auto& row : b.rows) {
          out += "<tr>";
          for (const StorySentence& cell : row) {
            out += "<td>" + EscapeHtml(cell.text) + HtmlCite(sources, cell.cited) + "</td>";
          }
          out += "</tr>\n";
        }
        out += "</table>\n";
        break;
    }
  }
  if (!sources.points().empty()) {
    out += "<h2>" + EscapeHtml(d.sources_heading) + "</h2>\n<ol class=\"sources\">\n";
    for (size_t i = 0; i < sources.points().size(); ++i) {
      const RevealPoint& p = sources.points()[i];
      out += "<li id=\"src-" + std::to_string(i + 1) + "\">" + EscapeHtml(RevealLabel(u, p)) +
             " (<code>" + EscapeHtml(RevealPath(u, p)) + "</code>)</li>\n";
    }
    out += "</ol>\n";
  }
  return out + "</article>\n";
}

OrderedJson PointJson(const Universe& u, const RevealPoint& p) {
  OrderedJson j;
  const bool ok = p.work < u.works.size();
  j["work"] = ok ? u.works[p.work].path : "?";
  j["title"] = ok && !u.works[p.work].title.empty() ? OrderedJson(u.works[p.work].title)
                                                    : OrderedJson(nullptr);
  j["label"] = RevealLabel(u, p);
  const std::string pos = PositionText(p);
  j["position"] = pos.empty() ? OrderedJson(nullptr) : OrderedJson(pos);
  return j;
}

OrderedJson SentenceJson(const Universe& u, const StorySentence& s, const FactIdNames& ids) {
  OrderedJson j;
  j["text"] = s.text;
  OrderedJson facts = OrderedJson::array();
  for (FactId f : s.facts) facts.push_back(ids.Name(f));
  j["facts"] = std::move(facts);
  OrderedJson events = OrderedJson::array();
  for (EventId e : s.events) events.push_back(QualifiedEventId(u, e));
  j["events"] = std::move(events);
  OrderedJson cited = OrderedJson::array();
  for (const RevealPoint& p : s.cited) cited.push_back(PointJson(u, p));
  j["cited"] = std::move(cited);
  return j;
}

OrderedJson EntityJson(const Universe& u, EntityId e) {
  OrderedJson j;
  j["id"] = u.entities[e].id;
  j["qualified"] = u.QualifiedId(e);
  j["name"] = EntityName(u, e);
  j["kind"] = std::string(EntityKindName(u.entities[e].kind));
  return j;
}

}  // namespace canon
