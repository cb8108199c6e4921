// English inflection rules for generated prose (see english.h).
#include "recap/english.h"

#include <utility>

namespace canon::english {
namespace {

// Irregular third-person present -> past.
constexpr std::pair<std::string_view, std::string_view> kIrregularPast[] = {
    {"is", "was"},
    {"are", "were"},
    {"has", "had"},
    {"have", "had"},
    {"does", "did"},
    {"do", "did"},
    {"knows", "knew"},
    {"meets", "met"},
    {"sleeps", "slept"},
    {"finds", "found"},
    {"tells", "told"},
    {"leaves", "left"},
    {"takes", "took"},
    {"shoots", "shot"},
    {"forgives", "forgave"},
    {"makes", "made"},
    {"gets", "got"},
    {"becomes", "became"},
    {"goes", "went"},
    {"sees", "saw"},
    {"gives", "gave"},
    {"hits", "hit"},
    {"breaks", "broke"},
    {"falls", "fell"},
    {"holds", "held"},
    {"fights", "fought"},
    {"brings", "brought"},
    {"buys", "bought"},
    {"thinks", "thought"},
    {"teaches", "taught"},
    {"catches", "caught"},
    {"runs", "ran"},
    {"wins", "won"},
    {"loses", "lost"},
    {"sets", "set"},
    {"puts", "put"},
    {"keeps", "kept"},
    {"feels", "felt"},
    {"begins", "began"},
    {"bears", "bore"},
    {"bites", "bit"},
    {"builds", "built"},
    {"flees", "fled"},
    {"hides", "hid"},
    {"rides", "rode"},
    {"rises", "rose"},
    {"speaks", "spoke"},
    {"steals", "stole"},
    {"swears", "swore"},
    {"wears", "wore"},
    {"writes", "wrote"},
    {"leads", "led"},
    {"reads", "read"},
    {"says", "said"},
    {"pays", "paid"},
    {"sends", "sent"},
    {"spends", "spent"},
    {"stands", "stood"},
    {"understands", "understood"},
    {"sells", "sold"},
    {"eats", "ate"},
    {"drinks", "drank"},
    {"sings", "sang"},
    {"swims", "swam"},
    {"throws", "threw"},
    {"grows", "grew"},
    {"draws", "drew"},
    {"flies", "flew"},
    {"forgets", "forgot"},
    {"freezes", "froze"},
    {"chooses", "chose"},
    {"wakes", "woke"},
    {"drives", "drove"},
    {"strikes", "struck"},
    {"sits", "sat"},
    {"lays", "laid"},
    {"lets", "let"},
    {"cuts", "cut"},
    {"hurts", "hurt"},
    {"quits", "quit"},
    {"shuts", "shut"},
    {"splits", "split"},
    {"spreads", "spread"},
    {"weds", "wed"},
    {"hangs", "hung"},
    {"wounds", "wounded"},
    {"slays", "slew"},
    {"beats", "beat"},
    {"binds", "bound"},
    {"dies", "died"},
    {"lies", "lied"},
};

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The past tense of one third-person present verb ("owns" -> "owned"); the
// word unchanged when it does not look like one.
std::string PastOfWord(std::string_view w) {
  for (const auto& [present, past] : kIrregularPast) {
    if (w == present) return std::string(past);
  }
  if (w.size() < 3 || w.back() != 's' || w.ends_with("ss") || w.ends_with("us")) {
    return std::string(w);
  }
  if (w.ends_with("ies") && w.size() > 3 && !IsVowel(w[w.size() - 4])) {
    return std::string(w.substr(0, w.size() - 3)) + "ied";  // marries -> married
  }
  if (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses") || w.ends_with("xes") ||
      w.ends_with("zzes") || w.ends_with("oes")) {
    return std::string(w.substr(0, w.size() - 2)) + "ed";  // watches -> watched
  }
  std::string stem(w.substr(0, w.size() - 1));
  if (stem.back() == 'e') return stem + "d";  // believes -> believed
  return stem + "ed";
}

// The plural form of one third-person singular present verb.
std::string PluralOfWord(std::string_view w) {
  if (w == "is") return "are";
  if (w == "was") return "were";
  if (w == "has") return "have";
  if (w == "does") return "do";
  if (w.size() < 3 || w.back() != 's' || w.ends_with("ss") || w.ends_with("us")) {
    return std::string(w);
  }
  if (w.ends_with("ies") && w.size() > 3 && !IsVowel(w[w.size() - 4])) {
    return std::string(w.substr(0, w.size() - 3)) + "y";
  }
  if (w.ends_with("ches") || w.ends_with("shes") || w.ends_with("sses") || w.ends_with("xes") ||
      w.ends_with("zzes") || w.ends_with("oes")) {
    return std::string(w.substr(0, w.size() - 2));
  }
  return std::string(w.substr(0, w.size() - 1));
}

std::pair<std::string_view, std::string_view> SplitFirst(std::string_view s) {
  size_t space = s.find(' ');
  if (space == std::string_view::npos) return {s, {}};
  return {s.substr(0, space), s.substr(space + 1)};
}

// "appear" -> "appears", "watch" -> "watches", "marry" -> "marries".
std::string ThirdPerson(std::string_view v) {
  if (v == "have") return "has";
  if (v == "be") return "is";
  if (v == "do") return "does";
  if (v == "go") return "goes";
  if (v.empty()) return {};
  if (v.back() == 'y' && v.size() > 1 && !IsVowel(v[v.size() - 2])) {
    return std::string(v.substr(0, v.size() - 1)) + "ies";
  }
  if (v.ends_with("s") || v.ends_with("x") || v.ends_with("ch") || v.ends_with("sh") ||
      v.ends_with("z")) {
    return std::string(v) + "es";
  }
  return std::string(v) + "s";
}

// "member" -> "members", "enemy" -> "enemies", "child" -> "children".
std::string PluralNoun(std::string_view n) {
  if (n == "child") return "children";
  if (n == "man") return "men";
  if (n == "woman") return "women";
  if (n.empty()) return {};
  if (n.back() == 'y' && n.size() > 1 && !IsVowel(n[n.size() - 2])) {
    return std::string(n.substr(0, n.size() - 1)) + "ies";
  }
  if (n.ends_with("s") || n.ends_with("x") || n.ends_with("ch") || n.ends_with("sh")) {
    return std::string(n) + "es";
  }
  return std::string(n) + "s";
}

}  // namespace

std::string JoinList(const std::vector<std::string>& items, std::string_view conjunction) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += i + 1 == items.size() ? " " + std::string(conjunction) + " " : ", ";
    }
    out += items[i];
  }
  return out;
}

std::string PastPhrase(std::string_view phrase) {
  auto [first, rest] = SplitFirst(phrase);
  if (first == "was" || first == "were" || first == "had" || first == "did") {
    return std::string(phrase);
  }
  std::string out = PastOfWord(first);
  if (!rest.empty()) out += " " + std::string(rest);
  return out;
}

std::string NoLongerPhrase(std::string_view phrase) {
  auto [first, rest] = SplitFirst(phrase);
  if (first == "is" || first == "are" || first == "was" || first == "were") {
    std::string out = std::string(first) + " no longer";
    if (!rest.empty()) out += " " + std::string(rest);
    return out;
  }
  if ((first == "does" || first == "do") && rest.substr(0, 4) == "not ") {
    // "does not appear in" -> "appears in again"
    auto [verb, tail] = SplitFirst(rest.substr(4));
    std::string out = first == "do" ? std::string(verb) : ThirdPerson(verb);
    if (!tail.empty()) out += " " + std::string(tail);
    return out + " again";
  }
  return "no longer " + std::string(phrase);
}

std::string PluralPhrase(std::string_view phrase) {
  for (std::string_view adverb : {"no longer ", "now ", "still ", "also "}) {
    if (phrase.substr(0, adverb.size()) == adverb) {
      return std::string(adverb) + PluralPhrase(phrase.substr(adverb.size()));
    }
  }
  auto [first, rest] = SplitFirst(phrase);
  std::string out = PluralOfWord(first);
  if ((first == "is" || first == "was") && !rest.empty()) {
    // "is a member of" -> "are members of"; "is no longer a member of" ->
    // "are no longer members of".
    for (std::string_view adverb : {"no longer ", "not ", "now ", "still "}) {
      if (rest.substr(0, adverb.size()) == adverb) {
        out += " " + std::string(adverb.substr(0, adverb.size() - 1));
        rest.remove_prefix(adverb.size());
        break;
      }
    }
    auto [article, more] = SplitFirst(rest);
    if ((article == "a" || article == "an") && !more.empty()) {
      auto [noun, tail] = SplitFirst(more);
      out += " " + PluralNoun(noun);
      if (!tail.empty()) out += " " + std::string(tail);
      return out;
    }
  }
  if (!rest.empty()) out += " " + std::string(rest);
  return out;
}

std::string AgreeWith(std::string_view phrase, bool plural) {
  return plural ? PluralPhrase(phrase) : std::string(phrase);
}

std::string Capitalize(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string EndSentence(std::string_view s) {
  std::string out(s);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  size_t i = out.size();
  while (i > 0 && (out[i - 1] == '"' || out[i - 1] == '\'' || out[i - 1] == ')')) --i;
  if (i > 0 && (out[i - 1] == '.' || out[i - 1] == '!' || out[i - 1] == '?')) return out;
  if (i > 0 && (out[i - 1] == ';' || out[i - 1] == ':' || out[i - 1] == ',')) {
    out.erase(i - 1, 1);
  }
  return out + ".";
}

std::string StripEnd(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.back() == ';' ||
                        s.back() == ':' || s.back() == ' ')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

}  // namespace canon::english
