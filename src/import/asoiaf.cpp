// `canon import asoiaf-books`: the seed tables of "An API of Ice and Fire"
// (CSV) as the `books` continuity: the books as works in release order,
// births and deaths as events in story time on the AC calendar (with the
// years the data gives as free text, "In 263 AC", "In or between 240 AC and
// 249 AC"), parents and spouses, houses as groups. With the got-lancaster
// folder it also links each books character to its show counterpart by name
// and alias, and reports what it could not match.
//
// The data says nothing about where in the books a birth, a death or a
// relation is revealed. Everything it says about a character is therefore
// revealed at the last book (in release order) the character appears in: a
// reader who has read every book the character is in may be told it, and no
// reader is told it earlier. Field mapping and losses: docs/importers.md.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

#include "base/strings.h"
#include "import/common.h"
#include "import/csv.h"
#include "import/format.h"
#include "import/ids.h"
#include "import/importers.h"
#include "import/progress.h"
#include "import/years.h"

namespace canon::import {
namespace {

struct Book {
  int id = 0;
  std::string name;
  std::string released;
  int preceded_by = 0;
  uint32_t line = 0;
  std::string work;  // "agot"
};

struct Person {
  int id = 0;
  std::string name;
  std::string born, died;  // free text
  uint32_t line = 0;
  std::string canon_id;
  std::set<int> books;  // book ids (appearances and POV)
  std::vector<std::string> aliases;
  int father = 0, mother = 0, spouse = 0;
  uint32_t relation_line = 0;
  std::set<int> houses;
  bool in_show = false;  // character_tv_series.csv lists it
};

struct House {
  int id = 0;
  std::string name;
  uint32_t line = 0;
  std::string canon_id;
  int current_lord = 0, founder = 0, heir = 0, overlord = 0;
  uint32_t relation_line = 0;
  bool used = false;
};

// "A Game of Thrones" -> "agot": the initials readers use.
std::string Initials(const std::string& title) {
  std::string out;
  bool start = true;
  for (char c : FoldToAscii(title)) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alpha && start) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    start = !alpha && c != '\'';
  }
  return out.empty() ? "book" : out;
}

int ToInt(const std::string& s) {
  if (s.empty() || s.size() > 9) return 0;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v;
}

class AsoiafImporter {
 public:
  AsoiafImporter(const ImportOptions& options, ImportLog& log) : options_(options), log_(log) {}
  Result<ImportResult> Run();

 private:
  // Opens a CSV of the source folder and checks its header has `columns`.
  Status Open(const std::string& file, std::ifstream& in, CsvTable& table,
              const std::vector<std::string>& columns);
  Status ReadBooks();
  Status ReadCharacters();
  Status ReadLinks(const std::string& file, const char* a, const char* b,
                   const std::function<void(int, int, uint32_t)>& on_row);
  Status ReadAliases();
  Status ReadRelationships();
  Status ReadHouses();
  Status ReadHouseRelationships();
  std::string LastBook(const Person& p) const;
  std::string LaterBook(const std::string& a, const std::string& b) const;
  void Counterparts(const GotShowNames& show, ImportResult& result);
  std::string Emit();

  const ImportOptions& options_;
  ImportLog& log_;
  SourceInfo source_;
  std::vector<Book> books_;
  std::map<int, size_t> book_index_;
  std::vector<Person> people_;
  std::map<int, size_t> person_index_;
  std::vector<House> houses_;
  std::map<int, size_t> house_index_;
  std::string last_book_with_characters_;
  IdAllocator ids_;
  IdAllocator event_ids_;
  struct Place {
    std::string name, id;
  };
  std::vector<Place> places_;
  std::unordered_map<std::string, size_t> place_by_fold_;
  bool any_spouse_ = false;
  size_t n_births_ = 0, n_deaths_ = 0, n_relations_ = 0, n_counterparts_ = 0;
};

Status AsoiafImporter::Open(const std::string& file, std::ifstream& in, CsvTable& table,
                            const std::vector<std::string>& columns) {
  const std::string path = JoinPath(options_.source, file);
  if (!in) return Status::IoError("cannot read `" + path + "`", "check the source folder");
  if (!table.ReadHeader()) {
    return Status::ParseError("`" + path + "` is empty", "is this the expected dataset?");
  }
  for (const std::string& c : columns) {
    if (table.Column(c) < 0) {
      // NOLINTBEGIN(performance-inefficient-string-concatenation): error return, runs once
      return Status::ParseError("`" + path + "` has no column `" + c + "`",
                                "is this the expected dataset?");
      // NOLINTEND(performance-inefficient-string-concatenation)
    }
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadBooks() {
  const std::string file = "books.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {"id", "name", "release_date", "preceded_by"}));
  const int c_id = t.Column("id"), c_name = t.Column("name"), c_date = t.Column("release_date"),
            c_prev = t.Column("preceded_by");
  while (t.Next()) {
    const std::string where = "line " + std::to_string(t.line());
    Book b;
    b.id = ToInt(t.Field(c_id));
    b.name = t.Field(c_name);
    b.line = t.line();
    if (b.id <= 0 || b.name.empty() || book_index_.count(b.id)) {
      log_.Report(DiagId::kImportError, file, where,
                  "a book without a new positive `id` and a `name`: skipped");
      continue;
    }
    const std::string& date = t.Field(c_date);
    if (date.size() == 10 && date[4] == '-' && date[7] == '-') {
      b.released = date;
    } else {
      log_.Report(DiagId::kImportWarning, file, where,
                  "`" + b.name + "` has no YYYY-MM-DD release date: imported without `released`");
    }
    b.preceded_by = ToInt(t.Field(c_prev));
    book_index_[b.id] = books_.size();
    books_.push_back(std::move(b));
  }
  if (!t.reader().error().empty()) {
    log_.Report(DiagId::kImportError, file, "", t.reader().error());
  }
  // Release order; ids by initials.
  std::stable_sort(books_.begin(), books_.end(),
                   [](const Book& a, const Book& b) { return a.released < b.released; });
  book_index_.clear();
  for (size_t i = 0; i < books_.size(); ++i) {
    book_index_[books_[i].id] = i;
    books_[i].work = ids_.Allocate(Initials(books_[i].name), "book:" + books_[i].name);
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadCharacters() {
  const std::string file = "characters.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {"id", "name", "born", "died"}));
  const int c_id = t.Column("id"), c_name = t.Column("name"), c_born = t.Column("born"),
            c_died = t.Column("died");
  Progress progress(options_.progress);
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(JoinPath(options_.source, file), ec);
  if (options_.progress) progress.Start(file, ec ? 0 : static_cast<uint64_t>(size));
  while (t.Next()) {
    if (options_.progress && people_.size() % 64 == 0) progress.Update(t.reader().bytes_read());
    Person p;
    p.id = ToInt(t.Field(c_id));
    p.line = t.line();
    if (p.id <= 0 || person_index_.count(p.id)) {
      log_.Report(DiagId::kImportError, file, "line " + std::to_string(t.line()),
                  "a character without a new positive `id`: skipped");
      continue;
    }
    p.name = t.Field(c_name);
    p.born = t.Field(c_born);
    p.died = t.Field(c_died);
    person_index_[p.id] = people_.size();
    people_.push_back(std::move(p));
  }
  if (!t.reader().error().empty()) {
    log_.Report(DiagId::kImportError, file, "", t.reader().error());
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadLinks(const std::string& file, const char* a, const char* b,
                                 const std::function<void(int, int, uint32_t)>& on_row) {
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {a, b}));
  const int ca = t.Column(a), cb = t.Column(b);
  while (t.Next()) on_row(ToInt(t.Field(ca)), ToInt(t.Field(cb)), t.line());
  if (!t.reader().error().empty()) {
    log_.Report(DiagId::kImportError, file, "", t.reader().error());
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadAliases() {
  const std::string file = "character_aliases.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {"character_id", "alias"}));
  const int c_id = t.Column("character_id"), c_alias = t.Column("alias");
  while (t.Next()) {
    auto it = person_index_.find(ToInt(t.Field(c_id)));
    if (it == person_index_.end()) {
      log_.Report(DiagId::kImportUnknownName, file, "line " + std::to_string(t.line()),
                  "an alias of character " + t.Field(c_id) +
                      ", who is not in characters.csv: "
                      "not imported");
      continue;
    }
    if (!t.Field(c_alias).empty()) people_[it->second].aliases.push_back(t.Field(c_alias));
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadRelationships() {
  const std::string file = "character_relationships.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {"character_id", "father", "mother", "spouse"}));
  const int c_id = t.Column("character_id"), c_f = t.Column("father"), c_m = t.Column("mother"),
            c_s = t.Column("spouse");
  while (t.Next()) {
    auto it = person_index_.find(ToInt(t.Field(c_id)));
    if (it == person_index_.end()) {
      log_.Report(DiagId::kImportUnknownName, file, "line " + std::to_string(t.line()),
                  "relations of character " + t.Field(c_id) +
                      ", who is not in characters.csv: "
                      "not imported");
      continue;
    }
    Person& p = people_[it->second];
    p.father = ToInt(t.Field(c_f));
    p.mother = ToInt(t.Field(c_m));
    p.spouse = ToInt(t.Field(c_s));
    p.relation_line = t.line();
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadHouses() {
  const std::string file = "houses.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(Open(file, in, t, {"id", "name"}));
  const int c_id = t.Column("id"), c_name = t.Column("name");
  while (t.Next()) {
    House h;
    h.id = ToInt(t.Field(c_id));
    h.name = t.Field(c_name);
    h.line = t.line();
    if (h.id <= 0 || h.name.empty() || house_index_.count(h.id)) {
      log_.Report(DiagId::kImportError, file, "line " + std::to_string(t.line()),
                  "a house without a new positive `id` and a `name`: skipped");
      continue;
    }
    // region, coat_of_arms, words, founded, died_out: not imported.
    house_index_[h.id] = houses_.size();
    houses_.push_back(std::move(h));
  }
  return Status::Ok();
}

Status AsoiafImporter::ReadHouseRelationships() {
  const std::string file = "house_relationships.csv";
  std::ifstream in(JoinPath(options_.source, file), std::ios::binary);
  CsvTable t(in);
  CANON_RETURN_IF_ERROR(
      Open(file, in, t, {"house_id", "current_lord", "founder", "heir", "overlord"}));
  const int c_id = t.Column("house_id"), c_lord = t.Column("current_lord"),
            c_founder = t.Column("founder"), c_heir = t.Column("heir"),
            c_over = t.Column("overlord");
  while (t.Next()) {
    auto it = house_index_.find(ToInt(t.Field(c_id)));
    if (it == house_index_.end()) {
      log_.Report(DiagId::kImportUnknownName, file, "line " + std::to_string(t.line()),
                  "house " + t.Field(c_id) + " is not in houses.csv: not imported");
      continue;
    }
    House& h = houses_[it->second];
    h.current_lord = ToInt(t.Field(c_lord));
    h.founder = ToInt(t.Field(c_founder));
    h.heir = ToInt(t.Field(c_heir));
    h.overlord = ToInt(t.Field(c_over));
    h.relation_line = t.line();
  }
  return Status::Ok();
}

std::string AsoiafImporter::LastBook(const Person& p) const {
  std::string best;
  size_t best_index = 0;
  for (int b : p.books) {
    auto it = book_index_.find(b);
    if (it == book_index_.end()) continue;
    if (best.empty() || it->second > best_index) {
      best = books_[it->second].work;
      best_index = it->second;
    }
  }
  return best.empty() ? last_book_with_characters_ : best;
}

std::string AsoiafImporter::LaterBook(const std::string& a, const std::string& b) const {
  size_t ia = 0, ib = 0;
  for (size_t i = 0; i < books_.size(); ++i) {
    if (books_[i].work == a) ia = i;
    if (books_[i].work == b) ib = i;
  }
  return ia >= ib ? a : b;
}

std::string AsoiafImporter::Emit() {
  std::string out;
  std::string header =
      "A Song of Ice and Fire (novels), imported by `canon import asoiaf-books` from \"An API of "
      "Ice and Fire\": https://github.com/" +
      (source_.repository.empty() ? std::string("joakimskoog/AnApiOfIceAndFire")
                                  : source_.repository) +
      (source_.commit.empty() ? std::string() : " at commit " + source_.commit) +
      " (src/AnApiOfIceAndFire.Setup/csv/*.csv). License: BSD 3-Clause, Copyright (c) "
      "2016-2024, Joakim Skoog; \"The A Song of Ice And Fire series and its data is the "
      "property of George R.R. Martin. The data is used without claim of ownership.\"\n"
      "Facts only. This file has no `universe` line so that it can be compiled together with "
      "got-show.canon (the same world on screen); alone it is the books continuity.\n"
      "Generated file: do not edit; regenerate with\n"
      "  canon import asoiaf-books ../shared/data/asoiaf-anapioficeandfire -o "
      "examples/asoiaf.canon --show ../shared/data/got-lancaster --counterparts "
      "examples/asoiaf-got.canon\n"
      "How each field is mapped, and what is lost: docs/importers.md.";
  out += CommentBlock(header);
  out += "continuity books \"A Song of Ice and Fire (novels)\"\n";
  out += "# The calendar of the books: years After the Conquest (AC) and before it (BC).\n";
  out += "era AC in books epoch 0 forward\n";
  out += "era BC in books epoch 0 backward\n";
  out += "use books\n\n";

  // Relations between characters and houses (house_relationships.csv).
  bool any_lord = false, any_heir = false, any_founder = false, any_overlord = false;
  for (const House& h : houses_) {
    any_lord |= person_index_.count(h.current_lord) > 0;
    any_heir |= person_index_.count(h.heir) > 0;
    any_founder |= person_index_.count(h.founder) > 0;
    any_overlord |= house_index_.count(h.overlord) > 0;
  }
  bool any_spouse = false;
  for (const Person& p : people_) any_spouse |= p.spouse != 0 && person_index_.count(p.spouse) > 0;
  if (any_spouse) {
    out += "# Spouses carry no time in the data: married at some time, not necessarily at once.\n";
    out += "predicate spouse_of symmetric phrase \"is or was married to\"\n";
  }
  if (any_lord || any_heir || any_founder || any_overlord) {
    out += "# Relations of house_relationships.csv.\n";
    if (any_founder) out += "predicate founded phrase \"founded\"\n";
    if (any_heir) out += "predicate heir_of phrase \"is the heir of\"\n";
    if (any_lord) out += "predicate lord_of phrase \"is the lord of\"\n";
    if (any_overlord) out += "predicate sworn_to phrase \"is sworn to\"\n";
    out += "\n";
  }

  // Books: story order within each series of books (preceded_by); a book
  // that follows none is a series of its own, unordered against the others.
  out +=
      "# The books, in release order. A book follows the one it is preceded by in story; the\n"
      "# first book of each series (the saga, Dunk and Egg, the histories) is unordered.\n";
  for (const Book& b : books_) {
    out += "book " + b.work + " " + QuoteString(b.name);
    if (!b.released.empty()) out += " released " + b.released;
    auto prev = book_index_.find(b.preceded_by);
    if (b.preceded_by && prev != book_index_.end()) {
      out += " story after " + books_[prev->second].work;
    } else {
      if (b.preceded_by) {
        log_.Report(DiagId::kImportUnknownName, "books.csv", "line " + std::to_string(b.line),
                    "`" + b.name + "` is preceded by book " + std::to_string(b.preceded_by) +
                        ", which is not in books.csv: unordered");
      }
      out += " flashback";
    }
    out += "\n";
  }

  // Events: births and deaths, with their places.
  auto place_id = [&](const std::string& name) -> std::string {
    std::string key = MakeId(name);
    auto [it, inserted] = place_by_fold_.emplace(key, places_.size());
    if (inserted) places_.push_back({name, ids_.Allocate(key, "place:" + key)});
    return places_[it->second].id;
  };
  // A birth or death with no year is placed against the character's other
  // event when there is one (born before dying); one with no year and no
  // other event happens, as the language defaults, in the book revealing it.
  std::string events;
  for (Person& p : people_) {
    if (p.canon_id.empty()) continue;
    YearSpec spec[2];
    std::string id[2];
    const std::string texts[2] = {p.born, p.died};
    for (int which = 0; which < 2; ++which) {
      if (texts[which].empty()) continue;
      spec[which] = ParseYears(texts[which]);
      id[which] = event_ids_.Allocate(p.canon_id + (which == 0 ? "_birth" : "_death"),
                                      std::to_string(p.id) + (which == 0 ? "b" : "d"));
    }
    bool birth_after_death = spec[0].has_year && spec[1].has_year && spec[0].lo > spec[1].hi;
    if (birth_after_death) {
      log_.Report(DiagId::kImportPlacement, "characters.csv", "line " + std::to_string(p.line),
                  "`" + p.name + "` is born \"" + p.born + "\" but dies \"" + p.died +
                      "\": the birth is imported without its year, before the death",
                  "one of the two dates is wrong in the data");
    }
    for (int which = 0; which < 2; ++which) {
      const std::string& text = texts[which];
      if (text.empty()) continue;
      const YearSpec& y = spec[which];
      const char* verb = which == 0 ? "born" : "died";
      const std::string where = "line " + std::to_string(p.line) + " (" + verb + ")";
      if (!y.unparsed.empty()) {
        log_.Report(DiagId::kImportWarning, "characters.csv", where,
                    "`" + p.name + "` " + verb + " \"" + text + "\": `" + y.unparsed +
                        "` is not a year; " +
                        (y.place.empty() ? std::string("imported without a date")
                                         : std::string("imported with the place only")));
      }
      if (y.era_assumed) {
        log_.Report(
            DiagId::kImportWarning, "characters.csv", where,
            "`" + p.name + "` " + verb + " \"" + text + "\": a year without AC or BC, read as AC");
      }
      if (y.approximate && y.has_year) {
        log_.Report(DiagId::kImportWarning, "characters.csv", where,
                    "`" + p.name + "` " + verb + " \"" + text + "\" is approximate: imported as " +
                        StoryText(y));
      }
      const int other = 1 - which;
      std::string story;
      if (y.has_year && !(which == 0 && birth_after_death)) {
        story = StoryText(y);
      } else if (which == 0 && !id[1].empty()) {
        story = "before " + id[1];
      } else if (which == 1 && !id[0].empty() && spec[0].has_year) {
        story = "after " + id[0];
      }
      (void)other;
      const bool has_place = !y.place.empty() && y.place != "Unknown";
      const std::string title = p.name + (which == 0 ? " is born" : " dies") +
                                (has_place ? " at " + y.place : std::string());
      events += "event " + id[which] + " " + QuoteString(title) + ": " + p.canon_id +
                (which == 0 ? " is_born" : " dies");
      if (!story.empty()) events += " story " + story;
      if (has_place) {
        events += " role place " + place_id(y.place);
      }
      events += " revealed " + LastBook(p) + "\n";
      ++(which == 0 ? n_births_ : n_deaths_);
    }
  }

  if (!places_.empty()) {
    out += "\n# Places of births and deaths (characters.csv born and died).\n";
    for (const Place& pl : places_) out += "place " + pl.id + " " + QuoteString(pl.name) + "\n";
  }
  out += "\n# Houses (houses.csv), with their overlords (house_relationships.csv).\n";
  std::set<int> used_houses;
  for (const Person& p : people_) {
    if (!p.canon_id.empty()) used_houses.insert(p.houses.begin(), p.houses.end());
  }
  for (const House& h : houses_) {
    if (house_index_.count(h.overlord)) {
      used_houses.insert(h.id);
      used_houses.insert(h.overlord);
    }
    if (person_index_.count(h.current_lord) || person_index_.count(h.heir) ||
        person_index_.count(h.founder)) {
      used_houses.insert(h.id);
    }
  }
  for (const House& h : houses_) {
    if (!used_houses.count(h.id)) continue;
    out += "group " + h.canon_id + " " + QuoteString(h.name) + "\n";
    if (auto o = house_index_.find(h.overlord); o != house_index_.end()) {
      if (h.overlord == h.id) {
        log_.Report(DiagId::kImportWarning, "house_relationships.csv",
                    "line " + std::to_string(h.relation_line),
                    "`" + h.name + "` is its own overlord: not imported");
      } else {
        out += "  sworn_to " + houses_[o->second].canon_id + "\n";
      }
    } else if (h.overlord) {
      log_.Report(DiagId::kImportUnknownName, "house_relationships.csv",
                  "line " + std::to_string(h.relation_line),
                  "overlord " + std::to_string(h.overlord) + " of `" + h.name +
                      "` is not in houses.csv: not imported");
    }
  }

  out +=
      "\n# Characters, introduced in the first book they appear in, with their houses\n"
      "# (house_characters.csv). Aliases are revealed at the last book they appear in.\n";
  // An alias that is another character's name or alias makes names ambiguous:
  // not imported.
  std::map<std::string, int> name_uses;
  for (const Person& p : people_) {
    if (p.canon_id.empty()) continue;
    ++name_uses[AsciiLower(p.name)];
    std::set<std::string> own;
    for (const std::string& a : p.aliases) {
      if (AsciiLower(a) != AsciiLower(p.name) && own.insert(AsciiLower(a)).second) {
        ++name_uses[AsciiLower(a)];
      }
    }
  }
  for (const Person& p : people_) {
    if (p.canon_id.empty()) continue;
    out += "character " + p.canon_id + " " + QuoteString(p.name);
    size_t first = books_.size();
    for (int b : p.books) {
      if (auto it = book_index_.find(b); it != book_index_.end())
        first = std::min(first, it->second);
    }
    if (first < books_.size()) out += " introduced " + books_[first].work;
    out += "\n";
    std::set<std::string> own;
    for (const std::string& a : p.aliases) {
      if (a == p.name || AsciiLower(a) == AsciiLower(p.name)) continue;
      if (!own.insert(AsciiLower(a)).second) continue;
      if (name_uses[AsciiLower(a)] > 1) {
        log_.Report(DiagId::kImportNote, "character_aliases.csv",
                    "character " + std::to_string(p.id),
                    "alias \"" + a + "\" of `" + p.name +
                        "` also names another character: "
                        "not imported (it would make the name ambiguous)");
        continue;
      }
      out += "  alias " + QuoteString(a) + " revealed " + LastBook(p) + "\n";
    }
    for (int h : p.houses) {
      if (auto it = house_index_.find(h); it != house_index_.end()) {
        out += "  member_of " + houses_[it->second].canon_id + "\n";
      }
    }
  }

  // Parents and spouses: revealed at the later of the two last books.
  std::string relations;
  std::set<std::pair<int, int>> spouses;
  for (const Person& p : people_) {
    if (p.canon_id.empty() || !p.relation_line) continue;
    const std::string where = "line " + std::to_string(p.relation_line);
    for (int which = 0; which < 3; ++which) {
      int other = which == 0 ? p.father : which == 1 ? p.mother : p.spouse;
      if (!other) continue;
      const char* field = which == 0 ? "father" : which == 1 ? "mother" : "spouse";
      auto it = person_index_.find(other);
      if (it == person_index_.end() || people_[it->second].canon_id.empty()) {
        log_.Report(DiagId::kImportUnknownName, "character_relationships.csv", where,
                    std::string(field) + " " + std::to_string(other) + " of `" + p.name +
                        "` is not a character of characters.csv: not imported");
        continue;
      }
      const Person& o = people_[it->second];
      if (o.id == p.id) {
        log_.Report(DiagId::kImportWarning, "character_relationships.csv", where,
                    "`" + p.name + "` is their own " + field + ": not imported");
        continue;
      }
      const std::string reveal = LaterBook(LastBook(p), LastBook(o));
      if (which < 2) {
        relations +=
            "fact " + o.canon_id + " parent_of " + p.canon_id + " revealed " + reveal + "\n";
        ++n_relations_;
        continue;
      }
      if (o.spouse != p.id) {
        log_.Report(DiagId::kImportOneSided, "character_relationships.csv", where,
                    "`" + p.name + "` is recorded as the spouse of `" + o.name + "`, but `" +
                        o.name + "`'s row " +
                        (o.spouse ? "names another spouse" : "names no spouse") +
                        ": imported as recorded",
                    "one of the two rows is probably incomplete");
      }
      std::pair<int, int> key(std::min(p.id, o.id), std::max(p.id, o.id));
      if (!spouses.insert(key).second) continue;
      relations += "fact " + p.canon_id + " spouse_of " + o.canon_id + " revealed " + reveal + "\n";
      any_spouse_ = true;
      ++n_relations_;
    }
  }
  // Lords, heirs and founders of houses.
  for (const House& h : houses_) {
    if (!h.relation_line) continue;
    const std::string where = "line " + std::to_string(h.relation_line);
    for (int which = 0; which < 3; ++which) {
      int who = which == 0 ? h.current_lord : which == 1 ? h.heir : h.founder;
      if (!who) continue;
      const char* pred = which == 0 ? "lord_of" : which == 1 ? "heir_of" : "founded";
      auto it = person_index_.find(who);
      if (it == person_index_.end() || people_[it->second].canon_id.empty()) {
        log_.Report(DiagId::kImportUnknownName, "house_relationships.csv", where,
                    std::string(pred) + " `" + h.name + "`: character " + std::to_string(who) +
                        " is not in characters.csv: not imported");
        continue;
      }
      const Person& p = people_[it->second];
      relations +=
          "fact " + p.canon_id + " " + pred + " " + h.canon_id + " revealed " + LastBook(p) + "\n";
      ++n_relations_;
    }
  }
  if (!relations.empty()) {
    out +=
        "\n# Parents and spouses (character_relationships.csv), lords, heirs and founders\n"
        "# (house_relationships.csv), revealed at the last book either side appears in.\n";
    out += relations;
  }
  out +=
      "\n# Births and deaths (characters.csv born and died), in story time on the AC calendar,\n"
      "# revealed at the last book the character appears in.\n";
  out += events;
  return out;
}

// Books characters and show characters are linked by name, then by alias
// (a books alias naming a show character; a one-word books alias with the
// family name, "Bran" + "Stark"; a show alias naming a books character),
// ignoring case and a title the show puts first ("Maester Luwin"). Several
// books characters of one name (eight Brandon Starks) are told apart by
// character_tv_series.csv, which lists those in the show.
void AsoiafImporter::Counterparts(const GotShowNames& show, ImportResult& result) {
  // by_short: a one-word alias with the family name ("Bran" of Brandon
  // Stark: "Bran Stark"), the way the show names many characters.
  std::map<std::string, std::vector<size_t>> by_name, by_alias, by_short;
  for (size_t i = 0; i < people_.size(); ++i) {
    if (people_[i].canon_id.empty()) continue;
    by_name[AsciiLower(people_[i].name)].push_back(i);
    const std::string& name = people_[i].name;
    const size_t sp = name.rfind(' ');
    for (const std::string& a : people_[i].aliases) {
      by_alias[AsciiLower(a)].push_back(i);
      if (sp != std::string::npos && a.find(' ') == std::string::npos) {
        by_short[AsciiLower(a + name.substr(sp))].push_back(i);
      }
    }
  }
  auto pick = [&](const std::vector<size_t>& candidates) -> long {
    if (candidates.size() == 1) return static_cast<long>(candidates[0]);
    long found = -1;
    int n = 0;
    for (size_t i : candidates) {
      if (people_[i].in_show) {
        found = static_cast<long>(i);
        ++n;
      }
    }
    return n == 1 ? found : -1;
  };
  std::map<std::string, size_t> show_to_book;  // show id -> person
  std::set<size_t> matched_books;
  std::vector<std::pair<std::string, std::string>> show_chars(show.by_name.begin(),
                                                              show.by_name.end());
  std::sort(show_chars.begin(), show_chars.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::map<std::string, std::vector<std::string>> show_aliases;  // id -> aliases
  for (const auto& [alias, id] : show.by_alias) show_aliases[id].push_back(alias);
  // Titles the show puts before a name the books give bare ("Maester Luwin").
  static const char* const kTitles[] = {"Grand Maester ", "Archmaester ", "Maester ", "Septa ",
                                        "Septon ",        "Lord ",        "Lady ",    "Ser ",
                                        "King ",          "Queen ",       "Khal "};
  for (const auto& [name, id] : show_chars) {
    std::vector<std::string> forms = {AsciiLower(name)};
    for (const char* t : kTitles) {
      if (name.rfind(t, 0) == 0) forms.push_back(AsciiLower(name.substr(std::string(t).size())));
    }
    long m = -1;
    for (const std::string& form : forms) {
      if (m < 0) {
        if (auto it = by_name.find(form); it != by_name.end()) m = pick(it->second);
      }
      if (m < 0) {
        if (auto it = by_alias.find(form); it != by_alias.end()) m = pick(it->second);
      }
      if (m < 0) {
        if (auto it = by_short.find(form); it != by_short.end()) m = pick(it->second);
      }
    }
    if (m < 0) {
      for (const std::string& a : show_aliases[id]) {
        if (auto it = by_name.find(AsciiLower(a)); it != by_name.end()) m = pick(it->second);
        if (m >= 0) break;
      }
    }
    if (m < 0 || matched_books.count(static_cast<size_t>(m))) continue;
    matched_books.insert(static_cast<size_t>(m));
    show_to_book[id] = static_cast<size_t>(m);
  }
  // What could not be matched: show characters of characters.json (the
  // named ones), and books characters the data says are in the show.
  std::set<std::string> named(show.named.begin(), show.named.end());
  std::vector<std::string> unmatched_show, unmatched_books;
  for (const auto& [name, id] : show_chars) {
    if (show_to_book.count(id) || !named.count(id)) continue;
    unmatched_show.push_back(name);
    log_.Report(DiagId::kImportUnmatched, "characters.json", "got:" + id,
                "show character `" + name + "` has no books character of that name or alias");
  }
  for (size_t i = 0; i < people_.size(); ++i) {
    const Person& p = people_[i];
    if (p.canon_id.empty() || !p.in_show || matched_books.count(i)) continue;
    unmatched_books.push_back(p.name + " (" + p.canon_id + ")");
    log_.Report(DiagId::kImportUnmatched, "character_tv_series.csv",
                "character " + std::to_string(p.id),
                "books character `" + p.name +
                    "` is listed as in the show, but no show "
                    "character has that name or alias");
  }
  std::string out = CommentBlock(
      "Counterparts: each books character linked to the same character in the show, matched by "
      "name and alias by `canon import asoiaf-books --show` (see docs/importers.md).\n"
      "Compile together with got-show.canon and asoiaf.canon:\n"
      "  canon check examples/got-show.canon examples/asoiaf.canon examples/asoiaf-got.canon\n"
      "Generated file: do not edit.\n"
      "Not matched: " +
      std::to_string(unmatched_show.size()) +
      " named show characters (characters.json) have no books character of that name or "
      "alias: " +
      Join(unmatched_show, ", ") +
      ".\n"
      "Not matched: " +
      std::to_string(unmatched_books.size()) +
      " books characters listed as in the show (character_tv_series.csv) have no show character "
      "of that name or alias: " +
      Join(unmatched_books, ", ") + ".");
  std::vector<std::pair<std::string, std::string>> lines;
  lines.reserve(show_to_book.size());
  for (const auto& [show_id, i] : show_to_book) lines.emplace_back(people_[i].canon_id, show_id);
  std::sort(lines.begin(), lines.end());
  for (const auto& [book_id, show_id] : lines) {
    out.append("counterpart books:").append(book_id).append(" got:").append(show_id).append("\n");
  }
  n_counterparts_ = lines.size();
  result.counterparts = out;
}

Result<ImportResult> AsoiafImporter::Run() {
  source_ = ReadSourceInfo(options_.source);
  CANON_RETURN_IF_ERROR(ReadBooks());
  CANON_RETURN_IF_ERROR(ReadCharacters());
  auto appearance = [&](const std::string& file) {
    return ReadLinks(file, "book_id", "character_id", [&, file](int book, int who, uint32_t line) {
      auto it = person_index_.find(who);
      if (it == person_index_.end() || !book_index_.count(book)) {
        log_.Report(DiagId::kImportUnknownName, file, "line " + std::to_string(line),
                    "book " + std::to_string(book) + " or character " + std::to_string(who) +
                        " is unknown: not imported");
        return;
      }
      people_[it->second].books.insert(book);
    });
  };
  CANON_RETURN_IF_ERROR(appearance("book_characters.csv"));
  CANON_RETURN_IF_ERROR(appearance("book_pov_characters.csv"));
  CANON_RETURN_IF_ERROR(ReadAliases());
  CANON_RETURN_IF_ERROR(ReadRelationships());
  CANON_RETURN_IF_ERROR(ReadHouses());
  CANON_RETURN_IF_ERROR(ReadHouseRelationships());
  CANON_RETURN_IF_ERROR(ReadLinks(
      "house_characters.csv", "house_id", "character_id", [&](int house, int who, uint32_t line) {
        auto it = person_index_.find(who);
        if (it == person_index_.end() || !house_index_.count(house)) {
          log_.Report(DiagId::kImportUnknownName, "house_characters.csv",
                      "line " + std::to_string(line),
                      "house " + std::to_string(house) + " or character " + std::to_string(who) +
                          " is unknown: not imported");
          return;
        }
        people_[it->second].houses.insert(house);
      }));
  CANON_RETURN_IF_ERROR(ReadLinks(
      "character_tv_series.csv", "character_id", "tv_series_id", [&](int who, int, uint32_t) {
        if (auto it = person_index_.find(who); it != person_index_.end()) {
          people_[it->second].in_show = true;
        }
      }));
  // The last book that has characters: the reveal of what concerns a
  // character who is in no book.
  for (const Book& b : books_) {
    for (const Person& p : people_) {
      if (p.books.count(b.id)) {
        last_book_with_characters_ = b.work;
        break;
      }
    }
  }
  // Names and ids: a character without a name takes its first alias.
  for (Person& p : people_) {
    if (p.name.empty()) {
      if (p.aliases.empty()) {
        log_.Report(DiagId::kImportError, "characters.csv", "line " + std::to_string(p.line),
                    "character " + std::to_string(p.id) +
                        " has neither a name nor an alias: "
                        "skipped");
        continue;
      }
      p.name = p.aliases.front();
      log_.Report(DiagId::kImportNote, "characters.csv", "line " + std::to_string(p.line),
                  "character " + std::to_string(p.id) +
                      " has no name: named by its first alias \"" + p.name + "\"");
    }
    if (p.books.empty()) {
      log_.Report(DiagId::kImportNote, "characters.csv", "line " + std::to_string(p.line),
                  "`" + p.name +
                      "` appears in no book: what the data says of them is revealed at `" +
                      last_book_with_characters_ + "`");
    }
    p.canon_id = ids_.Allocate(MakeId(p.name), "c:" + std::to_string(p.id));
  }
  for (House& h : houses_) h.canon_id = ids_.Allocate(MakeId(h.name), "h:" + std::to_string(h.id));
  std::string text = Emit();
  ImportResult result;
  if (!options_.show_source.empty()) {
    ImportLog show_log;
    CANON_ASSIGN_OR_RETURN(GotShowNames show, LoadGotShowNames(options_.show_source, show_log));
    Counterparts(show, result);
  }
  CANON_ASSIGN_OR_RETURN(std::string formatted, CanonicalText(text, "asoiaf.canon"));
  result.text = std::move(formatted);
  if (!result.counterparts.empty()) {
    CANON_ASSIGN_OR_RETURN(std::string cp, CanonicalText(result.counterparts, "asoiaf-got.canon"));
    result.counterparts = std::move(cp);
  }
  size_t named = 0;
  for (const Person& p : people_) named += !p.canon_id.empty();
  result.summary = Count(books_.size(), "book") + ", " + Count(named, "character") + ", " +
                   Count(n_births_, "birth") + ", " + Count(n_deaths_, "death") + ", " +
                   Count(n_relations_, "relation");
  if (!options_.show_source.empty()) {
    result.summary += ", " + Count(n_counterparts_, "counterpart");
  }
  return result;
}

}  // namespace

Result<ImportResult> ImportAsoiafBooks(const ImportOptions& options, ImportLog& log) {
  AsoiafImporter importer(options, log);
  return importer.Run();
}

}  // namespace canon::import
