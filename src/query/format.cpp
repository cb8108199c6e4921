// Human-readable names for query answers (see format.h).
#include "query/format.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "base/strings.h"
#include "model/dates.h"
#include "query/horizon.h"

namespace canon {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// "s1", "e8", "v2": letters then digits.
bool IsCode(std::string_view id) {
  size_t i = 0;
  while (i < id.size() && ((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z'))) ++i;
  if (i == 0 || i == id.size()) return false;
  for (size_t j = i; j < id.size(); ++j) {
    if (id[j] < '0' || id[j] > '9') return false;
  }
  return true;
}

bool IsNumber(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string RoleHolder(const Universe& u, EventId e, std::string_view role, size_t nth = 0) {
  size_t seen = 0;
  for (const Role& r : u.events[e].roles) {
    if (r.role == role && seen++ == nth) return EntityName(u, r.entity);
  }
  return "";
}

}  // namespace

std::string WorkLabel(const Universe& u, WorkId w) {
  if (w >= u.works.size()) return "?";
  std::vector<WorkId> chain;
  for (WorkId a = w; a != kNone; a = u.works[a].parent) chain.push_back(a);
  const Work& root = u.works[chain.back()];
  std::string out = root.title.empty() ? root.path : root.title;
  WorkKind prev_kind = root.kind;
  for (size_t i = chain.size() - 1; i-- > 0;) {
    const Work& cur = u.works[chain[i]];
    switch (cur.kind) {
      case WorkKind::kSeason:
        out += IsCode(cur.id) ? " " + Upper(cur.id)
                              : (IsNumber(cur.id) ? " Season " + cur.id : " " + cur.id);
        break;
      case WorkKind::kEpisode:
        if (IsCode(cur.id)) {
          if (prev_kind != WorkKind::kSeason) out += ' ';
          out += Upper(cur.id);
        } else {
          out += " episode " + cur.id;
        }
        break;
      case WorkKind::kVolume:
        out += IsCode(cur.id) ? " " + Upper(cur.id) : " vol. " + cur.id;
        break;
      case WorkKind::kIssue:
        out += " #" + cur.id;
        break;
      case WorkKind::kChapter:
        out += " ch. " + cur.id;
        break;
      case WorkKind::kScene:
        out += " scene " + cur.id;
        break;
      default:
        out += " " + cur.id;
        break;
    }
    prev_kind = cur.kind;
  }
  return out;
}

std::string PositionText(const RevealPoint& p) {
  switch (p.position_kind) {
    case RevealPoint::PositionKind::kSeconds:
      return FormatTimecode(p.position);
    case RevealPoint::PositionKind::kScene:
      return std::to_string(p.position);
    case RevealPoint::PositionKind::kNone:
      break;
  }
  return "";
}

std::string RevealLabel(const Universe& u, const RevealPoint& p) {
  std::string out = WorkLabel(u, p.work);
  if (p.position_kind == RevealPoint::PositionKind::kSeconds) {
    out += " @" + FormatTimecode(p.position);
  } else if (p.position_kind == RevealPoint::PositionKind::kScene) {
    out += " scene " + std::to_string(p.position);
  }
  return out;
}

std::string RevealPath(const Universe& u, const RevealPoint& p) {
  std::string out = p.work < u.works.size() ? u.works[p.work].path : "?";
  if (p.position_kind != RevealPoint::PositionKind::kNone) out += "@" + PositionText(p);
  return out;
}

std::string EntityName(const Universe& u, EntityId e) {
  const Entity& ent = u.entities[e];
  return ent.name.empty() ? ent.id : ent.name;
}

std::string EventName(const Universe& u, EventId e) {
  const Event& ev = u.events[e];
  return ev.title.empty() ? ev.id : ev.title;
}

std::string QuotedEventName(const Universe& u, EventId e) { return "\"" + EventName(u, e) + "\""; }

std::string PredicatePhrase(const Universe& u, PredicateId p) {
  const Predicate& pred = u.predicates[p];
  return pred.phrase.empty() ? Spaced(pred.name) : pred.phrase;
}

std::string ValueText(const Universe& u, const Value& v) {
  switch (v.kind) {
    case ValueKind::kEntity:
      return v.entity < u.entities.size() ? EntityName(u, v.entity) : "?";
    case ValueKind::kString:
      return "\"" + v.text + "\"";
    case ValueKind::kKeyword:
      return Spaced(v.text);
    case ValueKind::kNumber: {
      if (std::isfinite(v.number) && v.number == std::floor(v.number) &&
          std::fabs(v.number) < 1e15) {
        return std::to_string(static_cast<int64_t>(v.number));
      }
      char buf[64];
      std::snprintf(buf, sizeof buf, "%g", v.number);
      return buf;
    }
    case ValueKind::kDate:
      return FormatDate(u, v.date);
  }
  return "";
}

std::string EventSentence(const Universe& u, EventId e) {
  const Event& ev = u.events[e];
  // Headline shapes of the built-in verbs (docs/language.md, "Events"): the
  // subject role, the verb, and the object role ("" = none). When both roles
  // are the same ("spouse"), the first two holders are used.
  struct Shape {
    const char* kind;
    const char* subject_role;
    const char* verb;
    const char* object_role;
  };
  static constexpr Shape kShapes[] = {
      {"killing", "killer", "kills", "victim"},
      {"death", "victim", "dies", ""},
      {"wedding", "spouse", "marries", "spouse"},
      {"meeting", "participant", "meets", "participant"},
      {"breakup", "partner", "breaks up with", "partner"},
      {"birth", "child", "is born", ""},
      {"resurrection", "returner", "returns", ""},
  };
  std::string subject_role = "agent", object_role = "patient", verb = Spaced(ev.kind);
  for (const Shape& shape : kShapes) {
    if (ev.kind == shape.kind) {
      subject_role = shape.subject_role;
      object_role = shape.object_role;
      verb = shape.verb;
    }
  }
  std::string subject = RoleHolder(u, e, subject_role, 0);
  std::string object;
  if (!object_role.empty()) {
    object = RoleHolder(u, e, object_role, object_role == subject_role ? 1 : 0);
  }
  const bool needs_object = !object_role.empty() && subject_role == object_role;
  if (!ev.kind.empty() && !subject.empty() && !(needs_object && object.empty())) {
    std::string s = subject + " " + verb;
    if (!object.empty()) s += " " + object;
    // Roles the headline did not use: ", with Kilgrave as controller".
    std::vector<std::string> extra;
    size_t used_subject = 0, used_object = 0;
    for (const Role& r : ev.roles) {
      if (r.role == subject_role && used_subject == 0) {
        ++used_subject;
        continue;
      }
      if (!object.empty() && r.role == object_role && used_object == 0) {
        ++used_object;
        continue;
      }
      extra.push_back(EntityName(u, r.entity) + " as " + Spaced(r.role));
    }
    for (size_t i = 0; i < extra.size(); ++i) {
      s += i == 0 ? ", with " : (i + 1 == extra.size() ? " and " : ", ");
      s += extra[i];
    }
    return s;
  }
  // Fallback: the name and the roles.
  std::string out = EventName(u, e);
  if (!ev.kind.empty() && ev.kind != ev.id) out += " (" + Spaced(ev.kind) + ")";
  bool first = true;
  for (const Role& r : ev.roles) {
    out += first ? ": " : ", ";
    first = false;
    out += Spaced(r.role) + " " + EntityName(u, r.entity);
  }
  return out;
}

}  // namespace canon
