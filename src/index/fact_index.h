// FactIndex: in-memory indexes over a resolved Universe for spoiler-safe
// as-of, pair, history, neighbourhood and timeslice queries in microseconds.
//
// Design (docs/performance.md has the costs and the measurements):
//   - Story time is a "key": 0 for an open start, rank + 1 for a real point,
//     kOpenKey for an open end. A query moment is the doubled-rank cut of
//     query/at.h; fact f holds at cut c iff start_key <= CutKey(c) < end_key.
//   - Per-entity runs (CSR): every fact appears in the run of its subject and
//     of its entity object as a 16-byte entry (start, end, fact, reveal
//     word: four per cache line; the other endpoint is read from the Fact
//     only by the neighbourhood and pair queries that need it, and pair
//     queries first compare a 10-bit tag of it kept in the reveal word). A run is two
//     slices, each sorted by start key:
//     closed facts, then open-ended facts ("kept apart": at any moment the
//     answers among them are exactly a prefix of the slice).
//   - Hub timelines: a run with >= kHubThreshold closed facts gets
//     checkpoints (a timeline index): checkpoint j at slice position p_j
//     lists the earlier facts still active at its key. A query binary-
//     searches the checkpoint, filters its active list and scans forward:
//     O(log + answers + spacing), where spacing adapts to the active-list
//     size so that checkpoint storage stays O(run length).
//   - Pair runs (4-byte positions of subject-side entries in the runs) for
//     hub-hub pairs only (both endpoints are hubs): any other
//     pair is answered from the smaller endpoint's run filtered by the other
//     endpoint, which is already short.
//   - Horizons are HorizonMask bitsets over leaf release ranks (20k leaves =
//     2.5 KiB: one L1-resident bitset beats a compressed bitmap here), with a
//     prefix fast path. Every entry carries its fact's reveal key (the leaf
//     rank of its single leaf reveal point), so "visible" costs one compare
//     (prefix) or one bit test (any set) on data already in cache.
//   - Facts whose visibility or interval depend on more than one leaf (non-
//     leaf or positioned or several reveal points, overturns, implicit
//     "revealed with the entity" facts, starts/ends set by events) carry a
//     "complex" bit and take an exact slow path that follows the rules of
//     query/view.h and query/at.h using the Universe.
//   - No per-fact or per-point key columns: StartKey/EndKey/PointKey read the
//     Universe (the slow path and exports only), so the index is ~38 B/fact.
//   - Large arrays are allocated 2 MiB-aligned and advised as huge pages.
//   - AsOfBatch overlaps the memory misses of many queries with prefetches.
//
// A FactIndex keeps a pointer to its Universe (for the slow path and for
// names); the Universe must outlive it and must not change.
#ifndef CANON_INDEX_FACT_INDEX_H_
#define CANON_INDEX_FACT_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "index/huge_vector.h"

namespace canon {

// Shifted story rank: 0 = open start (before everything), rank + 1 for a
// point, kOpenKey = open end (after everything).
using TimeKey = uint32_t;
inline constexpr TimeKey kOpenKey = std::numeric_limits<uint32_t>::max();

// The key of a doubled-rank cut (query/at.h StoryInstant::cut): facts with
// start_key <= key < end_key hold at the cut.
TimeKey CutKey(int64_t cut);
// The cut "at rank k, after everything at k happened" (2k).
inline int64_t CutAtRank(uint32_t rank) { return 2 * static_cast<int64_t>(rank); }

// A viewer's horizon over leaf release ranks. Build one from the query
// layer's Horizon (see docs/performance.md, "Wiring"): SetLeaf for every
// leaf held whole, AddPartial for every partly seen leaf, then Finalize().
class HorizonMask {
 public:
  HorizonMask() = default;
  // Leaves [0, prefix) of `leaf_count`.
  static HorizonMask Prefix(uint32_t leaf_count, uint32_t prefix);
  // No leaves (add some with SetLeaf, then Finalize()).
  static HorizonMask Empty(uint32_t leaf_count);

  void SetLeaf(uint32_t rank);
  // A leaf seen up to `position` (RevealPoint::PositionKind kind).
  void AddPartial(uint32_t rank, RevealPoint::PositionKind kind, int32_t position);
  // Detects a prefix (enables the fast path). Call after the last change.
  void Finalize();

  uint32_t leaf_count() const { return leaf_count_; }
  bool is_prefix() const { return prefix_ != kNone; }
  uint32_t prefix() const { return prefix_; }
  bool TestLeaf(uint32_t rank) const {
    return rank < leaf_count_ && ((words_[rank >> 6] >> (rank & 63)) & 1u) != 0;
  }
  // Are all leaves in [first, end) held? (an empty range is not "held")
  bool AllLeaves(uint32_t first, uint32_t end) const;
  // Is the reveal point inside? Same rule as Horizon::Contains.
  bool Contains(const Universe& u, const RevealPoint& p) const;
  const uint64_t* words() const { return words_.data(); }

 private:
  struct Partial {
    uint32_t rank;
    RevealPoint::PositionKind kind;
    int32_t position;
  };
  uint32_t leaf_count_ = 0;
  uint32_t prefix_ = kNone;
  std::vector<uint64_t> words_;
  std::vector<Partial> partial_;  // sorted by rank after Finalize()
};

// One (entity, moment) question for the batched API.
struct AsOfQuery {
  EntityId entity = kNone;
  TimeKey key = 0;  // CutKey(cut)
};
// Count and sum of the fact ids answering a query: how every system's
// answers are compared in the benchmark.
struct AnswerDigest {
  uint64_t count = 0;
  uint64_t sum = 0;
  void Add(FactId f) {
    ++count;
    sum += f;
  }
  bool operator==(const AnswerDigest&) const = default;
};

struct IndexStats {
  size_t facts = 0, entities = 0, entries = 0, hubs = 0, checkpoints = 0, checkpoint_entries = 0,
         hub_pairs = 0, pair_entries = 0, complex_facts = 0;
  size_t bytes = 0;  // every array the index owns (the sum of the parts below)
  // Breakdown of `bytes`: run entries; run headers; hub checkpoints, their
  // active lists and the long runs' complex lists; hub-pair keys, ranges and
  // positions.
  size_t entry_bytes = 0, run_bytes = 0, checkpoint_bytes = 0, pair_bytes = 0;
};

class FactIndex {
 public:
  // A run entry: 16 bytes (four per cache line), everything an as-of,
  // history or timeslice query needs without touching the fact. The other
  // endpoint is not stored: Other(entry) reads it from the Fact.
  struct Entry {
    TimeKey start;  // placement key (0 when the start is set by an event)
    TimeKey end;    // placement key (kOpenKey when open or set by an event)
    FactId fact;
    // kComplex | kObjectSide | 10-bit tag of the other endpoint (OtherTag) |
    // 20-bit leaf rank of the reveal point (kRevealMask: none).
    uint32_t reveal;
  };
  static constexpr uint32_t kComplex = 1u << 31;           // take the exact slow path
  static constexpr uint32_t kObjectSide = 1u << 30;        // entry in the object's run
  static constexpr uint32_t kRevealMask = (1u << 20) - 1;  // leaf ranks: < 2^20 - 1 leaves
  static constexpr uint32_t kOtherTagMask = ((1u << 10) - 1) << 20;
  // A hash of the other endpoint kept in the reveal word, so that pair
  // queries skip almost every entry of another pair without reading its
  // Fact (1 in 1024 false matches, then checked with Other()).
  static constexpr uint32_t OtherTag(EntityId o) { return ((o * 0x9E3779B1u) >> 22) << 20; }
  static constexpr uint32_t kHubThreshold = 64;  // closed facts that make a hub

  // Builds every index over `u` (story time must be resolved). O(F log F).
  static Result<std::unique_ptr<FactIndex>> Build(const Universe& u);

  const Universe& universe() const { return *u_; }
  size_t entity_count() const { return runs_.size(); }
  IndexStats Stats() const;

  // --- Queries. `emit` is called once per answering fact, in no particular
  // order unless stated. Answers obey the spoiler rule of query/view.h:
  // only facts visible under `h`, as the viewer knows them; facts the viewer
  // knows were overturned never hold.

  // Facts of `e` (subject or entity object) holding at `key`.
  template <typename Emit>
  void AsOf(EntityId e, TimeKey key, const HorizonMask& h, Emit&& emit) const;
  AnswerDigest AsOfDigest(EntityId e, TimeKey key, const HorizonMask& h) const;
  std::vector<FactId> AsOfFacts(EntityId e, TimeKey key, const HorizonMask& h) const;
  // Many queries, with prefetching across queries; out[i] answers qs[i].
  void AsOfBatch(std::span<const AsOfQuery> qs, const HorizonMask& h,
                 std::span<AnswerDigest> out) const;

  // Facts between `a` and `b` (either direction) holding at `key`.
  AnswerDigest PairAsOfDigest(EntityId a, EntityId b, TimeKey key, const HorizonMask& h) const;
  std::vector<FactId> PairAsOfFacts(EntityId a, EntityId b, TimeKey key,
                                    const HorizonMask& h) const;
  // Every visible fact of `e` (overturned ones included), in story order
  // (start key, then fact id).
  std::vector<FactId> History(EntityId e, const HorizonMask& h) const;
  AnswerDigest HistoryDigest(EntityId e, const HorizonMask& h) const;
  std::vector<FactId> PairHistory(EntityId a, EntityId b, const HorizonMask& h) const;

  // Distinct entities linked to `e` by a fact holding at `key`, ascending.
  std::vector<EntityId> Neighbours(EntityId e, TimeKey key, const HorizonMask& h) const;
  // Entities within 2 hops (excluding `e`), ascending.
  std::vector<EntityId> TwoHop(EntityId e, TimeKey key, const HorizonMask& h) const;
  // Length of a shortest path from `a` to `b` over facts holding at `key`
  // (bidirectional BFS), or -1 when none has at most `max_hops` edges.
  int ShortestPath(EntityId a, EntityId b, TimeKey key, const HorizonMask& h,
                   int max_hops = 4) const;
  // Every fact holding at `key` over the whole universe.
  AnswerDigest Timeslice(TimeKey key, const HorizonMask& h) const;

  // Exact visibility and holding test of one fact (the slow path; also the
  // reference the fast path is tested against).
  bool FactVisible(FactId f, const HorizonMask& h) const;
  bool FactOverturned(FactId f, const HorizonMask& h) const;
  // Start/end keys as the viewer knows them (open when set by an event the
  // viewer has not seen or knows was overturned).
  TimeKey ViewerStart(FactId f, const HorizonMask& h) const;
  TimeKey ViewerEnd(FactId f, const HorizonMask& h) const;
  bool FactHolds(FactId f, TimeKey key, const HorizonMask& h) const;

  // Raw access (continuity checks, snapshots, tests). The true keys of a
  // fact, read from the Universe (one Fact access; not on the fast paths).
  TimeKey StartKey(FactId f) const;
  TimeKey EndKey(FactId f) const;
  TimeKey PointKey(PointId p) const;
  // The other endpoint of a run entry: the object entity for a subject-side
  // entry (kNone for a non-entity object), the subject for an object-side one.
  EntityId Other(const Entry& x) const {
    const Fact& f = u_->facts[x.fact];
    if (x.reveal & kObjectSide) return f.subject;
    return f.object.kind == ValueKind::kEntity && f.object.entity < u_->entities.size()
               ? f.object.entity
               : kNone;
  }
  std::span<const Entry> RunOf(EntityId e) const {
    return {entries_.data() + runs_[e].begin, entries_.data() + runs_[e].end};
  }

 private:
  friend class IndexSnapshot;
  struct Run {
    uint32_t begin = 0, split = 0, end = 0;  // [begin,split) closed, [split,end) open
    uint32_t hub = kNone;                    // index into hubs_ (runs of >= kHubThreshold entries)
  };
  // Extra structure of a long run: its checkpoints (only when its closed
  // slice has >= kHubThreshold entries) and the positions of its complex
  // entries, so a history scan handles them without a second pass.
  struct Hub {
    uint32_t cp_begin = 0, cp_end = 0;  // checkpoints of this run
    uint32_t cx_begin = 0, cx_end = 0;  // into complex_pos_
  };
  struct Checkpoint {
    TimeKey key;            // start key of the entry at `pos`
    uint32_t pos;           // absolute position in entries_
    uint32_t active_begin;  // into active_
  };

  FactIndex() = default;
  // One past the last checkpoint of `hub` whose key is <= `key` (cp_begin:
  // none is).
  uint32_t CheckpointEnd(const Hub& hub, TimeKey key) const {
    uint32_t lo = hub.cp_begin, hi = hub.cp_end;
    while (lo < hi) {
      const uint32_t mid = (lo + hi) / 2;
      if (checkpoints_[mid].key <= key)
        lo = mid + 1;
      else
        hi = mid;
    }
    return lo;
  }
  void BuildRuns();
  void BuildHubs();
  void BuildPairs();
  bool EntryVisible(const Entry& x, const HorizonMask& h) const {
    if (x.reveal & kComplex) return false;  // caller handles complex entries
    const uint32_t r = x.reveal & kRevealMask;
    return h.is_prefix() ? r < h.prefix() : h.TestLeaf(r);
  }
  template <typename Emit>
  void ScanRun(const Run& run, TimeKey key, const HorizonMask& h, Emit&& emit) const;
  // ScanRun into a digest, with branch-free visibility tests.
  void ScanRunDigest(const Run& run, TimeKey key, const HorizonMask& h, AnswerDigest* d) const;
  // Calls f(Other(x)) for each entry of `hits`, prefetching their Facts
  // ahead so that the misses overlap.
  template <typename F>
  void ForEachOther(const std::vector<Entry>& hits, F&& f) const;
  template <typename Emit>
  void ForEachVisible(EntityId e, const HorizonMask& h, Emit&& emit) const;
  const uint32_t* PairRun(EntityId a, EntityId b, size_t* n) const;
  bool EventSeen(EventId ev, const HorizonMask& h) const;
  bool AnyIn(const std::vector<RevealPoint>& ps, const HorizonMask& h) const;
  bool EntityVisible(EntityId e, const HorizonMask& h) const;
  // EntityVisible without the played_by rule (what makes a person visible).
  bool EntityVisibleDirect(EntityId e, const HorizonMask& h) const;

  const Universe* u_ = nullptr;
  std::vector<Run> runs_;
  HugeVector<Entry> entries_;
  std::vector<Hub> hubs_;
  std::vector<Checkpoint> checkpoints_;
  HugeVector<uint32_t> active_;       // absolute entry positions
  HugeVector<uint32_t> complex_pos_;  // absolute positions of complex entries of long runs
  // Hub-hub pairs: sorted keys (min<<32|max) and their ranges in
  // pair_entries_, which holds absolute positions in entries_ of the pair's
  // subject-side entries, sorted by (start key, fact).
  std::vector<uint64_t> pair_keys_;
  std::vector<uint32_t> pair_offsets_;
  HugeVector<uint32_t> pair_entries_;
  PredicateId played_by_ = kNone;
  size_t complex_facts_ = 0;
};

static_assert(sizeof(FactIndex::Entry) == 16, "run entries are packed four per cache line");

// ---- Template definitions ---------------------------------------------------

template <typename Emit>
void FactIndex::ScanRun(const Run& run, TimeKey key, const HorizonMask& h, Emit&& emit) const {
  const Entry* base = entries_.data();
  auto consider = [&](const Entry& x) {
    if (x.reveal & kComplex) {
      if (FactHolds(x.fact, key, h)) emit(x);
    } else if (x.end > key && EntryVisible(x, h)) {
      emit(x);
    }
  };
  // Open-ended slice: the answers are a prefix.
  for (uint32_t i = run.split; i < run.end && base[i].start <= key; ++i) consider(base[i]);
  // Closed slice.
  uint32_t from = run.begin;
  if (run.hub != kNone) {
    const Hub& hub = hubs_[run.hub];
    // Last checkpoint with key <= `key`.
    const uint32_t lo = CheckpointEnd(hub, key);
    if (lo > hub.cp_begin) {
      const Checkpoint& cp = checkpoints_[lo - 1];
      const uint32_t active_end = lo < checkpoints_.size() ? checkpoints_[lo].active_begin
                                                           : static_cast<uint32_t>(active_.size());
      for (uint32_t a = cp.active_begin; a < active_end; ++a) consider(base[active_[a]]);
      from = cp.pos;
    }
  }
  for (uint32_t i = from; i < run.split && base[i].start <= key; ++i) consider(base[i]);
}

template <typename Emit>
void FactIndex::AsOf(EntityId e, TimeKey key, const HorizonMask& h, Emit&& emit) const {
  if (e >= runs_.size()) return;
  ScanRun(runs_[e], key, h, [&](const Entry& x) { emit(x.fact); });
}

}  // namespace canon

#endif  // CANON_INDEX_FACT_INDEX_H_
