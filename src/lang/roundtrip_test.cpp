// Property and fuzz tests of the whole front end: random valid .canon text
// (from a small generator below) must format idempotently and survive
// compile -> export -> compile with its meaning; random and mutated bytes
// must give diagnostics, never a crash or a hang.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>

#include "lang/test_util.h"
#include "support/random_universe.h"

namespace canon {
namespace {

using testutil::Compile;
using testutil::Errors;
using testutil::Format;

// Generates a valid universe as text, with random layout: clause order,
// continuation lines, extra spaces, comments and blank lines.
class TextGen {
 public:
  TextGen(uint64_t seed, int size) : rng_(seed), size_(std::max(1, size)) {}

  std::string Run() {
    Line("universe \"Generated " + std::to_string(Int(0, 999)) + "\"");
    int conts = Int(1, 2);
    for (int c = 0; c < conts; ++c)
      Line("continuity c" + std::to_string(c) + " \"Cont " + std::to_string(c) + "\"");
    Line("era AC in c0 epoch " + std::to_string(Int(-50, 50)) + (Chance(50) ? " backward" : ""));
    Line("predicate rank exclusive object one of low mid high phrase \"ranks\"");
    Line("predicate rival symmetric");
    Line("predicate motto object string");
    Line("predicate height object number");
    for (int p = 0; p < 3; ++p)
      Line("person p" + std::to_string(p) + " \"Person " + std::to_string(p) + "\"");
    for (int c = 0; c < conts; ++c) Section(c);
    if (conts == 2) {
      for (int i = 0; i < 2; ++i) {
        Line("counterpart c0:x" + std::to_string(i) + " c1:x" + std::to_string(i));
      }
    }
    return out_;
  }

 private:
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(0, 99) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }

  void Line(const std::string& text, int indent = 0) {
    if (Chance(8)) out_ += "\n";
    if (Chance(8)) out_ += std::string(indent, ' ') + "# note " + std::to_string(Int(0, 99)) + "\n";
    out_ += std::string(indent, ' ') + text;
    if (Chance(8)) out_ += "   # trailing";
    out_ += "\n";
  }

  // Header plus clauses, shuffled, some moved to continuation lines.
  void Statement(const std::string& header, std::vector<std::string> clauses, int indent = 0,
                 const std::vector<std::function<void()>>& children = {}) {
    std::shuffle(clauses.begin(), clauses.end(), rng_);
    std::string line = header;
    std::vector<std::string> rest;
    for (const std::string& c : clauses) {
      // A `revealed` after `known_by X` on one line would be the known_by's.
      if (Chance(30) || c.rfind("known_by", 0) == 0)
        rest.push_back(c);
      else
        line += (Chance(10) ? "   " : " ") + c;
    }
    Line(line, indent);
    // Any consistent deeper indentation works (nested statements use +2).
    int extra = children.empty() && Chance(20) ? 4 : 2;
    for (const std::string& c : rest) Line(c, indent + extra);
    for (const auto& child : children) child();
  }

  std::string Leaf() { return Pick(leaves_); }

  void Section(int c) {
    std::string C = "c" + std::to_string(c);
    Line("use " + C);
    leaves_.clear();
    nonleaves_.clear();
    open_knows_.clear();  // names below resolve in this section's continuity
    // A series (2015..), a comic (2016..), a film (2020) released last.
    std::string s = "s" + C;
    int seasons = Int(1, 2);
    std::vector<std::function<void()>> season_lines;
    nonleaves_.push_back(s);
    for (int i = 1; i <= seasons; ++i) {
      int n = Int(1, 4);
      std::string path = s + ".s" + std::to_string(i);
      nonleaves_.push_back(path);
      for (int e = 1; e <= n; ++e)
        leaves_.push_back(path + (Chance(50) ? ".e" : "e") + std::to_string(e));
      season_lines.push_back([this, i, n, path] {
        std::vector<std::string> cl = {
            "released " + std::to_string(2014 + i) + "-0" + std::to_string(Int(1, 9)),
            "episodes " + std::to_string(n)};
        if (Chance(30)) cl.push_back("runtime " + std::to_string(Int(20, 60)));
        int refine = Int(1, n);
        std::vector<std::function<void()>> eps;
        if (Chance(60)) {
          eps.push_back([this, refine] {
            std::vector<std::string> ecl;
            if (Chance(40)) ecl.push_back("flashback");
            if (Chance(40)) ecl.push_back("story " + std::to_string(Int(1990, 2010)));
            Statement(
                "episode e" + std::to_string(refine) + " \"Ep " + std::to_string(refine) + "\"",
                ecl, 4);
          });
        }
        Statement("season s" + std::to_string(i), cl, 2, eps);
      });
    }
    Statement("series " + s + " \"Series " + C + "\"", {}, 0, season_lines);
    std::string comic = "k" + C;
    nonleaves_.push_back(comic + ".v1");
    int issues = Int(1, 5);
    for (int i = 1; i <= issues; ++i) leaves_.push_back(comic + ".v1." + std::to_string(i));
    Statement("comic " + comic + " \"Comic\"", {}, 0, {[this, issues] {
                Statement("volume v1", {"released 2016-05", "issues " + std::to_string(issues)}, 2);
              }});
    std::string film = "f" + C;
    Statement("film " + film + " \"Film\"",
              {"released 2020-01-01", "story after " + nonleaves_[0] + " and 2012"});
    overturn_ = film;

    // Entities: x0..xN characters, a group, a place.
    int n = Int(2, 3 + size_ / 20);
    entities_.clear();
    for (int i = 0; i < n; ++i) {
      std::string id = "x" + std::to_string(i);
      entities_.push_back(id);
      std::vector<std::string> cl;
      if (Chance(60))
        cl.push_back("introduced " + Leaf() + (Chance(30) ? "@" + std::to_string(Int(1, 9)) : ""));
      std::vector<std::function<void()>> nested;
      nested.push_back([this, i] {
        if (Chance(50)) Statement("alias \"Alias " + std::to_string(i) + "\"", {}, 2);
        if (Chance(50)) Statement("played_by p" + std::to_string(Int(0, 2)), {}, 2);
        if (Chance(50)) {
          open_status_.push_back("x" + std::to_string(i));
          Statement("status alive", {}, 2);
        }
        if (Chance(40))
          Statement("height " + std::to_string(Int(100, 200)) + "." + std::to_string(Int(1, 9)), {},
                    2);
        if (Chance(30))
          Statement("born " + std::to_string(Int(1, 300)) + " AC", {"revealed " + Leaf()}, 2);
      });
      Statement("character " + id + " \"Character " + std::to_string(i) + "\"", cl, 0, nested);
    }
    Line("group g \"Group\" introduced " + nonleaves_.back());
    Line("place home \"Home\"");

    // Events and facts, interleaved.
    events_.clear();
    labels_with_start_.clear();
    int count = Int(2, 3 + size_ / 5);
    for (int i = 0; i < count; ++i) {
      if (Chance(50))
        Fact(i);
      else
        Event(i);
    }
    for (int i = 0; i < 2 && !events_.empty(); ++i) {
      std::vector<std::string> cl;
      if (Chance(50)) cl.push_back("from " + Pick(events_));
      if (Chance(50)) cl.push_back("revealed " + Leaf());
      if (Chance(30)) cl.push_back("source \"Learned\"");
      Statement("learns " + Pick(entities_) + " " + Pick(events_), cl);
    }
  }

  std::string TimeExpr() {
    std::vector<std::string> terms;
    int n = Int(1, 2);
    for (int i = 0; i < n; ++i) {
      switch (Int(0, 5)) {
        case 0:
          terms.push_back(std::to_string(Int(1995, 2015)));
          break;
        case 1:
          terms.push_back("before " + Pick(nonleaves_));
          break;
        case 2:
          terms.push_back("during " + Leaf());
          break;
        case 3:
          if (!events_.empty()) {
            terms.push_back(std::to_string(Int(1, 5)) + (Chance(50) ? " years" : " days") +
                            (Chance(50) ? " after " : " before ") + Pick(events_));
          } else {
            terms.push_back("after 1990-05");
          }
          break;
        case 4:
          if (!labels_with_start_.empty())
            terms.push_back("after " + Pick(labels_with_start_));
          else
            terms.push_back("2001-02-03");
          break;
        default:
          terms.push_back(std::to_string(Int(10, 200)) + " AC");
      }
    }
    std::string out;
    for (const std::string& t : terms) out += (out.empty() ? "" : " and ") + t;
    return out;
  }

  void Fact(int i) {
    std::string label = Chance(40) ? "l" + std::to_string(i) : "";
    std::string a = Pick(entities_), b = Pick(entities_);
    std::string body;
    switch (Int(0, 4)) {
      case 0:
        body = a + " knows " + b;
        break;
      case 1:
        body = a + " rival " + b;
        break;
      case 2:
        body = a + " motto \"Motto " + std::to_string(i) + "\"";
        break;
      case 3:
        body = a + " rank " + Pick(std::vector<std::string>{"low", "mid", "high"});
        break;
      default:
        body = a + " lives_in home";
        break;
    }
    std::vector<std::string> cl = {"revealed " + Leaf() +
                                   (Chance(30) ? ", " + Pick(nonleaves_) : "")};
    bool has_from = Chance(40);
    if (has_from) cl.push_back("from " + std::to_string(Int(1990, 2000)));
    bool has_until = Chance(30);
    if (has_until) cl.push_back("until " + std::to_string(Int(2001, 2010)));
    if (Chance(15)) cl.push_back("overturned " + overturn_);
    if (Chance(20)) cl.push_back("source \"Source " + std::to_string(i) + "\"");
    Statement("fact " + (label.empty() ? "" : label + ": ") + body, cl);
    if (!label.empty() && has_from) labels_with_start_.push_back(label);
    if (!has_until && body.find(" knows ") != std::string::npos) open_knows_.push_back(body);
  }

  void Event(int i) {
    std::string id = "ev" + std::to_string(i);
    std::string a = Pick(entities_), b = Pick(entities_);
    std::string header = "event " + id;
    if (Chance(50)) header += " \"Event " + std::to_string(i) + "\"";
    std::vector<std::string> cl = {"revealed " + Leaf()};
    switch (Int(0, 5)) {
      case 0:
        header += ": " + a + " meets " + b;
        break;
      case 1:
        header += ": " + a + " kills " + b;
        break;
      case 2:
        header += ": " + a + " dies";
        break;
      case 3:
        header += ": " + a + " fights " + b;
        break;
      case 4:
        header += ": " + a + " returns";
        break;
      default:
        cl.push_back("kind battle");
        cl.push_back("role witness " + a);
        break;
    }
    if (Chance(40)) cl.push_back("role witness g");
    if (Chance(30)) cl.push_back("story " + TimeExpr());
    if (Chance(30)) cl.push_back("known_by " + Pick(entities_) + " from during " + Leaf());
    if (Chance(20)) cl.push_back("known_by p0");
    // (Not a second, identical `a knows b` after `a meets b`: exact duplicate
    // facts of one event have no order a structural diff could match.)
    if (Chance(30) && header.find(" meets ") == std::string::npos) {
      cl.push_back("starts " + a + " knows " + b);
    }
    if (Chance(30))
      cl.push_back("sets " + a + " rank " + Pick(std::vector<std::string>{"low", "mid", "high"}));
    if (!open_knows_.empty() && Chance(30)) {
      cl.push_back("ends " + open_knows_.back());
      open_knows_.pop_back();
    }
    if (Chance(15)) cl.push_back("overturned " + overturn_);
    if (Chance(20)) cl.push_back("source \"Interview\"");
    Statement(header, cl);
    events_.push_back(id);
  }

  std::mt19937_64 rng_;
  int size_;
  std::string out_;
  std::vector<std::string> leaves_, nonleaves_, entities_, events_, labels_with_start_;
  std::vector<std::string> open_knows_, open_status_;
  std::string overturn_;
};

void CheckText(const std::string& text) {
  auto c = Compile(text);
  RC_LOG() << c.rendered;
  RC_ASSERT(Errors(c).empty());
  // fmt is idempotent and keeps the meaning.
  std::string once = Format(text);
  RC_ASSERT(!once.empty());
  RC_ASSERT(Format(once) == once);
  auto formatted = Compile(once);
  testing::DiffOptions opts;
  RC_ASSERT(testing::DiffUniverses(c.u, formatted.u, opts) == "");  // fmt keeps effect order
  // export compiles back to the same meaning, and is a fixpoint.
  std::string exported = ExportCanon(c.u);
  auto again = Compile(exported);
  RC_ASSERT(Errors(again).empty());
  opts.ignore_implicit = true;
  std::string diff = testing::DiffUniverses(
      testutil::SortEffects(c.u),
      testutil::SortEffects(testutil::StripInventedLabels(c.u, again.u)), opts);
  if (!diff.empty()) std::ofstream("/tmp/canon_lang_roundtrip_failure.canon") << text;
  RC_ASSERT(diff == "");
  RC_ASSERT(ExportCanon(again.u) == exported);
}

RC_GTEST_PROP(RoundTrip, GeneratedTextSurvivesFmtAndExport, ()) {
  const auto seed = *rc::gen::arbitrary<uint64_t>();
  const int size = *rc::gen::inRange(1, 60);
  std::string text = TextGen(seed, size).Run();
  RC_LOG() << text;
  CheckText(text);
}

TEST(RoundTrip, GeneratorSample) {
  std::string text = TextGen(7, 40).Run();
  auto c = Compile(text);
  EXPECT_TRUE(Errors(c).empty()) << c.rendered << "\n" << text;
  EXPECT_GT(c.u.facts.size(), 3u);
  EXPECT_GT(c.u.events.size(), 1u);
}

// ---- robustness ----

std::string Corpus() {
  std::ifstream in(std::string(CANON_SOURCE_DIR) + "/examples/defenders.canon");
  std::stringstream buf;
  buf << in.rdbuf();
  std::string s = buf.str();
  return s.empty() ? std::string(testutil::kSmall) : s;
}

// Compiles and formats `text`; both must return (the test's own timeout
// catches hangs) and never crash.
void Survives(const std::string& text) {
  auto c = Compile(text);
  (void)c;
  std::string f = Format(text);
  if (!f.empty()) {
    // Whatever formats cleanly must format to a fixpoint.
    RC_ASSERT(Format(f) == f);
  }
}

RC_GTEST_PROP(Robustness, RandomBytes, ()) {
  const auto bytes = *rc::gen::container<std::string>(rc::gen::arbitrary<char>());
  Survives(bytes);
}

RC_GTEST_PROP(Robustness, RandomTokensSoup, ()) {
  static const std::vector<std::string> pieces = {
      "series",     "season", "episode",   "character",   "fact",     "event",    "learns",
      "use",        "era",    "predicate", "counterpart", "known_by", "revealed", "story",
      "before",     "after",  "and",       "from",        "until",    "role",     "starts",
      "ends",       "sets",   "x",         "jj.s1e1",     "jj",       "\"s\"",    "2015",
      "2015-02-30", "3",      "years",     ":",           ",",        "@",        "41:10",
      "\n",         "\n  ",   "\n    ",    "#c",          "\t",       "\"open",   "é",
      "-",          "1.5",    "c:x",       "episodes",    "13",       "in",       "AC",
      "\r\n"};
  const auto picks =
      *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, pieces.size()));
  std::string text;
  for (size_t p : picks) text += pieces[p] + " ";
  Survives(text);
}

TEST(Robustness, MutatedExample) {
  std::string base = Corpus();
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 200; ++round) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      size_t pos = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text.erase(pos, 1 + rng() % 20);
          break;  // delete
        case 1:
          text.insert(pos, 1, static_cast<char>(rng() % 128));
          break;  // insert
        case 2:
          text[pos] = static_cast<char>(rng() % 256);
          break;  // replace
        default:
          text.resize(pos);
          break;  // truncate
      }
    }
    auto c = Compile(text);
    std::string f = Format(text);
    if (!f.empty()) {
      EXPECT_EQ(Format(f), f);
    }
  }
}

TEST(Robustness, HostileShapesAreFast) {
  auto start = std::chrono::steady_clock::now();
  // 10k-character lines, 5000 nested indentation levels, 100k tiny lines.
  Survives("character a \"" + std::string(10000, 'x') + "\" introduced " + std::string(10000, 'y'));
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += std::string(static_cast<size_t>(i), ' ') + "series s\n";
  Survives(deep);
  std::string many;
  for (int i = 0; i < 100000; ++i) many += "x\n";
  Survives(many);
  std::string unknown;  // many unknown names: suggestions must not go quadratic in errors
  unknown += "continuity c \"C\"\nseries s \"S\"\n";
  for (int i = 0; i < 1500; ++i) unknown += "character c" + std::to_string(i) + " \"N\"\n";
  for (int i = 0; i < 1500; ++i) unknown += "fact q" + std::to_string(i) + " knows c1 revealed s\n";
  Survives(unknown);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 30.0);  // (a few seconds unoptimised; quadratic would be minutes)
}

TEST(Robustness, LargeUniverseIsLinear) {
  // 50k facts and 10k events: compile must stay well under a few seconds.
  std::string text = "continuity c \"C\"\nseries s \"S\"\n  season s1 released 2015 episodes 100\n";
  for (int i = 0; i < 5000; ++i)
    text += "character x" + std::to_string(i) + " \"X" + std::to_string(i) + "\"\n";
  for (int i = 0; i < 50000; ++i) {
    text += "fact x" + std::to_string(i % 5000) + " knows x" + std::to_string((i * 7) % 5000) +
            " revealed s.s1e" + std::to_string(1 + i % 100) + "\n";
  }
  for (int i = 0; i < 10000; ++i) {
    text += "event ev" + std::to_string(i) + ": x" + std::to_string(i % 5000) + " meets x" +
            std::to_string((i * 3) % 5000) + " revealed s.s1e" + std::to_string(1 + i % 100) + "\n";
  }
  auto start = std::chrono::steady_clock::now();
  auto c = Compile(text);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(Errors(c).empty()) << c.rendered.substr(0, 2000);
  EXPECT_EQ(c.u.facts.size(), 60000u);
  EXPECT_LT(seconds, 20.0);
  std::string exported = ExportCanon(c.u);
  EXPECT_FALSE(exported.empty());
}

}  // namespace
}  // namespace canon
