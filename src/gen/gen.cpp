// The universe generator: plans works and entities, then streams facts,
// events and knowledge continuity by continuity to .canon text and CSV.
#include "gen/gen.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "model/dates.h"

namespace canon {
namespace {

// ---- Deterministic randomness ----------------------------------------------

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// xoshiro256**: fast, and the same stream on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& w : s_) w = SplitMix64(seed);
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) (n > 0), by the multiply-high method.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi] (lo <= hi).
  int64_t Range(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(Below(hi - lo + 1)); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Zipf(s) over ranks 0..n-1 by inverse CDF (binary search over a cumulative
// table); rank r maps to item items[r], a seeded permutation, so the hubs
// are not simply the lowest ids.
class Zipf {
 public:
  Zipf() = default;
  Zipf(std::vector<uint32_t> items, double s, Rng& rng) : items_(std::move(items)) {
    for (size_t i = items_.size(); i > 1; --i) std::swap(items_[i - 1], items_[rng.Below(i)]);
    cdf_.resize(items_.size());
    double sum = 0;
    for (size_t r = 0; r < items_.size(); ++r) {
      sum += std::pow(static_cast<double>(r + 1), -s);
      cdf_[r] = sum;
    }
  }
  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  // NOLINTEND(readability-identifier-naming)
  uint32_t Sample(Rng& rng) const {
    const double u = rng.Unit() * cdf_.back();
    size_t r = std::upper_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin();
    if (r >= items_.size()) r = items_.size() - 1;
    return items_[r];
  }
  uint32_t Uniform(Rng& rng) const { return items_[rng.Below(items_.size())]; }

 private:
  std::vector<uint32_t> items_;
  std::vector<double> cdf_;
};

// ---- Output -----------------------------------------------------------------

// An append buffer flushed to a FILE* in large blocks (or kept in memory
// when there is no file). Text is built with to_chars, never iostreams.
class Sink {
 public:
  Sink() = default;
  Status Open(const std::string& path) {
    path_ = path;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) {
      return Status::IoError("cannot write `" + path + "`: " + std::strerror(errno),
                             "check that the directory exists and is writable");
    }
    buf_.reserve(kBlock + 4096);
    return Status::Ok();
  }
  ~Sink() {
    if (file_ != nullptr) std::fclose(file_);
  }
  // NOLINTNEXTLINE(readability-identifier-naming): accessor, named like a variable
  bool enabled() const { return enabled_; }
  void Disable() { enabled_ = false; }
  Sink& S(std::string_view s) {
    buf_.append(s);
    MaybeFlush();
    return *this;
  }
  Sink& C(char c) {
    buf_.push_back(c);
    return *this;
  }
  Sink& N(int64_t v) {
    char tmp[24];
    auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    buf_.append(tmp, end);
    return *this;
  }
  // Appends `prefix` followed by the number (an id like "e123").
  Sink& Id(char prefix, uint64_t v) {
    buf_.push_back(prefix);
    return N(static_cast<int64_t>(v));
  }
  Sink& Line() {
    buf_.push_back('\n');
    MaybeFlush();
    return *this;
  }
  Status Close() {
    bytes_ += buf_.size();
    if (file_ == nullptr) return Status::Ok();
    bool ok = buf_.empty() || std::fwrite(buf_.data(), 1, buf_.size(), file_) == buf_.size();
    buf_.clear();
    ok = (std::fclose(file_) == 0) && ok;
    file_ = nullptr;
    if (!ok) return Status::IoError("cannot write `" + path_ + "` (disk full?)");
    return Status::Ok();
  }
  std::string TakeText() { return std::move(buf_); }
  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  // Bytes written (after Close(): all of them).
  uint64_t bytes() const { return bytes_; }
  bool failed() const { return failed_; }
  // NOLINTEND(readability-identifier-naming)

 private:
  static constexpr size_t kBlock = 1 << 20;
  void MaybeFlush() {
    if (buf_.size() < kBlock) return;
    if (!enabled_) {  // counted, then dropped
      bytes_ += buf_.size();
      buf_.clear();
      return;
    }
    if (file_ == nullptr) return;  // in-memory text
    if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) failed_ = true;
    bytes_ += buf_.size();
    buf_.clear();
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buf_;
  uint64_t bytes_ = 0;
  bool enabled_ = true;
  bool failed_ = false;
};

// Days since 1970-01-01 -> "YYYY-MM-DD".
std::string FormatIsoDate(int64_t days_since_epoch) {
  static const int64_t kUnixEpochDay = DayNumber(1970, 1, 1);
  int64_t y = 0;
  int m = 0, d = 0;
  CivilFromDay(days_since_epoch + kUnixEpochDay, y, m, d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), m, d);
  return buf;
}

// ---- The plan -----------------------------------------------------------------

enum class Kind : uint8_t { kCharacter, kPlace, kGroup };

struct Leaf {
  uint32_t continuity = 0;
  uint32_t chain_pos = 0;     // position in its continuity's story chain
  uint32_t release_rank = 0;  // position in the universe's release order
  std::string path;           // "tv3.s2.e5" / "cm1.v2.14"
};

struct Container {  // a season or a volume
  uint32_t continuity = 0;
  bool tv = true;
  uint32_t series = 0;  // global series/comic number
  uint32_t index = 0;   // s<index> / v<index>
  uint32_t count = 0;   // episodes / issues
  int64_t date = 0;     // days since 1970-01-01
};

struct Plan {
  uint32_t continuities = 0;
  std::vector<Leaf> leaves;                  // by release rank
  std::vector<Container> containers;         // by release date
  std::vector<std::vector<uint32_t>> chain;  // per continuity: leaf ids in story order
  // Series/comic numbers per continuity in first-release order.
  std::vector<std::vector<uint32_t>> series_of;
  std::vector<std::vector<uint32_t>> containers_of_series;  // by global series number
  std::vector<bool> series_is_tv;
  std::vector<uint32_t> entity_continuity;
  std::vector<Kind> entity_kind;
  std::vector<std::vector<uint32_t>> entities_of;  // per continuity, ascending
};

// Predicates the generator uses, with their output names.
enum Pred : uint8_t {
  kKnows,
  kFriends,
  kEnemyOf,
  kAlliedWith,
  kMemberOf,
  kWorksFor,
  kMentors,
  kRivals,
  kLivesIn,
  kHoldsRank,
  kLocatedIn,
  kPredCount
};
constexpr std::string_view kPredNames[kPredCount] = {
    "knows",   "friends", "enemy_of", "allied_with", "member_of", "works_for",
    "mentors", "rivals",  "lives_in", "holds_rank",  "located_in"};
constexpr std::string_view kRanks[] = {"recruit", "agent", "captain", "commander", "director"};
constexpr int kRankCount = 5;

std::string_view KindKeyword(Kind k) {
  switch (k) {
    case Kind::kCharacter:
      return "character";
    case Kind::kPlace:
      return "place";
    case Kind::kGroup:
      return "group";
  }
  return "character";
}

double ContinuityWeight(uint32_t c, uint32_t total) {
  if (total == 1) return 1.0;
  return c == 0 ? 0.7 : 0.3 / (total - 1);
}

uint32_t PickContinuity(Rng& rng, uint32_t total) {
  double u = rng.Unit();
  for (uint32_t c = 0; c < total; ++c) {
    u -= ContinuityWeight(c, total);
    if (u < 0) return c;
  }
  return total - 1;
}

Plan MakePlan(const GenOptions& o, Rng& rng) {
  Plan p;
  p.continuities = o.continuities;
  p.chain.resize(o.continuities);
  p.series_of.resize(o.continuities);
  p.entities_of.resize(o.continuities);
  // Works: containers in release order until the leaf budget is spent. Every
  // continuity gets at least its share of the first containers so that no
  // chain is empty.
  struct Current {
    uint32_t series = UINT32_MAX;
    uint32_t left = 0;
    uint32_t next_index = 1;
  };
  std::vector<Current> cur_tv(o.continuities), cur_comic(o.continuities);
  constexpr int64_t kFirstDay = -3650;  // 1960-01-04
  uint64_t leaves = 0;
  uint32_t k = 0;
  while (leaves < o.works) {
    Container c;
    c.continuity = k < o.continuities ? k : PickContinuity(rng, o.continuities);
    c.tv = rng.Chance(0.6);
    c.count =
        c.tv ? static_cast<uint32_t>(rng.Range(8, 22)) : static_cast<uint32_t>(rng.Range(12, 40));
    // Keep enough leaves for the continuities not yet started.
    uint64_t reserve = k + 1 < o.continuities ? 8ull * (o.continuities - k - 1) : 0;
    uint64_t room = o.works - leaves > reserve ? o.works - leaves - reserve : 1;
    if (c.count > room) c.count = static_cast<uint32_t>(room);
    c.date = kFirstDay + 3ll * k;
    Current& cur = c.tv ? cur_tv[c.continuity] : cur_comic[c.continuity];
    if (cur.series == UINT32_MAX || cur.left == 0) {
      cur.series = static_cast<uint32_t>(p.series_is_tv.size());
      cur.left = static_cast<uint32_t>(c.tv ? rng.Range(1, 8) : rng.Range(1, 6));
      cur.next_index = 1;
      p.series_is_tv.push_back(c.tv);
      p.containers_of_series.emplace_back();
      p.series_of[c.continuity].push_back(cur.series);
    }
    c.series = cur.series;
    c.index = cur.next_index++;
    --cur.left;
    p.containers_of_series[c.series].push_back(static_cast<uint32_t>(p.containers.size()));
    for (uint32_t i = 1; i <= c.count; ++i) {
      Leaf leaf;
      leaf.continuity = c.continuity;
      leaf.release_rank = static_cast<uint32_t>(p.leaves.size());
      leaf.chain_pos = static_cast<uint32_t>(p.chain[c.continuity].size());
      std::string path = c.tv ? fmt::format("tv{}.s{}.e{}", c.series, c.index, i)
                              : fmt::format("cm{}.v{}.{}", c.series, c.index, i);
      leaf.path = std::move(path);
      p.chain[c.continuity].push_back(leaf.release_rank);
      p.leaves.push_back(std::move(leaf));
    }
    leaves += c.count;
    p.containers.push_back(c);
    ++k;
  }
  // Entities: the first few of each continuity are fixed so every continuity
  // has characters and places; the rest are drawn by weight.
  p.entity_continuity.resize(o.entities);
  p.entity_kind.resize(o.entities);
  for (uint64_t e = 0; e < o.entities; ++e) {
    uint32_t c;
    Kind kind;
    const uint64_t fixed = 12ull * o.continuities;
    if (e < fixed) {
      c = static_cast<uint32_t>(e % o.continuities);
      uint64_t slot = e / o.continuities;
      kind = slot < 8 ? Kind::kCharacter : slot < 10 ? Kind::kPlace : Kind::kGroup;
    } else {
      c = PickContinuity(rng, o.continuities);
      double u = rng.Unit();
      kind = u < 0.80 ? Kind::kCharacter : u < 0.92 ? Kind::kPlace : Kind::kGroup;
    }
    p.entity_continuity[e] = c;
    p.entity_kind[e] = kind;
    p.entities_of[c].push_back(static_cast<uint32_t>(e));
  }
  return p;
}

// ---- Generation ---------------------------------------------------------------

class Generator {
 public:
  Generator(const GenOptions& o, Sink& canon, Sink& facts_csv, Sink& presence_csv,
            Sink& knowledge_csv, Sink& uses_csv)
      : o_(o),
        rng_(o.seed),
        canon_(canon),
        fcsv_(facts_csv),
        pcsv_(presence_csv),
        kcsv_(knowledge_csv),
        ucsv_(uses_csv) {}

  // Accessors are named like variables (Google style).
  // NOLINTBEGIN(readability-identifier-naming)
  const Plan& plan() const { return plan_; }
  GenSummary& summary() { return summary_; }
  // NOLINTEND(readability-identifier-naming)

  void Run() {
    plan_ = MakePlan(o_, rng_);
    summary_.entities = o_.entities;
    summary_.leaves = plan_.leaves.size();
    WriteHeader();
    // Fact budget per continuity, by its share of entities.
    std::vector<uint64_t> budget(plan_.continuities);
    uint64_t assigned = 0;
    for (uint32_t c = 0; c < plan_.continuities; ++c) {
      budget[c] = o_.facts * plan_.entities_of[c].size() / o_.entities;
      assigned += budget[c];
    }
    budget[0] += o_.facts - assigned;
    // Planted errors go to continuity 0 (it always has a long enough chain).
    for (uint32_t c = 0; c < plan_.continuities; ++c) WriteContinuity(c, budget[c]);
  }

 private:
  struct Pools {
    Zipf characters, places, groups;
  };

  const Leaf& LeafAt(uint32_t c, int64_t pos) const { return plan_.leaves[plan_.chain[c][pos]]; }
  std::string_view LeafPath(uint32_t c, int64_t pos) const { return LeafAt(c, pos).path; }

  void WriteHeader() {
    char zbuf[32];
    std::snprintf(zbuf, sizeof zbuf, "%.2f", o_.zipf_s);
    canon_.S("# Generated by `canon gen --entities ")
        .N(o_.entities)
        .S(" --facts ")
        .N(o_.facts)
        .S(" --works ")
        .N(o_.works)
        .S(" --seed ")
        .N(static_cast<int64_t>(o_.seed))
        .S(" --zipf ")
        .S(zbuf)
        .S(" --continuities ")
        .N(o_.continuities)
        .S(" --planted ")
        .N(o_.planted_per_rule)
        .S("`; do not edit.")
        .Line();
    canon_.S("universe \"Synthetic universe (seed ")
        .N(static_cast<int64_t>(o_.seed))
        .S(")\"")
        .Line();
    for (uint32_t c = 0; c < plan_.continuities; ++c) {
      canon_.S("continuity ").Id('c', c).S(" \"Continuity ").N(c).S("\"").Line();
    }
    canon_.S("predicate mentors inverse mentored_by phrase \"mentors\"").Line();
    canon_.S("predicate rivals symmetric phrase \"is a rival of\"").Line();
    canon_.S("predicate holds_rank exclusive object one of");
    for (std::string_view r : kRanks) canon_.C(' ').S(r);
    canon_.S(" phrase \"holds the rank of\"").Line();
  }

  // One fact statement (and its CSV row).
  struct F {
    uint32_t subject = 0;
    Pred pred = kKnows;
    uint32_t object = 0;           // entity, keyword index, or secret event number
    int64_t start = -1, end = -1;  // chain positions; -1 = open
    int64_t reveal = 0;
    int64_t overturn = -1;
  };

  void EmitFact(uint32_t c, const F& f) {
    ++summary_.facts;
    canon_.S("fact ").Id('e', f.subject).C(' ').S(kPredNames[f.pred]).C(' ');
    switch (f.pred) {
      case kHoldsRank:
        canon_.S(kRanks[f.object]);
        break;
      default:
        canon_.Id('e', f.object);
        break;
    }
    if (f.start >= 0) canon_.S(" from during ").S(LeafPath(c, f.start));
    if (f.end >= 0) canon_.S(" until during ").S(LeafPath(c, f.end));
    canon_.S(" revealed ").S(LeafPath(c, f.reveal));
    if (f.overturn >= 0) canon_.S(" overturned ").S(LeafPath(c, f.overturn));
    canon_.Line();
    if (fcsv_.enabled()) {
      fcsv_.N(static_cast<int64_t>(summary_.facts - 1))
          .C(',')
          .Id('e', f.subject)
          .C(',')
          .S(kPredNames[f.pred])
          .C(',');
      switch (f.pred) {
        case kHoldsRank:
          fcsv_.S(kRanks[f.object]).S(",keyword");
          break;
        default:
          fcsv_.Id('e', f.object).S(",entity");
          break;
      }
      fcsv_.C(',');
      if (f.start >= 0) fcsv_.N(f.start);
      fcsv_.C(',');
      if (f.end >= 0) fcsv_.N(f.end);
      fcsv_.C(',').N(LeafAt(c, f.reveal).release_rank).C(',');
      if (f.overturn >= 0) fcsv_.N(LeafAt(c, f.overturn).release_rank);
      fcsv_.C(',').Id('c', c).Line();
    }
  }

  // Reveal position for a story position: ~85% at or just after it, ~15%
  // a flashback/prequel revealed much later.
  int64_t RevealFor(int64_t story, int64_t n) {
    if (rng_.Chance(0.85))
      return std::min<int64_t>(n - 1, story + static_cast<int64_t>(rng_.Below(3)));
    return rng_.Range(story, n - 1);
  }

  // `count` distinct sorted positions in [0, n).
  std::vector<int64_t> DistinctPositions(uint64_t count, int64_t n) {
    std::vector<int64_t> v;
    if (static_cast<int64_t>(count) * 3 >= n) {
      std::vector<int64_t> all(n);
      for (int64_t i = 0; i < n; ++i) all[i] = i;
      for (uint64_t i = 0; i < count; ++i) std::swap(all[i], all[i + rng_.Below(n - i)]);
      v.assign(all.begin(), all.begin() + count);
    } else {
      while (v.size() < count) {
        while (v.size() < count) v.push_back(static_cast<int64_t>(rng_.Below(n)));
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
      }
    }
    std::sort(v.begin(), v.end());
    return v;
  }

  void Plant(PlantedError::Rule rule, uint32_t c, uint32_t entity, std::string key,
             std::string detail) {
    PlantedError e;
    e.rule = rule;
    e.entity = fmt::format("c{}:e{}", c, entity);
    e.key = std::move(key);
    e.detail = std::move(detail);
    summary_.planted.push_back(std::move(e));
  }

  void WriteContinuity(uint32_t c, uint64_t budget) {
    const std::vector<uint32_t>& ents = plan_.entities_of[c];
    const int64_t n = static_cast<int64_t>(plan_.chain[c].size());
    const bool plant = (c == 0);
    canon_.Line().S("use ").Id('c', c).Line();
    // Works, grouped by series, each container on its own line.
    for (uint32_t s : plan_.series_of[c]) {
      const bool tv = plan_.series_is_tv[s];
      canon_.S(tv ? "series tv" : "comic cm")
          .N(s)
          .S(tv ? " \"Series " : " \"Comic ")
          .N(s)
          .S("\"")
          .Line();
      for (uint32_t ci : plan_.containers_of_series[s]) {
        const Container& k = plan_.containers[ci];
        canon_.S(tv ? "  season s" : "  volume v")
            .N(k.index)
            .S(" released ")
            .S(FormatIsoDate(k.date))
            .S(tv ? " episodes " : " issues ")
            .N(k.count)
            .Line();
      }
    }
    // Entity pools.
    std::vector<uint32_t> chars, places, groups;
    for (uint32_t e : ents) {
      switch (plan_.entity_kind[e]) {
        case Kind::kCharacter:
          chars.push_back(e);
          break;
        case Kind::kPlace:
          places.push_back(e);
          break;
        case Kind::kGroup:
          groups.push_back(e);
          break;
      }
    }
    Pools pools{Zipf(chars, o_.zipf_s, rng_), Zipf(places, o_.zipf_s, rng_),
                Zipf(groups, o_.zipf_s, rng_)};
    // Entities, with counterparts in continuity 0 for ~30% of other characters.
    const std::vector<uint32_t>* main_chars = nullptr;
    std::vector<uint32_t> c0_chars;
    if (c != 0) {
      for (uint32_t e : plan_.entities_of[0]) {
        if (plan_.entity_kind[e] == Kind::kCharacter) c0_chars.push_back(e);
      }
      main_chars = &c0_chars;
    }
    for (uint32_t e : ents) {
      Kind kind = plan_.entity_kind[e];
      canon_.S(KindKeyword(kind))
          .S(" e")
          .N(e)
          .S(kind == Kind::kCharacter ? " \"Character "
             : kind == Kind::kPlace   ? " \"Place "
                                      : " \"Group ")
          .N(e)
          .C('"')
          .Line();
      if (main_chars != nullptr && kind == Kind::kCharacter && !main_chars->empty() &&
          rng_.Chance(0.3)) {
        canon_.S("  counterpart c0:e").N((*main_chars)[rng_.Below(main_chars->size())]).Line();
      }
    }
    // Fact budget split: chains 25%, one fact per place and group, the rest
    // relations. Besides the facts, secrets (and as many uses, as events)
    // number 2% of the budget.
    const uint64_t uses = std::max<uint64_t>(plant ? o_.planted_per_rule + 1 : 0, budget / 50);
    uint64_t chain_budget = std::max<uint64_t>(chars.size(), budget / 4);
    const uint64_t base = places.size() + groups.size();
    if (chain_budget + base > budget) chain_budget = budget > base ? budget - base : 0;
    chain_budget = std::max<uint64_t>(chain_budget, chars.size());
    const uint64_t facts_before = summary_.facts;
    // Deaths and the place hierarchy are drawn first: every later statement
    // about a character happens strictly before the leaf of its death (so
    // the only presence after death is the planted one), and a planted
    // `lives_in` overlap needs two places neither of which contains the other.
    PlanDeaths(chars, n, plant);
    PlanPlaceParents(places, pools);
    WriteChains(c, chars, places, pools, chain_budget, n, plant);
    WritePlaceGroupFacts(c, places, groups, pools, n);
    WriteDeaths(c, chars, n);
    WriteSecrets(c, pools, uses, n, plant);
    // Relations take whatever the budget has left, so the total is exact.
    const uint64_t used = summary_.facts - facts_before;
    WriteRelations(c, pools, budget > used ? budget - used : 0, n);
    WritePresence(c, pools, budget / 20 + (plant ? o_.planted_per_rule : 0), n, plant);
  }

  // Deaths of ~3% of characters, in the second half of the chain (at chain
  // position n/2 .. n-3): fills death_ for this continuity's characters.
  // Where errors are planted at least one character dies, so that presences
  // after death can be planted even in a small universe.
  void PlanDeaths(const std::vector<uint32_t>& chars, int64_t n, bool plant) {
    if (death_.size() != o_.entities) death_.assign(o_.entities, -1);
    if (n < 6) return;
    bool any = false;
    for (uint32_t e : chars) {
      if (rng_.Chance(0.03)) {
        death_[e] = rng_.Range(n / 2, n - 3);
        any = true;
      }
    }
    if (plant && !any && o_.planted_per_rule > 0 && !chars.empty()) {
      death_[chars[rng_.Below(chars.size())]] = rng_.Range(n / 2, n - 3);
    }
  }

  // The first chain position at which `e` is dead (n when it never dies, or
  // for places and groups): whatever involves `e` must start before it.
  int64_t AliveUntil(uint32_t e, int64_t n) const {
    return e < death_.size() && death_[e] >= 0 ? std::min(death_[e], n) : n;
  }

  // Every place lies in another (one `located_in` parent each, when the
  // continuity has two places or more); fills parent_ for these places.
  void PlanPlaceParents(const std::vector<uint32_t>& places, const Pools& pools) {
    if (parent_.size() != o_.entities) parent_.assign(o_.entities, UINT32_MAX);
    place_count_ = places.size();
    if (places.size() < 2) return;
    for (uint32_t p : places) {
      uint32_t q;
      do q = pools.places.Sample(rng_);
      while (q == p);
      parent_[p] = q;
    }
  }

  // Whether `a` lies (through `located_in`, at any depth) inside `b`. The
  // parent links of one continuity's places form a functional graph: a walk
  // from `a` meets every ancestor within place_count_ steps.
  bool Inside(uint32_t a, uint32_t b) const {
    uint32_t x = a;
    for (size_t steps = 0; steps < place_count_; ++steps) {
      x = parent_[x];
      if (x == UINT32_MAX || x == a) return false;
      if (x == b) return true;
    }
    return false;
  }
  // Lint treats places one of which contains the other as the same place
  // for exclusive facts (living in a district is living in its city).
  bool PlacesRelated(uint32_t a, uint32_t b) const {
    return a == b || Inside(a, b) || Inside(b, a);
  }

  void WriteChains(uint32_t c, const std::vector<uint32_t>& chars,
                   const std::vector<uint32_t>& places, const Pools& pools, uint64_t chain_budget,
                   int64_t n, bool plant) {
    if (chars.empty()) return;
    // Chain length per character: 1, plus Zipf-weighted extra facts.
    std::unordered_map<uint32_t, uint32_t> extra;
    const int64_t max_len = std::max<int64_t>(1, (n - 1) / 2);
    for (uint64_t i = chars.size(); i < chain_budget; ++i) {
      uint32_t e = pools.characters.Sample(rng_);
      if (1 + static_cast<int64_t>(extra[e]) < max_len) ++extra[e];
    }
    uint32_t planted = 0;
    for (uint32_t e : chars) {
      auto it = extra.find(e);
      const uint64_t len = 1 + (it == extra.end() ? 0 : it->second);
      const bool by_place = !pools.places.empty() && rng_.Chance(0.6);
      const Pred pred = by_place ? kLivesIn : kHoldsRank;
      // 2*len boundaries; the first start or the last end may be open. A
      // character who dies has its whole chain before its death.
      const int64_t m = AliveUntil(e, n);
      std::vector<int64_t> pos = DistinctPositions(std::min<int64_t>(2 * len, m), m);
      const bool open_start = rng_.Chance(0.3);
      const bool open_end = rng_.Chance(0.6);
      uint32_t prev_object = UINT32_MAX;
      std::vector<F> chain;
      for (uint64_t i = 0; i < len && 2 * i + 1 < pos.size(); ++i) {
        F f;
        f.subject = e;
        f.pred = pred;
        do {
          f.object =
              by_place ? pools.places.Sample(rng_) : static_cast<uint32_t>(rng_.Below(kRankCount));
        } while (f.object == prev_object && (by_place ? pools.places.size() > 1 : true));
        prev_object = f.object;
        f.start = (i == 0 && open_start) ? -1 : pos[2 * i];
        f.end = (i + 1 == len && open_end) ? -1 : pos[2 * i + 1];
        f.reveal = RevealFor(pos[2 * i], n);
        chain.push_back(f);
      }
      for (const F& f : chain) EmitFact(c, f);
      // Plant an overlapping fact inside a link with room inside (before the
      // character's death). A place overlaps only with a place unrelated to
      // it: living in a district of one's city is no error.
      if (plant && planted < o_.planted_per_rule && (!by_place || pools.places.size() >= 2)) {
        for (size_t i = 0; i < chain.size(); ++i) {
          const F& f = chain[i];
          if (f.start < 0) continue;
          const int64_t hi = f.end >= 0 ? f.end : m - 1;
          const int64_t next = i + 1 < chain.size() ? chain[i + 1].start : m;
          if (hi - f.start < 2 || next <= f.start + 2) continue;
          F g = f;
          if (by_place) {
            if (!PickUnrelatedPlace(places, f.object, &g.object)) break;
          } else {
            do g.object = static_cast<uint32_t>(rng_.Below(kRankCount));
            while (g.object == f.object);
          }
          g.start = rng_.Range(f.start + 1, std::min(hi, next - 1) - 1);
          g.end = rng_.Range(g.start + 1, std::min(hi, next - 1));
          g.reveal = RevealFor(g.start, n);
          EmitFact(c, g);
          std::string obj_f =
              by_place ? fmt::format("e{}", f.object) : std::string(kRanks[f.object]);
          std::string obj_g =
              by_place ? fmt::format("e{}", g.object) : std::string(kRanks[g.object]);
          const std::string_view pred_name = kPredNames[pred];
          Plant(
              PlantedError::Rule::kExclusiveOverlap, c, e,
              fmt::format("{} {} {}", pred_name, std::min(obj_f, obj_g), std::max(obj_f, obj_g)),
              fmt::format("e{} {} {} (from {}) overlaps {} (from {} until {})", e, pred_name, obj_f,
                          LeafPath(c, f.start), obj_g, LeafPath(c, g.start), LeafPath(c, g.end)));
          ++planted;
          break;
        }
      }
    }
  }

  // A place, uniform over the continuity's places, that is neither `place`
  // nor inside it nor containing it. False when there is none.
  bool PickUnrelatedPlace(const std::vector<uint32_t>& places, uint32_t place, uint32_t* out) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      const uint32_t q = places[rng_.Below(places.size())];
      if (!PlacesRelated(place, q)) {
        *out = q;
        return true;
      }
    }
    // Few unrelated places (a deep hierarchy): choose among all of them.
    std::vector<uint32_t> unrelated;
    for (uint32_t q : places) {
      if (!PlacesRelated(place, q)) unrelated.push_back(q);
    }
    if (unrelated.empty()) return false;
    *out = unrelated[rng_.Below(unrelated.size())];
    return true;
  }

  void WritePlaceGroupFacts(uint32_t c, const std::vector<uint32_t>& places,
                            const std::vector<uint32_t>& groups, const Pools& pools, int64_t n) {
    // Every place lies in another place (an open, timeless fact); every group
    // has an enemy group or an ally character: so no entity goes unmentioned.
    // The parents were drawn by PlanPlaceParents.
    for (uint32_t p : places) {
      F f;
      f.subject = p;
      f.pred = kLocatedIn;
      if (places.size() < 2) continue;
      f.object = parent_[p];
      f.reveal = static_cast<int64_t>(rng_.Below(n));
      EmitFact(c, f);
    }
    for (uint32_t g : groups) {
      F f;
      f.subject = g;
      if (groups.size() >= 2) {
        f.pred = kEnemyOf;
        do f.object = pools.groups.Sample(rng_);
        while (f.object == g);
      } else {
        f.pred = kAlliedWith;
        f.object = pools.characters.Sample(rng_);
      }
      // An alliance with a character starts while that character lives.
      f.start = static_cast<int64_t>(rng_.Below(AliveUntil(f.object, n)));
      f.reveal = RevealFor(f.start, n);
      EmitFact(c, f);
    }
  }

  void WriteRelations(uint32_t c, const Pools& pools, uint64_t count, int64_t n) {
    if (pools.characters.size() < 2) return;
    for (uint64_t i = 0; i < count; ++i) {
      F f;
      f.subject = pools.characters.Sample(rng_);
      const double u = rng_.Unit();
      if (u < 0.30)
        f.pred = kKnows;
      else if (u < 0.45)
        f.pred = kFriends;
      else if (u < 0.60)
        f.pred = kEnemyOf;
      else if (u < 0.70)
        f.pred = kAlliedWith;
      else if (u < 0.85)
        f.pred = kMemberOf;
      else if (u < 0.90)
        f.pred = kWorksFor;
      else if (u < 0.95)
        f.pred = kMentors;
      else
        f.pred = kRivals;
      if ((f.pred == kMemberOf || f.pred == kWorksFor) && !pools.groups.empty()) {
        f.object = pools.groups.Sample(rng_);
      } else {
        if (f.pred == kMemberOf) f.pred = kAlliedWith;
        do f.object = pools.characters.Sample(rng_);
        while (f.object == f.subject);
      }
      // The relation starts while both ends live; one that a death cuts
      // short ends no later than that death.
      const int64_t alive = std::min(AliveUntil(f.subject, n), AliveUntil(f.object, n));
      const int64_t s = static_cast<int64_t>(rng_.Below(alive));
      f.start = rng_.Chance(0.1) ? -1 : s;
      if (s + 1 < n && rng_.Chance(0.65)) {
        // Geometric-ish duration, mean ~ n/16 leaves.
        const int64_t mean = std::max<int64_t>(2, n / 16);
        const double d = -std::log(1.0 - rng_.Unit()) * static_cast<double>(mean);
        f.end = std::min<int64_t>(std::min(n - 1, alive), s + 1 + static_cast<int64_t>(d));
      }
      f.reveal = RevealFor(s, n);
      if (rng_.Chance(0.01) && f.reveal + 1 < n) {
        f.overturn = std::min<int64_t>(n - 1, f.reveal + 1 + static_cast<int64_t>(rng_.Below(10)));
      }
      EmitFact(c, f);
    }
  }

  // The death events drawn by PlanDeaths.
  void WriteDeaths(uint32_t c, const std::vector<uint32_t>& chars, int64_t n) {
    for (uint32_t e : chars) {
      if (death_[e] < 0) continue;
      const int64_t d = death_[e];
      const int64_t r = RevealFor(d, n);
      ++summary_.events;
      canon_.S("event d").N(e).S(": e").N(e).S(" dies");
      if (r != d) canon_.S(" story during ").S(LeafPath(c, d));
      canon_.S(" revealed ").S(LeafPath(c, r)).Line();
    }
  }

  // Secrets (events), characters who learn them, and events of those
  // characters that use them (`uses sN by eX`) after (or, planted, before)
  // they are learned. Uses are events, not facts: they take no fact budget.
  void WriteSecrets(uint32_t c, const Pools& pools, uint64_t uses, int64_t n, bool plant) {
    if (pools.characters.size() < 3 || n < 6) return;
    uint32_t planted = 0;
    for (uint64_t i = 0; i < uses; ++i) {
      const uint64_t id = next_secret_++;
      const uint32_t agent = pools.characters.Sample(rng_);
      uint32_t patient;
      do patient = pools.characters.Sample(rng_);
      while (patient == agent);
      uint32_t who;
      do who = pools.characters.Sample(rng_);
      while (who == agent || who == patient);
      // The secret happens while its agent and patient live, and is learned
      // and used while its learner lives: s < k < u < death (a death is at
      // n/2 >= 3 or later, so every range below is non-empty).
      const int64_t who_alive = AliveUntil(who, n);
      const int64_t s_max =
          std::min({n - 4, who_alive - 3, AliveUntil(agent, n) - 1, AliveUntil(patient, n) - 1});
      const int64_t s = rng_.Range(0, s_max);
      const int64_t k = rng_.Range(s + 1, std::min(n - 2, who_alive - 2));
      const bool bad = plant && planted < o_.planted_per_rule;
      const int64_t u =
          bad ? rng_.Range(0, k - 1) : rng_.Range(k + 1, std::min(n - 1, who_alive - 1));
      ++summary_.events;
      canon_.S("event s")
          .N(static_cast<int64_t>(id))
          .S(": e")
          .N(agent)
          .S(" betrays e")
          .N(patient)
          .S(" revealed ")
          .S(LeafPath(c, s))
          .Line();
      ++summary_.knowledge;
      canon_.S("learns e")
          .N(who)
          .S(" s")
          .N(static_cast<int64_t>(id))
          .S(" from during ")
          .S(LeafPath(c, k))
          .S(" revealed ")
          .S(LeafPath(c, k))
          .Line();
      if (kcsv_.enabled()) {
        kcsv_.Id('e', who)
            .C(',')
            .Id('s', id)
            .C(',')
            .N(k)
            .C(',')
            .N(LeafAt(c, k).release_rank)
            .C(',')
            .Id('c', c)
            .Line();
      }
      // The use: an event of `who` (exposing the secret's agent, a passive
      // patient who may be dead by then) that uses the secret, by `who`.
      ++summary_.events;
      ++summary_.uses;
      canon_.S("event u")
          .N(static_cast<int64_t>(id))
          .S(": e")
          .N(who)
          .S(" exposes e")
          .N(agent)
          .S(" revealed ")
          .S(LeafPath(c, u))
          .S(" uses s")
          .N(static_cast<int64_t>(id))
          .S(" by e")
          .N(who)
          .Line();
      if (ucsv_.enabled()) {
        ucsv_.Id('u', id)
            .C(',')
            .Id('e', who)
            .C(',')
            .Id('s', id)
            .C(',')
            .N(u)
            .C(',')
            .N(LeafAt(c, u).release_rank)
            .C(',')
            .Id('c', c)
            .Line();
      }
      if (bad) {
        Plant(PlantedError::Rule::kKnowledgeBeforeLearned, c, who, fmt::format("s{}", id),
              fmt::format("e{} uses s{} at u{} during {} but learns it during {}", who, id, id,
                          LeafPath(c, u), LeafPath(c, k)));
        ++planted;
      }
    }
  }

  void WritePresence(uint32_t c, const Pools& pools, uint64_t count, int64_t n, bool plant) {
    const std::vector<int64_t>& death = death_;
    if (pools.characters.empty() || n < 6) return;
    std::vector<uint32_t> dead;
    if (plant) {
      for (uint32_t e : plan_.entities_of[c]) {
        if (death[e] >= 0 && death[e] + 1 < n) dead.push_back(e);
      }
    }
    uint32_t planted = 0;
    std::vector<uint32_t> present;
    for (uint64_t i = 0; i < count; ++i) {
      present.clear();
      int64_t pos = static_cast<int64_t>(rng_.Below(n));
      const bool bad = plant && planted < o_.planted_per_rule && !dead.empty();
      uint32_t victim = UINT32_MAX;
      if (bad) {
        victim = dead[rng_.Below(dead.size())];
        pos = rng_.Range(death[victim] + 1, n - 1);
        present.push_back(victim);
      }
      const uint64_t want = 1 + rng_.Below(4);
      for (uint64_t j = 0; j < want * 2 && present.size() < want; ++j) {
        const uint32_t e = pools.characters.Sample(rng_);
        if (death[e] >= 0 && pos >= death[e]) continue;  // the dead do not appear
        if (std::find(present.begin(), present.end(), e) != present.end()) continue;
        present.push_back(e);
      }
      if (present.empty()) continue;
      // One `appears` line: seen in the leaf of its reveal; a flashback
      // scene (revealed later than it happens) is placed with `story`. A
      // planted presence is not a flashback: it is seen after the death.
      const int64_t r = bad ? pos : RevealFor(pos, n);
      ++summary_.appearance_lines;
      summary_.presence += present.size();
      canon_.S("appears ");
      for (size_t j = 0; j < present.size(); ++j) {
        if (j > 0) canon_.S(", ");
        canon_.Id('e', present[j]);
      }
      canon_.S(" in ").S(LeafPath(c, r));
      if (r != pos) canon_.S(" story during ").S(LeafPath(c, pos));
      canon_.Line();
      if (pcsv_.enabled()) {
        for (uint32_t e : present) {
          pcsv_.Id('e', e)
              .C(',')
              .S(LeafPath(c, r))
              .C(',')
              .N(pos)
              .C(',')
              .N(LeafAt(c, r).release_rank)
              .C(',')
              .Id('c', c)
              .Line();
        }
      }
      if (bad) {
        Plant(PlantedError::Rule::kPresenceAfterDeath, c, victim, std::string(LeafPath(c, pos)),
              fmt::format("e{} appears in {} after dying during {}", victim, LeafPath(c, pos),
                          LeafPath(c, death[victim])));
        ++planted;
      }
    }
  }

  const GenOptions& o_;
  Rng rng_;
  Sink& canon_;
  Sink& fcsv_;
  Sink& pcsv_;
  Sink& kcsv_;
  Sink& ucsv_;
  Plan plan_;
  GenSummary summary_;
  uint64_t next_secret_ = 0;
  // Per global entity id: chain position of its death in its continuity, or -1.
  std::vector<int64_t> death_;
  // Per global entity id: the place it lies in (`located_in`), or UINT32_MAX.
  std::vector<uint32_t> parent_;
  size_t place_count_ = 0;  // places of the continuity being written
};

Status WriteSmallCsvs(const Plan& plan, const std::string& dir) {
  Sink works, ents;
  CANON_RETURN_IF_ERROR(works.Open(dir + "/works.csv"));
  CANON_RETURN_IF_ERROR(ents.Open(dir + "/entities.csv"));
  works.S("path,continuity,release_rank,story_pos").Line();
  for (const Leaf& l : plan.leaves) {
    works.S(l.path)
        .C(',')
        .Id('c', l.continuity)
        .C(',')
        .N(l.release_rank)
        .C(',')
        .N(l.chain_pos)
        .Line();
  }
  ents.S("id,continuity,kind").Line();
  for (size_t e = 0; e < plan.entity_kind.size(); ++e) {
    ents.Id('e', e)
        .C(',')
        .Id('c', plan.entity_continuity[e])
        .C(',')
        .S(KindKeyword(plan.entity_kind[e]))
        .Line();
  }
  CANON_RETURN_IF_ERROR(works.Close());
  return ents.Close();
}

}  // namespace

std::string_view PlantedRuleName(PlantedError::Rule rule) {
  switch (rule) {
    case PlantedError::Rule::kExclusiveOverlap:
      return "exclusive-overlap";
    case PlantedError::Rule::kPresenceAfterDeath:
      return "presence-after-death";
    case PlantedError::Rule::kKnowledgeBeforeLearned:
      return "knowledge-before-learned";
  }
  return "?";
}

Status ValidateGenOptions(const GenOptions& o) {
  if (o.entities < 50 || o.entities > 100'000'000) {
    return Status::InvalidArgument("--entities " + std::to_string(o.entities) + " is out of range",
                                   "use 50 .. 100000000");
  }
  if (o.works < 20 || o.works > 10'000'000) {
    return Status::InvalidArgument("--works " + std::to_string(o.works) + " is out of range",
                                   "use 20 .. 10000000");
  }
  if (o.facts < 2 * o.entities || o.facts > 4'000'000'000ull) {
    return Status::InvalidArgument(
        "--facts " + std::to_string(o.facts) + " is out of range",
        "use at least twice --entities (every entity gets facts) and at most 4000000000");
  }
  if (!(o.zipf_s > 0.0 && o.zipf_s <= 3.0)) {
    return Status::InvalidArgument("--zipf must be in (0, 3]",
                                   "0.9 is realistic; 1.1 is the stress mode");
  }
  if (o.continuities < 1 || o.continuities > 16) {
    return Status::InvalidArgument("--continuities must be 1 .. 16");
  }
  if (o.works < 20ull * o.continuities) {
    return Status::InvalidArgument("--works must be at least 20 per continuity",
                                   "raise --works or lower --continuities");
  }
  if (o.planted_per_rule > 1000) {
    return Status::InvalidArgument("--planted must be 0 .. 1000");
  }
  return Status::Ok();
}

Result<GenSummary> GenerateUniverse(const GenOptions& opts, const GenOutputs& out) {
  CANON_RETURN_IF_ERROR(ValidateGenOptions(opts));
  Sink canon, facts, presence, knowledge, uses;
  if (!out.canon_path.empty()) {
    CANON_RETURN_IF_ERROR(canon.Open(out.canon_path));
  } else {
    canon.Disable();
  }
  if (!out.csv_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out.csv_dir, ec);
    if (ec) {
      return Status::IoError("cannot create directory `" + out.csv_dir + "`: " + ec.message());
    }
    CANON_RETURN_IF_ERROR(facts.Open(out.csv_dir + "/facts.csv"));
    CANON_RETURN_IF_ERROR(presence.Open(out.csv_dir + "/presence.csv"));
    CANON_RETURN_IF_ERROR(knowledge.Open(out.csv_dir + "/knowledge.csv"));
    CANON_RETURN_IF_ERROR(uses.Open(out.csv_dir + "/uses.csv"));
    facts
        .S("n,subject,predicate,object,object_kind,start_pos,end_pos,reveal_rank,overturn_rank,"
           "continuity")
        .Line();
    presence.S("entity,work,story_pos,reveal_rank,continuity").Line();
    knowledge.S("who,event,from_pos,reveal_rank,continuity").Line();
    uses.S("event,who,target,story_pos,reveal_rank,continuity").Line();
  } else {
    facts.Disable();
    presence.Disable();
    knowledge.Disable();
    uses.Disable();
  }
  Generator gen(opts, canon, facts, presence, knowledge, uses);
  gen.Run();
  if (out.canon_path.empty()) canon.TakeText();  // in-memory text not wanted
  for (Sink* s : {&canon, &facts, &presence, &knowledge, &uses}) {
    if (s->failed()) return Status::IoError("a write failed (disk full?)");
  }
  CANON_RETURN_IF_ERROR(canon.Close());
  GenSummary summary = std::move(gen.summary());
  summary.canon_bytes = canon.bytes();
  if (!out.csv_dir.empty()) {
    CANON_RETURN_IF_ERROR(facts.Close());
    CANON_RETURN_IF_ERROR(presence.Close());
    CANON_RETURN_IF_ERROR(knowledge.Close());
    CANON_RETURN_IF_ERROR(uses.Close());
    CANON_RETURN_IF_ERROR(WriteSmallCsvs(gen.plan(), out.csv_dir));
  }
  if (!out.planted_path.empty()) {
    Sink p;
    CANON_RETURN_IF_ERROR(p.Open(out.planted_path));
    p.S("rule\tentity\tkey\tdetail").Line();
    for (const PlantedError& e : summary.planted) {
      p.S(PlantedRuleName(e.rule)).C('\t').S(e.entity).C('\t').S(e.key).C('\t').S(e.detail).Line();
    }
    CANON_RETURN_IF_ERROR(p.Close());
  }
  return summary;
}

Result<std::string> GenerateCanonText(const GenOptions& opts, GenSummary* summary) {
  CANON_RETURN_IF_ERROR(ValidateGenOptions(opts));
  Sink canon, facts, presence, knowledge, uses;
  facts.Disable();
  presence.Disable();
  knowledge.Disable();
  uses.Disable();
  Generator gen(opts, canon, facts, presence, knowledge, uses);
  gen.Run();
  if (summary != nullptr) {
    *summary = std::move(gen.summary());
  }
  std::string text = canon.TakeText();
  if (summary != nullptr) summary->canon_bytes = text.size();
  return text;
}

}  // namespace canon
