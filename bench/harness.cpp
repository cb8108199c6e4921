// canon_harness: the side-by-side benchmark. Loads one generated universe
// into canon (compile + resolve + index: the same code path as the CLI) and
// into the peers (SQLite with covering B-trees, SQLite R*Tree, PostgreSQL 15
// with B-tree and GiST, DuckDB with ART indexes), runs identical queries through each one's fastest
// local API with prepared statements, checks that every system returns the
// same answer (count and sum of fact ids) for every query, measures the
// memory floor of this machine, and writes a Markdown report.
//
//   canon_harness --canon U.canon --planted U.planted.tsv --report OUT.md
//                 [--pg "host=127.0.0.1 port=5432 user=postgres dbname=postgres"]
//                 [--work DIR] [--queries N] [--scale-only] [--json OUT.json]
//                 [--duckdb-lib libduckdb.so] [--duckdb-note TEXT] [--duckdb-queries N]
//
// Exit status: 0 when every system agreed and the planted errors were found
// exactly; 1 on any disagreement; 2 on bad usage; 3 when a system failed.
#include <fmt/format.h>
#include <libpq-fe.h>
#include <malloc.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/utsname.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "diag/diagnostics.h"
#include "duckdb_peer.h"
#include "gen/gen.h"
#include "index/continuity.h"
#include "index/fact_index.h"
#include "index/snapshot.h"
#include "lang/compile.h"
#include "lint/lint.h"
#include "store/store.h"
#include "time/resolve.h"

namespace canon {
namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "canon_harness: error: %s\n", msg.c_str());
  std::exit(3);
}

size_t PeakRssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}
size_t RssBytes() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// ---- Latency statistics --------------------------------------------------------

struct Stats {
  std::vector<double> us;
  double Pct(double p) const {
    if (us.empty()) return NAN;
    std::vector<double> v = us;
    size_t k = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
    std::nth_element(v.begin(), v.begin() + k, v.end());
    return v[k];
  }
  double Mean() const {
    return us.empty() ? NAN : std::accumulate(us.begin(), us.end(), 0.0) / us.size();
  }
};

// ---- The workload --------------------------------------------------------------

// One question in the digest form every system answers.
struct Q {
  EntityId a = kNone, b = kNone;
  TimeKey key = 0;
  uint32_t horizon = 0;  // prefix length, or an index into arbitrary sets
};

struct Workload {
  std::vector<Q> uniform, hubs, pairs, hist_uniform, hist_hubs, arbitrary, ten, hop1, hop2, path,
      slice;
  std::vector<std::vector<uint32_t>> sets;  // arbitrary horizons: leaf ranks
};

// ---- canon ----------------------------------------------------------------------

struct Canon {
  SourceManager sources;
  Universe u;
  std::unique_ptr<FactIndex> ix;
  std::unique_ptr<ContinuityIndex> ci;
  double read_s = 0, compile_s = 0, resolve_s = 0, index_s = 0, cindex_s = 0;
  double snapshot_save_s = 0, snapshot_load_s = 0;
  size_t snapshot_bytes = 0;
  // The built database (.canondb with its model image, src/store).
  double db_save_s = 0, db_load_s = 0;
  size_t db_bytes = 0;
  size_t rss_after = 0;
  std::vector<HorizonMask> set_masks;
  std::vector<std::unique_ptr<HorizonMask>> prefix_masks;
  uint32_t leaves = 0;
};

// Prefix masks, built once per distinct prefix (as the query layer builds a
// horizon once per request) and before timing, so query timings do not
// include building them.
const HorizonMask& PrefixMask(Canon& c, uint32_t prefix) {
  if (c.prefix_masks.size() != c.leaves + 1) c.prefix_masks.resize(c.leaves + 1);
  auto& slot = c.prefix_masks[std::min(prefix, c.leaves)];
  if (!slot) slot = std::make_unique<HorizonMask>(HorizonMask::Prefix(c.leaves, prefix));
  return *slot;
}

// ---- Peer data model -------------------------------------------------------------
//
// Peers store, per fact, exactly what the spoiler-safe as-of rule needs in
// the generated universes: story keys, the single leaf reveal rank and the
// first overturn leaf rank. The harness checks that every fact fits this
// model (one leaf reveal point, no event-set end) and refuses otherwise.
struct PeerFact {
  FactId id;
  EntityId subject;
  int64_t object;  // -1 for a non-entity object
  PredicateId pred;
  int64_t start, end;
  int64_t reveal;
  int64_t overturn;  // -1: never overturned
};

std::vector<PeerFact> PeerFacts(const Universe& u, const FactIndex& ix) {
  std::vector<PeerFact> out;
  out.reserve(u.facts.size());
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    if (fact.revealed.size() != 1 ||
        fact.revealed[0].position_kind != RevealPoint::PositionKind::kNone ||
        !u.works[fact.revealed[0].work].is_leaf() || fact.ended_by != kNone) {
      Die(fmt::format("fact {} does not fit the peer model (one leaf reveal, no event-set end)",
                      f));
    }
    if (fact.started_by != kNone && u.events[fact.started_by].revealed != fact.revealed) {
      Die(fmt::format("fact {} is started by an event revealed elsewhere", f));
    }
    PeerFact p;
    p.id = f;
    p.subject = fact.subject;
    p.object = fact.object.kind == ValueKind::kEntity ? static_cast<int64_t>(fact.object.entity)
                                                      : int64_t{-1};
    p.pred = fact.predicate;
    p.start = ix.StartKey(f);
    p.end = ix.EndKey(f);
    p.reveal = u.works[fact.revealed[0].work].release_rank;
    p.overturn = -1;
    for (const RevealPoint& o : fact.overturned) {
      const Work& w = u.works[o.work];
      int64_t r = w.is_leaf() ? w.release_rank : static_cast<int64_t>(w.end_leaf_rank) - 1;
      if (p.overturn < 0 || r < p.overturn) p.overturn = r;
    }
    if (fact.started_by != kNone) {
      for (const RevealPoint& o : u.events[fact.started_by].overturned) {
        int64_t r = u.works[o.work].release_rank;
        if (p.overturn < 0 || r < p.overturn) p.overturn = r;
      }
    }
    out.push_back(p);
  }
  return out;
}

// Continuity-check inputs for the peers, exported from the same universe.
struct PeerContinuity {
  struct Excl {
    EntityId subject;
    PredicateId pred;
    int64_t object;
    int64_t start, end;
    FactId id;
  };
  // An appearance over [lo, hi]: its work's slot, or its own `story` point.
  struct Pres {
    EntityId entity;
    int64_t lo, hi;
    AppearanceId app;
  };
  struct Dead {
    EntityId entity;
    int64_t start, end;
    FactId id;
  };
  // One user of one `uses` clause (Event::uses): at event `event`, `who`
  // uses target `target` (an event, or a fact when tfact = 1).
  struct Use {
    EventId event;
    EntityId who;
    int tfact;
    uint32_t target;
    int64_t at;
  };
  struct Know {
    EntityId who;
    int tfact;
    uint32_t target;
    int64_t from;
  };
  std::vector<Excl> excl;
  std::vector<Pres> pres;
  std::vector<Dead> dead;
  std::vector<Use> uses;
  std::vector<Know> know;
};

PeerContinuity ExportContinuity(const Universe& u, const FactIndex& ix) {
  PeerContinuity pc;
  const PredicateId status = u.FindPredicate("status");
  std::map<std::string, int64_t> texts;
  for (FactId f = 0; f < u.facts.size(); ++f) {
    const Fact& fact = u.facts[f];
    if (!fact.overturned.empty()) continue;
    const Predicate& p = u.predicates[fact.predicate];
    if (p.exclusive) {
      int64_t obj = fact.object.kind == ValueKind::kEntity
                        ? fact.object.entity
                        : -1 - texts.emplace(fact.object.text, texts.size()).first->second;
      pc.excl.push_back({fact.subject, fact.predicate, obj, ix.StartKey(f), ix.EndKey(f), f});
      if (p.symmetric && fact.object.kind == ValueKind::kEntity) {
        pc.excl.push_back(
            {fact.object.entity, fact.predicate, fact.subject, ix.StartKey(f), ix.EndKey(f), f});
      }
    }
    if (fact.predicate == status && fact.object.text == "dead") {
      pc.dead.push_back({fact.subject, ix.StartKey(f), ix.EndKey(f), f});
    }
  }
  // Appearances (`appears`, `cast`): a placed one at its point, the others
  // over their work's slot.
  for (AppearanceId a = 0; a < u.appearances.size(); ++a) {
    const Appearance& ap = u.appearances[a];
    if (ap.time != kNone) {
      const int64_t k = ix.PointKey(ap.time);
      pc.pres.push_back({ap.entity, k, k, a});
    } else if (ap.at.work < u.works.size()) {
      const Work& w = u.works[ap.at.work];
      if (w.slot_start == kNone || w.slot_end == kNone) continue;
      pc.pres.push_back({ap.entity, ix.PointKey(w.slot_start), ix.PointKey(w.slot_end), a});
    }
  }
  // Uses of knowledge, one row per user (a use without `by` stands for
  // every participant that can know).
  for (EventId e = 0; e < u.events.size(); ++e) {
    const Event& ev = u.events[e];
    if (ev.uses.empty() || !ev.overturned.empty() || ev.time == kNone) continue;
    const int64_t at = ix.PointKey(ev.time);
    for (const Event::Use& use : ev.uses) {
      if (use.target == kNone) continue;
      if (use.who != kNone) {
        pc.uses.push_back({e, use.who, use.target_is_fact ? 1 : 0, use.target, at});
        continue;
      }
      std::set<EntityId> seen;
      for (const Role& r : ev.roles) {
        if (r.entity >= u.entities.size()) continue;
        const EntityKind kind = u.entities[r.entity].kind;
        if (kind == EntityKind::kPlace || kind == EntityKind::kObject) continue;
        if (seen.insert(r.entity).second) {
          pc.uses.push_back({e, r.entity, use.target_is_fact ? 1 : 0, use.target, at});
        }
      }
    }
  }
  // Knowledge: without `from`, an event is known from its time, a fact from
  // the beginning (key 0).
  for (const Knowledge& k : u.knowledge) {
    const bool is_fact = k.target_kind == Knowledge::TargetKind::kFact;
    int64_t from = 0;
    if (k.from != kNone) {
      from = ix.PointKey(k.from);
    } else if (!is_fact && k.target < u.events.size() && u.events[k.target].time != kNone) {
      from = ix.PointKey(u.events[k.target].time);
    }
    pc.know.push_back({k.who, is_fact ? 1 : 0, k.target, from});
  }
  return pc;
}

// ---- SQLite ----------------------------------------------------------------------

class Sqlite {
 public:
  Sqlite(const std::string& path, bool create) {
    if (create) std::filesystem::remove(path);
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) Die("sqlite open " + path);
    Exec(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-4000000;"
        "PRAGMA temp_store=MEMORY; PRAGMA mmap_size=30000000000;");
  }
  ~Sqlite() {
    for (auto& [k, s] : stmts_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      Die("sqlite: " + std::string(err ? err : "?") + " in " + sql.substr(0, 200));
    }
  }
  sqlite3_stmt* Prepare(const std::string& name, const std::string& sql) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) !=
        SQLITE_OK) {
      Die("sqlite prepare " + name + ": " + sqlite3_errmsg(db_));
    }
    stmts_[name] = s;
    return s;
  }
  sqlite3_stmt* Get(const std::string& name) { return stmts_.at(name); }
  // Runs a prepared statement returning (count, sum) in one row.
  AnswerDigest Digest(sqlite3_stmt* s, std::initializer_list<int64_t> args) {
    int i = 1;
    for (int64_t a : args) sqlite3_bind_int64(s, i++, a);
    AnswerDigest d;
    if (sqlite3_step(s) == SQLITE_ROW) {
      d.count = sqlite3_column_int64(s, 0);
      d.sum = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    return d;
  }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> stmts_;
};

// ---- PostgreSQL ------------------------------------------------------------------

class Pg {
 public:
  explicit Pg(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      error_ = PQerrorMessage(conn_);
      while (!error_.empty() && error_.back() == '\n') error_.pop_back();
    } else {
      PQclear(PQexec(conn_, "SET client_min_messages = warning"));
    }
  }
  ~Pg() { PQfinish(conn_); }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  void Exec(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      std::string e = PQerrorMessage(conn_);
      PQclear(r);
      Die("postgres: " + e + " in " + sql.substr(0, 200));
    }
    PQclear(r);
  }
  void Prepare(const std::string& name, const std::string& sql, int nparams) {
    PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), nparams, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      Die("postgres prepare " + name + ": " + PQerrorMessage(conn_));
    PQclear(r);
  }
  AnswerDigest Digest(const std::string& name, std::initializer_list<int64_t> args) {
    std::vector<std::string> vals;
    for (int64_t a : args) vals.push_back(std::to_string(a));
    std::vector<const char*> ptrs;
    for (auto& v : vals) ptrs.push_back(v.c_str());
    PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(ptrs.size()), ptrs.data(),
                                 nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
      Die("postgres exec " + name + ": " + PQerrorMessage(conn_));
    AnswerDigest d;
    if (PQntuples(r) == 1) {
      d.count = PQgetisnull(r, 0, 0) ? 0 : std::stoull(PQgetvalue(r, 0, 0));
      d.sum = PQgetisnull(r, 0, 1) ? 0 : std::stoull(PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    return d;
  }
  // COPY rows given as text lines.
  void Copy(const std::string& table, const std::function<void(std::string&)>& fill_all) {
    PGresult* r = PQexec(conn_, ("COPY " + table + " FROM STDIN").c_str());
    if (PQresultStatus(r) != PGRES_COPY_IN)
      Die("postgres copy: " + std::string(PQerrorMessage(conn_)));
    PQclear(r);
    std::string buf;
    fill_all(buf);
    constexpr size_t kChunk = 1 << 20;
    for (size_t off = 0; off < buf.size(); off += kChunk) {
      const size_t n = std::min(kChunk, buf.size() - off);
      if (PQputCopyData(conn_, buf.data() + off, static_cast<int>(n)) != 1)
        Die("postgres copy data");
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) Die("postgres copy end");
    r = PQgetResult(conn_);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
      Die("postgres copy: " + std::string(PQerrorMessage(conn_)));
    PQclear(r);
    while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
  }
  std::string Scalar(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string v =
        PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    return v;
  }

 private:
  PGconn* conn_ = nullptr;
  std::string error_;
};

// ---- Memory floor of this machine ----------------------------------------------

struct Floor {
  double miss_ns = 0;   // one dependent random load over 1 GiB
  double seq_gbps = 0;  // sequential read bandwidth (one core)
};

Floor MeasureFloor() {
  Floor fl;
  const size_t n = (size_t{1} << 30) / sizeof(uint64_t);
  HugeVector<uint64_t> next(n);
  // Sattolo's algorithm: one random cycle through every slot.
  std::iota(next.begin(), next.end(), 0);
  std::mt19937_64 rng(1);
  for (size_t i = n - 1; i > 0; --i) std::swap(next[i], next[rng() % i]);
  uint64_t x = 0;
  const size_t steps = 20'000'000;
  auto t0 = Clock::now();
  for (size_t i = 0; i < steps; ++i) x = next[x];
  auto t1 = Clock::now();
  fl.miss_ns = Seconds(t0, t1) * 1e9 / steps;
  uint64_t sum = x;
  t0 = Clock::now();
  for (int rep = 0; rep < 3; ++rep) {
    for (size_t i = 0; i < n; i += 4) sum += next[i] ^ next[i + 1] ^ next[i + 2] ^ next[i + 3];
  }
  t1 = Clock::now();
  fl.seq_gbps = 3.0 * n * sizeof(uint64_t) / Seconds(t0, t1) / 1e9;
  if (sum == 42) std::puts("");  // keep the loops
  return fl;
}

// ---- Running one query class on one system --------------------------------------

struct ClassResult {
  Stats lat;
  std::vector<AnswerDigest> answers;
  bool ran = false;
  bool first_only = false;  // a peer ran only the first queries of the class, on purpose
  std::string note;
};

template <typename F>
ClassResult RunClass(const std::vector<Q>& qs, F&& one) {
  ClassResult r;
  r.ran = true;
  r.answers.reserve(qs.size());
  r.lat.us.reserve(qs.size());
  for (const Q& q : qs) {
    auto t0 = Clock::now();
    AnswerDigest d = one(q);
    auto t1 = Clock::now();
    r.lat.us.push_back(Seconds(t0, t1) * 1e6);
    r.answers.push_back(d);
  }
  return r;
}

size_t Mismatches(const ClassResult& a, const ClassResult& b) {
  if (!a.ran || !b.ran) return 0;
  size_t m = 0;
  for (size_t i = 0; i < std::min(a.answers.size(), b.answers.size()); ++i) {
    if (!(a.answers[i] == b.answers[i])) ++m;
  }
  // A peer that ran the first queries only is compared on those; otherwise a
  // missing or extra answer is a disagreement.
  const bool sizes_ok =
      a.answers.size() == b.answers.size() || (b.first_only && b.answers.size() < a.answers.size());
  return m + (sizes_ok ? 0 : 1);
}

const char* kClassNames[] = {
    "asof_uniform",      "asof_hubs", "pair", "history_uniform", "history_hubs", "asof_arbitrary",
    "asof_ten_horizons", "hop1",      "hop2", "path4",           "timeslice"};
constexpr int kClasses = 11;

struct Options {
  std::string canon_path, planted_path, report = "bench/RESULTS.md", work = "/tmp/canon_bench";
  std::string pg = "host=127.0.0.1 port=5433 user=postgres dbname=postgres";
  std::string systems = "canon,sqlite,rtree,postgres,gist,duckdb";
  std::string duckdb_lib;        // libduckdb.so (bench/run.sh installs it with npm)
  std::string duckdb_note;       // why run.sh has no library, when it has none
  size_t duckdb_queries = 1000;  // DuckDB runs the first N queries of each class
  std::string curve;             // "facts:entities:works,..." canon-only growth runs
  std::string pg_note;
  std::string gen;  // "FACTS:ENTITIES:WORKS": generate --canon first (seed 1)
  size_t queries = 20000;
  bool quick = false;
};

Workload MakeWorkload(const Canon& c, size_t nq, uint64_t seed) {
  Workload w;
  std::mt19937_64 rng(seed);
  const Universe& u = c.u;
  const uint32_t ranks = RankCount(u);
  auto rnd_key = [&] { return CutKey(CutAtRank(static_cast<uint32_t>(rng() % (ranks + 1)))); };
  auto rnd_prefix = [&] {
    return static_cast<uint32_t>(c.leaves / 2 + rng() % (c.leaves / 2 + 1));
  };
  auto uniform_entity = [&] { return static_cast<EntityId>(rng() % u.entities.size()); };
  auto weighted_entity = [&] {
    const Fact& f = u.facts[rng() % u.facts.size()];
    if (f.object.kind == ValueKind::kEntity && rng() % 2) return f.object.entity;
    return f.subject;
  };
  for (size_t i = 0; i < nq; ++i)
    w.uniform.push_back({uniform_entity(), kNone, rnd_key(), rnd_prefix()});
  for (size_t i = 0; i < nq / 4; ++i)
    w.hubs.push_back({weighted_entity(), kNone, rnd_key(), rnd_prefix()});
  for (size_t i = 0; i < nq / 4; ++i) {
    const Fact* f;
    do f = &u.facts[rng() % u.facts.size()];
    while (f->object.kind != ValueKind::kEntity);
    w.pairs.push_back({f->subject, f->object.entity, rnd_key(), rnd_prefix()});
  }
  for (size_t i = 0; i < nq / 10; ++i)
    w.hist_uniform.push_back({uniform_entity(), kNone, 0, rnd_prefix()});
  for (size_t i = 0; i < nq / 20; ++i)
    w.hist_hubs.push_back({weighted_entity(), kNone, 0, rnd_prefix()});
  // Arbitrary sets: 8 horizons holding a random ~60% of the leaves (several
  // series watched, others skipped), not prefixes.
  for (int s = 0; s < 8; ++s) {
    std::vector<uint32_t> leaves;
    for (uint32_t r = 0; r < c.leaves; ++r) {
      if (rng() % 10 < 6) leaves.push_back(r);
    }
    w.sets.push_back(std::move(leaves));
  }
  for (size_t i = 0; i < nq; ++i) {
    Q q = w.uniform[i];
    q.horizon = static_cast<uint32_t>(rng() % w.sets.size());
    w.arbitrary.push_back(q);
  }
  for (size_t i = 0; i < nq / 20; ++i) w.ten.push_back({uniform_entity(), kNone, rnd_key(), 0});
  for (size_t i = 0; i < nq / 4; ++i)
    w.hop1.push_back({uniform_entity(), kNone, rnd_key(), rnd_prefix()});
  for (size_t i = 0; i < nq / 40; ++i)
    w.hop2.push_back({uniform_entity(), kNone, rnd_key(), rnd_prefix()});
  for (size_t i = 0; i < nq / 40; ++i)
    w.path.push_back({uniform_entity(), uniform_entity(), rnd_key(), rnd_prefix()});
  for (int i = 0; i < 5; ++i) w.slice.push_back({kNone, kNone, rnd_key(), rnd_prefix()});
  return w;
}

const std::vector<Q>& ClassQueries(const Workload& w, int k) {
  const std::vector<Q>* all[] = {&w.uniform,   &w.hubs,      &w.pairs, &w.hist_uniform,
                                 &w.hist_hubs, &w.arbitrary, &w.ten,   &w.hop1,
                                 &w.hop2,      &w.path,      &w.slice};
  return *all[k];
}

// The ten horizons of class "asof_ten_horizons": prefixes at 10%, 20%, ... 100%.
uint32_t TenthPrefix(uint32_t leaves, int i) { return leaves * (i + 1) / 10; }

AnswerDigest Combine(const std::vector<AnswerDigest>& ds) {
  AnswerDigest d;
  for (const AnswerDigest& x : ds) {
    d.count += x.count;
    d.sum += x.sum * 1000003 + x.count;
  }
  return d;
}

AnswerDigest EntitiesDigest(const std::vector<EntityId>& es) {
  AnswerDigest d;
  for (EntityId e : es) d.Add(e);
  return d;
}

ClassResult RunCanon(Canon& c, const Workload& w, int k) {
  const FactIndex& ix = *c.ix;
  switch (k) {
    case 0:
    case 1:
      return RunClass(ClassQueries(w, k), [&](const Q& q) {
        return ix.AsOfDigest(q.a, q.key, PrefixMask(c, q.horizon));
      });
    case 2:
      return RunClass(w.pairs, [&](const Q& q) {
        return ix.PairAsOfDigest(q.a, q.b, q.key, PrefixMask(c, q.horizon));
      });
    case 3:
    case 4:
      return RunClass(ClassQueries(w, k),
                      [&](const Q& q) { return ix.HistoryDigest(q.a, PrefixMask(c, q.horizon)); });
    case 5:
      return RunClass(w.arbitrary, [&](const Q& q) {
        return ix.AsOfDigest(q.a, q.key, c.set_masks[q.horizon]);
      });
    case 6:
      return RunClass(w.ten, [&](const Q& q) {
        std::vector<AnswerDigest> ds;
        for (int i = 0; i < 10; ++i) {
          ds.push_back(ix.AsOfDigest(q.a, q.key, PrefixMask(c, TenthPrefix(c.leaves, i))));
        }
        return Combine(ds);
      });
    case 7:
      return RunClass(w.hop1, [&](const Q& q) {
        return EntitiesDigest(ix.Neighbours(q.a, q.key, PrefixMask(c, q.horizon)));
      });
    case 8:
      return RunClass(w.hop2, [&](const Q& q) {
        return EntitiesDigest(ix.TwoHop(q.a, q.key, PrefixMask(c, q.horizon)));
      });
    case 9:
      return RunClass(w.path, [&](const Q& q) {
        int d = ix.ShortestPath(q.a, q.b, q.key, PrefixMask(c, q.horizon), 4);
        return AnswerDigest{d < 0 ? 0u : 1u, static_cast<uint64_t>(d + 1)};
      });
    case 10:
      return RunClass(w.slice,
                      [&](const Q& q) { return ix.Timeslice(q.key, PrefixMask(c, q.horizon)); });
  }
  return {};
}
// ---- SQL text shared by the peers ---------------------------------------------------
//
// $E entity, $T time key, $P prefix, $B second entity, $H horizon set id.
// Visible under a prefix: reveal < P and not overturned within it.
std::string Vis(const std::string& p) {
  return "reveal < " + p + " AND (overturn < 0 OR overturn >= " + p + ")";
}
std::string AsOfSql(const std::string& e, const std::string& t, const std::string& p) {
  return "SELECT count(*), sum(id) FROM (SELECT id FROM facts WHERE subject = " + e +
         " AND start_key <= " + t + " AND end_key > " + t + " AND " + Vis(p) +
         " UNION ALL SELECT id FROM facts WHERE object = " + e + " AND subject <> " + e +
         " AND start_key <= " + t + " AND end_key > " + t + " AND " + Vis(p) + ") x";
}
std::string PairSql(const std::string& a, const std::string& b, const std::string& t,
                    const std::string& p) {
  return "SELECT count(*), sum(id) FROM (SELECT id FROM facts WHERE subject = " + a +
         " AND object = " + b + " AND start_key <= " + t + " AND end_key > " + t + " AND " +
         Vis(p) + " UNION ALL SELECT id FROM facts WHERE subject = " + b + " AND object = " + a +
         " AND " + a + " <> " + b + " AND start_key <= " + t + " AND end_key > " + t + " AND " +
         Vis(p) + ") x";
}
std::string HistorySql(const std::string& e, const std::string& p) {
  return "SELECT count(*), sum(id) FROM (SELECT id FROM facts WHERE subject = " + e +
         " AND reveal < " + p + " UNION ALL SELECT id FROM facts WHERE object = " + e +
         " AND subject <> " + e + " AND reveal < " + p + ") x";
}
std::string ArbitrarySql(const std::string& e, const std::string& t, const std::string& h) {
  const std::string vis = "EXISTS (SELECT 1 FROM hz WHERE hid = " + h +
                          " AND leaf = reveal) AND NOT EXISTS "
                          "(SELECT 1 FROM hz WHERE hid = " +
                          h + " AND leaf = overturn)";
  return "SELECT count(*), sum(id) FROM (SELECT id FROM facts WHERE subject = " + e +
         " AND start_key <= " + t + " AND end_key > " + t + " AND " + vis +
         " UNION ALL SELECT id FROM facts WHERE object = " + e + " AND subject <> " + e +
         " AND start_key <= " + t + " AND end_key > " + t + " AND " + vis + ") x";
}
std::string Hop1Inner(const std::string& e, const std::string& t, const std::string& p) {
  return "SELECT object AS n FROM facts WHERE subject = " + e + " AND object >= 0 AND object <> " +
         e + " AND start_key <= " + t + " AND end_key > " + t + " AND " + Vis(p) +
         " UNION SELECT subject AS n FROM facts WHERE object = " + e + " AND subject <> " + e +
         " AND start_key <= " + t + " AND end_key > " + t + " AND " + Vis(p);
}
std::string Hop1Sql(const std::string& e, const std::string& t, const std::string& p) {
  return "SELECT count(*), sum(n) FROM (" + Hop1Inner(e, t, p) + ") x";
}
std::string Hop2Sql(const std::string& e, const std::string& t, const std::string& p) {
  return "WITH n1 AS (" + Hop1Inner(e, t, p) +
         "), n2 AS (SELECT f.object AS n FROM facts f JOIN n1 ON "
         "f.subject = n1.n WHERE f.object >= 0 AND f.start_key <= " +
         t + " AND f.end_key > " + t + " AND f.reveal < " + p +
         " AND (f.overturn < 0 OR f.overturn >= " + p +
         ") UNION SELECT f.subject "
         "AS n FROM facts f JOIN n1 ON f.object = n1.n WHERE f.start_key <= " +
         t + " AND f.end_key > " + t + " AND f.reveal < " + p +
         " AND (f.overturn < 0 OR f.overturn >= " + p +
         ")) "
         "SELECT count(*), sum(n) FROM (SELECT n FROM n1 UNION SELECT n FROM n2) x WHERE n <> " +
         e;
}
std::string SliceSql(const std::string& t, const std::string& p) {
  return "SELECT count(*), sum(id) FROM facts WHERE start_key <= " + t + " AND end_key > " + t +
         " AND " + Vis(p);
}
// path4, bounded shortest path, as canon answers it: (1, length + 1) when a
// path of at most 4 edges links a and b over hop1's edge relation, else
// (0, 0). The peers run two recursive CTEs of at most 2 hops each, from a
// and from b, and take the least da + db over the entities both reach: the
// midpoint of a shortest path of <= 4 edges is within 2 hops of either end,
// and any common entity bounds the length from above. (canon runs a
// bidirectional BFS; a one-sided 4-hop CTE reaches most of the graph.)
std::string PathMeetSql(const std::string& fa, const std::string& fb) {
  return "fa(n, d) AS (" + fa + "), fb(n, d) AS (" + fb +
         ") SELECT count(*), sum(d + 1) FROM (SELECT min(fa.d + fb.d) AS d FROM fa JOIN fb ON "
         "fa.n = fb.n) x WHERE d IS NOT NULL";
}
// SQLite: the recursive table may not appear in a subquery, so each CTE has
// two recursive selects (SQLite >= 3.34), one per side of the edge.
std::string PathSqlSqlite(const std::string& a, const std::string& b, const std::string& t,
                          const std::string& p) {
  auto cte = [&](const std::string& r, const std::string& start) {
    const std::string held = " AND f.start_key <= " + t + " AND f.end_key > " + t +
                             " AND f.reveal < " + p + " AND (f.overturn < 0 OR f.overturn >= " + p +
                             ")";
    return "SELECT " + start + ", 0 UNION SELECT f.object, " + r + ".d + 1 FROM " + r +
           " JOIN facts f ON f.subject = " + r + ".n WHERE " + r + ".d < 2 AND f.object >= 0 " +
           "AND f.object <> " + r + ".n" + held + " UNION SELECT f.subject, " + r + ".d + 1 FROM " +
           r + " JOIN facts f ON f.object = " + r + ".n WHERE " + r + ".d < 2 AND f.subject <> " +
           r + ".n" + held;
  };
  return "WITH RECURSIVE " + PathMeetSql(cte("fa", a), cte("fb", b));
}
// PostgreSQL and DuckDB: one recursive select over a LATERAL hop1 (the same
// text as class hop1). `cast` types the start entity's parameter.
std::string PathSqlLateral(const std::string& a, const std::string& b, const std::string& t,
                           const std::string& p, const std::string& cast) {
  auto cte = [&](const std::string& r, const std::string& start) {
    return "SELECT " + start + "::" + cast + ", 0 UNION SELECT e.n, " + r + ".d + 1 FROM " + r +
           " CROSS JOIN LATERAL (" + Hop1Inner(r + ".n", t, p) + ") e WHERE " + r + ".d < 2";
  };
  return "WITH RECURSIVE " + PathMeetSql(cte("fa", a), cte("fb", b));
}
// The three continuity rules (counts).
const char* kRule1Sql =
    "SELECT count(*) FROM (SELECT DISTINCT a.subject, a.id, b.id FROM excl a JOIN excl b ON "
    "a.subject = b.subject AND a.pred = b.pred AND a.id < b.id AND a.object <> b.object "
    "AND a.start_key < b.end_key AND b.start_key < a.end_key AND a.start_key < a.end_key "
    "AND b.start_key < b.end_key) x";
// pres: appearances over [lo_key, hi_key]; dead for the whole span.
const char* kRule2Sql =
    "SELECT count(*) FROM (SELECT DISTINCT p.entity, p.app FROM pres p JOIN dead d ON "
    "p.entity = d.entity AND d.start_key < p.lo_key AND p.hi_key < d.end_key) x";
// uses: one row per user of a `uses` clause; know: every knowledge record.
const char* kRule3Sql =
    "SELECT count(*) FROM (SELECT DISTINCT x.who, x.tfact, x.target, x.event FROM uses x "
    "LEFT JOIN (SELECT who, tfact, target, min(from_key) AS m FROM know "
    "GROUP BY who, tfact, target) k ON k.who = x.who AND k.tfact = x.tfact AND "
    "k.target = x.target WHERE k.m IS NULL OR x.at_key < k.m) y";

// Rows as text for COPY / bulk insert.
template <typename Row, typename Fmt>
std::string Lines(const std::vector<Row>& rows, Fmt&& fmt_row) {
  std::string out;
  out.reserve(rows.size() * 48);
  for (const Row& r : rows) fmt_row(out, r);
  return out;
}

struct PeerRun {
  std::string name;
  uint32_t leaves = 0;
  double load_s = 0, open_s = 0;
  size_t bytes = 0;
  ClassResult classes[kClasses];
  int64_t rule_counts[3] = {-1, -1, -1};
  double check_s = NAN;
  std::string note;
};

void LoadSqliteContinuity(Sqlite& db, const PeerContinuity& pc) {
  db.Exec(
      "CREATE TABLE excl(subject INT, pred INT, object INT, start_key INT, end_key INT, id INT);"
      "CREATE TABLE pres(entity INT, lo_key INT, hi_key INT, app INT);"
      "CREATE TABLE dead(entity INT, start_key INT, end_key INT, id INT);"
      "CREATE TABLE uses(event INT, who INT, tfact INT, target INT, at_key INT);"
      "CREATE TABLE know(who INT, tfact INT, target INT, from_key INT);");
  db.Exec("BEGIN");
  auto ins = [&](const char* sql, auto&& rows, auto&& bind) {
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db.db(), sql, -1, &s, nullptr);
    for (const auto& r : rows) {
      bind(s, r);
      sqlite3_step(s);
      sqlite3_reset(s);
    }
    sqlite3_finalize(s);
  };
  ins("INSERT INTO excl VALUES(?,?,?,?,?,?)", pc.excl, [](sqlite3_stmt* s, const auto& r) {
    sqlite3_bind_int64(s, 1, r.subject);
    sqlite3_bind_int64(s, 2, r.pred);
    sqlite3_bind_int64(s, 3, r.object);
    sqlite3_bind_int64(s, 4, r.start);
    sqlite3_bind_int64(s, 5, r.end);
    sqlite3_bind_int64(s, 6, r.id);
  });
  ins("INSERT INTO pres VALUES(?,?,?,?)", pc.pres, [](sqlite3_stmt* s, const auto& r) {
    sqlite3_bind_int64(s, 1, r.entity);
    sqlite3_bind_int64(s, 2, r.lo);
    sqlite3_bind_int64(s, 3, r.hi);
    sqlite3_bind_int64(s, 4, r.app);
  });
  ins("INSERT INTO dead VALUES(?,?,?,?)", pc.dead, [](sqlite3_stmt* s, const auto& r) {
    sqlite3_bind_int64(s, 1, r.entity);
    sqlite3_bind_int64(s, 2, r.start);
    sqlite3_bind_int64(s, 3, r.end);
    sqlite3_bind_int64(s, 4, r.id);
  });
  ins("INSERT INTO uses VALUES(?,?,?,?,?)", pc.uses, [](sqlite3_stmt* s, const auto& r) {
    sqlite3_bind_int64(s, 1, r.event);
    sqlite3_bind_int64(s, 2, r.who);
    sqlite3_bind_int64(s, 3, r.tfact);
    sqlite3_bind_int64(s, 4, r.target);
    sqlite3_bind_int64(s, 5, r.at);
  });
  ins("INSERT INTO know VALUES(?,?,?,?)", pc.know, [](sqlite3_stmt* s, const auto& r) {
    sqlite3_bind_int64(s, 1, r.who);
    sqlite3_bind_int64(s, 2, r.tfact);
    sqlite3_bind_int64(s, 3, r.target);
    sqlite3_bind_int64(s, 4, r.from);
  });
  db.Exec("COMMIT");
  db.Exec(
      "CREATE INDEX excl_i ON excl(subject, pred, start_key);"
      "CREATE INDEX dead_i ON dead(entity, start_key);"
      "CREATE INDEX know_i ON know(who, tfact, target, from_key); ANALYZE;");
}

// SQLite, covering B-trees (rtree = false) or the R*Tree module (rtree = true).
PeerRun RunSqlite(const std::vector<PeerFact>& facts, const PeerContinuity& pc, const Workload& w,
                  const std::string& dir, bool rtree, uint32_t leaves) {
  PeerRun run;
  run.leaves = leaves;
  run.name = rtree ? "SQLite R*Tree" : "SQLite B-tree";
  const std::string path = dir + (rtree ? "/rtree.sqlite" : "/btree.sqlite");
  auto t0 = Clock::now();
  {
    Sqlite db(path, true);
    db.Exec(
        "CREATE TABLE facts(id INTEGER PRIMARY KEY, subject INT, object INT, pred INT, "
        "start_key INT, end_key INT, reveal INT, overturn INT);"
        "CREATE TABLE hz(hid INT, leaf INT, PRIMARY KEY(hid, leaf)) WITHOUT ROWID;");
    if (rtree) {
      db.Exec(
          "CREATE VIRTUAL TABLE frt USING rtree_i32(k, e0, e1, t0, t1, +fid, +reveal, +overturn)");
    }
    db.Exec("BEGIN");
    sqlite3_stmt* ins = nullptr;
    sqlite3_prepare_v2(db.db(), "INSERT INTO facts VALUES(?,?,?,?,?,?,?,?)", -1, &ins, nullptr);
    sqlite3_stmt* rins = nullptr;
    if (rtree)
      sqlite3_prepare_v2(db.db(), "INSERT INTO frt VALUES(?,?,?,?,?,?,?,?)", -1, &rins, nullptr);
    for (const PeerFact& f : facts) {
      sqlite3_bind_int64(ins, 1, f.id);
      sqlite3_bind_int64(ins, 2, f.subject);
      sqlite3_bind_int64(ins, 3, f.object);
      sqlite3_bind_int64(ins, 4, f.pred);
      sqlite3_bind_int64(ins, 5, f.start);
      sqlite3_bind_int64(ins, 6, f.end);
      sqlite3_bind_int64(ins, 7, f.reveal);
      sqlite3_bind_int64(ins, 8, f.overturn);
      sqlite3_step(ins);
      sqlite3_reset(ins);
      if (rtree) {
        const int64_t t1 = std::min<int64_t>(f.end - 1, INT32_MAX);
        for (int side = 0; side < 2; ++side) {
          const int64_t e = side == 0 ? f.subject : f.object;
          if (side == 1 && (f.object < 0 || f.object == f.subject)) continue;
          sqlite3_bind_int64(rins, 1, 2 * int64_t{f.id} + side);
          sqlite3_bind_int64(rins, 2, e);
          sqlite3_bind_int64(rins, 3, e);
          sqlite3_bind_int64(rins, 4, f.start);
          sqlite3_bind_int64(rins, 5, t1);
          sqlite3_bind_int64(rins, 6, f.id);
          sqlite3_bind_int64(rins, 7, f.reveal);
          sqlite3_bind_int64(rins, 8, f.overturn);
          sqlite3_step(rins);
          sqlite3_reset(rins);
        }
      }
    }
    sqlite3_finalize(ins);
    if (rins) sqlite3_finalize(rins);
    for (size_t s = 0; s < w.sets.size(); ++s) {
      for (uint32_t leaf : w.sets[s]) db.Exec(fmt::format("INSERT INTO hz VALUES({},{})", s, leaf));
    }
    db.Exec("COMMIT");
    db.Exec(
        "CREATE INDEX fs ON facts(subject, start_key, end_key, reveal, overturn);"
        "CREATE INDEX fo ON facts(object, start_key, end_key, reveal, overturn, subject);"
        "CREATE INDEX fso ON facts(subject, object, start_key, end_key, reveal, overturn);"
        "CREATE INDEX fsr ON facts(subject, reveal); CREATE INDEX forv ON facts(object, reveal, "
        "subject);"
        "ANALYZE;");
    LoadSqliteContinuity(db, pc);
  }
  run.load_s = Seconds(t0, Clock::now());
  run.bytes = std::filesystem::file_size(path);
  // Open: a fresh connection, its statements, and its first query.
  t0 = Clock::now();
  Sqlite db(path, false);
  // SQLite >= 3.38 may put a Bloom filter on the facts lookup of a join, built
  // by scanning the whole table on every run of the join: per recursive step
  // in path4, per query in hop2 (measured at 200k facts: path4 61 ms per
  // query with it, 0.7 ms without). Turn that one planner optimization off
  // (SQLITE_BloomFilter, through the interface the sqlite3 shell's
  // `.testctrl optimizations` uses); the plans otherwise stay SQLite's own.
  sqlite3_test_control(SQLITE_TESTCTRL_OPTIMIZATIONS, db.db(), 0x00080000);
  const std::string asof = rtree ? "SELECT count(*), sum(fid) FROM frt WHERE e0 <= ?1 AND e1 >= ?1 "
                                   "AND t0 <= ?2 AND t1 >= ?2 AND "
                                   "reveal < ?3 AND (overturn < 0 OR overturn >= ?3)"
                                 : AsOfSql("?1", "?2", "?3");
  sqlite3_stmt* s_asof = db.Prepare("asof", asof);
  db.Digest(s_asof, {0, 1, 1});
  run.open_s = Seconds(t0, Clock::now());
  sqlite3_stmt* s_pair = db.Prepare("pair", PairSql("?1", "?2", "?3", "?4"));
  sqlite3_stmt* s_hist = db.Prepare("hist", HistorySql("?1", "?2"));
  sqlite3_stmt* s_arb = db.Prepare("arb", ArbitrarySql("?1", "?2", "?3"));
  sqlite3_stmt* s_hop1 = db.Prepare("hop1", Hop1Sql("?1", "?2", "?3"));
  sqlite3_stmt* s_hop2 = db.Prepare("hop2", Hop2Sql("?1", "?2", "?3"));
  sqlite3_stmt* s_slice = db.Prepare("slice", SliceSql("?1", "?2"));
  sqlite3_stmt* s_path = db.Prepare("path", PathSqlSqlite("?1", "?2", "?3", "?4"));
  run.classes[0] = RunClass(w.uniform, [&](const Q& q) {
    return db.Digest(s_asof, {q.a, q.key, q.horizon});
  });
  run.classes[1] = RunClass(w.hubs, [&](const Q& q) {
    return db.Digest(s_asof, {q.a, q.key, q.horizon});
  });
  if (!rtree) {
    run.classes[2] = RunClass(w.pairs, [&](const Q& q) {
      return db.Digest(s_pair, {q.a, q.b, q.key, q.horizon});
    });
    run.classes[3] = RunClass(w.hist_uniform, [&](const Q& q) {
      return db.Digest(s_hist, {q.a, q.horizon});
    });
    run.classes[4] = RunClass(w.hist_hubs, [&](const Q& q) {
      return db.Digest(s_hist, {q.a, q.horizon});
    });
    run.classes[5] = RunClass(w.arbitrary, [&](const Q& q) {
      return db.Digest(s_arb, {q.a, q.key, q.horizon});
    });
    run.classes[7] = RunClass(w.hop1, [&](const Q& q) {
      return db.Digest(s_hop1, {q.a, q.key, q.horizon});
    });
    run.classes[8] = RunClass(w.hop2, [&](const Q& q) {
      return db.Digest(s_hop2, {q.a, q.key, q.horizon});
    });
    run.classes[9] = RunClass(w.path, [&](const Q& q) {
      return db.Digest(s_path, {q.a, q.b, q.key, q.horizon});
    });
    run.classes[10] = RunClass(w.slice, [&](const Q& q) {
      return db.Digest(s_slice, {q.key, q.horizon});
    });
  }
  run.classes[6] = RunClass(w.ten, [&](const Q& q) {
    std::vector<AnswerDigest> ds;
    for (int i = 0; i < 10; ++i)
      ds.push_back(db.Digest(s_asof, {q.a, q.key, TenthPrefix(run.leaves, i)}));
    return Combine(ds);
  });
  if (!rtree) {
    // Continuity: median of 3 runs of the three rule queries.
    std::vector<double> times;
    sqlite3_stmt* rs[3] = {db.Prepare("r1", kRule1Sql), db.Prepare("r2", kRule2Sql),
                           db.Prepare("r3", kRule3Sql)};
    for (int rep = 0; rep < 3; ++rep) {
      auto c0 = Clock::now();
      int64_t counts[3];
      for (int i = 0; i < 3; ++i) {
        counts[i] = sqlite3_step(rs[i]) == SQLITE_ROW ? sqlite3_column_int64(rs[i], 0) : -1;
        sqlite3_reset(rs[i]);
        run.rule_counts[i] = counts[i];
      }
      times.push_back(Seconds(c0, Clock::now()));
    }
    std::sort(times.begin(), times.end());
    run.check_s = times[1];
  }
  return run;
}

// PostgreSQL 15 over TCP loopback: B-tree (covering, INCLUDE) on one table,
// GiST on (entity, int8range) on a second copy (btree_gist).
PeerRun RunPostgres(const std::vector<PeerFact>& facts, const PeerContinuity& pc, const Workload& w,
                    const std::string& conninfo, bool gist, uint32_t leaves) {
  PeerRun run;
  run.name = gist ? "PostgreSQL GiST" : "PostgreSQL B-tree";
  run.leaves = leaves;
  const std::string t = gist ? "facts_g" : "facts";
  auto t0 = Clock::now();
  {
    Pg pg(conninfo);
    if (!pg.ok()) Die("postgres connect: " + pg.error());
    pg.Exec("DROP TABLE IF EXISTS " + t + ", hz, excl, pres, dead, uses, know");
    pg.Exec("CREATE UNLOGGED TABLE " + t +
            "(id int, subject int, object int, pred int, start_key bigint, "
            "end_key bigint, reveal int, overturn int" +
            (gist ? ", span int8range" : "") + ")");
    pg.Copy(t, [&](std::string& buf) {
      buf.reserve(facts.size() * 64);
      for (const PeerFact& f : facts) {
        buf += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}", f.id, f.subject, f.object, f.pred,
                           f.start, f.end, f.reveal, f.overturn);
        if (gist) buf += fmt::format("\t[{},{})", f.start, f.end);
        buf += '\n';
      }
    });
    if (gist) {
      pg.Exec("CREATE EXTENSION IF NOT EXISTS btree_gist");
      pg.Exec("CREATE INDEX ON facts_g USING gist (subject, span)");
      pg.Exec("CREATE INDEX ON facts_g USING gist (object, span)");
    } else {
      pg.Exec("CREATE INDEX ON facts (subject, start_key) INCLUDE (end_key, reveal, overturn, id)");
      pg.Exec(
          "CREATE INDEX ON facts (object, start_key) INCLUDE (end_key, reveal, overturn, id, "
          "subject)");
      pg.Exec(
          "CREATE INDEX ON facts (subject, object, start_key) INCLUDE (end_key, reveal, overturn, "
          "id)");
    }
    pg.Exec("CREATE UNLOGGED TABLE hz(hid int, leaf int, PRIMARY KEY(hid, leaf))");
    pg.Copy("hz", [&](std::string& buf) {
      for (size_t s = 0; s < w.sets.size(); ++s) {
        for (uint32_t leaf : w.sets[s]) buf += fmt::format("{}\t{}\n", s, leaf);
      }
    });
    if (!gist) {
      pg.Exec(
          "CREATE UNLOGGED TABLE excl(subject int, pred int, object bigint, start_key bigint, "
          "end_key bigint, id int);"
          "CREATE UNLOGGED TABLE pres(entity int, lo_key bigint, hi_key bigint, app int);"
          "CREATE UNLOGGED TABLE dead(entity int, start_key bigint, end_key bigint, id int);"
          "CREATE UNLOGGED TABLE uses(event int, who int, tfact int, target bigint, at_key bigint);"
          "CREATE UNLOGGED TABLE know(who int, tfact int, target bigint, from_key bigint)");
      pg.Copy("excl", [&](std::string& b) {
        for (const auto& r : pc.excl)
          b += fmt::format("{}\t{}\t{}\t{}\t{}\t{}\n", r.subject, r.pred, r.object, r.start, r.end,
                           r.id);
      });
      pg.Copy("pres", [&](std::string& b) {
        for (const auto& r : pc.pres)
          b += fmt::format("{}\t{}\t{}\t{}\n", r.entity, r.lo, r.hi, r.app);
      });
      pg.Copy("dead", [&](std::string& b) {
        for (const auto& r : pc.dead)
          b += fmt::format("{}\t{}\t{}\t{}\n", r.entity, r.start, r.end, r.id);
      });
      pg.Copy("uses", [&](std::string& b) {
        for (const auto& r : pc.uses)
          b += fmt::format("{}\t{}\t{}\t{}\t{}\n", r.event, r.who, r.tfact, r.target, r.at);
      });
      pg.Copy("know", [&](std::string& b) {
        for (const auto& r : pc.know)
          b += fmt::format("{}\t{}\t{}\t{}\n", r.who, r.tfact, r.target, r.from);
      });
      pg.Exec(
          "CREATE INDEX ON excl(subject, pred, start_key); CREATE INDEX ON dead(entity, start_key);"
          "CREATE INDEX ON know(who, tfact, target, from_key)");
    }
    pg.Exec("VACUUM ANALYZE " + t);
    pg.Exec("ANALYZE");
    run.bytes = std::stoull(pg.Scalar("SELECT pg_total_relation_size('" + t + "')"));
  }
  run.load_s = Seconds(t0, Clock::now());
  t0 = Clock::now();
  Pg pg(conninfo);
  if (!pg.ok()) Die("postgres connect: " + pg.error());
  std::string asof = AsOfSql("$1", "$2", "$3");
  if (gist) {
    asof =
        "SELECT count(*), sum(id) FROM (SELECT id FROM facts_g WHERE subject = $1 AND span @> "
        "$2::bigint AND " +
        Vis("$3") +
        " UNION ALL SELECT id FROM facts_g WHERE object = $1 AND subject <> $1 AND span @> "
        "$2::bigint AND " +
        Vis("$3") + ") x";
  }
  pg.Prepare("asof", asof, 3);
  pg.Digest("asof", {0, 1, 1});
  run.open_s = Seconds(t0, Clock::now());
  run.classes[0] = RunClass(w.uniform, [&](const Q& q) {
    return pg.Digest("asof", {q.a, q.key, q.horizon});
  });
  run.classes[1] = RunClass(w.hubs, [&](const Q& q) {
    return pg.Digest("asof", {q.a, q.key, q.horizon});
  });
  run.classes[6] = RunClass(w.ten, [&](const Q& q) {
    std::vector<AnswerDigest> ds;
    for (int i = 0; i < 10; ++i)
      ds.push_back(pg.Digest("asof", {q.a, q.key, TenthPrefix(leaves, i)}));
    return Combine(ds);
  });
  if (!gist) {
    pg.Prepare("pair", PairSql("$1", "$2", "$3", "$4"), 4);
    pg.Prepare("hist", HistorySql("$1", "$2"), 2);
    pg.Prepare("arb", ArbitrarySql("$1", "$2", "$3"), 3);
    pg.Prepare("hop1", Hop1Sql("$1", "$2", "$3"), 3);
    pg.Prepare("hop2", Hop2Sql("$1", "$2", "$3"), 3);
    pg.Prepare("slice", SliceSql("$1", "$2"), 2);
    pg.Prepare("path", PathSqlLateral("$1", "$2", "$3", "$4", "int"), 4);
    run.classes[2] = RunClass(w.pairs, [&](const Q& q) {
      return pg.Digest("pair", {q.a, q.b, q.key, q.horizon});
    });
    run.classes[3] = RunClass(w.hist_uniform, [&](const Q& q) {
      return pg.Digest("hist", {q.a, q.horizon});
    });
    run.classes[4] = RunClass(w.hist_hubs, [&](const Q& q) {
      return pg.Digest("hist", {q.a, q.horizon});
    });
    run.classes[5] = RunClass(w.arbitrary, [&](const Q& q) {
      return pg.Digest("arb", {q.a, q.key, q.horizon});
    });
    run.classes[7] = RunClass(w.hop1, [&](const Q& q) {
      return pg.Digest("hop1", {q.a, q.key, q.horizon});
    });
    run.classes[8] = RunClass(w.hop2, [&](const Q& q) {
      return pg.Digest("hop2", {q.a, q.key, q.horizon});
    });
    run.classes[9] = RunClass(w.path, [&](const Q& q) {
      return pg.Digest("path", {q.a, q.b, q.key, q.horizon});
    });
    run.classes[10] = RunClass(w.slice, [&](const Q& q) {
      return pg.Digest("slice", {q.key, q.horizon});
    });
    std::vector<double> times;
    for (int rep = 0; rep < 3; ++rep) {
      auto c0 = Clock::now();
      const char* rules[3] = {kRule1Sql, kRule2Sql, kRule3Sql};
      for (int i = 0; i < 3; ++i) {
        std::string v = pg.Scalar(rules[i]);
        run.rule_counts[i] = v.empty() ? -1 : std::stoll(v);
      }
      times.push_back(Seconds(c0, Clock::now()));
    }
    std::sort(times.begin(), times.end());
    run.check_s = times[1];
  }
  return run;
}

// ---- DuckDB -----------------------------------------------------------------------

// DuckDB uses an ART index only for a scan whose sole pushed-down filter is
// the indexed column (measured with 1.5.6: `subject = $1 AND start_key <= $2`
// scans the whole table, 7x slower than the rewrite below). So each
// "FROM facts WHERE subject|object = $n" of the shared SQL reads a
// MATERIALIZED CTE selecting the entity's rows through the index; the rest
// of the query text is unchanged, and so is the answer.
std::string DuckIndexed(std::string sql) {
  std::string ctes;
  for (const char* col : {"subject", "object"}) {
    for (int n = 1; n <= 2; ++n) {
      const std::string pat = fmt::format("FROM facts WHERE {} = ${}", col, n);
      if (sql.find(pat) == std::string::npos) continue;
      const std::string name = fmt::format("ix_{}_{}", col, n);
      const std::string with = fmt::format("FROM {} WHERE {} = ${}", name, col, n);
      for (size_t at = sql.find(pat); at != std::string::npos; at = sql.find(pat, at + 1)) {
        sql.replace(at, pat.size(), with);
      }
      ctes += fmt::format("{}{} AS MATERIALIZED (SELECT * FROM facts WHERE {} = ${})",
                          ctes.empty() ? "" : ", ", name, col, n);
    }
  }
  if (ctes.empty()) return sql;
  if (sql.rfind("WITH ", 0) == 0) return "WITH " + ctes + ", " + sql.substr(5);
  return "WITH " + ctes + " " + sql;
}

std::vector<Q> FirstQueries(const std::vector<Q>& qs, size_t n) {
  return std::vector<Q>(qs.begin(), qs.begin() + std::min(n, qs.size()));
}

// DuckDB 1.x in process (file-backed, threads = 1, like every other peer's
// one connection): BIGINT columns bulk-loaded through the appender in data
// chunks, ART indexes on subject and on object (DuckDB's only index; it has
// no interval or composite-range index, so time and horizon filters are
// evaluated on the fetched rows), the shared SQL as prepared statements. To
// bound the run, each class runs its first `max_queries` queries (a tenth of
// that for the ten-horizon class), compared with canon's answers to the
// same queries. Returns a run with an empty name when the library cannot be
// loaded; `skip` then says why.
PeerRun RunDuckdb(const std::vector<PeerFact>& facts, const PeerContinuity& pc, const Workload& w,
                  const std::string& dir, const std::string& lib, size_t max_queries,
                  uint32_t leaves, std::string* skip, std::string* version) {
  using bench::DuckDb;
  PeerRun run;
  run.leaves = leaves;
  const std::string path = dir + "/peer.duckdb";
  std::filesystem::remove(path);
  std::filesystem::remove(path + ".wal");
  std::string err;
  auto check = [&](bool ok) {
    if (!ok) Die("duckdb: " + err);
  };
  auto t0 = Clock::now();
  {
    std::unique_ptr<DuckDb> db = DuckDb::Open(lib, path, &err);
    if (!db) {
      *skip = err;
      return run;
    }
    *version = db->Version();
    check(db->Exec(
        "SET threads = 1;"
        "CREATE TABLE facts(id BIGINT, subject BIGINT, object BIGINT, pred BIGINT, "
        "start_key BIGINT, end_key BIGINT, reveal BIGINT, overturn BIGINT);"
        "CREATE TABLE hz(hid BIGINT, leaf BIGINT);"
        "CREATE TABLE excl(subject BIGINT, pred BIGINT, object BIGINT, start_key BIGINT, "
        "end_key BIGINT, id BIGINT);"
        "CREATE TABLE pres(entity BIGINT, lo_key BIGINT, hi_key BIGINT, app BIGINT);"
        "CREATE TABLE dead(entity BIGINT, start_key BIGINT, end_key BIGINT, id BIGINT);"
        "CREATE TABLE uses(event BIGINT, who BIGINT, tfact BIGINT, target BIGINT, at_key BIGINT);"
        "CREATE TABLE know(who BIGINT, tfact BIGINT, target BIGINT, from_key BIGINT);",
        &err));
    check(db->Append(
        "facts", 8, facts.size(),
        [&](size_t i, int64_t* v) {
          const PeerFact& f = facts[i];
          v[0] = f.id;
          v[1] = f.subject;
          v[2] = f.object;
          v[3] = f.pred;
          v[4] = f.start;
          v[5] = f.end;
          v[6] = f.reveal;
          v[7] = f.overturn;
        },
        &err));
    std::vector<std::pair<int64_t, int64_t>> hz;
    for (size_t s = 0; s < w.sets.size(); ++s) {
      for (uint32_t leaf : w.sets[s]) hz.emplace_back(s, leaf);
    }
    check(db->Append(
        "hz", 2, hz.size(),
        [&](size_t i, int64_t* v) {
          v[0] = hz[i].first;
          v[1] = hz[i].second;
        },
        &err));
    check(db->Append(
        "excl", 6, pc.excl.size(),
        [&](size_t i, int64_t* v) {
          const auto& r = pc.excl[i];
          v[0] = r.subject;
          v[1] = r.pred;
          v[2] = r.object;
          v[3] = r.start;
          v[4] = r.end;
          v[5] = r.id;
        },
        &err));
    check(db->Append(
        "pres", 4, pc.pres.size(),
        [&](size_t i, int64_t* v) {
          const auto& r = pc.pres[i];
          v[0] = r.entity;
          v[1] = r.lo;
          v[2] = r.hi;
          v[3] = r.app;
        },
        &err));
    check(db->Append(
        "dead", 4, pc.dead.size(),
        [&](size_t i, int64_t* v) {
          const auto& r = pc.dead[i];
          v[0] = r.entity;
          v[1] = r.start;
          v[2] = r.end;
          v[3] = r.id;
        },
        &err));
    check(db->Append(
        "uses", 5, pc.uses.size(),
        [&](size_t i, int64_t* v) {
          const auto& r = pc.uses[i];
          v[0] = r.event;
          v[1] = r.who;
          v[2] = r.tfact;
          v[3] = r.target;
          v[4] = r.at;
        },
        &err));
    check(db->Append(
        "know", 4, pc.know.size(),
        [&](size_t i, int64_t* v) {
          const auto& r = pc.know[i];
          v[0] = r.who;
          v[1] = r.tfact;
          v[2] = r.target;
          v[3] = r.from;
        },
        &err));
    // The rule tables get no index: DuckDB joins them by hashing.
    check(
        db->Exec("CREATE INDEX fs ON facts(subject); CREATE INDEX fo ON facts(object); ANALYZE; "
                 "CHECKPOINT;",
                 &err));
  }
  run.load_s = Seconds(t0, Clock::now());
  run.bytes = std::filesystem::file_size(path);
  if (std::filesystem::exists(path + ".wal"))
    run.bytes += std::filesystem::file_size(path + ".wal");
  // Open: the database file, a connection, its statements, its first query.
  t0 = Clock::now();
  std::unique_ptr<DuckDb> db = DuckDb::Open(lib, path, &err);
  if (!db) Die("duckdb reopen: " + err);
  check(db->Exec("SET threads = 1", &err));
  check(db->Prepare("asof", DuckIndexed(AsOfSql("$1", "$2", "$3")), &err));
  auto digest = [&](const char* name, std::initializer_list<int64_t> args) {
    int64_t v[2];
    check(db->Row2(name, args, v, &err));
    return AnswerDigest{static_cast<uint64_t>(v[0]), static_cast<uint64_t>(v[1])};
  };
  digest("asof", {0, 1, 1});
  run.open_s = Seconds(t0, Clock::now());
  check(db->Prepare("pair", DuckIndexed(PairSql("$1", "$2", "$3", "$4")), &err));
  check(db->Prepare("hist", DuckIndexed(HistorySql("$1", "$2")), &err));
  check(db->Prepare("arb", DuckIndexed(ArbitrarySql("$1", "$2", "$3")), &err));
  check(db->Prepare("hop1", DuckIndexed(Hop1Sql("$1", "$2", "$3")), &err));
  check(db->Prepare("hop2", DuckIndexed(Hop2Sql("$1", "$2", "$3")), &err));
  check(db->Prepare("path", PathSqlLateral("$1", "$2", "$3", "$4", "BIGINT"), &err));
  check(db->Prepare("slice", SliceSql("$1", "$2"), &err));
  auto run_class = [&](int k, size_t n, auto&& one) {
    const std::vector<Q>& all = ClassQueries(w, k);
    run.classes[k] = RunClass(FirstQueries(all, n), one);
    run.classes[k].first_only = n < all.size();
  };
  run_class(0, max_queries, [&](const Q& q) { return digest("asof", {q.a, q.key, q.horizon}); });
  run_class(1, max_queries, [&](const Q& q) { return digest("asof", {q.a, q.key, q.horizon}); });
  run_class(2, max_queries, [&](const Q& q) {
    return digest("pair", {q.a, q.b, q.key, q.horizon});
  });
  run_class(3, max_queries, [&](const Q& q) { return digest("hist", {q.a, q.horizon}); });
  run_class(4, max_queries, [&](const Q& q) { return digest("hist", {q.a, q.horizon}); });
  run_class(5, max_queries, [&](const Q& q) { return digest("arb", {q.a, q.key, q.horizon}); });
  run_class(6, std::max<size_t>(1, max_queries / 10), [&](const Q& q) {
    std::vector<AnswerDigest> ds;
    for (int i = 0; i < 10; ++i) ds.push_back(digest("asof", {q.a, q.key, TenthPrefix(leaves, i)}));
    return Combine(ds);
  });
  run_class(7, max_queries, [&](const Q& q) { return digest("hop1", {q.a, q.key, q.horizon}); });
  run_class(8, max_queries, [&](const Q& q) { return digest("hop2", {q.a, q.key, q.horizon}); });
  run_class(9, max_queries, [&](const Q& q) {
    return digest("path", {q.a, q.b, q.key, q.horizon});
  });
  run_class(10, max_queries, [&](const Q& q) { return digest("slice", {q.key, q.horizon}); });
  std::vector<double> times;
  for (int rep = 0; rep < 3; ++rep) {
    auto c0 = Clock::now();
    const char* rules[3] = {kRule1Sql, kRule2Sql, kRule3Sql};
    for (int i = 0; i < 3; ++i) check(db->Scalar(rules[i], &run.rule_counts[i], &err));
    times.push_back(Seconds(c0, Clock::now()));
  }
  std::sort(times.begin(), times.end());
  run.check_s = times[1];
  run.name = "DuckDB";
  return run;
}

// ---- canon: load, index, check ---------------------------------------------------

std::unique_ptr<Canon> LoadCanon(const std::string& text_or_path, bool is_text) {
  auto c = std::make_unique<Canon>();
  auto t0 = Clock::now();
  std::string text;
  if (is_text) {
    text = text_or_path;
  } else {
    std::ifstream in(text_or_path, std::ios::binary);
    if (!in) Die("cannot read " + text_or_path);
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  uint32_t file = c->sources.AddFile(is_text ? "generated.canon" : text_or_path, std::move(text));
  auto t1 = Clock::now();
  DiagnosticSink sink;
  c->u = CompileSources(c->sources, {file}, sink);
  auto t2 = Clock::now();
  if (sink.has_errors()) {
    Die("the universe has errors:\n" +
        RenderDiagnostics(sink.diagnostics(), c->sources).substr(0, 4000));
  }
  ResolveStoryTime(c->u, sink);
  auto t3 = Clock::now();
  if (sink.has_errors()) Die("story time has errors");
  Result<std::unique_ptr<FactIndex>> ix = FactIndex::Build(c->u);
  if (!ix.ok()) Die(ix.status().ToString());
  c->ix = std::move(ix).value();
  auto t4 = Clock::now();
  c->ci = std::make_unique<ContinuityIndex>(ContinuityIndex::Build(*c->ix));
  auto t5 = Clock::now();
  c->read_s = Seconds(t0, t1);
  c->compile_s = Seconds(t1, t2);
  c->resolve_s = Seconds(t2, t3);
  c->index_s = Seconds(t3, t4);
  c->cindex_s = Seconds(t4, t5);
  c->leaves = static_cast<uint32_t>(c->u.release_order.size());
  malloc_trim(0);  // return the front end's freed memory before measuring
  c->rss_after = RssBytes();
  return c;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

struct CanonExtras {
  double batch_qps = 0, batch_cpu_qps = 0;
  double check_s = 0;
  std::vector<ContinuityViolation> violations;
  int64_t rule_counts[3] = {0, 0, 0};
  size_t planted = 0, planted_found = 0, extra_found = 0;
  // canon lint (LintUniverse) on the same universe: every rule that is on,
  // and the three rules alone (exclusive-overlap, dead-acts,
  // knowledge-before-learned). Findings mapped to planted keys.
  struct Lint {
    double seconds = NAN;
    size_t findings = 0;  // errors and warnings (notes not counted)
    size_t notes = 0;     // info-level findings (counterpart-diverges)
    int64_t rule_counts[3] = {0, 0, 0};
    size_t planted_found = 0;  // planted keys among the findings
    size_t other = 0;          // findings that are no planted error
  } lint_all, lint3;
};

// The planted-sidecar key of a lint finding ("presence-after-death\tc0:e12\t
// cm0.v1.3"), or "" when it is none of the three planted rules. Reads the
// messages: "`e0 holds_rank agent` ... `e0 holds_rank recruit`" (overlap,
// also when lint calls it an undeclared retcon), "`e12` appears in
// `cm0.v1.3`" (dead-acts of an appearance), "`e9` acts on event `s12`".
std::string LintFindingKey(const Diagnostic& d,
                           const std::unordered_map<std::string, std::string>& qualified) {
  auto q = [&](const std::string& id) {
    auto it = qualified.find(id);
    return it == qualified.end() ? id : it->second;
  };
  const std::string& msg = d.message;
  auto ticked = [&](size_t from, size_t* end) -> std::string {
    const size_t a = msg.find('`', from);
    if (a == std::string::npos) return "";
    const size_t b = msg.find('`', a + 1);
    if (b == std::string::npos) return "";
    *end = b + 1;
    return msg.substr(a + 1, b - a - 1);
  };
  size_t pos = 0;
  if (d.id == DiagId::kLintExclusiveOverlap || d.id == DiagId::kLintUndeclaredRetcon) {
    // The first two ticked facts ("`S P O`"); other ticked names (works,
    // predicates, entities) have fewer words.
    auto words = [](const std::string& t) {
      std::vector<std::string> v;
      std::istringstream in(t);
      for (std::string w; in >> w;) v.push_back(w);
      return v;
    };
    std::vector<std::vector<std::string>> facts;
    for (std::string t = ticked(0, &pos); !t.empty() && facts.size() < 2; t = ticked(pos, &pos)) {
      std::vector<std::string> w = words(t);
      if (w.size() == 3) facts.push_back(std::move(w));
    }
    if (facts.size() != 2) return "";
    const std::vector<std::string>&a = facts[0], &b = facts[1];
    std::string x = a[2], y = b[2];
    if (y < x) std::swap(x, y);
    return "exclusive-overlap\t" + q(a[0]) + "\t" + a[1] + " " + x + " " + y;
  }
  if (d.id == DiagId::kLintDeadActs) {
    const std::string who = ticked(0, &pos);
    if (msg.compare(pos, 12, " appears in ") != 0) return "";
    const std::string work = ticked(pos, &pos);
    return "presence-after-death\t" + q(who) + "\t" + work;
  }
  if (d.id == DiagId::kLintKnowledgeBeforeLearned) {
    const std::string who = ticked(0, &pos);
    if (msg.compare(pos, 16, " acts on event `") != 0) return "";
    return "knowledge-before-learned\t" + q(who) + "\t" + ticked(pos, &pos);
  }
  return "";
}

CanonExtras CanonBatchAndCheck(Canon& c, const Workload& w, const std::string& planted_path) {
  CanonExtras x;
  // Batched point as-of on one core: the uniform queries, several passes.
  const HorizonMask& h = PrefixMask(c, c.leaves * 3 / 4);
  std::vector<AsOfQuery> qs;
  for (const Q& q : w.uniform) qs.push_back({q.a, q.key});
  std::vector<AnswerDigest> out(qs.size());
  std::vector<double> rates, cpu_rates;
  auto thread_cpu = [] {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
  };
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = Clock::now();
    const double c0 = thread_cpu();
    for (int pass = 0; pass < 20; ++pass) c.ix->AsOfBatch(qs, h, out);
    rates.push_back(20.0 * qs.size() / Seconds(t0, Clock::now()));
    cpu_rates.push_back(20.0 * qs.size() / (thread_cpu() - c0));
  }
  x.batch_qps = Median(rates);
  x.batch_cpu_qps = Median(cpu_rates);
  // Batch answers must equal single answers.
  for (size_t i = 0; i < qs.size(); ++i) {
    if (!(out[i] == c.ix->AsOfDigest(qs[i].entity, qs[i].key, h)))
      Die("batch answer differs from single");
  }
  std::vector<double> times;
  for (int rep = 0; rep < 5; ++rep) {
    auto t0 = Clock::now();
    x.violations = c.ci->Check();
    times.push_back(Seconds(t0, Clock::now()));
  }
  x.check_s = Median(times);
  std::multiset<std::string> found, planted_keys;
  for (const ContinuityViolation& v : x.violations) {
    ++x.rule_counts[static_cast<int>(v.rule)];
    found.insert(c.ci->Key(v));
  }
  if (!planted_path.empty()) {
    std::ifstream in(planted_path);
    std::string line;
    std::getline(in, line);  // header
    std::multiset<std::string> planted;
    while (std::getline(in, line)) {
      // rule \t entity \t key \t detail
      size_t a = line.find('\t'), b = line.find('\t', a + 1), c2 = line.find('\t', b + 1);
      planted.insert(line.substr(0, c2));
    }
    x.planted = planted.size();
    for (const std::string& p : planted) x.planted_found += found.count(p) ? 1 : 0;
    for (const std::string& f : found) x.extra_found += planted.count(f) ? 0 : 1;
    planted_keys = std::move(planted);
  }
  // canon lint on one core: every rule that is on, then the three rules.
  std::unordered_map<std::string, std::string> qualified;
  for (EntityId e = 0; e < c.u.entities.size(); ++e) {
    qualified.emplace(c.u.entities[e].id, c.u.QualifiedId(e));
  }
  auto run_lint = [&](const LintOptions& opts, CanonExtras::Lint* out) {
    std::vector<double> ts;
    std::vector<Diagnostic> ds;
    for (int rep = 0; rep < 3; ++rep) {
      auto t0 = Clock::now();
      ds = LintUniverse(c.u, opts);
      ts.push_back(Seconds(t0, Clock::now()));
    }
    out->seconds = Median(ts);
    std::multiset<std::string> keys;
    for (const Diagnostic& d : ds) {
      if (d.severity == Severity::kNote) {
        ++out->notes;
        continue;
      }
      ++out->findings;
      const std::string key = LintFindingKey(d, qualified);
      if (key.empty()) {
        ++out->other;
        continue;
      }
      keys.insert(key);
      ++out->rule_counts[key[0] == 'e' ? 0 : key[0] == 'p' ? 1 : 2];
    }
    for (const std::string& p : planted_keys) out->planted_found += keys.count(p) ? 1 : 0;
    for (const std::string& k : keys) out->other += planted_keys.count(k) ? 0 : 1;
  };
  run_lint(LintOptions{}, &x.lint_all);
  LintOptions three;
  // An overlap that a later release reveals over earlier story time is
  // lint's undeclared-retcon (and then not also exclusive-overlap): the
  // planted overlaps need both rules.
  three.rules = {"exclusive-overlap", "undeclared-retcon", "dead-acts", "knowledge-before-learned"};
  run_lint(three, &x.lint3);
  return x;
}

// ---- Report ------------------------------------------------------------------------

std::string Us(double v) {
  if (std::isnan(v)) return "n/a";
  if (v >= 1e6) return fmt::format("{:.2f} s", v / 1e6);
  if (v >= 1e3) return fmt::format("{:.2f} ms", v / 1e3);
  return fmt::format("{:.2f} us", v);
}
std::string Ratio(double peer, double canon) {
  if (std::isnan(peer) || std::isnan(canon) || canon <= 0) return "";
  return fmt::format(" ({:.0f}x)", peer / canon);
}

std::string ReadFileFirstLine(const std::string& path, const std::string& prefix) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) {
      size_t c = line.find(':');
      std::string v = c == std::string::npos ? line : line.substr(c + 1);
      v.erase(0, v.find_first_not_of(" \t"));
      return v;
    }
  }
  return "?";
}

struct CurvePoint {
  uint64_t facts = 0, entities = 0, works = 0;
  double build_rate = 0, index_s = 0;
  double asof_p50 = 0, hubs_p99 = 0, hist_hubs_mean = 0, slice_ms = 0, check_ms = 0;
  double bytes_per_fact = 0;
};

CurvePoint MeasureCurvePoint(uint64_t facts, uint64_t entities, uint64_t works) {
  CurvePoint cp;
  cp.facts = facts;
  cp.entities = entities;
  cp.works = works;
  GenOptions o;
  o.facts = facts;
  o.entities = entities;
  o.works = works;
  o.seed = 7;
  Result<std::string> text = GenerateCanonText(o);
  if (!text.ok()) Die(text.status().ToString());
  auto t0 = Clock::now();
  std::unique_ptr<Canon> c = LoadCanon(*text, true);
  const double build = Seconds(t0, Clock::now());
  cp.build_rate = c->u.facts.size() / build;
  cp.index_s = c->index_s;
  Workload w = MakeWorkload(*c, 10000, 99);
  for (const Q& q : w.uniform) PrefixMask(*c, q.horizon);
  for (const Q& q : w.hubs) PrefixMask(*c, q.horizon);
  for (const Q& q : w.hist_hubs) PrefixMask(*c, q.horizon);
  for (const Q& q : w.slice) PrefixMask(*c, q.horizon);
  cp.asof_p50 = RunCanon(*c, w, 0).lat.Pct(0.5);
  cp.hubs_p99 = RunCanon(*c, w, 1).lat.Pct(0.99);
  cp.hist_hubs_mean = RunCanon(*c, w, 4).lat.Mean();
  cp.slice_ms = RunCanon(*c, w, 10).lat.Pct(0.5) / 1000;
  std::vector<double> times;
  for (int i = 0; i < 3; ++i) {
    auto a = Clock::now();
    auto v = c->ci->Check();
    times.push_back(Seconds(a, Clock::now()));
  }
  cp.check_ms = Median(times) * 1000;
  cp.bytes_per_fact = static_cast<double>(c->ix->Stats().bytes) / c->u.facts.size();
  return cp;
}

int Main(int argc, char** argv) {
  Options o;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    auto need = [&]() -> std::string {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "canon_harness: %s needs a value\n", args[i].c_str());
        std::exit(2);
      }
      return args[++i];
    };
    if (args[i] == "--canon")
      o.canon_path = need();
    else if (args[i] == "--planted")
      o.planted_path = need();
    else if (args[i] == "--report")
      o.report = need();
    else if (args[i] == "--work")
      o.work = need();
    else if (args[i] == "--pg")
      o.pg = need();
    else if (args[i] == "--pg-note")
      o.pg_note = need();
    else if (args[i] == "--systems")
      o.systems = need();
    else if (args[i] == "--queries")
      o.queries = std::stoull(need());
    else if (args[i] == "--curve")
      o.curve = need();
    else if (args[i] == "--quick")
      o.quick = true;
    else if (args[i] == "--gen")
      o.gen = need();
    else if (args[i] == "--duckdb-lib")
      o.duckdb_lib = need();
    else if (args[i] == "--duckdb-note")
      o.duckdb_note = need();
    else if (args[i] == "--duckdb-queries")
      o.duckdb_queries = std::stoull(need());
    else {
      std::fprintf(
          stderr,
          "usage: canon_harness --canon U.canon [--planted U.planted.tsv] [--report OUT.md]\n"
          "  [--work DIR] [--pg CONNINFO] [--pg-note TEXT] [--systems "
          "canon,sqlite,rtree,postgres,gist]\n"
          "  [--queries N] [--curve FACTS:ENTITIES:WORKS,...] [--gen FACTS:ENTITIES:WORKS]\n"
          "  [--duckdb-lib libduckdb.so] [--duckdb-note TEXT] [--duckdb-queries N]\n");
      return 2;
    }
  }
  if (o.canon_path.empty()) {
    std::fprintf(stderr, "canon_harness: --canon is required\n");
    return 2;
  }
  std::filesystem::create_directories(o.work);
  if (!o.gen.empty()) {
    GenOptions g;
    if (std::sscanf(o.gen.c_str(), "%lu:%lu:%lu", &g.facts, &g.entities, &g.works) != 3)
      Die("bad --gen " + o.gen);
    GenOutputs out;
    out.canon_path = o.canon_path;
    out.planted_path = o.planted_path.empty() ? o.canon_path + ".planted.tsv" : o.planted_path;
    o.planted_path = out.planted_path;
    auto t0 = Clock::now();
    Result<GenSummary> sum = GenerateUniverse(g, out);
    if (!sum.ok()) Die(sum.status().ToString());
    std::fprintf(stderr, "[harness] generated %s (%lu facts) in %.2fs\n", o.canon_path.c_str(),
                 sum->facts, Seconds(t0, Clock::now()));
  }
  auto has = [&](const std::string& s) {
    return ("," + o.systems + ",").find("," + s + ",") != std::string::npos;
  };
  std::fprintf(stderr, "[harness] loading %s into canon\n", o.canon_path.c_str());
  auto tload = Clock::now();
  std::unique_ptr<Canon> c = LoadCanon(o.canon_path, false);
  const double canon_build_s = Seconds(tload, Clock::now());
  const size_t nf = c->u.facts.size();
  std::fprintf(
      stderr,
      "[harness] %zu facts: read %.2fs compile %.2fs resolve %.2fs index %.2fs cindex %.2fs\n", nf,
      c->read_s, c->compile_s, c->resolve_s, c->index_s, c->cindex_s);
  // Snapshot: save, then open (median of 3).
  const std::string snap = o.work + "/index.cnix";
  {
    auto t0 = Clock::now();
    Status st = IndexSnapshot::Save(*c->ix, snap);
    if (!st.ok()) Die(st.ToString());
    c->snapshot_save_s = Seconds(t0, Clock::now());
    c->snapshot_bytes = std::filesystem::file_size(snap);
    std::vector<double> times;
    for (int i = 0; i < 3; ++i) {
      t0 = Clock::now();
      auto back = IndexSnapshot::Load(snap, c->u);
      if (!back.ok()) Die(back.status().ToString());
      times.push_back(Seconds(t0, Clock::now()));
    }
    c->snapshot_load_s = Median(times);
  }
  // The built database: `canon build` writes it, every query command opens
  // it (LoadUniverse reads the model image, validates every id and
  // finalizes). Opening a built universe = this plus the index snapshot.
  {
    const std::string db = o.work + "/bench.canondb";
    auto t0 = Clock::now();
    Status st = SaveUniverse(c->u, db);
    if (!st.ok()) Die(st.ToString());
    c->db_save_s = Seconds(t0, Clock::now());
    c->db_bytes = std::filesystem::file_size(db);
    std::vector<double> times;
    for (int i = 0; i < 3; ++i) {
      t0 = Clock::now();
      Result<Universe> back = LoadUniverse(db);
      if (!back.ok()) Die(back.status().ToString());
      if (back->facts.size() != c->u.facts.size()) Die("the database lost facts");
      times.push_back(Seconds(t0, Clock::now()));
    }
    c->db_load_s = Median(times);
    std::filesystem::remove(db);
    malloc_trim(0);
  }
  Workload w = MakeWorkload(*c, o.queries, 2024);
  for (const auto& set : w.sets) {
    HorizonMask m = HorizonMask::Empty(c->leaves);
    for (uint32_t r : set) m.SetLeaf(r);
    m.Finalize();
    c->set_masks.push_back(std::move(m));
  }
  for (int k = 0; k < kClasses; ++k) {
    for (const Q& q : ClassQueries(w, k)) PrefixMask(*c, q.horizon);
  }
  for (int i = 0; i < 10; ++i) PrefixMask(*c, TenthPrefix(c->leaves, i));
  // canon's resident set right after its build (front end's pages returned),
  // before the database round trip and the peers allocate in this process.
  const size_t rss_canon = c->rss_after;
  std::fprintf(stderr, "[harness] canon queries\n");
  ClassResult canon_classes[kClasses];
  for (int k = 0; k < kClasses; ++k) {
    // Repeat short classes and keep the median run's statistics per query.
    canon_classes[k] = RunCanon(*c, w, k);
    if (k <= 2 || k == 5 || k == 7) {
      ClassResult again = RunCanon(*c, w, k);
      ClassResult third = RunCanon(*c, w, k);
      std::vector<ClassResult*> rs = {&canon_classes[k], &again, &third};
      std::sort(rs.begin(), rs.end(),
                [](auto* a, auto* b) { return a->lat.Pct(0.5) < b->lat.Pct(0.5); });
      ClassResult median = *rs[1];  // a copy: rs[1] may be canon_classes[k] itself
      canon_classes[k] = std::move(median);
    }
  }
  CanonExtras ex = CanonBatchAndCheck(*c, w, o.planted_path);
  std::fprintf(stderr, "[harness] memory floor\n");
  Floor fl = MeasureFloor();
  // Peers.
  std::vector<PeerFact> pf = PeerFacts(c->u, *c->ix);
  PeerContinuity pc = ExportContinuity(c->u, *c->ix);
  std::vector<PeerRun> peers;
  std::vector<std::string> skipped;
  if (has("sqlite")) {
    std::fprintf(stderr, "[harness] SQLite B-tree\n");
    peers.push_back(RunSqlite(pf, pc, w, o.work, false, c->leaves));
  }
  if (has("rtree")) {
    std::fprintf(stderr, "[harness] SQLite R*Tree\n");
    peers.push_back(RunSqlite(pf, pc, w, o.work, true, c->leaves));
  }
  if (has("postgres") || has("gist")) {
    Pg probe(o.pg);
    if (!probe.ok()) {
      skipped.push_back("PostgreSQL: SKIPPED, cannot connect (" + probe.error() + ")" +
                        (o.pg_note.empty() ? "" : "; " + o.pg_note));
      std::fprintf(stderr, "[harness] PostgreSQL SKIPPED: %s\n", probe.error().c_str());
    } else {
      if (has("postgres")) {
        std::fprintf(stderr, "[harness] PostgreSQL B-tree\n");
        peers.push_back(RunPostgres(pf, pc, w, o.pg, false, c->leaves));
      }
      if (has("gist")) {
        std::fprintf(stderr, "[harness] PostgreSQL GiST\n");
        peers.push_back(RunPostgres(pf, pc, w, o.pg, true, c->leaves));
      }
    }
  } else if (!o.pg_note.empty()) {
    skipped.push_back("PostgreSQL: SKIPPED (" + o.pg_note + ")");
  }
  std::string duckdb_version;
  if (has("duckdb")) {
    std::string why = o.duckdb_note;
    if (!o.duckdb_lib.empty()) {
      std::fprintf(stderr, "[harness] DuckDB\n");
      PeerRun d = RunDuckdb(pf, pc, w, o.work, o.duckdb_lib, o.duckdb_queries, c->leaves, &why,
                            &duckdb_version);
      if (!d.name.empty()) peers.push_back(std::move(d));
    } else if (why.empty()) {
      why = "no --duckdb-lib given (bench/run.sh installs it with npm)";
    }
    if (duckdb_version.empty()) {
      skipped.push_back("DuckDB: SKIPPED (" + why + ")");
      std::fprintf(stderr, "[harness] DuckDB SKIPPED: %s\n", why.c_str());
    }
  }
  // Agreement.
  bool all_agree = true;
  std::vector<std::string> disagreements;
  for (const PeerRun& p : peers) {
    for (int k = 0; k < kClasses; ++k) {
      size_t m = Mismatches(canon_classes[k], p.classes[k]);
      if (m != 0) {
        all_agree = false;
        disagreements.push_back(fmt::format("{} {}: {} of {} answers differ", p.name,
                                            kClassNames[k], m, canon_classes[k].answers.size()));
      }
    }
    if (p.rule_counts[0] >= 0) {
      for (int r = 0; r < 3; ++r) {
        if (p.rule_counts[r] != ex.rule_counts[r]) {
          all_agree = false;
          disagreements.push_back(fmt::format("{} continuity rule {}: {} vs canon {}", p.name,
                                              r + 1, p.rule_counts[r], ex.rule_counts[r]));
        }
      }
    }
  }
  const bool planted_exact = ex.planted == ex.planted_found && ex.extra_found == 0;
  // Curve.
  std::vector<CurvePoint> curve;
  if (!o.curve.empty()) {
    std::stringstream ss(o.curve);
    std::string item;
    while (std::getline(ss, item, ',')) {
      uint64_t f = 0, e = 0, wk = 0;
      if (std::sscanf(item.c_str(), "%lu:%lu:%lu", &f, &e, &wk) != 3)
        Die("bad --curve item " + item);
      std::fprintf(stderr, "[harness] curve point %lu facts\n", f);
      curve.push_back(MeasureCurvePoint(f, e, wk));
    }
  }
  // ---- Write the report.
  std::string r;
  auto add = [&](const std::string& s) {
    r += s;
    r += '\n';
  };
  char date[64];
  std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  struct utsname un;
  uname(&un);
  const IndexStats st = c->ix->Stats();
  add("# canon benchmark results");
  add("");
  add("Generated by `make bench` (bench/run.sh -> bench/harness.cpp). Do not edit by hand.");
  add("");
  add(fmt::format("- Date: {}", date));
  add(fmt::format("- Machine: {} cores ({}), {} total memory, kernel {} {}",
                  std::thread::hardware_concurrency(),
                  ReadFileFirstLine("/proc/cpuinfo", "model name"),
                  ReadFileFirstLine("/proc/meminfo", "MemTotal"), un.sysname, un.release));
  const bool pg_ran = std::any_of(peers.begin(), peers.end(), [](const PeerRun& p) {
    return p.name.starts_with("PostgreSQL");
  });
  add(fmt::format("- Versions: canon 0.1.0 (g++ {}.{}, -O3), SQLite {}, PostgreSQL {}, DuckDB {}",
                  __GNUC__, __GNUC_MINOR__, sqlite3_libversion(),
                  pg_ran ? Pg(o.pg).Scalar("SHOW server_version") : "not run",
                  duckdb_version.empty() ? "not run" : duckdb_version));
  add(
      fmt::format("- Universe: `{}`: {} facts, {} entities, {} events, {} knowledge records, {} "
                  "leaf works, {} story ranks",
                  o.canon_path, nf, c->u.entities.size(), c->u.events.size(), c->u.knowledge.size(),
                  c->leaves, RankCount(c->u)));
  add(fmt::format(
      "- Index: {} run entries, {} hubs (>= {} closed facts), {} checkpoints ({} active entries), "
      "{} hub-hub pairs, {} complex facts",
      st.entries, st.hubs, FactIndex::kHubThreshold, st.checkpoints, st.checkpoint_entries,
      st.hub_pairs, st.complex_facts));
  add(fmt::format(
      "- Queries per class: {} (as-of uniform, arbitrary), {} (hubs, pair, 1-hop), {} (history), "
      "{} (2-hop, path), 5 (timeslice); latencies are per query, client-side, one thread",
      w.uniform.size(), w.hubs.size(), w.hist_uniform.size(), w.hop2.size()));
  {
    std::ifstream la("/proc/loadavg");
    std::string l1, l5, l15;
    la >> l1 >> l5 >> l15;
    add(fmt::format(
        "- Load average at the end of the run: {} {} {} (other work shared the 2 cores: wall-clock "
        "latencies include that noise)",
        l1, l5, l15));
  }
  add(
      fmt::format("- Memory floor measured in this run: one dependent random miss = {:.0f} ns; "
                  "sequential read = {:.1f} GB/s (one core)",
                  fl.miss_ns, fl.seq_gbps));
  add("");
  add(fmt::format(
      "**All systems agree on every answer: {}.** **Planted continuity errors found exactly: {} "
      "({} planted, {} found, {} unexpected).**",
      all_agree ? "yes" : "NO", planted_exact ? "yes" : "NO", ex.planted, ex.planted_found,
      ex.extra_found));
  for (const std::string& d : disagreements) add("- DISAGREEMENT: " + d);
  for (const std::string& s : skipped) add("- " + s);
  add("");
  add("## Query latency (p50 / p99; ratio = peer p50 / canon p50)");
  add("");
  std::string hdr = "| query class | canon p50 | canon p99 | canon mean | floor |";
  std::string sep = "|---|---|---|---|---|";
  for (const PeerRun& p : peers) {
    hdr += " " + p.name + " p50 (ratio) / p99 |";
    sep += "---|";
  }
  add(hdr);
  add(sep);
  const double miss_us = fl.miss_ns / 1000;
  const char* floors[kClasses] = {"3 misses",
                                  "3 misses + answers",
                                  "3 misses",
                                  "2 misses + run scan",
                                  "run bytes / bandwidth",
                                  "3 misses",
                                  "3 misses x 1",
                                  "3 misses",
                                  "3 misses x (1 + degree)",
                                  "frontier scans",
                                  "all entries / bandwidth"};
  for (int k = 0; k < kClasses; ++k) {
    const ClassResult& cr = canon_classes[k];
    std::string floor_s = floors[k];
    if (k == 0 || k == 2 || k == 5 || k == 7) floor_s += fmt::format(" = {:.2f} us", 3 * miss_us);
    if (k == 10)
      floor_s += fmt::format(" = {:.1f} ms",
                             st.entries * sizeof(FactIndex::Entry) / (fl.seq_gbps * 1e9) * 1e3);
    std::string row = fmt::format("| {} | {} | {} | {} | {} |", kClassNames[k], Us(cr.lat.Pct(0.5)),
                                  Us(cr.lat.Pct(0.99)), Us(cr.lat.Mean()), floor_s);
    for (const PeerRun& p : peers) {
      const ClassResult& pr = p.classes[k];
      if (!pr.ran) {
        row += " n/a |";
      } else {
        row += fmt::format(" {}{} / {} |", Us(pr.lat.Pct(0.5)),
                           Ratio(pr.lat.Pct(0.5), cr.lat.Pct(0.5)), Us(pr.lat.Pct(0.99)));
      }
    }
    add(row);
  }
  add("");
  add(fmt::format(
      "Batched point as-of (canon AsOfBatch over the uniform queries, one core, prefetching 16 "
      "queries ahead): **{:.1f} M queries/s wall clock** ({:.0f} ns per query), {:.1f} M queries/s "
      "of thread CPU time. The gap is other processes sharing the 2 cores during the run.",
      ex.batch_qps / 1e6, 1e9 / ex.batch_qps, ex.batch_cpu_qps / 1e6));
  add(fmt::format(
      "`asof_ten_horizons` times all ten horizons together. `path4` on the peers is two recursive "
      "CTEs of at most 2 hops over hop1's edge relation, from each end, joined on the entities "
      "both reach (canon: bidirectional BFS). The R*Tree and GiST variants run the as-of classes "
      "only."));
  {
    std::map<uint64_t, size_t> lengths;  // path4 answers by length (-1: none within 4)
    for (const AnswerDigest& d : canon_classes[9].answers) ++lengths[d.sum];
    std::string dist;
    for (const auto& [len_plus_one, n] : lengths) {
      dist += fmt::format("{}{} {}", dist.empty() ? "" : ", ", n,
                          len_plus_one == 0 ? "unlinked" : fmt::format("at {}", len_plus_one - 1));
    }
    add(fmt::format("path4 answers (canon): {}.", dist));
  }
  for (const PeerRun& p : peers) {
    if (p.name != "DuckDB") continue;
    add(fmt::format(
        "DuckDB ran the first {} queries of each class ({} of `asof_ten_horizons`), compared "
        "with canon's answers to the same queries; its ART indexes (subject, object) serve the "
        "entity lookups, it has no interval index, and it ran with threads = 1.",
        o.duckdb_queries, std::max<size_t>(1, o.duckdb_queries / 10)));
  }
  add("");
  add("## Continuity check (whole universe, 3 rules, one core; median of 3-5 runs)");
  add("");
  add("| system | time | overlapping exclusive | presence after death | knowledge before learned "
      "|");
  add("|---|---|---|---|---|");
  add(fmt::format("| canon | {} | {} | {} | {} |", Us(ex.check_s * 1e6), ex.rule_counts[0],
                  ex.rule_counts[1], ex.rule_counts[2]));
  for (const PeerRun& p : peers) {
    if (p.rule_counts[0] < 0) continue;
    add(fmt::format("| {} | {}{} | {} | {} | {} |", p.name, Us(p.check_s * 1e6),
                    Ratio(p.check_s, ex.check_s), p.rule_counts[0], p.rule_counts[1],
                    p.rule_counts[2]));
  }
  for (const auto* l : {&ex.lint_all, &ex.lint3}) {
    add(fmt::format("| canon lint, {} | {}{} | {} | {} | {} |",
                    l == &ex.lint_all ? "all rules" : "these rules", Us(l->seconds * 1e6),
                    Ratio(l->seconds, ex.check_s), l->rule_counts[0], l->rule_counts[1],
                    l->rule_counts[2]));
  }
  add(fmt::format(
      "\ncanon's check reads a ContinuityIndex built once with the universe ({:.2f} s here, "
      "{:.1f} MiB); the peers' rule tables and indexes are built in their load.",
      c->cindex_s, c->ci->bytes() / 1048576.0));
  for (const auto* l : {&ex.lint_all, &ex.lint3}) {
    add(fmt::format(
        "canon lint ({}; `LintUniverse` on the resolved universe, nothing prebuilt, median of 3): "
        "{} findings (and {} info notes); includes every planted error: **{}** ({} of {}); {} "
        "other findings.",
        l == &ex.lint_all ? "every rule that is on"
                          : "`--rule exclusive-overlap,undeclared-retcon,dead-acts,"
                            "knowledge-before-learned`: lint reports an overlap that a later "
                            "release reveals over earlier story time as a retcon",
        l->findings, l->notes, l->planted_found == ex.planted ? "yes" : "NO", l->planted_found,
        ex.planted, l->other));
  }
  add("");
  add("## Load, open, memory");
  add("");
  add("| system | load | open | bytes per fact |");
  add("|---|---|---|---|");
  add(fmt::format(
      "| canon (text -> compile -> resolve -> index) | {:.2f} s = {:.2f} M facts/s (read {:.2f} s, "
      "compile {:.2f} s, resolve {:.2f} s, index {:.2f} s, continuity index {:.2f} s) | "
      "database (model image) {:.2f} s ({:.0f} MiB, saved in {:.2f} s) + index snapshot "
      "{:.3f} s "
      "({:.0f} MiB, saved in {:.2f} s; floor {:.3f} s at {:.1f} GB/s) | index {:.1f}; process RSS "
      "{:.0f} "
      "after the build, incl. the Universe model and source text (harness peak, with the front "
      "end, the database round trip and the in-process peers: {:.0f}) |",
      canon_build_s, nf / canon_build_s / 1e6, c->read_s, c->compile_s, c->resolve_s, c->index_s,
      c->cindex_s, c->db_load_s, c->db_bytes / 1048576.0, c->db_save_s, c->snapshot_load_s,
      c->snapshot_bytes / 1048576.0, c->snapshot_save_s, c->snapshot_bytes / (fl.seq_gbps * 1e9),
      fl.seq_gbps, static_cast<double>(st.bytes) / nf, static_cast<double>(rss_canon) / nf,
      static_cast<double>(PeakRssBytes()) / nf));
  for (const PeerRun& p : peers) {
    add(
        fmt::format("| {} | {:.2f} s (from canon's resolved rows) | {:.1f} ms (connect + first "
                    "query) | {:.1f} on disk |",
                    p.name, p.load_s, p.open_s * 1e3, static_cast<double>(p.bytes) / nf));
  }
  if (!curve.empty()) {
    add("");
    add("## Growth (canon only; one generated universe per size, seed 7)");
    add("");
    add("| facts | entities | build rate | index build | as-of uniform p50 | as-of hubs p99 | "
        "history hubs mean | "
        "timeslice | continuity check | index bytes/fact |");
    add("|---|---|---|---|---|---|---|---|---|---|");
    for (const CurvePoint& cp : curve) {
      add(fmt::format(
          "| {} | {} | {:.2f} M/s | {:.2f} s | {} | {} | {} | {:.1f} ms | {:.1f} ms | {:.1f} |",
          cp.facts, cp.entities, cp.build_rate / 1e6, cp.index_s, Us(cp.asof_p50), Us(cp.hubs_p99),
          Us(cp.hist_hubs_mean), cp.slice_ms, cp.check_ms, cp.bytes_per_fact));
    }
  }
  add("");
  add("## Targets (stated for 1M entities / 20M facts; measured here at the size above)");
  add("");
  add("| target | measured | met? |");
  add("|---|---|---|");
  auto peer_p50 = [&](const std::string& name, int k) {
    for (const PeerRun& p : peers) {
      if (p.name == name && p.classes[k].ran) return p.classes[k].lat.Pct(0.5);
    }
    return static_cast<double>(NAN);
  };
  auto yn = [](bool b) { return b ? "yes" : "**no**"; };
  const double u50 = canon_classes[0].lat.Pct(0.5);
  const double sq = peer_p50("SQLite B-tree", 0), pgb = peer_p50("PostgreSQL B-tree", 0);
  add(fmt::format("| as-of uniform p50 <= 1 us | {} | {} |", Us(u50), yn(u50 <= 1)));
  add(fmt::format("| >= 8x faster than SQLite | {} | {} |",
                  std::isnan(sq) ? "not run" : fmt::format("{:.0f}x", sq / u50),
                  std::isnan(sq) ? "n/a" : yn(sq / u50 >= 8)));
  add(fmt::format("| >= 100x faster than PostgreSQL | {} | {} |",
                  std::isnan(pgb) ? "not run" : fmt::format("{:.0f}x", pgb / u50),
                  std::isnan(pgb) ? "n/a" : yn(pgb / u50 >= 100)));
  const double h99 = canon_classes[1].lat.Pct(0.99);
  add(fmt::format("| as-of hubs p99 <= 100 us | {} | {} |", Us(h99), yn(h99 <= 100)));
  add(fmt::format(
      "| batched as-of >= 10 M/s one core | {:.1f} M/s wall ({:.1f} M/s CPU time) | {} |",
      ex.batch_qps / 1e6, ex.batch_cpu_qps / 1e6, yn(ex.batch_qps >= 1e7)));
  const double hh = canon_classes[4].lat.Mean();
  add(fmt::format("| history hubs mean <= 10 us | {} | {} |", Us(hh), yn(hh <= 10)));
  const double arb = canon_classes[5].lat.Pct(0.5) / u50 - 1;
  add(fmt::format("| arbitrary-set horizon over prefix <= +25% | {:+.0f}% (p50) | {} |", arb * 100,
                  yn(arb <= 0.25)));
  const double h1 = canon_classes[7].lat.Pct(0.5), p4 = canon_classes[9].lat.Pct(0.5);
  add(fmt::format("| 1-hop p50 <= 2 us | {} | {} |", Us(h1), yn(h1 <= 2)));
  add(fmt::format("| 4-hop path p50 <= 1 ms | {} | {} |", Us(p4), yn(p4 <= 1000)));
  add(fmt::format("| continuity check <= 0.5 s one core | {} | {} |", Us(ex.check_s * 1e6),
                  yn(ex.check_s <= 0.5)));
  const double rate = nf / canon_build_s;
  add(fmt::format("| build from text >= 1 M facts/s | {:.2f} M/s | {} |", rate / 1e6,
                  yn(rate >= 1e6)));
  const double open_s = c->db_load_s + c->snapshot_load_s;
  // Opening is linear in the model (docs/store.md); the target is for 20M facts.
  const double open_20m = open_s / nf * 20e6;
  add(fmt::format(
      "| open a built universe <= 2 s | {:.2f} s (database {:.2f} s + index snapshot {:.3f} s) | "
      "{} |",
      open_s, c->db_load_s, c->snapshot_load_s,
      open_s > 2 ? yn(false)
      : open_20m <= 2
          ? yn(true)
          : fmt::format("yes at this size; **no** at 20M facts (~{:.0f} s, linear)", open_20m)));
  const double bpf_index = static_cast<double>(st.bytes) / nf,
               bpf_rss = static_cast<double>(rss_canon) / nf;
  add(
      fmt::format("| resident memory <= 40 B/fact incl. indexes | index {:.1f} B/fact; process "
                  "{:.0f} B/fact | {} |",
                  bpf_index, bpf_rss, yn(bpf_rss <= 40)));
  add("");
  add("## Notes on the targets that are not met");
  add("");
  add(fmt::format(
      "- **Build from text** ({:.2f} M facts/s) is the front end: src/lang's lexer, parser and "
      "checker build a general syntax tree for every statement (about a quarter of the "
      "instructions are allocation) and src/time resolves the story order; the index itself "
      "builds at {:.1f} M facts/s. 1 M facts/s needs plain fact lines parsed straight into "
      "compact records (docs/performance.md, \"Building from text\").",
      rate / 1e6, c->index_s > 0 ? nf / c->index_s / 1e6 : 0.0));
  add(fmt::format(
      "- **Resident memory**: the index is {:.1f} B/fact; the process holds {:.0f} B/fact because "
      "the `Universe` model keeps each fact as a 248-byte struct with vectors, two story points "
      "with constraint vectors and resolved time (~590 B/fact), plus the source text while "
      "compiling. Building from text peaks at ~2.4 KB/fact (the syntax tree), so 20M facts need "
      "~48 GB: `bench/run.sh --full` runs the largest size that fits and says so.",
      bpf_index, bpf_rss));
  add(fmt::format(
      "- **Open a built universe** is linear in the model: {:.2f} us per fact to read, check and "
      "copy the model image into the `Universe`'s strings and vectors (about {:.0f} s at 20M). "
      "<= 2 s at 20M needs a model that reads the image in place (flat columns, string views).",
      c->db_load_s / nf * 1e6, c->db_load_s / nf * 20e6));
  add("- **History of hubs** returns every visible fact of an entity with thousands of facts: it "
      "is output-bound (one run entry per answer scanned sequentially); the mean is set by the "
      "few largest hubs.");
  add("- **Batched as-of** wall-clock throughput is measured while other processes share the 2 "
      "cores; the thread-CPU-time figure beside it is the single-core capability.");
  add("- The targets are stated for 20M facts; this run is the scaled-down default (`make bench "
      "BENCH_MODE=--full` for the full size). The growth table shows how each cost moves with "
      "size.");
  add("- PostgreSQL latencies include the TCP loopback round trip of libpq (the pilot measured ~60 "
      "us of its 97 us there).");
  std::ofstream out(o.report);
  out << r;
  std::fprintf(stderr, "[harness] wrote %s (agree: %s, planted exact: %s)\n", o.report.c_str(),
               all_agree ? "yes" : "NO", planted_exact ? "yes" : "NO");
  return all_agree && planted_exact ? 0 : 1;
}

}  // namespace
}  // namespace canon

int main(int argc, char** argv) { return canon::Main(argc, argv); }
