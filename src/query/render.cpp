// Text and JSON renderings of query results (see render.h).
#include "query/render.h"

#include <nlohmann/json.hpp>

#include "base/strings.h"

namespace canon {
namespace {

using Json = nlohmann::ordered_json;

Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

Json ToJson(const EntityRef& e) {
  Json j;
  j["id"] = e.local_id;
  j["qualified"] = e.qualified;
  j["name"] = e.name;
  j["kind"] = e.kind;
  return j;
}

Json ToJson(const RevealRef& r) {
  Json j;
  j["work"] = r.path;
  j["title"] = NullIfEmpty(r.title);
  j["label"] = r.label;
  j["position"] = NullIfEmpty(r.position);
  return j;
}

Json ToJson(const std::vector<RevealRef>& rs) {
  Json j = Json::array();
  for (const RevealRef& r : rs) j.push_back(ToJson(r));
  return j;
}

// null = open ("before the story" for a start, "still holds" for an end).
Json ToJson(const TimeRef& t) {
  if (t.open) return nullptr;
  Json j;
  j["rank"] = t.rank;
  j["text"] = NullIfEmpty(t.text);
  j["event"] = NullIfEmpty(t.event);
  j["date"] = NullIfEmpty(t.date);
  return j;
}

Json ToJson(const ValueRef& v) {
  Json j;
  j["kind"] = v.kind;
  if (v.entity) {
    j["entity"] = ToJson(*v.entity);
  } else {
    j["value"] = v.raw;
  }
  j["text"] = v.text;
  return j;
}

Json ToJson(const FactItem& f) {
  Json j;
  j["label"] = NullIfEmpty(f.label);
  j["subject"] = ToJson(f.subject);
  j["predicate"] = f.predicate;
  j["object"] = ToJson(f.object);
  j["sentence"] = f.sentence;
  j["from"] = ToJson(f.from);
  j["until"] = ToJson(f.until);
  j["revealed"] = ToJson(f.revealed);
  j["revealed_with_entity"] = f.revealed_with_entity;
  j["overturned"] = ToJson(f.overturned);
  return j;
}

Json ToJson(const std::vector<FactItem>& fs) {
  Json j = Json::array();
  for (const FactItem& f : fs) j.push_back(ToJson(f));
  return j;
}

Json ToJson(const EventItem& e) {
  Json j;
  j["id"] = e.local_id;
  j["qualified"] = e.qualified;
  j["title"] = NullIfEmpty(e.title);
  j["kind"] = NullIfEmpty(e.kind);
  j["name"] = e.name;
  j["sentence"] = e.sentence;
  Json roles = Json::array();
  for (const auto& [role, ent] : e.roles) {
    Json r;
    r["role"] = role;
    r["entity"] = ToJson(ent);
    roles.push_back(std::move(r));
  }
  j["roles"] = std::move(roles);
  j["time"] = ToJson(e.time);
  j["revealed"] = ToJson(e.revealed);
  j["overturned"] = ToJson(e.overturned);
  return j;
}

Json ToJson(const std::optional<StoryInstant>& at) {
  if (!at) return nullptr;
  Json j;
  j["spec"] = at->spec;
  j["description"] = at->description;
  return j;
}

std::string Dump(const Json& j) { return j.dump(2) + "\n"; }

std::string Cite(const FactItem& f) { return CitationText(f.revealed, f.overturned); }

// "Luke Cage is married to Reva Connors (until Reva's death)": the parts of
// the interval that are not open.
std::string ConciseInterval(const TimeRef& from, const TimeRef& until) {
  std::vector<std::string> parts;
  if (!from.open) parts.push_back("from " + (from.text.empty() ? "some point" : from.text));
  if (!until.open) parts.push_back("until " + (until.text.empty() ? "some point" : until.text));
  if (parts.empty()) return "";
  return " (" + Join(parts, " ") + ")";
}

std::string FactLine(const FactItem& f, bool verbose) {
  std::string line = "  " + f.sentence;
  line += verbose ? " (" + IntervalText(f.from, f.until) + ")" : ConciseInterval(f.from, f.until);
  return line + Cite(f) + "\n";
}

// A titled event reads as its title; an untitled one as its headline
// ("Jessica Jones kills Reva Connors").
std::string EventLine(const EventItem& e) {
  std::string line = "  " + (e.title.empty() ? e.sentence : e.title);
  if (!e.time.open && !e.time.text.empty()) {
    // Simultaneous with another event: "(at "The raid")".
    const bool at_event = !e.time.event.empty() && e.time.text.front() == '"';
    line += " (" + std::string(at_event ? "at " : "") + e.time.text + ")";
  }
  return line + CitationText(e.revealed, e.overturned) + "\n";
}

Json ToJson(const AppearanceItem& a) {
  Json j;
  j["entity"] = ToJson(a.entity);
  j["at"] = ToJson(a.at);
  j["time"] = ToJson(a.time);
  j["sentence"] = a.sentence;
  return j;
}

// "  Jon Snow appears in Game of Thrones S1E1 (during ...)"
std::string AppearanceLine(const AppearanceItem& a) {
  std::string line = "  " + a.sentence;
  if (!a.time.open && !a.time.text.empty() &&
      a.time.text.rfind("during ", 0) != 0) {  // "during W" repeats where it is
    line += " (" + a.time.text + ")";
  }
  return line + "\n";
}

std::string Heading(const EntityRef& e) {
  return e.name + " (" + e.kind + ", " + e.qualified + ")";
}

}  // namespace

std::string IntervalText(const TimeRef& from, const TimeRef& until) {
  std::string out = "from ";
  out += from.open ? "before the story" : (from.text.empty() ? "some point" : from.text);
  if (until.open) {
    out += ", still holds";
  } else {
    out += " until " + (until.text.empty() ? "some point" : until.text);
  }
  return out;
}

std::string CitationText(const std::vector<RevealRef>& revealed,
                         const std::vector<RevealRef>& overturned) {
  std::vector<std::string> parts;
  parts.reserve(revealed.size());
  for (const RevealRef& r : revealed) parts.push_back(r.label);
  std::string out;
  if (!parts.empty()) out = "revealed: " + Join(parts, "; ");
  if (!overturned.empty()) {
    std::vector<std::string> o;
    o.reserve(overturned.size());
    for (const RevealRef& r : overturned) o.push_back(r.label);
    if (!out.empty()) out += "; ";
    out += "overturned at " + Join(o, "; ");
  }
  return out.empty() ? "" : " [" + out + "]";
}

// ------------------------------------------------------------------ show

std::string RenderShowText(const ShowResult& r) {
  std::string out = Heading(r.entity);
  if (!r.continuity_title.empty()) {
    out += " in " + r.continuity_title;
  } else if (!r.continuity.empty()) {
    out += " in " + r.continuity;
  }
  out += "\n";
  if (r.at) {
    std::string d = r.at->description;  // "by the end of 2020" -> "By the end of 2020:"
    if (!d.empty() && d[0] >= 'a' && d[0] <= 'z') d[0] = static_cast<char>(d[0] - 'a' + 'A');
    out += d + ":\n";
  }
  const bool verbose = false;
  size_t items = 0;
  if (!r.aliases.empty()) {
    out += "also known as:\n";
    for (const FactItem& f : r.aliases) {
      out += "  " + f.object.text + ConciseInterval(f.from, f.until) + Cite(f) + "\n";
      ++items;
    }
  }
  if (!r.played_by.empty()) {
    // For a character, the actors; for a person, the characters they play.
    std::vector<const FactItem*> actors, roles;
    for (const FactItem& f : r.played_by) {
      (f.subject.id == r.entity.id ? actors : roles).push_back(&f);
    }
    if (!actors.empty()) {
      out += "played by:\n";
      for (const FactItem* f : actors) {
        out += "  " + f->object.text + ConciseInterval(f->from, f->until) + Cite(*f) + "\n";
      }
    }
    if (!roles.empty()) {
      out += "plays:\n";
      for (const FactItem* f : roles) {
        out += "  " + f->subject.name + " (" + f->subject.qualified + ")" +
               ConciseInterval(f->from, f->until) + Cite(*f) + "\n";
      }
    }
    items += r.played_by.size();
  }
  if (!r.attributes.empty()) {
    out += "attributes:\n";
    for (const FactItem& f : r.attributes) {
      std::string name = f.predicate;
      for (char& c : name) {
        if (c == '_') c = ' ';
      }
      out += "  " + name + ": " + f.object.text + ConciseInterval(f.from, f.until) + Cite(f) + "\n";
      ++items;
    }
  }
  if (!r.relations.empty()) {
    out += "relations:\n";
    for (const FactItem& f : r.relations) out += FactLine(f, verbose);
    items += r.relations.size();
  }
  if (!r.counterparts.empty()) {
    out += "counterparts:\n";
    for (const EntityRef& c : r.counterparts) out += "  " + c.name + " (" + c.qualified + ")\n";
    items += r.counterparts.size();
  }
  if (r.appearance_count > 0 && r.first_appearance && r.latest_appearance) {
    out += "appearances: " + std::to_string(r.appearance_count) + "\n";
    auto where = [](const AppearanceItem& a) { return a.at.label; };
    if (r.appearance_count == 1) {
      out += "  in " + where(*r.first_appearance) + "\n";
    } else {
      out += "  first: " + where(*r.first_appearance) + "\n";
      out += "  latest: " + where(*r.latest_appearance) + "\n";
    }
    ++items;
  }
  if (items == 0) out += "  nothing more is known\n";
  return out;
}

std::string RenderShowJson(const ShowResult& r) {
  Json j;
  j["command"] = "show";
  j["seen"] = r.horizon;
  j["at"] = ToJson(r.at);
  Json e = ToJson(r.entity);
  e["continuity"] = NullIfEmpty(r.continuity);
  e["continuity_title"] = NullIfEmpty(r.continuity_title);
  j["entity"] = std::move(e);
  j["aliases"] = ToJson(r.aliases);
  j["played_by"] = ToJson(r.played_by);
  j["attributes"] = ToJson(r.attributes);
  j["relations"] = ToJson(r.relations);
  Json cps = Json::array();
  for (const EntityRef& c : r.counterparts) cps.push_back(ToJson(c));
  j["counterparts"] = std::move(cps);
  Json apps;
  apps["count"] = r.appearance_count;
  apps["first"] = r.first_appearance ? ToJson(*r.first_appearance) : Json(nullptr);
  apps["latest"] = r.latest_appearance ? ToJson(*r.latest_appearance) : Json(nullptr);
  j["appearances"] = std::move(apps);
  return Dump(j);
}

// ------------------------------------------------------------------ state

std::string RenderStateText(const StateResult& r) {
  std::string out = r.a.name + " and " + r.b.name + ", " + r.at.description + ":\n";
  if (r.relations.empty()) {
    out += "  no known relation\n";
    return out;
  }
  for (const FactItem& f : r.relations) out += FactLine(f, false);
  return out;
}

std::string RenderStateJson(const StateResult& r) {
  Json j;
  j["command"] = "state";
  j["seen"] = r.horizon;
  j["at"] = ToJson(std::optional<StoryInstant>(r.at));
  j["a"] = ToJson(r.a);
  j["b"] = ToJson(r.b);
  j["relations"] = ToJson(r.relations);
  return Dump(j);
}

// ------------------------------------------------------------------ history

std::string RenderHistoryText(const HistoryResult& r) {
  std::string out = "History of " + r.a.name;
  if (r.b) out += " and " + r.b->name;
  out += r.order == HistoryOrder::kStory ? ", in story order:\n" : ", in the order revealed:\n";
  if (r.entries.empty()) {
    out += "  nothing known\n";
    return out;
  }
  for (const HistoryEntry& e : r.entries) {
    out += e.is_appearance ? AppearanceLine(e.appearance)
           : e.is_event    ? EventLine(e.event)
                           : FactLine(e.fact, true);
  }
  if (!r.phases.empty()) {
    // The relationship in phases: "together (dating): from X until Y".
    out += "Phases:\n";
    for (const PhaseItem& p : r.phases) {
      std::vector<std::string> relations;
      for (std::string rel : p.relations) {
        for (char& c : rel) {
          if (c == '_') c = ' ';
        }
        relations.push_back(rel);
      }
      out += "  " + p.name;
      if (!relations.empty()) out += " (" + Join(relations, ", ") + ")";
      out += ": " + IntervalText(p.from, p.until) + CitationText(p.revealed, {}) + "\n";
    }
  }
  return out;
}

std::string RenderHistoryJson(const HistoryResult& r) {
  Json j;
  j["command"] = "history";
  j["seen"] = r.horizon;
  j["order"] = r.order == HistoryOrder::kStory ? "story" : "reveal";
  j["a"] = ToJson(r.a);
  j["b"] = r.b ? ToJson(*r.b) : Json(nullptr);
  Json entries = Json::array();
  for (const HistoryEntry& e : r.entries) {
    Json item;
    if (e.is_appearance) {
      item["type"] = "appearance";
      item["appearance"] = ToJson(e.appearance);
    } else if (e.is_event) {
      item["type"] = "event";
      item["event"] = ToJson(e.event);
    } else {
      item["type"] = "fact";
      item["fact"] = ToJson(e.fact);
    }
    entries.push_back(std::move(item));
  }
  j["entries"] = std::move(entries);
  if (!r.with_phases) return Dump(j);
  Json phases = Json::array();
  for (const PhaseItem& p : r.phases) {
    Json item;
    item["name"] = p.name;
    item["relations"] = p.relations;
    item["from"] = ToJson(p.from);
    item["until"] = ToJson(p.until);
    item["revealed"] = ToJson(p.revealed);
    phases.push_back(std::move(item));
  }
  j["phases"] = std::move(phases);
  return Dump(j);
}

// ------------------------------------------------------------------ who-knows

std::string RenderWhoKnowsText(const WhoKnowsResult& r) {
  std::string out = "Who knows ";
  if (r.target_kind == "event") {
    out += "about \"" + r.target_name + "\"";
    if (r.target_sentence != r.target_name) out += " (" + r.target_sentence + ")";
  } else {
    out += "that " + r.target_sentence;
  }
  if (r.at) out += ", " + r.at->description;
  out += ":\n";
  if (r.knowers.empty()) {
    out += "  nobody, as far as you have seen\n";
    return out;
  }
  for (const KnowerItem& k : r.knowers) {
    out += "  " + k.who.name;
    // A participant knows from the event itself: saying so adds nothing.
    const bool at_target = r.target_kind == "event" && k.from.event == r.target_id;
    if (!k.from.open && !k.from.text.empty() && !at_target) out += ", from " + k.from.text;
    if (k.participant) out += " (took part)";
    out += CitationText(k.revealed, {}) + "\n";
  }
  return out;
}

std::string RenderWhoKnowsJson(const WhoKnowsResult& r) {
  Json j;
  j["command"] = "who-knows";
  j["seen"] = r.horizon;
  j["at"] = ToJson(r.at);
  Json t;
  t["kind"] = r.target_kind;
  t["id"] = r.target_id;
  t["name"] = r.target_name;
  t["sentence"] = r.target_sentence;
  j["target"] = std::move(t);
  Json ks = Json::array();
  for (const KnowerItem& k : r.knowers) {
    Json item;
    item["who"] = ToJson(k.who);
    item["from"] = ToJson(k.from);
    item["participant"] = k.participant;
    item["revealed"] = ToJson(k.revealed);
    ks.push_back(std::move(item));
  }
  j["knowers"] = std::move(ks);
  return Dump(j);
}

}  // namespace canon
