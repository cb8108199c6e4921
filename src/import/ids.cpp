// Identifier making for importers (see ids.h).
#include "import/ids.h"

#include <cstdint>
#include <unordered_set>

namespace canon::import {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and advances i.
// Malformed bytes decode as U+FFFD, one byte at a time.
uint32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  i += len;
  return cp;
}

// Base letters for U+00C0..U+00FF ('\0': none).
constexpr const char* kLatin1[64] = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// Base letters for U+0100..U+017F (Latin Extended-A), in code point order.
constexpr const char* kLatinA[128] = {
    "A", "a", "A",  "a",  "A", "a", "C", "c", "C", "c", "C", "c", "C", "c", "D", "d",
    "D", "d", "E",  "e",  "E", "e", "E", "e", "E", "e", "E", "e", "G", "g", "G", "g",
    "G", "g", "G",  "g",  "H", "h", "H", "h", "I", "i", "I", "i", "I", "i", "I", "i",
    "I", "i", "IJ", "ij", "J", "j", "K", "k", "k", "L", "l", "L", "l", "L", "l", "L",
    "l", "L", "l",  "N",  "n", "N", "n", "N", "n", "n", "N", "n", "O", "o", "O", "o",
    "O", "o", "OE", "oe", "R", "r", "R", "r", "R", "r", "S", "s", "S", "s", "S", "s",
    "S", "s", "T",  "t",  "T", "t", "T", "t", "U", "u", "U", "u", "U", "u", "U", "u",
    "U", "u", "U",  "u",  "W", "w", "Y", "y", "Y", "Z", "z", "Z", "z", "Z", "z", "s"};

}  // namespace

std::string FoldToAscii(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = NextCodePoint(utf8, i);
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp >= 0xC0 && cp <= 0xFF) {
      out += kLatin1[cp - 0xC0];
    } else if (cp >= 0x100 && cp <= 0x17F) {
      out += kLatinA[cp - 0x100];
    } else if (cp == 0x2019 || cp == 0x2018) {
      out += '\'';  // typographic apostrophes join words like ASCII ones
    } else if (cp == 0x2013 || cp == 0x2014) {
      out += '-';
    }
  }
  return out;
}

bool IsReservedWord(std::string_view word) {
  static const std::unordered_set<std::string_view> kWords = {
      // statements
      "universe", "continuity", "era", "use", "series", "season", "episode", "scene", "comic",
      "volume", "issue", "film", "book", "chapter", "character", "person", "group", "place",
      "object", "predicate", "fact", "counterpart", "event", "learns", "appears", "cast", "lint",
      // clauses
      "in", "epoch", "forward", "backward", "symmetric", "directed", "exclusive", "inverse",
      "phrase", "released", "episodes", "issues", "chapters", "runtime", "flashback", "introduced",
      "kind", "role", "story", "from", "until", "revealed", "overturned", "known_by", "unaware",
      "starts", "ends", "sets", "source", "allow", "uses", "alias", "played_by",
      // time and other grammar words
      "before", "after", "during", "at", "and", "day", "days", "month", "months", "year", "years",
      "one", "of", "by", "all", "none", "entity", "string", "number", "date", "end",
      // built-in and imported eras
      "CE", "AC", "BC", "BBY", "ABY", "ce", "ac", "bc", "bby", "aby"};
  return kWords.count(word) > 0;
}

std::string MakeId(std::string_view name) {
  std::string folded = FoldToAscii(name);
  std::string out;
  bool pending_sep = false;
  for (char c : folded) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      if (pending_sep && !out.empty()) out += '_';
      pending_sep = false;
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    } else if (c != '\'') {
      pending_sep = true;
    }
  }
  if (out.empty()) out = "unnamed";
  if (out[0] >= '0' && out[0] <= '9') out = "n_" + out;
  if (IsReservedWord(out)) out += '_';
  return out;
}

std::string IdAllocator::Allocate(const std::string& base, const std::string& owner_key) {
  auto known = by_owner_.find(owner_key);
  if (known != by_owner_.end()) return known->second;
  std::string id = base;
  for (int n = 2; taken_.count(id); ++n) id = base + "_" + std::to_string(n);
  taken_.emplace(id, owner_key);
  by_owner_.emplace(owner_key, id);
  return id;
}

}  // namespace canon::import
