// Loading, overlaying and validating prose templates (see templates.h).
#include "recap/templates.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/strings.h"

namespace canon {
namespace {

using Json = nlohmann::json;

// Known "text" keys and the slots each allows.
const std::map<std::string, std::vector<std::string>, std::less<>>& TextKeys() {
  static const auto* keys = new std::map<std::string, std::vector<std::string>, std::less<>>{
      {"recap_title", {}},
      {"recap_title_about", {"names"}},
      {"recap_title_before", {"title", "work"}},
      {"recap_title_plain_before", {"work"}},
      {"recap_scope", {"seen", "order"}},
      {"order_story", {}},
      {"order_reveal", {}},
      {"nothing", {}},
      {"met_only", {"names"}},
      {"heading_background", {}},
      {"heading_during", {"work"}},
      {"heading_before", {"work"}},
      {"heading_after", {"work"}},
      {"heading_between", {"work", "work2"}},
      {"heading_revealed", {"work"}},
      {"heading_now", {}},
      {"heading_sources", {}},
      {"continuity_heading", {"continuity"}},
      {"now", {"clause"}},
      {"overturned", {"clause"}},
      {"flashback", {"clause"}},
      {"flashback_title", {"clause"}},
      {"until", {"clause", "time"}},
      {"actor", {"name", "actor"}},
      {"generic_event", {"kind", "entities"}},
      // compare
      {"compare_title", {"names", "continuities"}},
      {"compare_scope", {"seen"}},
      {"compare_same", {"items"}},
      {"compare_differs", {"what", "details"}},
      {"compare_only", {"continuity", "items"}},
      {"compare_absent", {"continuity", "what"}},
      {"compare_nothing", {}},
      {"compare_none", {}},
      {"compare_heading_table", {}},
      {"compare_heading_prose", {}},
      {"compare_column_what", {}},
      {"compare_other_events", {}},
      {"compare_more", {"count"}},
      // plan
      {"plan_title", {"work"}},
      {"plan_scope", {"seen"}},
      {"plan_scope_explain", {"seen", "work"}},
      {"plan_nothing", {"work"}},
      {"plan_step", {"work", "cost", "reason"}},
      {"plan_reason", {"target", "names"}},
      {"plan_reason_anonymous", {"target"}},
      {"plan_alternatives", {"step", "works"}},
      {"plan_total", {"cost"}},
      {"plan_greedy", {}},
      {"plan_explain_heading", {"work", "target"}},
      {"plan_appears", {"name"}},
      // path
      {"path_title", {"a", "b"}},
      {"path_scope", {"seen", "at"}},
      {"path_none", {"a", "b"}},
  };
  return *keys;
}

const std::vector<std::string>& PredicateFormKeys() {
  static const auto* keys = new std::vector<std::string>{
      "present",          "past",           "no_longer",      "pair_present",
      "pair_past",        "pair_no_longer", "plural_present", "plural_past",
      "plural_no_longer", "noun",           "shared_noun"};
  return *keys;
}

bool IsComment(const std::string& key) {
  return !key.empty() && (key[0] == '_' || key == "comment");
}

std::string Where(std::string_view source, const std::string& path) {
  return "templates `" + std::string(source) + "`: `" + path + "`";
}

Status CheckSlots(std::string_view source, const std::string& path, const std::string& tpl,
                  const std::function<bool(const std::string&)>& allowed,
                  const std::string& allowed_text) {
  // Unbalanced braces.
  int depth = 0;
  for (size_t i = 0; i < tpl.size(); ++i) {
    if ((tpl[i] == '{' || tpl[i] == '}') && i + 1 < tpl.size() && tpl[i + 1] == tpl[i]) {
      ++i;
      continue;
    }
    if (tpl[i] == '{') ++depth;
    if (tpl[i] == '}') --depth;
    if (depth < 0 || depth > 1) {
      return Status::InvalidArgument(Where(source, path) + ": unbalanced braces in \"" + tpl + "\"",
                                     "write a literal brace as `{{` or `}}`");
    }
  }
  if (depth != 0) {
    return Status::InvalidArgument(Where(source, path) + ": unbalanced braces in \"" + tpl + "\"",
                                   "write a literal brace as `{{` or `}}`");
  }
  for (const std::string& slot : TemplateSlots(tpl)) {
    if (!allowed(slot)) {
      return Status::InvalidArgument(
          Where(source, path) + ": unknown slot `{" + slot + "}`",
          allowed_text.empty() ? "this entry takes no slots" : "slots here: " + allowed_text);
    }
  }
  return Status::Ok();
}

Status CheckFixedSlots(std::string_view source, const std::string& path, const std::string& tpl,
                       const std::vector<std::string>& slots) {
  std::vector<std::string> shown;
  shown.reserve(slots.size());
  for (const std::string& s : slots) shown.push_back("{" + s + "}");
  return CheckSlots(
      source, path, tpl,
      [&](const std::string& s) { return std::find(slots.begin(), slots.end(), s) != slots.end(); },
      Join(shown, ", "));
}

bool IsRoleSlot(const std::string& slot) {
  if (slot.rfind("role:", 0) != 0) return false;
  std::string_view rest = std::string_view(slot).substr(5);
  if (rest == "*") return true;
  size_t hash = rest.find('#');
  std::string_view name = rest.substr(0, hash);
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (c >= 'A' && c <= 'Z'))) {
      return false;
    }
  }
  if (hash == std::string_view::npos) return true;
  std::string_view n = rest.substr(hash + 1);
  if (n.empty() || n.size() > 3 || n == "0") return false;
  for (char c : n) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// `path.key`, the JSON path of a member.
std::string MemberPath(const std::string& path, std::string_view key) {
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path).append(".").append(key);
  return out;
}

Status TypeError(std::string_view source, const std::string& path, const char* expected) {
  return Status::InvalidArgument(Where(source, path) + ": expected " + expected,
                                 "see docs/stories.md, \"Templates\", for the format");
}

Status UnknownKey(std::string_view source, const std::string& path, const std::string& key,
                  const std::vector<std::string>& known) {
  std::string hint = DidYouMean(ClosestMatches(key, known));
  if (hint.empty()) hint = "known keys: " + Join(known, ", ");
  return Status::InvalidArgument(Where(source, path) + ": unknown key `" + key + "`", hint);
}

Result<Json> ParseJson(std::string_view text, std::string_view source) {
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // Byte offset -> line and column.
    size_t line = 1, col = 1;
    for (size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    size_t colon = what.rfind(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    return Status::InvalidArgument("templates `" + std::string(source) +
                                       "`: not valid JSON at line " + std::to_string(line) +
                                       ", column " + std::to_string(col) + ": " + what,
                                   "the file must be one JSON object; see docs/stories.md");
  }
}

}  // namespace

std::vector<std::string> TemplateSlots(std::string_view tpl) {
  std::vector<std::string> out;
  for (size_t i = 0; i < tpl.size(); ++i) {
    if ((tpl[i] == '{' || tpl[i] == '}') && i + 1 < tpl.size() && tpl[i + 1] == tpl[i]) {
      ++i;
      continue;
    }
    if (tpl[i] != '{') continue;
    size_t close = tpl.find('}', i + 1);
    if (close == std::string_view::npos) break;
    out.emplace_back(tpl.substr(i + 1, close - i - 1));
    i = close;
  }
  return out;
}

std::string Fill(const Templates& t, std::string_view key,
                 const std::vector<std::pair<std::string_view, std::string>>& slots) {
  return FillTemplate(t.Text(key), [&](std::string_view slot) -> std::string {
    for (const auto& [name, value] : slots) {
      if (name == slot) return value;
    }
    return "";
  });
}

std::string FillTemplate(std::string_view tpl,
                         const std::function<std::string(std::string_view)>& fill) {
  std::string out;
  out.reserve(tpl.size() + 32);
  for (size_t i = 0; i < tpl.size(); ++i) {
    const char c = tpl[i];
    if ((c == '{' || c == '}') && i + 1 < tpl.size() && tpl[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      size_t close = tpl.find('}', i + 1);
      if (close == std::string_view::npos) {
        out += tpl.substr(i);
        break;
      }
      out += fill(tpl.substr(i + 1, close - i - 1));
      i = close;
      continue;
    }
    out += c;
  }
  return out;
}

Result<Templates> Templates::Builtin() {
  // Parsed once; callers get a copy they may overlay.
  static const Result<Templates>* builtin =
      new Result<Templates>(FromJson(BuiltinTemplatesJson(), "templates/en.json"));
  return *builtin;
}

Result<Templates> Templates::FromJson(std::string_view json_text, std::string_view source) {
  CANON_ASSIGN_OR_RETURN(Json j, ParseJson(json_text, source));
  if (!j.is_object()) return TypeError(source, "(top level)", "a JSON object");
  Templates t;
  t.json_ = j.dump();
  CANON_RETURN_IF_ERROR(t.Load(source));
  return t;
}

Status Templates::Overlay(std::string_view json_text, std::string_view source) {
  CANON_ASSIGN_OR_RETURN(Json patch, ParseJson(json_text, source));
  if (!patch.is_object()) return TypeError(source, "(top level)", "a JSON object");
  Json merged = Json::parse(json_);
  merged.merge_patch(patch);
  Templates next;
  next.json_ = merged.dump();
  CANON_RETURN_IF_ERROR(next.Load(source));
  *this = std::move(next);
  return Status::Ok();
}

Status Templates::OverlayFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::IoError("cannot read templates `" + path + "`",
                           "check the path given to --templates");
  }
  std::stringstream buf;
  buf << in.rdbuf();
  return Overlay(buf.str(), path);
}

Status Templates::Load(std::string_view source) {
  const Json j = Json::parse(json_);
  static const std::vector<std::string> kTop = {
      "canon_templates",      "language", "style",      "text",   "pronouns",
      "short_name_stopwords", "entities", "predicates", "events", "roles"};
  for (const auto& [key, value] : j.items()) {
    if (IsComment(key)) continue;
    if (std::find(kTop.begin(), kTop.end(), key) == kTop.end()) {
      return UnknownKey(source, key, key, kTop);
    }
  }
  if (j.contains("canon_templates")) {
    if (!j["canon_templates"].is_number_integer() || j["canon_templates"].get<int>() != 1) {
      return Status::InvalidArgument(Where(source, "canon_templates") + ": unsupported version",
                                     "this canon reads template format 1");
    }
  }
  if (j.contains("language")) {
    if (!j["language"].is_string()) return TypeError(source, "language", "a string");
    language_ = j["language"].get<std::string>();
  }
  if (j.contains("style")) {
    const Json& s = j["style"];
    if (!s.is_object()) return TypeError(source, "style", "an object");
    static const std::vector<std::string> kStyle = {"event_titles", "short_names", "actors",
                                                    "pronouns"};
    for (const auto& [key, value] : s.items()) {
      if (IsComment(key)) continue;
      const std::string path = "style." + key;
      if (!value.is_boolean()) return TypeError(source, path, "true or false");
      if (key == "event_titles") {
        event_titles_ = value.get<bool>();
      } else if (key == "short_names") {
        short_names_ = value.get<bool>();
      } else if (key == "actors") {
        actors_ = value.get<bool>();
      } else if (key == "pronouns") {
        pronouns_ = value.get<bool>();
      } else {
        return UnknownKey(source, path, key, kStyle);
      }
    }
  }
  if (j.contains("text")) {
    const Json& t = j["text"];
    if (!t.is_object()) return TypeError(source, "text", "an object");
    std::vector<std::string> known;
    for (const auto& [k, slots] : TextKeys()) known.push_back(k);
    for (const auto& [key, value] : t.items()) {
      if (IsComment(key)) continue;
      const std::string path = "text." + key;
      auto it = TextKeys().find(key);
      if (it == TextKeys().end()) return UnknownKey(source, path, key, known);
      if (!value.is_string()) return TypeError(source, path, "a string");
      CANON_RETURN_IF_ERROR(CheckFixedSlots(source, path, value.get<std::string>(), it->second));
      text_[key] = value.get<std::string>();
    }
  }
  if (j.contains("pronouns")) {
    const Json& p = j["pronouns"];
    if (!p.is_object()) return TypeError(source, "pronouns", "an object");
    for (const auto& [key, value] : p.items()) {
      if (IsComment(key)) continue;
      const std::string path = "pronouns." + key;
      if (!value.is_object() || !value.contains("subject") || !value["subject"].is_string()) {
        return TypeError(source, path, "an object with a string \"subject\"");
      }
      PronounForms forms;
      forms.subject = value["subject"].get<std::string>();
      for (const auto& [k, v] : value.items()) {
        if (IsComment(k) || k == "subject") continue;
        if (k != "plural") return UnknownKey(source, MemberPath(path, k), k, {"subject", "plural"});
        if (!v.is_boolean()) return TypeError(source, path + ".plural", "true or false");
        forms.plural = v.get<bool>();
      }
      pronoun_forms_[key] = forms;
    }
  }
  if (j.contains("short_name_stopwords")) {
    const Json& s = j["short_name_stopwords"];
    if (!s.is_array()) return TypeError(source, "short_name_stopwords", "an array of strings");
    for (const Json& w : s) {
      if (!w.is_string()) return TypeError(source, "short_name_stopwords", "an array of strings");
      stopwords_.insert(AsciiLower(w.get<std::string>()));
    }
  }
  if (j.contains("entities")) {
    const Json& e = j["entities"];
    if (!e.is_object()) return TypeError(source, "entities", "an object");
    for (const auto& [key, value] : e.items()) {
      if (IsComment(key)) continue;
      const std::string path = "entities." + key;
      if (!value.is_object()) return TypeError(source, path, "an object");
      EntityStyle style;
      for (const auto& [k, v] : value.items()) {
        if (IsComment(k)) continue;
        if (!v.is_string()) return TypeError(source, MemberPath(path, k), "a string");
        if (k == "pronoun") {
          style.pronoun = v.get<std::string>();
          if (!pronoun_forms_.count(style.pronoun)) {
            std::vector<std::string> known;
            for (const auto& [name, forms] : pronoun_forms_) known.push_back(name);
            return Status::InvalidArgument(
                Where(source, path + ".pronoun") + ": unknown pronoun `" + style.pronoun + "`",
                "declare it under \"pronouns\", or use one of: " + Join(known, ", "));
          }
        } else if (k == "short_name") {
          style.short_name = v.get<std::string>();
        } else {
          return UnknownKey(source, MemberPath(path, k), k, {"pronoun", "short_name"});
        }
      }
      entities_[key] = style;
    }
  }
  if (j.contains("predicates")) {
    const Json& p = j["predicates"];
    if (!p.is_object()) return TypeError(source, "predicates", "an object");
    for (const auto& [name, value] : p.items()) {
      if (IsComment(name)) continue;
      const std::string path = "predicates." + name;
      if (!value.is_object()) return TypeError(source, path, "an object of forms");
      PredicateForms forms;
      for (const auto& [form, tpl] : value.items()) {
        if (IsComment(form)) continue;
        const std::string fpath = MemberPath(path, form);
        if (!tpl.is_string()) return TypeError(source, fpath, "a string");
        const std::string text = tpl.get<std::string>();
        const bool plural = form.rfind("plural_", 0) == 0;
        const bool noun = form == "noun" || form == "shared_noun";
        CANON_RETURN_IF_ERROR(CheckFixedSlots(source, fpath, text,
                                              noun ? std::vector<std::string>{}
                                              : plural
                                                  ? std::vector<std::string>{"subjects", "object"}
                                                  : std::vector<std::string>{"subject", "object"}));
        if (form == "present") {
          forms.present = text;
        } else if (form == "past") {
          forms.past = text;
        } else if (form == "no_longer") {
          forms.no_longer = text;
        } else if (form == "pair_present") {
          forms.pair_present = text;
        } else if (form == "pair_past") {
          forms.pair_past = text;
        } else if (form == "pair_no_longer") {
          forms.pair_no_longer = text;
        } else if (form == "plural_present") {
          forms.plural_present = text;
        } else if (form == "plural_past") {
          forms.plural_past = text;
        } else if (form == "plural_no_longer") {
          forms.plural_no_longer = text;
        } else if (form == "noun") {
          forms.noun = text;
        } else if (form == "shared_noun") {
          forms.shared_noun = text;
        } else {
          return UnknownKey(source, fpath, form, PredicateFormKeys());
        }
      }
      predicates_[name] = std::move(forms);
    }
  }
  if (j.contains("events")) {
    const Json& ev = j["events"];
    if (!ev.is_object()) return TypeError(source, "events", "an object");
    for (const auto& [kind, value] : ev.items()) {
      if (IsComment(kind)) continue;
      const std::string path = "events." + kind;
      EventForms forms;
      auto check = [&](const std::string& p, const std::string& text) {
        return CheckSlots(source, p, text, IsRoleSlot,
                          "{role:NAME}, {role:NAME#2} (second holder), {role:*} (everyone)");
      };
      if (value.is_string()) {
        forms.present = value.get<std::string>();
        CANON_RETURN_IF_ERROR(check(path, forms.present));
      } else if (value.is_object()) {
        for (const auto& [form, tpl] : value.items()) {
          if (IsComment(form)) continue;
          const std::string fpath = MemberPath(path, form);
          if (!tpl.is_string()) return TypeError(source, fpath, "a string");
          CANON_RETURN_IF_ERROR(check(fpath, tpl.get<std::string>()));
          if (form == "present") {
            forms.present = tpl.get<std::string>();
          } else if (form == "past") {
            forms.past = tpl.get<std::string>();
          } else {
            return UnknownKey(source, fpath, form, {"present", "past"});
          }
        }
      } else {
        return TypeError(source, path, "a string or an object with \"present\" and \"past\"");
      }
      events_[kind] = std::move(forms);
    }
  }
  if (j.contains("roles")) {
    const Json& r = j["roles"];
    if (!r.is_object()) return TypeError(source, "roles", "an object");
    for (const auto& [role, value] : r.items()) {
      if (IsComment(role)) continue;
      const std::string path = "roles." + role;
      RoleForms forms;
      if (!value.is_object()) return TypeError(source, path, "an object with \"one\" and \"many\"");
      for (const auto& [form, tpl] : value.items()) {
        if (IsComment(form)) continue;
        const std::string fpath = MemberPath(path, form);
        if (!tpl.is_string()) return TypeError(source, fpath, "a string");
        const std::string text = tpl.get<std::string>();
        if (form == "one") {
          CANON_RETURN_IF_ERROR(CheckFixedSlots(source, fpath, text, {"entity", "role"}));
          forms.one = text;
        } else if (form == "many") {
          CANON_RETURN_IF_ERROR(CheckFixedSlots(source, fpath, text, {"entities", "role"}));
          forms.many = text;
        } else {
          return UnknownKey(source, fpath, form, {"one", "many"});
        }
      }
      roles_[role] = std::move(forms);
    }
  }
  if (!roles_.count("default")) {
    roles_["default"] = RoleForms{"with {entity} as {role}", "with {entities} as {role}"};
  }
  return Status::Ok();
}

const std::string& Templates::Text(std::string_view key) const {
  static const std::string kEmpty;
  auto it = text_.find(key);
  return it == text_.end() ? kEmpty : it->second;
}

const PredicateForms* Templates::Predicate(std::string_view name) const {
  auto it = predicates_.find(name);
  return it == predicates_.end() ? nullptr : &it->second;
}

const EventForms* Templates::Event(std::string_view kind) const {
  auto it = events_.find(kind);
  return it == events_.end() ? nullptr : &it->second;
}

const RoleForms& Templates::Role(std::string_view role) const {
  auto it = roles_.find(role);
  if (it != roles_.end() && !it->second.one.empty() && !it->second.many.empty()) return it->second;
  return roles_.find("default")->second;
}

const PronounForms* Templates::Pronoun(std::string_view key) const {
  auto it = pronoun_forms_.find(key);
  return it == pronoun_forms_.end() ? nullptr : &it->second;
}

const EntityStyle* Templates::Entity(std::string_view qualified) const {
  auto it = entities_.find(qualified);
  return it == entities_.end() ? nullptr : &it->second;
}

bool Templates::IsShortNameStopword(std::string_view lower_word) const {
  return stopwords_.count(lower_word) > 0;
}

}  // namespace canon
