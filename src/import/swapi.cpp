// `canon import swapi`: the SWAPI fixtures (films, people, planets, species,
// starships, vehicles) as the `sw` continuity, with the Gabasova scene
// networks beside them (../starwars-gabasova-networks) as "talks with"
// events per film. Films are works in release order; their story order is
// their episode number; birth years are dates on the BBY/ABY calendar.
// Field mapping and losses: docs/importers.md.
#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "base/strings.h"
#include "import/common.h"
#include "import/format.h"
#include "import/ids.h"
#include "import/importers.h"
#include "import/json_stream.h"

namespace canon::import {
namespace {

constexpr char kNetworksDir[] = "starwars-gabasova-networks";

struct Film {
  int pk = 0;
  int episode = 0;
  std::string title;
  std::string released;  // YYYY-MM-DD or ""
  std::vector<int> characters, planets, species, starships, vehicles;
  size_t json_index = 0;
  std::string id;  // "ep4"
};

struct Person {
  int pk = 0;
  std::string name;
  std::string birth_year;  // as written ("19BBY", "unknown")
  int homeworld = 0;
  size_t json_index = 0;
  std::string id;
  bool from_network = false;  // declared from a network name, not SWAPI
};

struct Named {
  std::string name;
  std::string id;
  bool used = false;
};

// Uppercase ASCII tokens of a name ("Padmé Amidala" -> {"PADME", "AMIDALA"}).
std::vector<std::string> Tokens(const std::string& name) {
  std::string folded = FoldToAscii(name);
  std::vector<std::string> out;
  std::string cur;
  for (char c : folded) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// "19BBY" -> year 19, era "BBY"; "41.9BBY" -> 41 (fraction dropped, *fraction
// set); false when it is not a year on that calendar ("unknown").
bool ParseBirthYear(const std::string& text, int* year, std::string* era, bool* fraction) {
  size_t i = 0;
  long v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    v = v * 10 + (text[i] - '0');
    if (v > 100000) return false;
    ++i;
  }
  if (i == 0) return false;
  *fraction = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t digits = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (text[i] != '0') *fraction = true;
      ++i;
    }
    if (i == digits) return false;
  }
  std::string rest = text.substr(i);
  if (rest != "BBY" && rest != "ABY") return false;
  *year = static_cast<int>(v);
  *era = rest;
  return true;
}

class SwapiImporter {
 public:
  SwapiImporter(const ImportOptions& options, ImportLog& log) : options_(options), log_(log) {}
  Result<ImportResult> Run();

 private:
  Status ReadFilms();
  Status ReadPeople();
  Status ReadNamed(const std::string& file, std::map<int, Named>* out);
  Status ReadSpecies();
  Status ReadPilots(const std::string& file);
  void ReadNetworks();
  int MatchNetworkName(const std::string& name) const;
  std::string Emit();

  const ImportOptions& options_;
  ImportLog& log_;
  SourceInfo source_, network_source_;
  std::string networks_dir_;
  std::vector<Film> films_;  // in file order
  std::map<int, size_t> film_by_pk_;
  std::vector<Person> people_;
  std::map<int, size_t> person_by_pk_;
  std::map<int, Named> planets_;
  std::map<int, Named> transports_;  // starships and vehicles share pks
  struct Species {
    std::string name, id;
    std::vector<int> people;
  };
  std::vector<Species> species_;
  std::vector<long> species_pk_;            // species pk - 1 -> index in species_, -1 if none
  std::map<int, std::vector<int>> pilots_;  // transport pk -> people pks
  IdAllocator ids_;
  IdAllocator event_ids_;
  // Network results: per film (index), extra cast (people indices) and talks.
  struct Talk {
    size_t a, b;  // people indices
    int scenes;
  };
  std::map<size_t, std::vector<Talk>> talks_;
  std::map<size_t, std::set<size_t>> network_cast_;
  std::unordered_map<std::string, size_t> network_people_;  // network name -> people index
  size_t n_network_files_ = 0;
};

Status SwapiImporter::ReadFilms() {
  const std::string file = "films.json";
  return StreamJsonArray(
      JoinPath(options_.source, file), "", nullptr, [&](size_t index, const Json& j) {
        const std::string where = "[" + std::to_string(index) + "]";
        long long pk = 0, episode = 0;
        const Json* fields = Field(j, "fields");
        if (!GetInt(j, "pk", &pk) || !fields || !GetInt(*fields, "episode_id", &episode) ||
            episode <= 0 || episode > 100) {
          log_.Report(DiagId::kImportError, file, where,
                      "a film without `pk` and a positive `fields.episode_id`: skipped");
          return;
        }
        Film f;
        f.pk = static_cast<int>(pk);
        f.episode = static_cast<int>(episode);
        f.json_index = index;
        if (!GetString(*fields, "title", &f.title)) {
          log_.Report(DiagId::kImportWarning, file, where + ".fields.title",
                      "a film without a title");
        }
        std::string date;
        if (GetString(*fields, "release_date", &date) && date.size() == 10 && date[4] == '-' &&
            date[7] == '-') {
          f.released = date;
        } else {
          log_.Report(DiagId::kImportWarning, file, where + ".fields.release_date",
                      "a film without a YYYY-MM-DD release date: imported without `released`");
        }
        auto ints = [&](const char* key, std::vector<int>* out) {
          if (const Json* a = Field(*fields, key); a && a->is_array()) {
            for (const Json& v : *a) {
              if (v.is_number_integer()) out->push_back(v.get<int>());
            }
          }
        };
        ints("characters", &f.characters);
        ints("planets", &f.planets);
        ints("species", &f.species);
        ints("starships", &f.starships);
        ints("vehicles", &f.vehicles);
        // opening_crawl (Lucasfilm text), director, producer: not imported.
        for (const Film& other : films_) {
          if (other.episode == f.episode) {
            log_.Report(DiagId::kImportError, file, where,
                        "a second film with episode_id " + std::to_string(f.episode) + ": skipped");
            return;
          }
        }
        f.id = "ep" + std::to_string(f.episode);
        film_by_pk_[f.pk] = films_.size();
        films_.push_back(std::move(f));
      });
}

Status SwapiImporter::ReadPeople() {
  const std::string file = "people.json";
  return StreamJsonArray(
      JoinPath(options_.source, file), "", nullptr, [&](size_t index, const Json& j) {
        const std::string where = "[" + std::to_string(index) + "]";
        long long pk = 0;
        const Json* fields = Field(j, "fields");
        Person p;
        if (!GetInt(j, "pk", &pk) || !fields || !GetString(*fields, "name", &p.name) ||
            p.name.empty()) {
          log_.Report(DiagId::kImportError, file, where,
                      "a person without `pk` and `fields.name`: skipped");
          return;
        }
        if (person_by_pk_.count(static_cast<int>(pk))) {
          log_.Report(DiagId::kImportError, file, where,
                      "a second person with pk " + std::to_string(pk) + ": skipped");
          return;
        }
        p.pk = static_cast<int>(pk);
        p.json_index = index;
        GetString(*fields, "birth_year", &p.birth_year);
        long long hw = 0;
        if (GetInt(*fields, "homeworld", &hw)) p.homeworld = static_cast<int>(hw);
        // gender, height, mass and colours: not imported (no predicate).
        person_by_pk_[p.pk] = people_.size();
        people_.push_back(std::move(p));
      });
}

Status SwapiImporter::ReadNamed(const std::string& file, std::map<int, Named>* out) {
  return StreamJsonArray(
      JoinPath(options_.source, file), "", nullptr, [&](size_t index, const Json& j) {
        long long pk = 0;
        const Json* fields = Field(j, "fields");
        Named n;
        if (!GetInt(j, "pk", &pk) || !fields || !GetString(*fields, "name", &n.name) ||
            n.name.empty()) {
          log_.Report(DiagId::kImportError, file, "[" + std::to_string(index) + "]",
                      "a record without `pk` and `fields.name`: skipped");
          return;
        }
        out->emplace(static_cast<int>(pk), std::move(n));
      });
}

Status SwapiImporter::ReadSpecies() {
  const std::string file = "species.json";
  return StreamJsonArray(
      JoinPath(options_.source, file), "", nullptr, [&](size_t index, const Json& j) {
        const Json* fields = Field(j, "fields");
        Species s;
        long long pk = 0;
        GetInt(j, "pk", &pk);
        if (!fields || !GetString(*fields, "name", &s.name) || s.name.empty()) {
          log_.Report(DiagId::kImportError, file, "[" + std::to_string(index) + "]",
                      "a species without `fields.name`: skipped");
          return;
        }
        if (const Json* a = Field(*fields, "people"); a && a->is_array()) {
          for (const Json& v : *a) {
            if (v.is_number_integer()) s.people.push_back(v.get<int>());
          }
        }
        if (pk >= 1 && pk <= 100000) {
          if (species_pk_.size() < static_cast<size_t>(pk)) species_pk_.resize(pk, -1);
          species_pk_[pk - 1] = static_cast<long>(species_.size());
        }
        species_.push_back(std::move(s));
      });
}

Status SwapiImporter::ReadPilots(const std::string& file) {
  return StreamJsonArray(JoinPath(options_.source, file), "", nullptr, [&](size_t, const Json& j) {
    long long pk = 0;
    const Json* fields = Field(j, "fields");
    if (!GetInt(j, "pk", &pk) || !fields) return;
    if (const Json* a = Field(*fields, "pilots"); a && a->is_array()) {
      for (const Json& v : *a) {
        if (v.is_number_integer()) pilots_[static_cast<int>(pk)].push_back(v.get<int>());
      }
    }
  });
}

// A network name ("LUKE", "BAIL ORGANA", "COUNT DOOKU") -> a SWAPI person,
// by the first rule that finds exactly one: the whole name; the name as the
// first words of a person's name; same first and last word; same last word.
int SwapiImporter::MatchNetworkName(const std::string& name) const {
  const std::vector<std::string> n = Tokens(name);
  if (n.empty()) return -1;
  for (int rule = 0; rule < 4; ++rule) {
    int found = -1, count = 0;
    for (size_t i = 0; i < people_.size(); ++i) {
      if (people_[i].from_network) continue;
      const std::vector<std::string> p = Tokens(people_[i].name);
      if (p.empty()) continue;
      bool ok = false;
      switch (rule) {
        case 0:
          ok = p == n;
          break;
        case 1:
          ok = n.size() < p.size() && std::equal(n.begin(), n.end(), p.begin());
          break;
        case 2:
          ok = n.size() >= 2 && p.size() >= 2 && n.front() == p.front() && n.back() == p.back();
          break;
        case 3:
          ok = n.back() == p.back();
          break;
      }
      if (ok) {
        found = static_cast<int>(i);
        ++count;
      }
    }
    if (count == 1) return found;
    if (count > 1) return -2;  // ambiguous: no weaker rule may decide
  }
  return -1;
}

void SwapiImporter::ReadNetworks() {
  networks_dir_ = JoinPath(options_.source, std::string("../") + kNetworksDir);
  if (!IsDirectory(networks_dir_)) {
    log_.Report(DiagId::kImportWarning, kNetworksDir, "",
                "the scene networks are not beside the SWAPI folder: imported without "
                "\"talks with\" events",
                "put starwars-gabasova-networks next to starwars-swapi");
    return;
  }
  network_source_ = ReadSourceInfo(networks_dir_);
  // Episode numbers 1..9: one file per film, story-order numbered.
  for (int episode = 1; episode <= 9; ++episode) {
    const std::string file =
        "starwars-episode-" + std::to_string(episode) + "-interactions-allCharacters.json";
    const std::string path = JoinPath(networks_dir_, file);
    if (!IsDirectory(networks_dir_) || !std::ifstream(path)) continue;
    auto film_it = std::find_if(films_.begin(), films_.end(),
                                [&](const Film& f) { return f.episode == episode; });
    if (film_it == films_.end()) {
      log_.Report(DiagId::kImportWarning, file, "",
                  "episode " + std::to_string(episode) +
                      " is not among the SWAPI films: its "
                      "network is not imported");
      continue;
    }
    const size_t film = static_cast<size_t>(film_it - films_.begin());
    Result<Json> doc = ReadJsonFile(path);
    if (!doc.ok()) {
      log_.Report(DiagId::kImportError, file, "", doc.status().message());
      continue;
    }
    ++n_network_files_;
    std::vector<long> node_person;
    const Json* nodes = Field(*doc, "nodes");
    const Json* links = Field(*doc, "links");
    if (!nodes || !nodes->is_array() || !links || !links->is_array()) {
      log_.Report(DiagId::kImportError, file, "", "no `nodes` and `links` arrays: skipped");
      continue;
    }
    for (size_t i = 0; i < nodes->size(); ++i) {
      std::string name;
      if (!GetString((*nodes)[i], "name", &name) || name.empty()) {
        node_person.push_back(-1);
        continue;
      }
      auto known = network_people_.find(name);
      if (known == network_people_.end()) {
        int m = MatchNetworkName(name);
        size_t index;
        if (m >= 0) {
          index = static_cast<size_t>(m);
        } else {
          // Not a SWAPI person (or several match): declared from the network.
          Person p;
          std::string display;
          for (const std::string& t : Tokens(name)) {
            if (!display.empty()) display += ' ';
            // "CAPTAIN ANTILLES" -> "Captain Antilles", "FODE/BEED" ->
            // "Fode/Beed"; designations with digits ("PK-4") stay as written.
            bool has_digit = t.find_first_of("0123456789") != std::string::npos;
            for (size_t k = 0; k < t.size(); ++k) {
              char c = t[k];
              bool word_start = k == 0 || t[k - 1] == '-' || t[k - 1] == '/';
              if (!has_digit && !word_start && c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
              display += c;
            }
          }
          p.name = display;
          p.from_network = true;
          index = people_.size();
          people_.push_back(std::move(p));
          log_.Report(DiagId::kImportUnknownName, file, "nodes[" + std::to_string(i) + "]",
                      "`" + name + "` is " +
                          (m == -2 ? std::string("more than one SWAPI person")
                                   : std::string("no SWAPI person")) +
                          ": declared as character \"" + people_[index].name + "\"",
                      m == -2 ? "the short name fits several people" : "");
        }
        known = network_people_.emplace(name, index).first;
      }
      node_person.push_back(static_cast<long>(known->second));
      network_cast_[film].insert(known->second);
    }
    for (size_t i = 0; i < links->size(); ++i) {
      long long s = -1, t = -1, v = 0;
      const Json& l = (*links)[i];
      if (!GetInt(l, "source", &s) || !GetInt(l, "target", &t) || !GetInt(l, "value", &v) ||
          s < 0 || t < 0 || static_cast<size_t>(s) >= node_person.size() ||
          static_cast<size_t>(t) >= node_person.size() || node_person[s] < 0 ||
          node_person[t] < 0) {
        log_.Report(DiagId::kImportError, file, "links[" + std::to_string(i) + "]",
                    "a link without valid `source`, `target` and `value`: skipped");
        continue;
      }
      size_t a = static_cast<size_t>(node_person[s]), b = static_cast<size_t>(node_person[t]);
      if (a == b) continue;
      if (a > b) std::swap(a, b);
      talks_[film].push_back({a, b, static_cast<int>(v)});
    }
  }
}

std::string SwapiImporter::Emit() {
  // Ids: people (SWAPI order, then network-declared), planets, species,
  // transports, in one namespace.
  for (Person& p : people_)
    p.id = ids_.Allocate(MakeId(p.name), "p:" + p.name + ":" + std::to_string(p.pk));
  for (auto& [pk, n] : planets_)
    n.id = ids_.Allocate(MakeId(n.name), "planet:" + std::to_string(pk));
  for (Species& s : species_) s.id = ids_.Allocate(MakeId(s.name), "species:" + s.name);
  for (auto& [pk, n] : transports_) n.id = ids_.Allocate(MakeId(n.name), "t:" + std::to_string(pk));

  // Film order in the file: by story order (episode), for reading.
  std::vector<size_t> by_episode(films_.size());
  for (size_t i = 0; i < films_.size(); ++i) by_episode[i] = i;
  std::sort(by_episode.begin(), by_episode.end(),
            [&](size_t a, size_t b) { return films_[a].episode < films_[b].episode; });

  std::string out;
  std::string header =
      "Star Wars films, imported by `canon import swapi` from the SWAPI fixtures: "
      "https://github.com/" +
      (source_.repository.empty() ? std::string("phalt/swapi") : source_.repository) +
      (source_.commit.empty() ? std::string() : " at commit " + source_.commit) +
      " (resources/fixtures/*.json). License: BSD 3-Clause, Copyright (c) 2015, Paul Hallett; "
      "Star Wars names are Lucasfilm's, and the films' opening crawls are not copied.";
  if (n_network_files_ > 0) {
    header +=
        "\nScene networks: Gabasova, E. (2016). Star Wars social network. "
        "DOI: https://doi.org/10.5281/zenodo.1411479 (https://github.com/" +
        (network_source_.repository.empty() ? std::string("evelinag/StarWars-social-network")
                                            : network_source_.repository) +
        (network_source_.commit.empty() ? std::string() : " at commit " + network_source_.commit) +
        ", networks/), licensed CC BY 4.0.";
  }
  header +=
      "\nFacts only. Generated file: do not edit; regenerate with\n"
      "  canon import swapi ../shared/data/starwars-swapi -o examples/starwars.canon\n"
      "How each field is mapped, and what is lost: docs/importers.md.";
  out += CommentBlock(header);
  out += "universe \"Star Wars\"\n";
  out += "continuity sw \"Star Wars (films)\"\n";
  out += "# Years count from the Battle of Yavin: 19 BBY is 19 years before it, 4 ABY 4 after.\n";
  out += "era BBY in sw epoch 0 backward\n";
  out += "era ABY in sw epoch 0 forward\n";
  out += "use sw\n\n";

  // Which predicates are used.
  bool any_home = false, any_pilot = false;
  for (const Person& p : people_) {
    if (p.homeworld && planets_.count(p.homeworld) && planets_[p.homeworld].name != "unknown") {
      any_home = true;
    }
  }
  for (const auto& [t, list] : pilots_) {
    if (transports_.count(t) && !list.empty()) any_pilot = true;
  }
  if (any_home) out += "predicate homeworld phrase \"comes from\"\n";
  if (any_pilot) out += "predicate pilots phrase \"pilots\"\n";
  if (any_home || any_pilot) out += "\n";

  out += "# The films: released in the order IV, V, VI, I, II, III; told in episode order.\n";
  for (size_t k = 0; k < by_episode.size(); ++k) {
    const Film& f = films_[by_episode[k]];
    out += "film " + f.id + " " + QuoteString(f.title);
    if (!f.released.empty()) out += " released " + f.released;
    if (k > 0) out += " story after " + films_[by_episode[k - 1]].id;
    out += "\n";
    // Appearances per film: films.json characters, then those the network
    // has speaking in it, then its planets, starships and vehicles.
    std::vector<std::string> cast;
    std::set<size_t> listed;
    for (int pk : f.characters) {
      auto it = person_by_pk_.find(pk);
      if (it == person_by_pk_.end()) {
        log_.Report(DiagId::kImportUnknownName, "films.json",
                    "[" + std::to_string(f.json_index) + "].fields.characters",
                    "person " + std::to_string(pk) + " is not in people.json: not imported");
        continue;
      }
      if (listed.insert(it->second).second) cast.push_back(people_[it->second].id);
    }
    if (auto net = network_cast_.find(by_episode[k]); net != network_cast_.end()) {
      for (size_t pi : net->second) {
        if (!listed.insert(pi).second) continue;
        cast.push_back(people_[pi].id);
        if (!people_[pi].from_network) {
          log_.Report(
              DiagId::kImportWarning,
              "starwars-episode-" + std::to_string(f.episode) + "-interactions-allCharacters.json",
              "",
              "`" + people_[pi].name + "` speaks in " + f.title +
                  " per the network, but films.json does not list them: "
                  "appearance imported");
        }
      }
    }
    for (size_t i = 0; i < cast.size(); i += 8) {
      std::vector<std::string> chunk(cast.begin() + i, cast.begin() + std::min(cast.size(), i + 8));
      out += "  cast " + Join(chunk, ", ") + "\n";
    }
    std::vector<std::string> things;
    for (int pk : f.planets) {
      if (auto it = planets_.find(pk); it != planets_.end() && it->second.name != "unknown") {
        things.push_back(it->second.id);
        it->second.used = true;
      }
    }
    for (int pk : f.species) {
      if (pk >= 1 && static_cast<size_t>(pk) <= species_pk_.size() && species_pk_[pk - 1] >= 0) {
        things.push_back(species_[species_pk_[pk - 1]].id);
      }
    }
    for (const std::vector<int>* list : {&f.starships, &f.vehicles}) {
      for (int pk : *list) {
        if (auto it = transports_.find(pk); it != transports_.end()) {
          things.push_back(it->second.id);
          it->second.used = true;
        }
      }
    }
    for (size_t i = 0; i < things.size(); i += 8) {
      std::vector<std::string> chunk(things.begin() + i,
                                     things.begin() + std::min(things.size(), i + 8));
      out += "  cast " + Join(chunk, ", ") + "\n";
    }
  }

  // Planets used as homeworlds or seen in a film.
  for (const Person& p : people_) {
    if (auto it = planets_.find(p.homeworld);
        it != planets_.end() && it->second.name != "unknown") {
      it->second.used = true;
    }
  }
  for (const auto& [t, list] : pilots_) {
    if (auto it = transports_.find(t); it != transports_.end() && !list.empty())
      it->second.used = true;
  }
  out += "\n# Planets (planets.json), species (species.json) and craft (transport.json).\n";
  for (const auto& [pk, n] : planets_) {
    if (n.used) out += "place " + n.id + " " + QuoteString(n.name) + "\n";
  }
  std::set<std::string> species_in_film;
  for (const Film& f : films_) {
    for (int pk : f.species) {
      if (pk >= 1 && static_cast<size_t>(pk) <= species_pk_.size() && species_pk_[pk - 1] >= 0) {
        species_in_film.insert(species_[species_pk_[pk - 1]].id);
      }
    }
  }
  std::map<int, std::vector<std::string>> species_of;  // person pk -> species ids
  for (const Species& s : species_) {
    bool any = false;
    for (int pk : s.people) {
      if (person_by_pk_.count(pk)) {
        species_of[pk].push_back(s.id);
        any = true;
      }
    }
    if (any || species_in_film.count(s.id)) {
      out += "group " + s.id + " " + QuoteString(s.name) + "\n";
    }
  }
  for (const auto& [pk, n] : transports_) {
    if (n.used) out += "object " + n.id + " " + QuoteString(n.name) + "\n";
  }

  // People, with birth years, homeworlds, species and what they pilot.
  std::map<int, std::vector<std::pair<int, std::string>>> piloted;  // person pk -> crafts
  std::vector<size_t> by_release = by_episode;
  std::stable_sort(by_release.begin(), by_release.end(),
                   [&](size_t a, size_t b) { return films_[a].released < films_[b].released; });
  for (const auto& [t, list] : pilots_) {
    auto tr = transports_.find(t);
    if (tr == transports_.end()) continue;
    for (int pk : list) {
      if (person_by_pk_.count(pk)) {
        piloted[pk].emplace_back(t, tr->second.id);
      } else {
        log_.Report(DiagId::kImportUnknownName, "starships.json/vehicles.json",
                    "pk " + std::to_string(t) + ".fields.pilots",
                    "pilot " + std::to_string(pk) + " is not in people.json: not imported");
      }
    }
  }
  out += "\n# People (people.json), then those only in the scene networks.\n";
  // Records that share a birth year and a homeworld may be one person
  // under two names (Anakin Skywalker and Darth Vader).
  std::map<std::pair<std::string, int>, std::vector<size_t>> twins;
  for (size_t i = 0; i < people_.size(); ++i) {
    const Person& p = people_[i];
    if (!p.from_network && p.birth_year != "unknown" && !p.birth_year.empty() && p.homeworld) {
      twins[{p.birth_year, p.homeworld}].push_back(i);
    }
  }
  for (const auto& [key, list] : twins) {
    if (list.size() < 2) continue;
    std::vector<std::string> names;
    for (size_t i : list) names.push_back("`" + people_[i].name + "`");
    log_.Report(DiagId::kImportWarning, "people.json",
                "[" + std::to_string(people_[list[0]].json_index) + "]",
                EnglishList(names) + " share a birth year (" + key.first +
                    ") and a homeworld: "
                    "possibly one person under two names; imported as separate characters",
                "the data cannot say; a `counterpart` or an alias would join them");
  }
  for (Person& p : people_) {
    out += "character " + p.id + " " + QuoteString(p.name) + "\n";
    if (p.from_network) continue;
    const std::string where = "[" + std::to_string(p.json_index) + "]";
    int year = 0;
    std::string era;
    bool fraction = false;
    if (ParseBirthYear(p.birth_year, &year, &era, &fraction)) {
      if (fraction) {
        log_.Report(DiagId::kImportWarning, "people.json", where + ".fields.birth_year",
                    "`" + p.name + "` has a fractional birth year (" + p.birth_year +
                        "): imported as " + std::to_string(year) + " " + era,
                    "dates in canon are whole years");
      }
      out += "  born " + std::to_string(year) + " " + era + "\n";
    } else if (!p.birth_year.empty() && p.birth_year != "unknown") {
      log_.Report(DiagId::kImportWarning, "people.json", where + ".fields.birth_year",
                  "`" + p.name + "` has a birth year that is not NBBY or NABY (" + p.birth_year +
                      "): not imported");
    }
    if (auto it = planets_.find(p.homeworld); it != planets_.end()) {
      if (it->second.name != "unknown") out += "  homeworld " + it->second.id + "\n";
    } else if (p.homeworld) {
      log_.Report(DiagId::kImportUnknownName, "people.json", where + ".fields.homeworld",
                  "planet " + std::to_string(p.homeworld) + " is not in planets.json");
    }
    for (const std::string& s : species_of[p.pk]) out += "  member_of " + s + "\n";
    for (const auto& [craft_pk, craft_id] : piloted[p.pk]) {
      // Revealed in the first film (release order) that shows both the pilot
      // and the craft; else with the pilot.
      out += "  pilots " + craft_id;
      for (size_t fi : by_release) {
        const Film& f = films_[fi];
        bool has_pilot =
            std::find(f.characters.begin(), f.characters.end(), p.pk) != f.characters.end();
        bool has_craft =
            std::find(f.starships.begin(), f.starships.end(), craft_pk) != f.starships.end() ||
            std::find(f.vehicles.begin(), f.vehicles.end(), craft_pk) != f.vehicles.end();
        if (has_pilot && has_craft) {
          out += " revealed " + f.id;
          break;
        }
      }
      out += "\n";
    }
  }

  // Who talks with whom, per film, from the networks: one event per pair
  // and film, in story order, happening during the film.
  size_t n_talks = 0;
  for (size_t k = 0; k < by_episode.size(); ++k) {
    auto it = talks_.find(by_episode[k]);
    if (it == talks_.end()) continue;
    const Film& f = films_[by_episode[k]];
    out += "\n# " + f.title + ": who speaks with whom in the same scenes (scene network).\n";
    std::vector<Talk> list = it->second;
    std::stable_sort(list.begin(), list.end(), [&](const Talk& x, const Talk& y) {
      return std::tie(people_[x.a].id, people_[x.b].id) <
             std::tie(people_[y.a].id, people_[y.b].id);
    });
    for (const Talk& t : list) {
      const Person& a = people_[t.a];
      const Person& b = people_[t.b];
      std::string id =
          event_ids_.Allocate(f.id + "_" + a.id + "_" + b.id, f.id + ":" + a.id + ":" + b.id);
      std::string title = a.name + " and " + b.name + " talk in " + std::to_string(t.scenes) +
                          (t.scenes == 1 ? " scene" : " scenes");
      out += "event " + id + " " + QuoteString(title) + ": " + a.id + " talks_with " + b.id +
             " revealed " + f.id + "\n";
      ++n_talks;
    }
  }
  (void)n_talks;
  return out;
}

Result<ImportResult> SwapiImporter::Run() {
  source_ = ReadSourceInfo(options_.source);
  CANON_RETURN_IF_ERROR(ReadFilms());
  CANON_RETURN_IF_ERROR(ReadPeople());
  CANON_RETURN_IF_ERROR(ReadNamed("planets.json", &planets_));
  CANON_RETURN_IF_ERROR(ReadNamed("transport.json", &transports_));
  CANON_RETURN_IF_ERROR(ReadSpecies());
  CANON_RETURN_IF_ERROR(ReadPilots("starships.json"));
  CANON_RETURN_IF_ERROR(ReadPilots("vehicles.json"));
  ReadNetworks();
  std::string text = Emit();
  CANON_ASSIGN_OR_RETURN(std::string formatted, CanonicalText(text, "starwars.canon"));
  ImportResult result;
  result.text = std::move(formatted);
  size_t talks = 0;
  for (const auto& [film, list] : talks_) talks += list.size();
  result.summary = Count(films_.size(), "film") + ", " + Count(people_.size(), "character") + ", " +
                   Count(talks, "talk");
  return result;
}

}  // namespace

Result<ImportResult> ImportSwapi(const ImportOptions& options, ImportLog& log) {
  SwapiImporter importer(options, log);
  return importer.Run();
}

}  // namespace canon::import
