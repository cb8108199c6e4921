// `canon import got-show`: Jeffrey Lancaster's Game of Thrones dataset
// (episodes.json, characters.json, characters-groups.json) as the `got`
// continuity. The mapping of every field, and what is lost, is documented in
// docs/importers.md; the rules that need judgement are stated where they are
// applied below.
//
// Pipeline: (1) stream episodes.json one episode at a time into compact scene
// and character-in-scene records; (2) read the small character and group
// files; (3) resolve names (merging "Young X" into X), give every character an
// id; (4) walk the scenes in airing order with a per-character state machine
// (alive, unborn, dead) that turns records into appearances and events
// (deaths, returns, births, weddings); (5) reveal the static relations of
// characters.json at the first scene that shows both parties; (6) write the
// text and put it in canonical form with the language's own printer.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.h"
#include "import/common.h"
#include "import/format.h"
#include "import/ids.h"
#include "import/importers.h"
#include "import/json_stream.h"

namespace canon::import {
namespace {

constexpr char kEpisodesFile[] = "episodes.json";
constexpr char kCharactersFile[] = "characters.json";
constexpr char kGroupsFile[] = "characters-groups.json";
constexpr uint32_t kNoIndex = 0xFFFFFFFFu;

enum class SceneKind : uint8_t { kPresent, kFlashback, kGreensight, kWarg };

struct Episode {
  int season = 0;
  int number = 0;
  std::string title;
  std::string air_date;  // "2011-04-17" or "" when missing or malformed
  size_t json_index = 0;
  uint32_t first_scene = 0;
  uint32_t end_scene = 0;
  std::string Path() const {
    return "got.s" + std::to_string(season) + "e" + std::to_string(number);
  }
};

struct Scene {
  uint32_t episode = 0;
  uint32_t json_index = 0;  // index in the episode's scenes[]
  int32_t start = 0;        // seconds into the episode
  SceneKind kind = SceneKind::kPresent;
  bool young = false;  // shows a character named "Young ..." or "Baby ..."
  uint32_t first_record = 0;
  uint32_t end_record = 0;
};

// One character in one scene.
struct Record {
  uint32_t scene = 0;
  uint32_t json_index = 0;        // index in the scene's characters[]
  uint32_t raw = 0;               // raw name
  uint32_t ch = kNoIndex;         // character, after merging
  bool dead = false;              // "alive": false
  bool unborn = false;            // "born": false
  std::string manner;             // mannerOfDeath
  std::vector<uint32_t> killers;  // raw names (killedBy)
  bool married = false;
  uint32_t married_to = 0;   // raw name
  std::string married_when;  // past | present | future
};

// One entry of characters.json.
struct CharInfo {
  std::string name;
  size_t json_index = 0;
  std::vector<std::string> houses;
  std::string nickname;
  std::string actor;
  struct Actor {
    std::string name;
    std::vector<int> seasons;
  };
  std::vector<Actor> actors;
  bool kingsguard = false;
  // Relation field (normalised: `sibling` reads as `siblings`) -> names.
  struct Relation {
    std::string field;
    std::vector<std::string> names;
    std::string key;  // as spelled in the data, for record paths
  };
  std::vector<Relation> relations;
};

struct Character {
  std::string name;
  std::string id;
  int info = -1;                 // index into infos
  std::vector<uint32_t> scenes;  // ascending, unique
  std::vector<std::string> aliases;
  std::set<std::string> groups;     // group ids
  bool declared_as_killer = false;  // only known as a killer's name
};

// The relation fields of characters.json: predicate, and whether the listed
// names are the subject (`parents`: each parent is parent_of this one).
struct RelationField {
  const char* field;
  const char* predicate;
  bool listed_is_subject;
  bool symmetric;
};
constexpr RelationField kRelationFields[] = {
    {"parents", "parent_of", true, false},
    {"parentOf", "parent_of", false, false},
    {"siblings", "sibling_of", false, true},
    {"marriedEngaged", "married_or_engaged", false, true},
    {"killed", "killed", false, false},
    {"killedBy", "killed", true, false},
    {"allies", "allied_with", false, true},
    {"serves", "serves", false, false},
    {"servedBy", "serves", true, false},
    {"guardianOf", "guardian_of", false, false},
    {"guardedBy", "guardian_of", true, false},
    {"abducted", "abducted", false, false},
    {"abductedBy", "abducted", true, false},
};

const RelationField* FindRelationField(std::string_view field) {
  for (const RelationField& f : kRelationFields) {
    if (field == f.field) return &f;
  }
  return nullptr;
}

// Fields of characters.json that are read, or knowingly not imported
// (links and images are web addresses; royal has no predicate).
const std::unordered_set<std::string>& KnownCharacterFields() {
  static const std::unordered_set<std::string> kKnown = {
      "characterName",       "characterLink",      "actorName", "actorLink",
      "characterImageThumb", "characterImageFull", "houseName", "royal",
      "kingsguard",          "nickname",           "actors"};
  return kKnown;
}

bool HasYoungPrefix(std::string_view name) {
  return name.rfind("Young ", 0) == 0 || name.rfind("Baby ", 0) == 0;
}

std::string StripYoungPrefix(std::string_view name) {
  if (name.rfind("Young ", 0) == 0) return std::string(name.substr(6));
  if (name.rfind("Baby ", 0) == 0) return std::string(name.substr(5));
  return std::string(name);
}

std::string FirstWord(std::string_view s) {
  size_t sp = s.find(' ');
  return std::string(sp == std::string_view::npos ? s : s.substr(0, sp));
}

std::string LastWord(std::string_view s) {
  size_t sp = s.rfind(' ');
  return std::string(sp == std::string_view::npos ? s : s.substr(sp + 1));
}

// Everything the importer builds; one per run.
class GotImporter {
 public:
  GotImporter(const ImportOptions& options, ImportLog& log) : options_(options), log_(log) {}

  // Steps 1-3; enough for LoadGotShowNames.
  Status Load();
  // Steps 4-6.
  Result<ImportResult> Build();
  GotShowNames Names() const;

 private:
  // --- step 1: episodes.json ---
  void ReadEpisode(size_t index, const Json& ep);
  uint32_t Intern(const std::string& name);
  std::string EpisodeRecord(size_t ep_json) const {
    return "episodes[" + std::to_string(ep_json) + "]";
  }
  std::string SceneRecord(const Scene& s) const {
    return EpisodeRecord(episodes_[s.episode].json_index) + ".scenes[" +
           std::to_string(s.json_index) + "]";
  }
  std::string RecordPath(const Record& r) const {
    return SceneRecord(scenes_[r.scene]) + ".characters[" + std::to_string(r.json_index) + "]";
  }
  // --- step 2 ---
  Status ReadCharacters();
  Status ReadGroups();
  // --- step 3 ---
  void ResolveNames();
  uint32_t NewCharacter(const std::string& name);
  // A name from a relation, killer or marriage record -> character, or
  // kNoIndex. Exact (after merges), else a unique match of MakeId().
  uint32_t Lookup(const std::string& name) const;
  void AssignIds();
  // --- step 4 ---
  void Walk();
  void WalkScene(uint32_t s);
  std::string Point(uint32_t scene) const;
  std::string Placement(const Scene& s) const;
  void DeathEvent(const Record& r, const std::string& id, const std::string& same_as);
  void Marriage(const Record& r);
  // --- step 5 ---
  void StaticRelations();
  uint32_t FirstSharedScene(uint32_t a, uint32_t b) const;
  // --- step 6 ---
  std::string Emit() const;

  const ImportOptions& options_;
  ImportLog& log_;
  SourceInfo source_;

  std::vector<Episode> episodes_;
  std::vector<Scene> scenes_;
  std::vector<Record> records_;
  std::vector<std::string> raw_names_;
  std::unordered_map<std::string, uint32_t> raw_index_;
  std::vector<CharInfo> infos_;
  std::unordered_map<std::string, size_t> info_index_;
  struct Group {
    std::string name;  // display name ("House Stark", "Night's Watch")
    std::string id;
  };
  std::vector<Group> groups_;
  std::unordered_map<std::string, size_t> group_index_;  // display name -> index
  // characters-groups.json memberships: group display name -> member names.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, size_t>>>> group_lists_;
  size_t group_file_groups_ = 0;

  std::vector<Character> chars_;
  std::unordered_map<std::string, uint32_t> char_by_name_;  // canonical names
  std::unordered_map<std::string, uint32_t> char_by_fold_;  // MakeId(name); kNoIndex if 2+
  std::vector<uint32_t> raw_to_char_;
  std::vector<uint32_t> first_scene_of_raw_;
  std::unordered_map<std::string, std::string> merged_into_;  // raw "Young X" -> "X"
  std::vector<std::string> people_;                           // actor names, in first-use order
  std::unordered_map<std::string, std::string> person_id_;
  IdAllocator entity_ids_;
  IdAllocator event_ids_;

  // --- walk state ---
  enum class Life : uint8_t { kUnknown, kAlive, kUnborn, kDead };
  struct State {
    Life life = Life::kUnknown;
    std::string last_death;     // event id
    std::string last_return;    // event id
    std::string stretch_death;  // the death that began the current dead stretch
    std::string birth;          // birth event id, once born
    uint32_t death_episode = 0;
    std::string death_point;  // where the last death is revealed
    bool warned_since_death = false;
    bool seen_present = false;
    bool status_alive = false;  // nested `status alive`: first present record alive
  };
  std::vector<State> state_;
  std::vector<uint32_t> last_alive_episode_;         // per character, kNoIndex if none
  std::vector<std::vector<uint32_t>> alive_scenes_;  // present scenes seen alive, ascending
  bool AliveLaterInEpisode(uint32_t ch, uint32_t scene) const {
    const std::vector<uint32_t>& v = alive_scenes_[ch];
    auto it = std::upper_bound(v.begin(), v.end(), scene);
    return it != v.end() && *it < episodes_[scenes_[scene].episode].end_scene;
  }
  std::vector<uint32_t> birth_episode_;        // per character, kNoIndex if never born on screen
  std::unordered_set<size_t> present_deaths_;  // flashback death records placed in the present
  struct OpenBond {
    uint32_t a, b;
    std::string predicate;  // married_to | engaged_to
  };
  std::vector<OpenBond> open_bonds_;
  // (victim, killer) pairs the scenes already account for.
  std::set<std::pair<uint32_t, uint32_t>> scene_kills_;
  std::map<uint32_t, std::vector<uint32_t>> scene_killers_of_;  // victim -> killers (all deaths)

  // Output, per episode: lines in reveal order.
  std::vector<std::string> episode_text_;
  std::string relations_text_;
  size_t n_appearances_ = 0, n_deaths_ = 0, n_returns_ = 0, n_births_ = 0, n_weddings_ = 0,
         n_relations_ = 0;
};

uint32_t GotImporter::Intern(const std::string& name) {
  auto [it, inserted] = raw_index_.emplace(name, static_cast<uint32_t>(raw_names_.size()));
  if (inserted) raw_names_.push_back(name);
  return it->second;
}

// ---------------------------------------------------------------- step 1

void GotImporter::ReadEpisode(size_t index, const Json& ep) {
  const std::string where = EpisodeRecord(index);
  long long season = 0, number = 0;
  if (!ep.is_object() || !GetInt(ep, "seasonNum", &season) || !GetInt(ep, "episodeNum", &number) ||
      season <= 0 || number <= 0 || season > 1000 || number > 1000) {
    log_.Report(DiagId::kImportError, kEpisodesFile, where,
                "an episode without a positive `seasonNum` and `episodeNum`: skipped",
                "every episode needs both numbers");
    return;
  }
  Episode e;
  e.season = static_cast<int>(season);
  e.number = static_cast<int>(number);
  e.json_index = index;
  if (!episodes_.empty()) {
    const Episode& prev = episodes_.back();
    if (std::pair(e.season, e.number) <= std::pair(prev.season, prev.number)) {
      log_.Report(DiagId::kImportError, kEpisodesFile, where,
                  "episode S" + std::to_string(e.season) + "E" + std::to_string(e.number) +
                      " comes after S" + std::to_string(prev.season) + "E" +
                      std::to_string(prev.number) + " (a repeat, or not in airing order): skipped",
                  "episodes must be listed once each, in airing order");
      return;
    }
  }
  if (!GetString(ep, "episodeTitle", &e.title)) {
    log_.Report(DiagId::kImportWarning, kEpisodesFile, where + ".episodeTitle",
                "episode without a title");
  }
  std::string date;
  if (GetString(ep, "episodeAirDate", &date) && date.size() == 10 && date[4] == '-' &&
      date[7] == '-') {
    e.air_date = date;
  } else {
    log_.Report(DiagId::kImportWarning, kEpisodesFile, where + ".episodeAirDate",
                "episode without a YYYY-MM-DD air date: imported without `released`",
                "its release order then follows its parent's date and the file order");
  }
  // episodeDescription (an IMDb synopsis), episodeLink and
  // openingSequenceLocations are not imported.
  const uint32_t ep_index = static_cast<uint32_t>(episodes_.size());
  e.first_scene = static_cast<uint32_t>(scenes_.size());
  const Json* scenes = Field(ep, "scenes");
  if (!scenes || !scenes->is_array()) {
    log_.Report(DiagId::kImportWarning, kEpisodesFile, where,
                "episode without a `scenes` array: imported without scenes");
  } else {
    int32_t last_start = -1;
    for (size_t si = 0; si < scenes->size(); ++si) {
      const Json& sj = (*scenes)[si];
      const std::string swhere = where + ".scenes[" + std::to_string(si) + "]";
      std::string start_text;
      Scene sc;
      sc.episode = ep_index;
      sc.json_index = static_cast<uint32_t>(si);
      if (!GetString(sj, "sceneStart", &start_text) || !ParseTimecode(start_text, &sc.start)) {
        log_.Report(DiagId::kImportError, kEpisodesFile, swhere,
                    "a scene without a readable `sceneStart` (H:MM:SS): skipped",
                    "a scene's start is its reveal point");
        continue;
      }
      if (sc.start < last_start) {
        log_.Report(DiagId::kImportWarning, kEpisodesFile, swhere,
                    "scene starts at " + start_text + ", before the scene above it",
                    "reveal points follow the timecodes, not the order in the file");
      }
      last_start = sc.start;
      bool flag = false;
      int kinds = 0;
      if (GetBool(sj, "flashback", &flag) && flag) sc.kind = SceneKind::kFlashback, ++kinds;
      if (GetBool(sj, "greensight", &flag) && flag) {
        if (!kinds) sc.kind = SceneKind::kGreensight;
        ++kinds;
      }
      if (GetBool(sj, "warg", &flag) && flag) {
        if (!kinds) sc.kind = SceneKind::kWarg;
        ++kinds;
      }
      if (kinds > 1) {
        log_.Report(DiagId::kImportWarning, kEpisodesFile, swhere,
                    "a scene marked with more than one of flashback, greensight and warg: "
                    "placed as the first of those");
      }
      sc.first_record = static_cast<uint32_t>(records_.size());
      const Json* chars = Field(sj, "characters");
      if (chars && chars->is_array()) {
        std::unordered_set<std::string> in_scene;
        for (size_t ci = 0; ci < chars->size(); ++ci) {
          const Json& cj = (*chars)[ci];
          const std::string cwhere = swhere + ".characters[" + std::to_string(ci) + "]";
          Record r;
          r.scene = static_cast<uint32_t>(scenes_.size());
          r.json_index = static_cast<uint32_t>(ci);
          std::string name;
          if (!GetString(cj, "name", &name) || name.empty()) {
            log_.Report(DiagId::kImportError, kEpisodesFile, cwhere,
                        "a character in a scene without a `name`: skipped");
            continue;
          }
          if (!in_scene.insert(name).second) {
            log_.Report(DiagId::kImportWarning, kEpisodesFile, cwhere,
                        "`" + name + "` is listed twice in one scene: the repeat is ignored");
            continue;
          }
          r.raw = Intern(name);
          if (HasYoungPrefix(name)) sc.young = true;
          bool b = true;
          if (GetBool(cj, "alive", &b) && !b) r.dead = true;
          if (GetBool(cj, "born", &b) && !b) r.unborn = true;
          GetString(cj, "mannerOfDeath", &r.manner);
          for (const std::string& k : GetStringList(cj, "killedBy")) {
            if (!k.empty()) r.killers.push_back(Intern(k));
          }
          if ((!r.manner.empty() || !r.killers.empty()) && !r.dead) {
            log_.Report(DiagId::kImportWarning, kEpisodesFile, cwhere,
                        "`" + name +
                            "` has a manner of death or a killer but is not marked "
                            "`alive: false`: no death imported",
                        "a death is a record with `alive: false`");
          }
          if (const Json* m = Field(cj, "married")) {
            std::string to, when;
            if (GetString(*m, "to", &to) && GetString(*m, "when", &when) &&
                (when == "past" || when == "present" || when == "future") && !to.empty()) {
              r.married = true;
              r.married_to = Intern(to);
              r.married_when = when;
            } else {
              log_.Report(DiagId::kImportError, kEpisodesFile, cwhere + ".married",
                          "a marriage without `to` and `when` (past, present or future): "
                          "skipped");
            }
          }
          // title, weapon and sex are not imported (docs/importers.md).
          records_.push_back(std::move(r));
        }
      } else {
        log_.Report(DiagId::kImportWarning, kEpisodesFile, swhere,
                    "a scene without a `characters` array: imported with nobody in it");
      }
      sc.end_record = static_cast<uint32_t>(records_.size());
      scenes_.push_back(sc);
    }
  }
  e.end_scene = static_cast<uint32_t>(scenes_.size());
  episodes_.push_back(std::move(e));
}

// ---------------------------------------------------------------- step 2

Status GotImporter::ReadCharacters() {
  const std::string path = JoinPath(options_.source, kCharactersFile);
  return StreamJsonArray(path, "characters", nullptr, [&](size_t index, const Json& cj) {
    const std::string where = "characters[" + std::to_string(index) + "]";
    CharInfo info;
    info.json_index = index;
    if (!GetString(cj, "characterName", &info.name) || info.name.empty()) {
      log_.Report(DiagId::kImportError, kCharactersFile, where,
                  "a character without a `characterName`: skipped");
      return;
    }
    if (info_index_.count(info.name)) {
      log_.Report(DiagId::kImportWarning, kCharactersFile, where,
                  "`" + info.name + "` is listed twice: the repeat is ignored");
      return;
    }
    info.houses = GetStringList(cj, "houseName");
    GetString(cj, "nickname", &info.nickname);
    GetString(cj, "actorName", &info.actor);
    GetBool(cj, "kingsguard", &info.kingsguard);
    if (const Json* actors = Field(cj, "actors"); actors && actors->is_array()) {
      for (const Json& a : *actors) {
        CharInfo::Actor actor;
        if (!GetString(a, "actorName", &actor.name) || actor.name.empty()) continue;
        if (const Json* seasons = Field(a, "seasonsActive"); seasons && seasons->is_array()) {
          for (const Json& s : *seasons) {
            if (s.is_number_integer()) actor.seasons.push_back(s.get<int>());
          }
        }
        info.actors.push_back(std::move(actor));
      }
    }
    for (auto it = cj.begin(); it != cj.end(); ++it) {
      const std::string& key = it.key();
      std::string field = key;
      if (!FindRelationField(key)) {
        if (KnownCharacterFields().count(key)) continue;
        if (key == "sibling") {
          field = "siblings";
          log_.Report(DiagId::kImportWarning, kCharactersFile, where + ".sibling",
                      "`" + info.name + "` has a field `sibling`: read as `siblings`",
                      "the other characters spell it `siblings`");
        } else {
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportWarning, kCharactersFile, where + "." + key,
                      "unknown field `" + key + "`: not imported");
          // NOLINTEND(performance-inefficient-string-concatenation)
          continue;
        }
      }
      size_t bad = 0;
      std::vector<std::string> names = GetStringList(cj, key, &bad);
      if (bad) {
        // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
        log_.Report(DiagId::kImportWarning, kCharactersFile, where + "." + key,
                    std::to_string(bad) + " entries of `" + key + "` are not names: skipped");
        // NOLINTEND(performance-inefficient-string-concatenation)
      }
      info.relations.push_back({field, std::move(names), key});
    }
    info_index_.emplace(info.name, infos_.size());
    infos_.push_back(std::move(info));
  });
}

Status GotImporter::ReadGroups() {
  const std::string path = JoinPath(options_.source, kGroupsFile);
  return StreamJsonArray(path, "groups", nullptr, [&](size_t index, const Json& gj) {
    const std::string where = "groups[" + std::to_string(index) + "]";
    std::string name;
    if (!GetString(gj, "name", &name) || name.empty()) {
      log_.Report(DiagId::kImportError, kGroupsFile, where, "a group without a `name`: skipped");
      return;
    }
    ++group_file_groups_;
    if (name == "Include") {
      log_.Report(DiagId::kImportNote, kGroupsFile, where,
                  "group `Include` marks characters for the dataset's own charts, not a group "
                  "in the story: not imported");
      return;
    }
    std::vector<std::pair<std::string, size_t>> members;
    if (const Json* list = Field(gj, "characters"); list && list->is_array()) {
      for (size_t i = 0; i < list->size(); ++i) {
        if ((*list)[i].is_string()) members.emplace_back((*list)[i].get<std::string>(), i);
      }
    }
    group_lists_.emplace_back(name, std::move(members));
  });
}

// ---------------------------------------------------------------- step 3

uint32_t GotImporter::NewCharacter(const std::string& name) {
  auto found = char_by_name_.find(name);
  if (found != char_by_name_.end()) return found->second;
  uint32_t c = static_cast<uint32_t>(chars_.size());
  Character ch;
  ch.name = name;
  auto info = info_index_.find(name);
  if (info != info_index_.end()) ch.info = static_cast<int>(info->second);
  chars_.push_back(std::move(ch));
  char_by_name_.emplace(name, c);
  std::string fold = MakeId(name);
  auto [it, inserted] = char_by_fold_.emplace(fold, c);
  if (!inserted && it->second != c) it->second = kNoIndex;
  return c;
}

uint32_t GotImporter::Lookup(const std::string& name) const {
  std::string canonical = name;
  if (auto m = merged_into_.find(name); m != merged_into_.end()) canonical = m->second;
  if (auto it = char_by_name_.find(canonical); it != char_by_name_.end()) return it->second;
  if (auto it = char_by_fold_.find(MakeId(canonical)); it != char_by_fold_.end()) return it->second;
  return kNoIndex;
}

void GotImporter::ResolveNames() {
  // All names the data declares: in scenes, and in characters.json.
  std::set<std::string> known(raw_names_.begin(), raw_names_.end());
  for (const CharInfo& info : infos_) known.insert(info.name);
  // "Young Ned Stark", "Baby Jon Snow": the same character at another age,
  // seen in flashbacks. Merged into the grown-up character when the rest of
  // the name names one: exactly, or as nickname + family name ("Ned" is
  // Eddard Stark's nickname). Otherwise kept as a character of its own.
  for (const std::string& name : known) {
    if (!HasYoungPrefix(name)) continue;
    std::string rest = StripYoungPrefix(name);
    std::string target;
    if (known.count(rest) && !HasYoungPrefix(rest)) {
      target = rest;
    } else {
      std::vector<std::string> candidates;
      for (const CharInfo& info : infos_) {
        if (info.nickname.empty() || HasYoungPrefix(info.name)) continue;
        bool one_word = rest.find(' ') == std::string::npos;
        if (info.nickname == FirstWord(rest) &&
            (one_word || LastWord(info.name) == LastWord(rest))) {
          candidates.push_back(info.name);
        }
      }
      if (candidates.size() == 1) target = candidates[0];
    }
    if (target.empty()) {
      log_.Report(DiagId::kImportNote, kEpisodesFile, "",
                  "`" + name +
                      "` names no grown-up character of the data: kept as a "
                      "character of its own");
      continue;
    }
    merged_into_.emplace(name, target);
    // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
    log_.Report(DiagId::kImportNote, kEpisodesFile, "",
                "`" + name + "` is `" + target + "` at a younger age: merged into `" + target +
                    "` (kept as an alias)");
    // NOLINTEND(performance-inefficient-string-concatenation)
  }
  // Characters in order of first appearance, then the rest of characters.json.
  raw_to_char_.assign(raw_names_.size(), kNoIndex);
  first_scene_of_raw_.assign(raw_names_.size(), kNoIndex);
  for (Record& r : records_) {
    if (first_scene_of_raw_[r.raw] == kNoIndex) first_scene_of_raw_[r.raw] = r.scene;
    const std::string& raw = raw_names_[r.raw];
    auto m = merged_into_.find(raw);
    r.ch = NewCharacter(m == merged_into_.end() ? raw : m->second);
    raw_to_char_[r.raw] = r.ch;
  }
  for (const CharInfo& info : infos_) {
    if (merged_into_.count(info.name)) continue;
    NewCharacter(info.name);
  }
  for (const auto& [young, grown] : merged_into_) {
    uint32_t c = char_by_name_.at(grown);
    chars_[c].aliases.push_back(young);
  }
  for (Character& ch : chars_) {
    if (ch.info >= 0 && !infos_[ch.info].nickname.empty()) {
      ch.aliases.insert(ch.aliases.begin(), infos_[ch.info].nickname);
    }
    std::sort(ch.aliases.begin() + (ch.info >= 0 && !infos_[ch.info].nickname.empty()),
              ch.aliases.end());
  }
  // Killers named in scenes that the data declares nowhere else ("Boar",
  // "Wights", "Sons of the Harpy") still need to be someone.
  for (const Record& r : records_) {
    for (uint32_t k : r.killers) {
      if (raw_to_char_[k] != kNoIndex) continue;
      uint32_t c = Lookup(raw_names_[k]);
      if (c == kNoIndex) {
        c = NewCharacter(raw_names_[k]);
        chars_[c].declared_as_killer = true;
        log_.Report(DiagId::kImportUnknownName, kEpisodesFile, RecordPath(r) + ".killedBy",
                    "killer `" + raw_names_[k] + "` is not a character of the scenes or of " +
                        kCharactersFile + ": declared as a character",
                    "it may be an animal, a crowd or a thing");
      }
      raw_to_char_[k] = c;
    }
  }
}

void GotImporter::AssignIds() {
  entity_ids_.Reserve("got");
  for (Character& ch : chars_) ch.id = entity_ids_.Allocate(MakeId(ch.name), "c:" + ch.name);
  auto group_for = [&](const std::string& display) -> size_t {
    auto [it, inserted] = group_index_.emplace(display, groups_.size());
    if (inserted) groups_.push_back({display, ""});
    return it->second;
  };
  // Houses (characters.json houseName), the Kingsguard, then the groups of
  // characters-groups.json; a group named like a house is that house.
  std::set<std::string> houses;
  for (const CharInfo& info : infos_) {
    for (const std::string& h : info.houses) houses.insert(h);
  }
  for (const Character& ch : chars_) {
    if (ch.info < 0) continue;
    for (const std::string& h : infos_[ch.info].houses) group_for("House " + h);
  }
  for (const Character& ch : chars_) {
    if (ch.info >= 0 && infos_[ch.info].kingsguard) group_for("Kingsguard");
  }
  for (const auto& [name, members] : group_lists_) {
    group_for(houses.count(name) ? "House " + name : name);
  }
  for (Group& g : groups_) g.id = entity_ids_.Allocate(MakeId(g.name), "g:" + g.name);
  for (Character& ch : chars_) {
    if (ch.info < 0) continue;
    const CharInfo& info = infos_[ch.info];
    for (const std::string& h : info.houses) ch.groups.insert(groups_[group_for("House " + h)].id);
    if (info.kingsguard) ch.groups.insert(groups_[group_for("Kingsguard")].id);
  }
  for (size_t gi = 0; gi < group_lists_.size(); ++gi) {
    const auto& [name, members] = group_lists_[gi];
    const std::string gid = groups_[group_for(houses.count(name) ? "House " + name : name)].id;
    for (const auto& [member, i] : members) {
      uint32_t c = Lookup(member);
      if (c == kNoIndex) {
        log_.Report(DiagId::kImportUnknownName, kGroupsFile,
                    "groups[" + std::to_string(gi) + "].characters[" + std::to_string(i) + "]",
                    "`" + member + "` is not a character of the data: membership not imported");
        continue;
      }
      chars_[c].groups.insert(gid);
    }
  }
  // Actors, in the order of the characters they play.
  auto person = [&](const std::string& actor) {
    if (person_id_.count(actor)) return;
    person_id_.emplace(actor, entity_ids_.Allocate(MakeId(actor), "p:" + actor));
    people_.push_back(actor);
  };
  for (const Character& ch : chars_) {
    if (ch.info < 0) continue;
    const CharInfo& info = infos_[ch.info];
    if (!info.actor.empty()) person(info.actor);
    for (const CharInfo::Actor& a : info.actors) person(a.name);
  }
}

GotShowNames GotImporter::Names() const {
  GotShowNames names;
  for (const Character& ch : chars_) {
    names.by_name.emplace(ch.name, ch.id);
    for (const std::string& a : ch.aliases) names.by_alias.emplace(a, ch.id);
    if (ch.info >= 0) {
      const CharInfo& info = infos_[ch.info];
      if (!info.actor.empty()) names.actor.emplace(ch.id, info.actor);
    }
  }
  for (const CharInfo& info : infos_) {
    uint32_t c = Lookup(info.name);
    if (c != kNoIndex) names.named.push_back(chars_[c].id);
  }
  return names;
}

Status GotImporter::Load() {
  source_ = ReadSourceInfo(options_.source);
  Progress progress(options_.progress);
  CANON_RETURN_IF_ERROR(StreamJsonArray(
      JoinPath(options_.source, kEpisodesFile), "episodes", options_.progress ? &progress : nullptr,
      [&](size_t index, const Json& ep) { ReadEpisode(index, ep); }));
  CANON_RETURN_IF_ERROR(ReadCharacters());
  CANON_RETURN_IF_ERROR(ReadGroups());
  ResolveNames();
  AssignIds();
  return Status::Ok();
}

// ---------------------------------------------------------------- step 4

std::string GotImporter::Point(uint32_t scene) const {
  const Scene& s = scenes_[scene];
  return episodes_[s.episode].Path() + "@" + FormatTimecode(s.start);
}

// Story placement of a scene that is not in the present of its episode:
// - a flashback happened before its episode; when it shows a character by a
//   "Young"/"Baby" name, before the whole series (the data names them by
//   their age then);
// - greensight (visions) and warg scenes (seen through an animal's eyes) are
//   apart from their episode: somewhere in the story of the show.
std::string GotImporter::Placement(const Scene& s) const {
  switch (s.kind) {
    case SceneKind::kFlashback:
      return s.young ? "before got.s1" : "before " + episodes_[s.episode].Path();
    case SceneKind::kGreensight:
    case SceneKind::kWarg:
      return "during got";
    case SceneKind::kPresent:
      break;
  }
  return "";
}

uint32_t GotImporter::FirstSharedScene(uint32_t a, uint32_t b) const {
  const std::vector<uint32_t>& x = chars_[a].scenes;
  const std::vector<uint32_t>& y = chars_[b].scenes;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    if (x[i] == y[j]) return x[i];
    if (x[i] < y[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return kNoIndex;
}

void GotImporter::Walk() {
  // Scene lists per character (records are in scene order).
  for (const Record& r : records_) {
    std::vector<uint32_t>& list = chars_[r.ch].scenes;
    if (list.empty() || list.back() != r.scene) list.push_back(r.scene);
  }
  // Look-ahead facts the state machine needs.
  last_alive_episode_.assign(chars_.size(), kNoIndex);
  birth_episode_.assign(chars_.size(), kNoIndex);
  alive_scenes_.assign(chars_.size(), {});
  std::vector<bool> seen_unborn(chars_.size(), false);
  for (const Record& r : records_) {
    const Scene& s = scenes_[r.scene];
    if (s.kind != SceneKind::kPresent) continue;
    if (r.unborn) {
      seen_unborn[r.ch] = true;
    } else if (!r.dead) {
      alive_scenes_[r.ch].push_back(r.scene);
      last_alive_episode_[r.ch] = s.episode;
      if (seen_unborn[r.ch] && birth_episode_[r.ch] == kNoIndex) birth_episode_[r.ch] = s.episode;
    }
  }
  state_.assign(chars_.size(), State{});
  episode_text_.assign(episodes_.size(), "");
  for (uint32_t s = 0; s < scenes_.size(); ++s) WalkScene(s);
}

void GotImporter::WalkScene(uint32_t si) {
  const Scene& sc = scenes_[si];
  std::string& out = episode_text_[sc.episode];
  const std::string point = Point(si);
  const bool present = sc.kind == SceneKind::kPresent;
  const std::string placement = Placement(sc);
  std::vector<std::string> plain;                           // appear with the scene's own placement
  std::vector<std::string> special;                         // whole `appears` lines
  std::vector<uint32_t> deaths, returns, births, weddings;  // records, in order
  std::unordered_set<uint32_t> listed;
  // Death events get their ids first: a victim's appearance in a flashback
  // death scene is placed at the death.
  std::unordered_map<uint32_t, std::string> death_id;  // record -> event id
  for (uint32_t ri = sc.first_record; ri < sc.end_record; ++ri) {
    const Record& r = records_[ri];
    if (!listed.insert(r.ch).second) continue;  // "Young X" and X in one scene
    State& st = state_[r.ch];
    const Character& ch = chars_[r.ch];
    const std::string who = "`" + ch.name + "`";
    const bool cause = !r.manner.empty() || !r.killers.empty();
    std::string story = placement;  // this record's own placement
    std::string allow;
    auto new_death = [&] {
      deaths.push_back(ri);
      death_id[ri] = event_ids_.Allocate(ch.id + "_death", "death:" + point + ":" + ch.id);
      return death_id[ri];
    };
    if (present && !st.seen_present) {
      st.seen_present = true;
      st.status_alive = !r.dead && !r.unborn;
    }
    if (r.dead) {
      if (st.life == Life::kDead) {
        if (cause && (present || sc.kind == SceneKind::kFlashback)) {
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportDiesAgain, kEpisodesFile, RecordPath(r),
                      who + " dies again at " + point + " (" +
                          (r.manner.empty() ? "no manner given" : r.manner) +
                          ") without being seen alive since dying at " + st.death_point +
                          ": imported as a second death",
                      "a wight or a corpse destroyed, or a missed return; `canon lint` reports "
                      "the dead victim");
          // NOLINTEND(performance-inefficient-string-concatenation)
          std::string id = new_death();
          if (!present) story = "at " + id;
        } else {
          // Shown dead again: a corpse (or a dead person in a vision).
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportNote, kEpisodesFile, RecordPath(r),
                      who + " is shown dead at " + point + " after dying at " + st.death_point +
                          ": imported as an appearance, not a second death");
          // NOLINTEND(performance-inefficient-string-concatenation)
          if (!present) {
            story += " and after " + st.last_death;
            allow = "allow dead-acts \"shown dead (alive: false)\"";
          } else if (st.death_episode != sc.episode && !AliveLaterInEpisode(r.ch, si)) {
            // An appearance spans its episode: in the death's own episode, or
            // one in which they return, it is not all after the death.
            allow = "allow dead-acts \"shown dead (alive: false)\"";
          }
        }
      } else if (present || (sc.kind == SceneKind::kFlashback && cause)) {
        std::string id = new_death();
        if (!present) {
          if (last_alive_episode_[r.ch] != kNoIndex && last_alive_episode_[r.ch] >= sc.episode) {
            // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not
            // accumulation
            log_.Report(DiagId::kImportPlacement, kEpisodesFile, RecordPath(r),
                        who + " dies in a flashback scene at " + point +
                            " but is seen alive in the present of this episode or later: the "
                            "death is placed in the episode's own story time",
                        "the scene is probably not a flashback for this death");
            // NOLINTEND(performance-inefficient-string-concatenation)
            present_deaths_.insert(ri);
          } else {
            story = "at " + id;
          }
        }
      } else {
        // Dead in a vision or a flashback, with no death recorded: the data
        // shows someone dead whose death it never records.
        // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
        log_.Report(DiagId::kImportNote, kEpisodesFile, RecordPath(r),
                    who + " is shown dead in a " +
                        (sc.kind == SceneKind::kFlashback ? "flashback" : "vision") + " at " +
                        point + " with no death recorded: imported as an appearance only");
        // NOLINTEND(performance-inefficient-string-concatenation)
      }
    } else if (st.life == Life::kDead) {
      if (present) {
        if (last_alive_episode_[r.ch] != kNoIndex && last_alive_episode_[r.ch] > sc.episode) {
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportSeenAfterDeath, kEpisodesFile, RecordPath(r),
                      who + " is seen alive at " + point + " after dying at " + st.death_point +
                          ", and in later episodes: imported as a return from the dead",
                      "if this is a disguise or another person of the same name, the data "
                      "should name them apart");
          // NOLINTEND(performance-inefficient-string-concatenation)
          returns.push_back(ri);
        } else if (!st.warned_since_death) {
          st.warned_since_death = true;
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportSeenAfterDeath, kEpisodesFile, RecordPath(r),
                      who + " is seen alive at " + point + " after dying at " + st.death_point +
                          ", but in no later episode: not imported as a return",
                      "a disguise, a vision or another person of the same name? the appearance "
                      "is kept, so `canon lint` reports a dead character appearing");
          // NOLINTEND(performance-inefficient-string-concatenation)
        }
      } else {
        // A flashback or vision of someone dead by now, shown alive, shows
        // them before they died (and after their last return, if any).
        story += " and before " + st.stretch_death;
        if (!st.last_return.empty()) story += " and after " + st.last_return;
      }
    } else if (r.unborn) {
      if (present) {
        if (st.life == Life::kAlive) {
          // NOLINTBEGIN(performance-inefficient-string-concatenation): a message, not accumulation
          log_.Report(DiagId::kImportWarning, kEpisodesFile, RecordPath(r),
                      who + " is marked `born: false` at " + point + " after being seen born");
          // NOLINTEND(performance-inefficient-string-concatenation)
        } else {
          st.life = Life::kUnborn;
        }
      }
      // An unborn appearance spans its episode; only one in an episode before
      // the birth's is before the birth for the continuity checker.
      if (birth_episode_[r.ch] != kNoIndex && birth_episode_[r.ch] > sc.episode) {
        allow = "allow unborn-acts \"not yet born (born: false)\"";
      }
    } else if (st.life == Life::kUnborn && present) {
      births.push_back(ri);
    } else if (present) {
      st.life = Life::kAlive;
    } else if (!st.birth.empty()) {
      // A flashback or vision of someone the data shows being born shows
      // them after their birth.
      story += " and after " + st.birth;
    }
    if (r.married) weddings.push_back(ri);
    ++n_appearances_;
    if (story == placement && allow.empty()) {
      plain.push_back(ch.id);
    } else {
      std::string line = "appears " + ch.id + " in " + point;
      if (!story.empty()) line += " story " + story;
      if (!allow.empty()) line += " " + allow;
      special.push_back(line + "\n");
    }
  }
  // Appearances first, then what happens in the scene.
  if (!plain.empty()) {
    out += "appears " + Join(plain, ", ") + " in " + point;
    if (!placement.empty()) out += " story " + placement;
    out += "\n";
  }
  for (const std::string& line : special) out += line;
  for (uint32_t ri : weddings) Marriage(records_[ri]);
  for (uint32_t ri : births) {
    const Record& r = records_[ri];
    State& st = state_[r.ch];
    const Character& ch = chars_[r.ch];
    std::string id = event_ids_.Allocate(ch.id + "_birth", "birth:" + ch.id);
    out.append("event ")
        .append(id)
        .append(" ")
        .append(QuoteString(ch.name + " is born"))
        .append(": ")
        .append(ch.id)
        .append(" is_born revealed ")
        .append(point)
        .append("\n");
    st.life = Life::kAlive;
    st.birth = id;
    ++n_births_;
  }
  // Deaths in killing order: a victim's death comes before the death of
  // anyone who killed them in this scene. Killers and victims who kill each
  // other (Mag the Mighty and three of the Night's Watch) die at one moment:
  // the later deaths are placed `at` the first.
  const size_t n = deaths.size();
  std::vector<std::vector<bool>> before(n, std::vector<bool>(n, false));
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const Record& ri = records_[deaths[i]];
      const Record& rj = records_[deaths[j]];
      for (uint32_t k : ri.killers) {
        if (raw_to_char_[k] == rj.ch && rj.ch != ri.ch)
          before[i][j] = true;  // i's killer dies in j
      }
    }
  }
  // Transitive closure (n is tiny), then emit in an order that respects it.
  for (size_t k = 0; k < n; ++k) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        if (before[i][k] && before[k][j]) before[i][j] = true;
      }
    }
  }
  std::vector<bool> done(n, false);
  for (size_t emitted = 0; emitted < n;) {
    size_t pick = n;
    for (size_t i = 0; i < n && pick == n; ++i) {
      if (done[i]) continue;
      bool ready = true;
      for (size_t j = 0; j < n; ++j) {
        if (!done[j] && j != i && before[j][i] && !before[i][j]) ready = false;
      }
      if (ready) pick = i;
    }
    done[pick] = true;
    ++emitted;
    DeathEvent(records_[deaths[pick]], death_id[deaths[pick]], "");
    // Everyone in a killing cycle with it dies at the same moment.
    for (size_t j = 0; j < n; ++j) {
      if (!done[j] && before[pick][j] && before[j][pick]) {
        done[j] = true;
        ++emitted;
        DeathEvent(records_[deaths[j]], death_id[deaths[j]], death_id[deaths[pick]]);
      }
    }
  }
  for (uint32_t ri : returns) {
    const Record& r = records_[ri];
    State& st = state_[r.ch];
    const Character& ch = chars_[r.ch];
    std::string id = event_ids_.Allocate(ch.id + "_return", "return:" + point + ":" + ch.id);
    out.append("event ")
        .append(id)
        .append(" ")
        .append(QuoteString(ch.name + " returns from the dead"))
        .append(": ")
        .append(ch.id)
        .append(" returns revealed ")
        .append(point)
        .append("\n");
    st.life = Life::kAlive;
    st.last_return = id;
    st.stretch_death.clear();
    st.warned_since_death = false;
    ++n_returns_;
  }
}

// A death: a killing when the data names killers, else `dies`. The manner of
// death goes into the event's title. Killers are attributed at the death
// scene, as the data does, when the audience has seen them by then: present
// in the death's episode up to that scene, or never seen at all (a crowd, an
// animal). A killer first seen elsewhere (Lysa Arryn, for Jon Arryn's death
// in S1E1) is named only for a viewer of the whole series: a `killed` fact
// revealed at `got`, since the data does not say where the show reveals it.
// `same_as`: the id of a death this one is simultaneous with (or "").
void GotImporter::DeathEvent(const Record& r, const std::string& id, const std::string& same_as) {
  const Scene& sc = scenes_[r.scene];
  const Episode& ep = episodes_[sc.episode];
  State& st = state_[r.ch];
  const Character& victim = chars_[r.ch];
  const std::string point = Point(r.scene);
  const bool placed =
      sc.kind != SceneKind::kPresent && !present_deaths_.count(&r - records_.data());
  std::string& out = episode_text_[sc.episode];
  std::vector<uint32_t> shown, deferred;
  for (uint32_t k : r.killers) {
    uint32_t c = raw_to_char_[k];
    if (c == kNoIndex) continue;
    if (std::find(shown.begin(), shown.end(), c) != shown.end() ||
        std::find(deferred.begin(), deferred.end(), c) != deferred.end()) {
      continue;
    }
    const std::vector<uint32_t>& seen = chars_[c].scenes;
    auto it = std::lower_bound(seen.begin(), seen.end(), ep.first_scene);
    bool in_episode = it != seen.end() && *it <= r.scene;
    if (in_episode || seen.empty() || c == r.ch) {
      shown.push_back(c);
    } else {
      deferred.push_back(c);
    }
    scene_kills_.insert({r.ch, c});
    scene_killers_of_[r.ch].push_back(c);
  }
  if (r.killers.empty()) scene_killers_of_[r.ch];  // a death without killers
  std::string title;
  if (shown.empty()) {
    title = victim.name + " dies";
  } else if (shown.size() == 1 && shown[0] == r.ch) {
    title = victim.name + " kills themself";
  } else {
    std::vector<std::string> names;
    names.reserve(shown.size());
    for (uint32_t c : shown) names.push_back(c == r.ch ? "themself" : chars_[c].name);
    title = EnglishList(names) + (shown.size() == 1 ? " kills " : " kill ") + victim.name;
  }
  if (!r.manner.empty()) title += " (" + r.manner + ")";
  std::string line = "event " + id + " " + QuoteString(title) + ": ";
  if (shown.empty()) {
    line += victim.id + " dies\n";
  } else {
    line += chars_[shown[0]].id + " kills " + victim.id + "\n";
    for (size_t i = 1; i < shown.size(); ++i) line += "  role killer " + chars_[shown[i]].id + "\n";
  }
  if (!same_as.empty()) {
    line += "  story at " + same_as + "\n";
  } else if (placed) {
    line += "  story " + Placement(sc) + "\n";
  }
  line += "  revealed " + point + "\n";
  if (!placed) {
    // Death ends the victim's marriages and engagements.
    for (auto it = open_bonds_.begin(); it != open_bonds_.end();) {
      if (it->a == r.ch || it->b == r.ch) {
        line += "  ends " + chars_[it->a].id + " " + it->predicate + " " + chars_[it->b].id + "\n";
        it = open_bonds_.erase(it);
      } else {
        ++it;
      }
    }
  }
  out += line;
  for (uint32_t c : deferred) {
    out += "fact " + chars_[c].id + " killed " + victim.id + " from " + id + " revealed got\n";
    log_.Report(DiagId::kImportNote, kEpisodesFile, RecordPath(r) + ".killedBy",
                "killer `" + chars_[c].name + "` of `" + victim.name +
                    "` is not seen in the episode before the death at " + point +
                    ": the killing is revealed only with the whole series");
  }
  if (st.life != Life::kDead || st.stretch_death.empty()) st.stretch_death = id;
  st.life = Life::kDead;
  st.last_death = id;
  st.death_point = point;
  st.death_episode = sc.episode;
  st.warned_since_death = false;
  ++n_deaths_;
}

// Weddings (`when: present`), earlier marriages (`past`: married before this
// episode) and engagements (`future`). Each side records the marriage; a
// record whose partner's record in the same scene does not point back is
// reported and imported as recorded.
void GotImporter::Marriage(const Record& r) {
  const Scene& sc = scenes_[r.scene];
  const Episode& ep = episodes_[sc.episode];
  const std::string point = Point(r.scene);
  std::string& out = episode_text_[sc.episode];
  const std::string& to_name = raw_names_[r.married_to];
  uint32_t to = Lookup(to_name);
  const Character& a = chars_[r.ch];
  if (to == kNoIndex) {
    log_.Report(DiagId::kImportUnknownName, kEpisodesFile, RecordPath(r) + ".married.to",
                "`" + a.name + "` marries `" + to_name +
                    "`, who is not a character of the "
                    "data: not imported");
    return;
  }
  // The partner's record in this scene, if it points back.
  bool mirrored = false, partner_first = false;
  for (uint32_t ri = sc.first_record; ri < sc.end_record; ++ri) {
    const Record& o = records_[ri];
    if (o.ch != to || !o.married) continue;
    if (Lookup(raw_names_[o.married_to]) == r.ch && o.married_when == r.married_when) {
      mirrored = true;
      partner_first = ri < static_cast<uint32_t>(&r - records_.data());
    }
  }
  if (mirrored && partner_first) return;  // imported with the partner's record
  if (!mirrored) {
    log_.Report(DiagId::kImportOneSided, kEpisodesFile, RecordPath(r) + ".married",
                "`" + a.name + "` is recorded as married to `" + chars_[to].name + "` (" +
                    r.married_when + ") at " + point + ", but `" + chars_[to].name +
                    "`'s record there does not say so: imported as recorded",
                "`canon lint` reports the result if it gives someone two spouses at once");
  }
  const Character& b = chars_[to];
  for (const OpenBond& bond : open_bonds_) {
    if (bond.predicate != "married_to") continue;
    for (uint32_t x : {r.ch, to}) {
      if ((bond.a == x || bond.b == x) &&
          !((bond.a == r.ch && bond.b == to) || (bond.a == to && bond.b == r.ch))) {
        uint32_t other = bond.a == x ? bond.b : bond.a;
        log_.Report(DiagId::kImportWarning, kEpisodesFile, RecordPath(r) + ".married",
                    "`" + chars_[x].name + "` marries at " + point + " while still married to `" +
                        chars_[other].name + "`: the data records no end of that marriage",
                    "`canon lint` reports two spouses at once");
      }
    }
  }
  std::string placed;
  if (sc.kind != SceneKind::kPresent) placed = "  story " + Placement(sc) + "\n";
  if (r.married_when == "present") {
    std::string id = event_ids_.Allocate(a.id + "_" + b.id + "_wedding",
                                         "wedding:" + point + ":" + a.id + ":" + b.id);
    out += "event " + id + " " + QuoteString(a.name + " marries " + b.name) + ": " + a.id +
           " marries " + b.id + "\n" + placed + "  revealed " + point + "\n";
    for (auto it = open_bonds_.begin(); it != open_bonds_.end();) {
      if (it->predicate == "engaged_to" &&
          ((it->a == r.ch && it->b == to) || (it->a == to && it->b == r.ch))) {
        out += "  ends " + chars_[it->a].id + " engaged_to " + chars_[it->b].id + "\n";
        it = open_bonds_.erase(it);
      } else {
        ++it;
      }
    }
    if (sc.kind == SceneKind::kPresent) open_bonds_.push_back({r.ch, to, "married_to"});
    ++n_weddings_;
  } else if (r.married_when == "past") {
    out += "fact " + a.id + " married_to " + b.id + " from before " + ep.Path() + " revealed " +
           point + "\n";
    if (sc.kind == SceneKind::kPresent) open_bonds_.push_back({r.ch, to, "married_to"});
  } else {
    out += "fact " + a.id + " engaged_to " + b.id + " from during " + ep.Path() + " revealed " +
           point + "\n";
    if (sc.kind == SceneKind::kPresent) open_bonds_.push_back({r.ch, to, "engaged_to"});
  }
}

// ---------------------------------------------------------------- step 5

// The relation lists of characters.json carry no time. Each pair becomes one
// fact (both directions of a relation, and both sides of a symmetric one,
// are the same fact), revealed at the first scene that shows both parties;
// a pair never shown together is revealed only with the whole series.
void GotImporter::StaticRelations() {
  struct Pending {
    std::string predicate;
    uint32_t subject, object;
    std::string where;  // first record
  };
  std::vector<Pending> facts;
  std::set<std::tuple<std::string, uint32_t, uint32_t>> seen;
  // For one-sided checks of symmetric lists: (field, a, b) as listed.
  std::set<std::tuple<std::string, uint32_t, uint32_t>> listed;
  for (const CharInfo& info : infos_) {
    uint32_t self = Lookup(info.name);
    if (self == kNoIndex) continue;
    for (const auto& [field, names, key] : info.relations) {
      for (const std::string& n : names) {
        uint32_t other = Lookup(n);
        if (other != kNoIndex) listed.insert({field, self, other});
      }
    }
  }
  for (const CharInfo& info : infos_) {
    uint32_t self = Lookup(info.name);
    if (self == kNoIndex) continue;
    const std::string base = "characters[" + std::to_string(info.json_index) + "]";
    for (const auto& [field, names, key] : info.relations) {
      const RelationField* rf = FindRelationField(field);
      for (size_t i = 0; i < names.size(); ++i) {
        std::string where = base;
        where.append(".").append(key).append("[").append(std::to_string(i)).append("]");
        uint32_t other = Lookup(names[i]);
        if (other == kNoIndex) {
          log_.Report(DiagId::kImportUnknownName, kCharactersFile, where,
                      "`" + info.name + "` " + field + " `" + names[i] +
                          "`, who is not a character of the data: not imported");
          continue;
        }
        if (other == self) {
          if (std::string(rf->predicate) != "killed") {
            log_.Report(DiagId::kImportWarning, kCharactersFile, where,
                        "`" + info.name + "` is listed in their own `" + field + "`: not imported");
            continue;
          }
        }
        if (rf->symmetric && infos_.size() > 0 && chars_[other].info >= 0 &&
            !listed.count({field, other, self})) {
          log_.Report(DiagId::kImportOneSided, kCharactersFile, where,
                      "`" + info.name + "` lists `" + chars_[other].name + "` in `" + field +
                          "`, but `" + chars_[other].name + "` does not list `" + info.name +
                          "`: imported as one relation");
        }
        uint32_t subject = rf->listed_is_subject ? other : self;
        uint32_t object = rf->listed_is_subject ? self : other;
        if (rf->symmetric && subject > object) std::swap(subject, object);
        if (!seen.insert({rf->predicate, subject, object}).second) continue;
        if (std::string(rf->predicate) == "killed") {
          if (scene_kills_.count({object, subject})) continue;  // the scenes have it
          auto killers = scene_killers_of_.find(object);
          if (killers != scene_killers_of_.end() && killers->second.empty()) {
            log_.Report(DiagId::kImportNote, kCharactersFile, where,
                        "the death scene of `" + chars_[object].name +
                            "` names no killer; this record names `" + chars_[subject].name +
                            "`: imported as a `killed` relation");
          } else if (killers != scene_killers_of_.end()) {
            std::vector<std::string> names_of;
            for (uint32_t k : killers->second) names_of.push_back("`" + chars_[k].name + "`");
            log_.Report(DiagId::kImportWarning, kCharactersFile, where,
                        "`" + chars_[subject].name + "` killed `" + chars_[object].name +
                            "` here, but the death scene names " +
                            (names_of.empty() ? std::string("no killer") : EnglishList(names_of)) +
                            ": imported as well",
                        "one of the two records is probably wrong");
          }
        }
        facts.push_back({rf->predicate, subject, object, where});
      }
    }
  }
  for (const Pending& f : facts) {
    uint32_t s = FirstSharedScene(f.subject, f.object);
    std::string reveal = s == kNoIndex ? "got" : Point(s);
    if (s == kNoIndex) {
      log_.Report(DiagId::kImportNote, kCharactersFile, f.where,
                  "`" + chars_[f.subject].name + "` and `" + chars_[f.object].name +
                      "` are never in one scene: their " + f.predicate +
                      " relation is revealed only with the whole series");
    }
    relations_text_ += "fact " + chars_[f.subject].id + " " + f.predicate + " " +
                       chars_[f.object].id + " revealed " + reveal + "\n";
    ++n_relations_;
  }
}

// ---------------------------------------------------------------- step 6

std::string GotImporter::Emit() const {
  std::string out;
  std::string header =
      "Game of Thrones (HBO), imported by `canon import got-show` from Jeffrey Lancaster's "
      "dataset: https://github.com/" +
      (source_.repository.empty() ? std::string("jeffreylancaster/game-of-thrones")
                                  : source_.repository) +
      (source_.commit.empty() ? std::string() : " at commit " + source_.commit) +
      " (data/episodes.json, data/characters.json, data/characters-groups.json).\n"
      "License: no formal license; the dataset's README allows use with attribution (\"Feel "
      "free to take and use this data however you'd like\"), cited here.\n"
      "Facts only: no episode synopsis is copied. Generated file: do not edit; regenerate with\n"
      "  canon import got-show ../shared/data/got-lancaster -o examples/got-show.canon\n"
      "How each field is mapped, and what is lost: docs/importers.md.";
  out += CommentBlock(header);
  out += "universe \"A Song of Ice and Fire\"\n";
  out += "continuity got \"Game of Thrones (HBO television)\"\n";
  out += "use got\n\n";
  // Predicates beyond the built-in ones, only those used.
  std::set<std::string> used;
  for (const std::string& t : episode_text_) {
    if (t.find(" killed ") != std::string::npos) used.insert("killed");
  }
  for (const char* p : {"killed", "serves", "guardian_of", "abducted", "married_or_engaged"}) {
    if (relations_text_.find(std::string(" ") + p + " ") != std::string::npos) used.insert(p);
  }
  out += "# Relations of characters.json beyond the built-in predicates.\n";
  if (used.count("abducted")) out += "predicate abducted inverse abducted_by phrase \"abducted\"\n";
  if (used.count("guardian_of")) {
    out += "predicate guardian_of inverse guarded_by phrase \"is a guardian of\"\n";
  }
  if (used.count("killed")) out += "predicate killed inverse killed_by phrase \"killed\"\n";
  if (used.count("married_or_engaged")) {
    out += "predicate married_or_engaged symmetric phrase \"is married or engaged to\"\n";
  }
  if (used.count("serves")) out += "predicate serves inverse served_by phrase \"serves\"\n";
  out += "\n# Seasons and episodes, with their air dates.\n";
  out += "series got \"Game of Thrones\"\n";
  int season = -1;
  std::string season_date;
  for (const Episode& e : episodes_) {
    if (e.season != season) {
      season = e.season;
      season_date = e.air_date;
      out += "  season s" + std::to_string(season);
      if (!e.air_date.empty()) out += " released " + e.air_date;
      out += "\n";
    }
    out += "    episode e" + std::to_string(e.number);
    if (!e.title.empty()) out += " " + QuoteString(e.title);
    // The season's date is its first episode's; repeating it is redundant.
    if (!e.air_date.empty() && e.air_date != season_date) out += " released " + e.air_date;
    out += "\n";
  }
  if (!groups_.empty()) {
    out +=
        "\n# Houses (characters.json houseName), the Kingsguard (kingsguard) and the groups of\n"
        "# characters-groups.json.\n";
    for (const Group& g : groups_) out += "group " + g.id + " " + QuoteString(g.name) + "\n";
  }
  if (!people_.empty()) {
    out += "\n# Actors (characters.json actorName and actors).\n";
    for (const std::string& p : people_) {
      out += "person " + person_id_.at(p) + " " + QuoteString(p) + "\n";
    }
  }
  out += "\n# Characters, in the order they are first seen; then those only in characters.json.\n";
  for (uint32_t c = 0; c < chars_.size(); ++c) {
    const Character& ch = chars_[c];
    out += "character " + ch.id + " " + QuoteString(ch.name);
    if (!ch.scenes.empty()) out += " introduced " + Point(ch.scenes.front());
    out += "\n";
    for (const std::string& a : ch.aliases) {
      out += "  alias " + QuoteString(a);
      // A merged "Young X" name is an alias only from where it is first
      // used: that the baby at the Tower of Joy is Jon Snow is itself news.
      if (auto raw = raw_index_.find(a); raw != raw_index_.end() && merged_into_.count(a) &&
                                         first_scene_of_raw_[raw->second] != kNoIndex) {
        out += " revealed " + Point(first_scene_of_raw_[raw->second]);
      }
      out += "\n";
    }
    if (ch.info >= 0) {
      const CharInfo& info = infos_[ch.info];
      if (!info.actor.empty()) out += "  played_by " + person_id_.at(info.actor) + "\n";
      for (const CharInfo::Actor& a : info.actors) {
        if (a.name == info.actor) continue;
        out += "  played_by " + person_id_.at(a.name);
        std::vector<std::string> seasons;
        for (int s : a.seasons) {
          if (s >= 1 && s <= season) seasons.push_back("got.s" + std::to_string(s));
        }
        if (!seasons.empty()) out += " revealed " + Join(seasons, ", ");
        out += "\n";
      }
    }
    // The data says which houses a character belongs to but not where the
    // audience learns it. The first house listed is taken as known from the
    // character's first scene; a second house (Jon Snow's Targaryen blood) can
    // be the story's biggest secret, so it is revealed only with the whole
    // series: conservative, never a spoiler.
    bool seen_house = false;
    for (const std::string& g : ch.groups) {
      bool is_house = g.rfind("house_", 0) == 0;
      out += "  member_of " + g;
      if (is_house && seen_house) out += " revealed got";
      out += "\n";
      seen_house = seen_house || is_house;
    }
    if (state_[c].status_alive) out += "  status alive\n";
  }
  for (size_t e = 0; e < episodes_.size(); ++e) {
    const Episode& ep = episodes_[e];
    out += "\n# S" + std::to_string(ep.season) + "E" + std::to_string(ep.number);
    if (!ep.title.empty()) out += " \"" + ep.title + "\"";
    out += ": who is in each scene, and what happens.\n";
    out += episode_text_[e];
  }
  if (!relations_text_.empty()) {
    out +=
        "\n# Relations from characters.json, each revealed at the first scene that shows both\n"
        "# (or, for two never seen together, only with the whole series).\n";
    out += relations_text_;
  }
  return out;
}

Result<ImportResult> GotImporter::Build() {
  Walk();
  StaticRelations();
  std::string text = Emit();
  CANON_ASSIGN_OR_RETURN(std::string formatted, CanonicalText(text, "got-show.canon"));
  ImportResult result;
  result.text = std::move(formatted);
  result.summary = Count(episodes_.size(), "episode") + ", " + Count(scenes_.size(), "scene") +
                   ", " + Count(chars_.size(), "character") + ", " +
                   Count(n_appearances_, "appearance") + ", " + Count(n_deaths_, "death") + ", " +
                   Count(n_returns_, "return") + ", " + Count(n_births_, "birth") + ", " +
                   Count(n_weddings_, "wedding") + ", " + Count(n_relations_, "relation");
  return result;
}

}  // namespace

Result<ImportResult> ImportGotShow(const ImportOptions& options, ImportLog& log) {
  GotImporter importer(options, log);
  CANON_RETURN_IF_ERROR(importer.Load());
  return importer.Build();
}

Result<GotShowNames> LoadGotShowNames(const std::string& dir, ImportLog& log) {
  ImportOptions options;
  options.format = "got-show";
  options.source = dir;
  // The show's own data problems belong to its own import; here only the
  // names matter.
  ImportLog scratch;
  GotImporter importer(options, scratch);
  Status s = importer.Load();
  if (!s.ok()) return s;
  (void)log;
  return importer.Names();
}

}  // namespace canon::import
