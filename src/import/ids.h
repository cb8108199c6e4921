// Turning names from a dataset into .canon identifiers: ASCII folding
// ("Hafþór Júlíus" -> "hafthor_julius"), snake case, language keywords
// avoided, and per-scope uniqueness with deterministic suffixes.
#ifndef CANON_IMPORT_IDS_H_
#define CANON_IMPORT_IDS_H_

#include <string>
#include <string_view>
#include <unordered_map>

namespace canon::import {

// Latin letters with diacritics become their base letters (þ -> th, æ -> ae,
// ß -> ss); other non-ASCII characters are dropped. Valid ASCII is unchanged.
std::string FoldToAscii(std::string_view utf8);

// "Jaqen H'ghar" -> "jaqen_hghar", "King's Landing Rioter #1" ->
// "kings_landing_rioter_1". Apostrophes join (they are inside words); every
// other run of non-alphanumerics becomes one '_'. The result is a valid
// identifier: never empty ("unnamed"), never starting with a digit (prefix
// "n_"), never a word the language reserves (suffix "_").
std::string MakeId(std::string_view name);

// True for words the .canon grammar gives a meaning in some position
// (statement and clause keywords, time words, built-in era ids).
bool IsReservedWord(std::string_view word);

// Hands out ids unique within one scope: the first owner of a base id gets it
// as is, later owners get base_2, base_3, ... in the order they ask. Asking
// again with the same owner key returns the id it already has.
class IdAllocator {
 public:
  std::string Allocate(const std::string& base, const std::string& owner_key);
  // Reserves an id so no owner can get it (e.g. a work id in the same scope).
  void Reserve(const std::string& id) { taken_.emplace(id, std::string()); }
  bool Taken(const std::string& id) const { return taken_.count(id) > 0; }

 private:
  std::unordered_map<std::string, std::string> taken_;     // id -> owner key
  std::unordered_map<std::string, std::string> by_owner_;  // owner key -> id
};

}  // namespace canon::import

#endif  // CANON_IMPORT_IDS_H_
