// Facts and events to sentences, with mentions and pronouns (see narrator.h).
#include "recap/narrator.h"

#include <algorithm>
#include <cctype>

#include "base/strings.h"
#include "model/dates.h"
#include "query/format.h"
#include "recap/english.h"

namespace canon {
namespace {

// Braces doubled, so universe text can sit inside a template.
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += c;
    if (c == '{' || c == '}') out += c;
  }
  return out;
}

bool StartsWithUpper(std::string_view w) {
  if (w.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(w[0]);
  return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool IsNameWord(std::string_view w) {
  if (w.size() < 2) return false;
  for (char c : w) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u >= 0x80 || c == '\'' || c == '-')) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// Is an event title a short name rather than a sentence? At most four words,
// none of them a word of the kind's template ("kills", "meets", "marries").
bool TitleIsName(std::string_view title, std::string_view tpl) {
  std::vector<std::string_view> words = Words(title);
  if (words.size() > 4) return false;
  std::string plain = FillTemplate(tpl, [](std::string_view) -> std::string { return " "; });
  for (std::string_view w : Words(plain)) {
    if (w.size() < 3) continue;
    for (std::string_view t : words) {
      std::string a = AsciiLower(t), b = AsciiLower(w);
      while (!a.empty() && !std::isalpha(static_cast<unsigned char>(a.back()))) a.pop_back();
      if (a == b) return false;
    }
  }
  return true;
}

}  // namespace

std::string QualifiedEventId(const Universe& u, EventId e) {
  const Event& ev = u.events[e];
  return ev.continuity < u.continuities.size() ? u.continuities[ev.continuity].id + ":" + ev.id
                                               : ev.id;
}

Narrator::Narrator(const View& v, const Templates& t, const std::vector<EntityId>& cast)
    : v_(v), t_(t), actors_(t.actors()) {
  const Universe& u = v.universe();
  mentioned_.assign(u.entities.size(), 0);
  const PredicateId played_by = v.played_by_predicate();
  const PredicateId pronoun_a = u.FindPredicate("pronoun");
  const PredicateId pronoun_b = u.FindPredicate("pronouns");
  std::map<std::string, int> first_words;
  std::map<std::string, int> full_names;
  std::vector<EntityId> unique_cast = cast;
  std::sort(unique_cast.begin(), unique_cast.end());
  unique_cast.erase(std::unique(unique_cast.begin(), unique_cast.end()), unique_cast.end());
  for (EntityId e : unique_cast) {
    if (e >= u.entities.size() || !v.EntityVisible(e)) continue;
    const std::string qualified = u.QualifiedId(e);
    const EntityStyle* style = t.Entity(qualified);
    // Actor: the first visible played_by, in reveal order.
    RevealKey best;
    for (FactId f : v.FactsOf(e)) {
      const Fact& x = u.facts[f];
      if (x.predicate != played_by || x.subject != e || x.object.kind != ValueKind::kEntity ||
          v.FactOverturnedForViewer(f)) {
        continue;
      }
      RevealKey k = v.FactRevealKey(f);
      if (!actor_fact_.count(e) || k < best) {
        actor_fact_[e] = f;
        best = k;
      }
    }
    // Pronoun.
    std::string pronoun = style != nullptr ? style->pronoun : "";
    if (pronoun.empty()) {
      for (FactId f : v.FactsOf(e)) {
        const Fact& x = u.facts[f];
        if (x.subject != e || (x.predicate != pronoun_a && x.predicate != pronoun_b) ||
            x.predicate == kNone || v.FactOverturnedForViewer(f)) {
          continue;
        }
        if (x.object.kind != ValueKind::kString && x.object.kind != ValueKind::kKeyword) continue;
        std::string key = AsciiLower(x.object.text.substr(0, x.object.text.find('/')));
        if (t.Pronoun(key) != nullptr) {
          pronoun = key;
          break;
        }
      }
    }
    const EntityKind kind = u.entities[e].kind;
    if (pronoun.empty() && (kind == EntityKind::kPlace || kind == EntityKind::kObject) &&
        t.Pronoun("it") != nullptr) {
      pronoun = "it";
    }
    if (!pronoun.empty()) pronoun_[e] = pronoun;
    const std::string name = EntityName(u, e);
    ++full_names[AsciiLower(name)];
    std::vector<std::string_view> words = Words(name);
    if (!words.empty()) ++first_words[AsciiLower(words[0])];
  }
  if (!t.short_names()) return;
  for (EntityId e : unique_cast) {
    if (e >= u.entities.size() || !v.EntityVisible(e)) continue;
    const EntityStyle* style = t.Entity(u.QualifiedId(e));
    if (style != nullptr && !style->short_name.empty()) {
      short_names_[e] = style->short_name;
      continue;
    }
    const EntityKind kind = u.entities[e].kind;
    if (kind != EntityKind::kCharacter && kind != EntityKind::kPerson) continue;
    const std::string name = EntityName(u, e);  // `words` views into it
    std::vector<std::string_view> words = Words(name);
    if (words.size() < 2) continue;
    bool all_capital = true;
    for (std::string_view w : words) all_capital = all_capital && StartsWithUpper(w);
    if (!all_capital || !IsNameWord(words[0])) continue;
    const std::string first = AsciiLower(words[0]);
    if (t.IsShortNameStopword(first)) continue;
    if (first_words[first] != 1 || full_names.count(first)) continue;
    short_names_[e] = std::string(words[0]);
  }
}

std::string Narrator::FullName(EntityId e) const { return EntityName(v_.universe(), e); }

std::string Narrator::Mention(EntityId e, std::vector<FactId>* extra_facts) {
  const Universe& u = v_.universe();
  if (e >= u.entities.size()) return "?";
  if (!mentioned_[e]) {
    mentioned_[e] = 1;
    std::string name = FullName(e);
    auto actor = actor_fact_.find(e);
    if (actors_ && actor != actor_fact_.end() && !t_.Text("actor").empty()) {
      const EntityId person = u.facts[actor->second].object.entity;
      if (person < mentioned_.size()) mentioned_[person] = 1;
      const std::string actor_name = FullName(person);
      name = FillTemplate(t_.Text("actor"), [&](std::string_view slot) -> std::string {
        return slot == "name" ? name : actor_name;
      });
      if (extra_facts != nullptr) extra_facts->push_back(actor->second);
    }
    return name;
  }
  auto it = short_names_.find(e);
  return it != short_names_.end() ? it->second : FullName(e);
}

std::string Narrator::PronounKey(EntityId e) const {
  auto it = pronoun_.find(e);
  return it == pronoun_.end() ? "" : it->second;
}

std::string Narrator::ValueProse(const Value& v) const {
  const Universe& u = v_.universe();
  switch (v.kind) {
    case ValueKind::kEntity:
      return v.entity < u.entities.size() ? FullName(v.entity) : "?";
    case ValueKind::kString:
      return v.text;
    case ValueKind::kKeyword:
      return Spaced(v.text);
    case ValueKind::kNumber:
    case ValueKind::kDate:
      return ValueText(u, v);
  }
  return "";
}

// shape: 0 single ({subject} ... {object}), 1 pair, 2 plural ({subjects}).
std::string Narrator::PredicateTemplate(PredicateId p, FactForm form, int shape) const {
  const Universe& u = v_.universe();
  const Predicate& pred = u.predicates[p];
  if (const PredicateForms* forms = t_.Predicate(pred.name)) {
    const std::string* chosen = nullptr;
    switch (shape) {
      case 0:
        chosen = form == FactForm::kPresent ? &forms->present
                 : form == FactForm::kPast  ? &forms->past
                                            : &forms->no_longer;
        break;
      case 1:
        chosen = form == FactForm::kPresent ? &forms->pair_present
                 : form == FactForm::kPast  ? &forms->pair_past
                                            : &forms->pair_no_longer;
        break;
      default:
        chosen = form == FactForm::kPresent ? &forms->plural_present
                 : form == FactForm::kPast  ? &forms->plural_past
                                            : &forms->plural_no_longer;
        break;
    }
    if (!chosen->empty()) return *chosen;
  }
  if (shape == 1) return "";  // pairs only from templates
  const std::string phrase = PredicatePhrase(u, p);
  std::string verb = form == FactForm::kPresent ? phrase
                     : form == FactForm::kPast  ? english::PastPhrase(phrase)
                                                : english::NoLongerPhrase(phrase);
  if (shape == 2) return "{subjects} " + Escape(english::PluralPhrase(verb)) + " {object}";
  return "{subject} " + Escape(verb) + " {object}";
}

ClauseSpec Narrator::FactSpec(FactId f, FactForm form, EntityId first, bool pair) const {
  const Universe& u = v_.universe();
  const Fact& x = u.facts[f];
  const Predicate& pred = u.predicates[x.predicate];
  ClauseSpec spec;
  spec.facts = {f};
  spec.overturned = v_.FactOverturnedForViewer(f);
  EntityId s = x.subject;
  const bool entity_object =
      x.object.kind == ValueKind::kEntity && x.object.entity < u.entities.size();
  EntityId o = entity_object ? x.object.entity : kNone;
  if (pred.symmetric && entity_object && first != kNone && o == first && s != first)
    std::swap(s, o);
  if (pair && pred.symmetric && entity_object && o != s) {
    std::string tpl = PredicateTemplate(x.predicate, form, 1);
    if (!tpl.empty()) {
      spec.tpl = tpl;
      spec.slots["subject"].entities = {s};
      spec.slots["object"].entities = {o};
      return spec;
    }
  }
  spec.tpl = PredicateTemplate(x.predicate, form, 0);
  spec.slots["subject"].entities = {s};
  if (entity_object) {
    spec.slots["object"].entities = {o};
  } else {
    spec.slots["object"].text = ValueProse(x.object);
  }
  return spec;
}

std::vector<ClauseSpec> Narrator::SameSubjectSpecs(const std::vector<FactId>& facts, FactForm form,
                                                   EntityId subject) const {
  const Universe& u = v_.universe();
  std::vector<ClauseSpec> out;
  if (facts.empty()) return out;
  if (subject == kNone) subject = u.facts[facts.front()].subject;
  // Symmetric relations with one other entity, when their pair forms read
  // "{subject} and {object} ...": "Jessica and Luke know each other and are
  // married". Only two or more with the same other entity are merged so.
  const std::string pair_lead = "{subject} and {object} ";
  auto pair_vp = [&](FactId f) -> std::string {
    const Fact& x = u.facts[f];
    if (!u.predicates[x.predicate].symmetric || x.object.kind != ValueKind::kEntity ||
        x.object.entity == x.subject) {
      return "";
    }
    const std::string tpl = PredicateTemplate(x.predicate, form, 1);
    if (tpl.rfind(pair_lead, 0) != 0) return "";
    const std::string vp = tpl.substr(pair_lead.size());
    return TemplateSlots(vp).empty() ? vp : "";
  };
  std::vector<std::pair<EntityId, std::vector<FactId>>> by_other;
  for (FactId f : facts) {
    if (pair_vp(f).empty()) continue;
    const EntityId other =
        u.facts[f].object.entity == subject ? u.facts[f].subject : u.facts[f].object.entity;
    auto it = std::find_if(by_other.begin(), by_other.end(),
                           [&](const auto& g) { return g.first == other; });
    if (it == by_other.end()) {
      by_other.push_back({other, {f}});
    } else {
      it->second.push_back(f);
    }
  }
  std::vector<FactId> rest;
  std::vector<FactId> paired;
  for (const auto& [other, group] : by_other) {
    std::vector<std::string> vps;
    for (FactId f : group) {
      const std::string vp = pair_vp(f);
      if (std::find(vps.begin(), vps.end(), vp) == vps.end()) vps.push_back(vp);
    }
    if (group.size() < 2) continue;
    ClauseSpec spec;
    spec.tpl = pair_lead + english::JoinList(vps);
    spec.slots["subject"].entities = {subject};
    spec.slots["object"].entities = {other};
    spec.facts = group;
    out.push_back(std::move(spec));
    paired.insert(paired.end(), group.begin(), group.end());
  }
  for (FactId f : facts) {
    if (std::find(paired.begin(), paired.end(), f) == paired.end()) rest.push_back(f);
  }
  // Group the rest by predicate, keeping first-appearance order.
  std::vector<std::pair<PredicateId, std::vector<FactId>>> groups;
  for (FactId f : rest) {
    const PredicateId p = u.facts[f].predicate;
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == p; });
    if (it == groups.end()) {
      groups.push_back({p, {f}});
    } else {
      it->second.push_back(f);
    }
  }
  ClauseSpec merged;
  merged.slots["subject"].entities = {subject};
  std::vector<std::string> verb_phrases;
  std::vector<ClauseSpec> separate;
  int slot_no = 0;
  for (const auto& [p, group] : groups) {
    const std::string tpl = PredicateTemplate(p, form, 0);
    const std::string lead = "{subject} ";
    std::vector<std::string> slots = TemplateSlots(tpl);
    bool mergeable = tpl.rfind(lead, 0) == 0 &&
                     std::count(slots.begin(), slots.end(), "object") == 1 &&
                     std::count(slots.begin(), slots.end(), "subject") == 1;
    // Objects must be all entities or all values to share a list.
    size_t entity_objects = 0;
    for (FactId f : group) {
      const Fact& x = u.facts[f];
      if (x.object.kind == ValueKind::kEntity && x.object.entity < u.entities.size())
        ++entity_objects;
    }
    mergeable = mergeable && (entity_objects == 0 || entity_objects == group.size());
    if (!mergeable) {
      for (FactId f : group) separate.push_back(FactSpec(f, form, subject, false));
      continue;
    }
    const std::string name = "o" + std::to_string(++slot_no);
    std::string vp = tpl.substr(lead.size());
    vp.replace(vp.find("{object}"), 8, "{" + name + "}");
    verb_phrases.push_back(vp);
    ClauseSpec::Binding& b = merged.slots[name];
    std::vector<std::string> texts;
    for (FactId f : group) {
      const Fact& x = u.facts[f];
      if (entity_objects > 0) {
        const EntityId o = x.object.entity == subject ? x.subject : x.object.entity;
        if (std::find(b.entities.begin(), b.entities.end(), o) == b.entities.end()) {
          b.entities.push_back(o);
        }
      } else {
        std::string t = ValueProse(x.object);
        if (std::find(texts.begin(), texts.end(), t) == texts.end()) texts.push_back(t);
      }
      merged.facts.push_back(f);
    }
    if (entity_objects == 0) b.text = english::JoinList(texts);
  }
  if (!verb_phrases.empty()) {
    merged.tpl = "{subject} " + english::JoinList(verb_phrases);
    out.push_back(std::move(merged));
  }
  out.insert(out.end(), separate.begin(), separate.end());
  return out;
}

ClauseSpec Narrator::SameObjectSpec(const std::vector<FactId>& facts, FactForm form) const {
  const Universe& u = v_.universe();
  if (facts.size() == 1) return FactSpec(facts[0], form, kNone, true);
  const Fact& first = u.facts[facts.front()];
  ClauseSpec spec;
  spec.tpl = PredicateTemplate(first.predicate, form, 2);
  for (FactId f : facts) {
    EntityId s = u.facts[f].subject;
    auto& subjects = spec.slots["subjects"].entities;
    if (std::find(subjects.begin(), subjects.end(), s) == subjects.end()) subjects.push_back(s);
    spec.facts.push_back(f);
  }
  if (first.object.kind == ValueKind::kEntity) {
    spec.slots["object"].entities = {first.object.entity};
  } else {
    spec.slots["object"].text = ValueProse(first.object);
  }
  return spec;
}

std::vector<ClauseSpec> Narrator::StateSpecs(const std::vector<FactId>& facts, FactForm form,
                                             EntityId first) const {
  const Universe& u = v_.universe();
  // The subject a fact is told from: `first` when it is the other side of a
  // symmetric relation.
  auto told_subject = [&](FactId f) {
    const Fact& x = u.facts[f];
    if (first != kNone && u.predicates[x.predicate].symmetric &&
        x.object.kind == ValueKind::kEntity && x.object.entity == first) {
      return first;
    }
    return x.subject;
  };
  // 1. Non-symmetric facts by (predicate, object), with two or more subjects.
  struct Shared {
    PredicateId predicate;
    Value object;
    std::vector<EntityId> subjects;
    std::vector<FactId> facts;
  };
  std::vector<Shared> shared;
  for (FactId f : facts) {
    const Fact& x = u.facts[f];
    if (u.predicates[x.predicate].symmetric) continue;
    auto it = std::find_if(shared.begin(), shared.end(), [&](const Shared& s) {
      return s.predicate == x.predicate && s.object == x.object;
    });
    if (it == shared.end()) {
      shared.push_back({x.predicate, x.object, {x.subject}, {f}});
    } else {
      if (std::find(it->subjects.begin(), it->subjects.end(), x.subject) == it->subjects.end()) {
        it->subjects.push_back(x.subject);
      }
      it->facts.push_back(f);
    }
  }
  std::erase_if(shared, [](const Shared& s) { return s.subjects.size() < 2; });
  // 2. Groups with the same predicate and subjects list their objects together.
  struct Merged {
    PredicateId predicate;
    std::vector<EntityId> subjects;  // in first-appearance order
    std::vector<Value> objects;
    std::vector<FactId> facts;
    size_t first;  // position of its first fact in `facts`
  };
  auto position = [&](FactId f) {
    return static_cast<size_t>(std::find(facts.begin(), facts.end(), f) - facts.begin());
  };
  std::vector<Merged> merged;
  for (const Shared& s : shared) {
    std::vector<EntityId> sorted = s.subjects;
    std::sort(sorted.begin(), sorted.end());
    auto it = std::find_if(merged.begin(), merged.end(), [&](const Merged& m) {
      std::vector<EntityId> other = m.subjects;
      std::sort(other.begin(), other.end());
      return m.predicate == s.predicate && other == sorted &&
             (m.objects.front().kind == ValueKind::kEntity) ==
                 (s.object.kind == ValueKind::kEntity);
    });
    size_t first = facts.size();
    for (FactId f : s.facts) first = std::min(first, position(f));
    if (it == merged.end()) {
      merged.push_back({s.predicate, s.subjects, {s.object}, s.facts, first});
    } else {
      it->objects.push_back(s.object);
      it->facts.insert(it->facts.end(), s.facts.begin(), s.facts.end());
      it->first = std::min(it->first, first);
    }
  }
  std::vector<std::pair<size_t, ClauseSpec>> out;
  std::vector<FactId> told;
  for (const Merged& m : merged) {
    ClauseSpec spec;
    spec.tpl = PredicateTemplate(m.predicate, form, 2);
    spec.slots["subjects"].entities = m.subjects;
    ClauseSpec::Binding& object = spec.slots["object"];
    std::vector<std::string> texts;
    for (const Value& val : m.objects) {
      if (val.kind == ValueKind::kEntity) {
        object.entities.push_back(val.entity);
      } else {
        texts.push_back(ValueProse(val));
      }
    }
    if (object.entities.empty()) object.text = english::JoinList(texts);
    spec.facts = m.facts;
    told.insert(told.end(), m.facts.begin(), m.facts.end());
    out.push_back({m.first, std::move(spec)});
  }
  // 3. The rest, by subject.
  std::vector<std::pair<EntityId, std::vector<FactId>>> by_subject;
  for (FactId f : facts) {
    if (std::find(told.begin(), told.end(), f) != told.end()) continue;
    const EntityId s = told_subject(f);
    auto it = std::find_if(by_subject.begin(), by_subject.end(),
                           [&](const auto& g) { return g.first == s; });
    if (it == by_subject.end()) {
      by_subject.push_back({s, {f}});
    } else {
      it->second.push_back(f);
    }
  }
  for (const auto& [subject, group] : by_subject) {
    const size_t first_pos = position(group.front());
    if (group.size() == 1) {
      out.push_back({first_pos, FactSpec(group.front(), form, subject, true)});
      continue;
    }
    for (ClauseSpec& spec : SameSubjectSpecs(group, form, subject)) {
      out.push_back({first_pos, std::move(spec)});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<ClauseSpec> specs;
  specs.reserve(out.size());
  for (auto& [pos, spec] : out) specs.push_back(std::move(spec));
  return specs;
}

ClauseSpec Narrator::EventSpec(EventId e, bool past) const {
  const Universe& u = v_.universe();
  const Event& ev = u.events[e];
  ClauseSpec spec;
  spec.events = {e};
  spec.overturned = v_.EventOverturnedForViewer(e);
  // A title is the writer's own sentence and is used as it is, unless it is
  // a short name ("Reva's death", "The Red Wedding") that does not say what
  // happens: then it leads the kind's sentence ("Reva's death: Jessica Jones
  // kills Reva Connors").
  const bool use_title = t_.event_titles() && !ev.title.empty();
  auto literal_title = [&]() {
    spec.slots.clear();
    spec.literal = true;
    spec.titled = true;
    spec.tpl = english::StripEnd(ev.title);
    return spec;
  };
  std::string tpl;
  if (const EventForms* forms = t_.Event(ev.kind)) {
    tpl = past && !forms->past.empty() ? forms->past : forms->present;
  }
  auto holders = [&](std::string_view role) {
    std::vector<EntityId> out;
    for (const Role& r : ev.roles) {
      if (r.role == role && r.entity < u.entities.size()) out.push_back(r.entity);
    }
    return out;
  };
  // Binds the role slots of `tpl`; false when a holder is missing.
  std::vector<std::pair<std::string, size_t>> consumed;  // (role, index)
  bool all_consumed = false;
  auto bind = [&](const std::string& candidate) {
    spec.slots.clear();
    consumed.clear();
    all_consumed = false;
    for (const std::string& slot : TemplateSlots(candidate)) {
      if (slot.rfind("role:", 0) != 0) return false;
      std::string rest = slot.substr(5);
      if (rest == "*") {
        std::vector<EntityId> all;
        for (const Role& r : ev.roles) {
          if (r.entity < u.entities.size() &&
              std::find(all.begin(), all.end(), r.entity) == all.end()) {
            all.push_back(r.entity);
          }
        }
        if (all.empty()) return false;
        spec.slots[slot].entities = all;
        all_consumed = true;
        continue;
      }
      size_t index = 0;
      size_t hash = rest.find('#');
      if (hash != std::string::npos) {
        index = static_cast<size_t>(std::stoi(rest.substr(hash + 1))) - 1;
        rest = rest.substr(0, hash);
      }
      std::vector<EntityId> hs = holders(rest);
      if (index >= hs.size()) return false;
      spec.slots[slot].entities = {hs[index]};
      consumed.push_back({rest, index});
    }
    return true;
  };
  bool ok = !tpl.empty() && bind(tpl);
  bool says_what = ok;  // a template for the kind, or the headline verb
  if (!ok) {
    const std::vector<EntityId> agents = holders("agent");
    if (!ev.kind.empty() && !agents.empty()) {
      const std::string verb = past ? english::PastPhrase(Spaced(ev.kind)) : Spaced(ev.kind);
      tpl = "{role:agent} " + Escape(verb) + (holders("patient").empty() ? "" : " {role:patient}");
      ok = bind(tpl);
      says_what = ok;
    }
  }
  if (!ok && !ev.title.empty()) return literal_title();
  if (use_title) {
    if (!says_what || !TitleIsName(ev.title, tpl)) return literal_title();
    tpl = Escape(english::StripEnd(ev.title)) + ": " + tpl;
    spec.titled = true;
  }
  if (!ok) {
    const std::string kind = Spaced(ev.kind.empty() ? ev.id : ev.kind);
    tpl = FillTemplate(t_.Text("generic_event"), [&](std::string_view slot) -> std::string {
      return slot == "kind" ? Escape(kind) : "{role:*}";
    });
    ok = bind(tpl);
    if (!ok) {  // no participants at all
      spec.slots.clear();
      spec.literal = true;
      spec.tpl = kind;
      return spec;
    }
  }
  // Roles the template did not use, as phrases: ", under the control of Kilgrave".
  if (!all_consumed) {
    std::vector<std::string> order;
    std::map<std::string, std::vector<EntityId>> extra;
    std::map<std::string, size_t> seen_index;
    for (const Role& r : ev.roles) {
      if (r.entity >= u.entities.size()) continue;
      const size_t index = seen_index[r.role]++;
      if (std::find(consumed.begin(), consumed.end(), std::make_pair(r.role, index)) !=
          consumed.end()) {
        continue;
      }
      if (!extra.count(r.role)) order.push_back(r.role);
      auto& list = extra[r.role];
      if (std::find(list.begin(), list.end(), r.entity) == list.end()) list.push_back(r.entity);
    }
    int n = 0;
    for (const std::string& role : order) {
      const RoleForms& forms = t_.Role(role);
      const std::vector<EntityId>& who = extra[role];
      const std::string slot = "x" + std::to_string(++n);
      std::string phrase = FillTemplate(who.size() == 1 ? forms.one : forms.many,
                                        [&](std::string_view s) -> std::string {
                                          if (s == "role") return Escape(Spaced(role));
                                          return "{" + slot + "}";
                                        });
      tpl += ", " + phrase;
      spec.slots[slot].entities = who;
    }
  }
  spec.tpl = tpl;
  return spec;
}

std::string Narrator::Render(const ClauseSpec& spec, std::vector<FactId>* extra,
                             bool* lead_pronoun) {
  *lead_pronoun = false;
  if (spec.literal) {
    last_subject_ = kNone;
    return spec.tpl;
  }
  // The leading subject: a template that starts with a single-entity slot.
  EntityId lead = kNone;
  std::string first_slot;
  if (!spec.tpl.empty() && spec.tpl[0] == '{' && (spec.tpl.size() < 2 || spec.tpl[1] != '{')) {
    std::vector<std::string> slots = TemplateSlots(spec.tpl);
    if (!slots.empty()) {
      first_slot = slots[0];
      auto it = spec.slots.find(first_slot);
      if (it != spec.slots.end() && it->second.entities.size() == 1) lead = it->second.entities[0];
    }
  }
  const std::string pronoun_key = lead != kNone ? PronounKey(lead) : "";
  const PronounForms* pronoun = pronoun_key.empty() ? nullptr : t_.Pronoun(pronoun_key);
  const bool use_pronoun = t_.pronouns() && lead != kNone && lead == last_subject_ &&
                           pronoun != nullptr && mentioned_[lead];
  auto fill = [&](std::string_view slot) -> std::string {
    auto it = spec.slots.find(slot);
    if (it == spec.slots.end()) return "";
    const ClauseSpec::Binding& b = it->second;
    if (b.entities.empty()) return b.text;
    std::vector<std::string> names;
    for (EntityId e : b.entities) names.push_back(Mention(e, extra));
    return english::JoinList(names);
  };
  std::string out;
  if (use_pronoun) {
    const size_t close = spec.tpl.find('}');
    std::string rest = FillTemplate(std::string_view(spec.tpl).substr(close + 1), fill);
    if (!rest.empty() && rest[0] == ' ') rest = english::AgreeWith(rest.substr(1), pronoun->plural);
    out = pronoun->subject + (rest.empty() ? "" : " " + rest);
    *lead_pronoun = true;
  } else {
    out = FillTemplate(spec.tpl, fill);
  }
  last_subject_ = lead;
  return out;
}

std::vector<RevealPoint> Narrator::Cite(const std::vector<FactId>& facts,
                                        const std::vector<EventId>& events, bool overturned) const {
  const Universe& u = v_.universe();
  std::vector<RevealPoint> points;
  for (FactId f : facts) {
    for (const RevealPoint& p : v_.FactReveals(f)) points.push_back(p);
    if (overturned && v_.FactOverturnedForViewer(f)) {
      for (const RevealPoint& p : v_.FactOverturns(f)) points.push_back(p);
    }
  }
  for (EventId e : events) {
    for (const RevealPoint& p : v_.EventReveals(e)) points.push_back(p);
    if (overturned && v_.EventOverturnedForViewer(e)) {
      for (const RevealPoint& p : v_.EventOverturns(e)) points.push_back(p);
    }
  }
  std::stable_sort(points.begin(), points.end(), [&](const RevealPoint& a, const RevealPoint& b) {
    return std::make_tuple(KeyOf(u, a), a.work) < std::make_tuple(KeyOf(u, b), b.work);
  });
  std::vector<RevealPoint> out;
  for (const RevealPoint& p : points) {
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  return out;
}

StorySentence Narrator::Say(const ClauseSpec& spec, std::string_view wrapper) {
  StorySentence s;
  s.facts = spec.facts;
  s.events = spec.events;
  bool pronoun = false;
  std::string clause = Render(spec, &s.facts, &pronoun);
  if (!wrapper.empty() && !t_.Text(wrapper).empty()) {
    const std::string inner = english::StripEnd(clause);
    clause = FillTemplate(t_.Text(wrapper), [&](std::string_view slot) -> std::string {
      return slot == "clause" ? inner : "";
    });
  }
  s.text = english::EndSentence(english::Capitalize(clause));
  s.cited = Cite(s.facts, s.events, spec.overturned);
  return s;
}

StorySentence Narrator::Phrase(const ClauseSpec& spec) {
  StorySentence s;
  s.facts = spec.facts;
  s.events = spec.events;
  bool pronoun = false;
  const EntityId saved = last_subject_;
  last_subject_ = kNone;  // never a pronoun in a cell
  s.text = english::StripEnd(Render(spec, &s.facts, &pronoun));
  last_subject_ = saved;
  s.cited = Cite(s.facts, s.events, spec.overturned);
  return s;
}

FactIdNames::FactIdNames(const View& v) : v_(v) {
  const Universe& u = v.universe();
  std::map<std::string, uint32_t> counts;
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (!v.FactVisible(f) || !u.facts[f].label.empty()) continue;
    const uint32_t n = ++counts[Name(f)];
    if (n > 1) ordinal_[f] = n;
  }
}

std::string FactIdNames::Name(FactId f) const {
  const Universe& u = v_.universe();
  const Fact& x = u.facts[f];
  const std::string continuity =
      x.continuity < u.continuities.size() ? u.continuities[x.continuity].id + ":" : "";
  if (!x.label.empty()) return continuity + x.label;
  std::string object;
  switch (x.object.kind) {
    case ValueKind::kEntity:
      object = x.object.entity < u.entities.size() ? u.QualifiedId(x.object.entity) : "?";
      break;
    case ValueKind::kString:
      object = QuoteString(x.object.text);
      break;
    default:
      object = ValueText(u, x.object);
      break;
  }
  std::string out = u.QualifiedId(x.subject) + " " + u.predicates[x.predicate].name + " " + object;
  auto it = ordinal_.find(f);
  if (it != ordinal_.end()) out += " #" + std::to_string(it->second);
  return out;
}

}  // namespace canon
