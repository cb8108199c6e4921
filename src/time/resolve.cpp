// Story-time solver (docs/time.md): the written and implicit constraints
// become a graph of day-difference edges; strongly connected components of
// the order edges give simultaneous points and cycles of "before"s; longest
// paths over the component DAG give earliest/latest days; a priority
// topological sort gives the ranks.
#include "time/resolve.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <algorithm>
#include <functional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "model/dates.h"
#include "time/internal.h"

namespace canon {
namespace time_internal {
bool g_hunt_pred_cycles = true;
}  // namespace time_internal
namespace {

using Kind = TimeConstraint::Kind;
using AnchorKind = TimeConstraint::AnchorKind;
constexpr int64_t kNegInf = ResolvedTime::kNegInf;
constexpr int64_t kPosInf = ResolvedTime::kPosInf;

// Edge flags. An order edge a->b says "a is not later than b in the story
// order" (strict: "a is before b"); its weight w >= 0 is the least number of
// days from a to b. A day edge (no kOrder) only bounds days: day(b) - day(a)
// >= w with w <= 0 (the upper end of "N years after"). kDisabled marks day
// edges dropped after their cycle was reported.
constexpr uint8_t kStrict = 1;
constexpr uint8_t kOrder = 2;
constexpr uint8_t kDisabled = 4;

// Reported contradictions of day offsets before the rest are dropped
// unreported (each report costs a solver run on the error path).
constexpr int kMaxOffsetCycleReports = 10;
// E0502 reports per run, and notes shown per E0502 (first and last half).
constexpr int kMaxDateReports = 100;
constexpr size_t kMaxDateNotes = 16;
// Pops recorded for cycle extraction (8 bytes each) before giving up on an
// exact cycle and reporting the offset that kept growing.
constexpr size_t kMaxLogEntries = size_t{1} << 25;

int64_t ClampDay(int64_t v) { return v < kNegInf ? kNegInf : (v > kPosInf ? kPosInf : v); }

// a + w for a day value a that may be infinite; |w| stays below 2^42 and
// finite values below 2^61, so the sum cannot overflow before clamping.
int64_t AddDays(int64_t a, int64_t w) {
  if (a <= kNegInf || a >= kPosInf) return a;
  return ClampDay(a + w);
}

bool LocBefore(const SourceLoc& a, const SourceLoc& b) {
  return std::tie(a.file, a.line, a.col) < std::tie(b.file, b.line, b.col);
}

// Cycle decomposition needs the records of the pops of one propagation.
struct PropagationLog {
  std::vector<uint32_t> comp;       // popped component, per pop
  std::vector<uint32_t> pred;       // its predecessor edge at the pop
  std::vector<size_t> round_start;  // first pop of each round
  bool overflow = false;
};

class Solver {
 public:
  Solver(Universe& u, DiagnosticSink& sink) : u_(u), sink_(sink) {}
  void Run();

 private:
  // --- graph ---
  void Build();
  template <class Emit, class Bound>
  void Translate(PointId p, const TimeConstraint& c, Emit&& emit, Bound&& bound) const;
  void FindComponents();
  void BuildCondensed();
  void DisableDayEdge(uint32_t e);
  uint32_t CountBackEdges() const;

  // --- solving ---
  bool Propagate(bool backward, std::vector<int64_t>& val, std::vector<uint32_t>& pred,
                 const std::vector<uint32_t>& dirty, uint32_t back_edges, PropagationLog* log,
                 uint32_t* failed, std::vector<uint32_t>* pred_cycle = nullptr);
  std::vector<uint32_t> FindPredCycle(const std::vector<uint32_t>& pred) const;
  void ReportOrderCycles();
  void CheckOffsetCycles();
  std::vector<uint32_t> ExtractPositiveCycle(const PropagationLog& log,
                                             const std::vector<uint32_t>& pred, uint32_t failed);
  void ComputeBounds();
  void ReportImpossibleDates();
  void ComputeRanks();
  void Output();

  // --- diagnostics ---
  std::vector<uint32_t> IntraPath(PointId a, PointId b);
  std::vector<uint32_t> ExpandCycle(const std::vector<uint32_t>& comp_edges);
  void ReportCycle(const std::vector<uint32_t>& edges);
  uint32_t ChainRoot(const std::vector<uint32_t>& pred, std::vector<uint32_t>& memo,
                     std::vector<uint8_t>& via_cycle, uint32_t c, bool backward) const;
  std::pair<PointId, const TimeConstraint*> ConstraintAt(uint32_t cid) const;
  uint64_t PointRevealKey(PointId p) const;
  uint64_t RevealKey(const std::vector<RevealPoint>& rs) const;

  int64_t CompLatest(uint32_t c) const {
    const int64_t v = neg_latest_[c];
    if (v <= kNegInf) return kPosInf;
    if (v >= kPosInf) return kNegInf;
    return -v;
  }

  Universe& u_;
  DiagnosticSink& sink_;
  uint32_t n_ = 0;  // points

  // Constraint ids: constraint i of point p has id cbase_[p] + i.
  std::vector<uint32_t> cbase_;
  // Edges in CSR order by source point.
  std::vector<uint32_t> out_start_, from_, to_, cid_;
  std::vector<int64_t> w_;
  std::vector<uint8_t> flags_;
  // Date bounds per point and the constraint that set each.
  std::vector<int64_t> lo_, hi_;
  std::vector<uint32_t> lo_cid_, hi_cid_;

  // Components of the order edges, numbered in topological order: an order
  // edge between two components always goes from the lower to the higher id.
  std::vector<uint32_t> comp_;
  uint32_t ncomp_ = 0;
  std::vector<uint32_t> comp_start_, members_;  // members sorted by point id
  // The condensed graph: for each ordered pair of components joined by
  // enabled edges, only the heaviest edge (the one longest paths use), by
  // source (cout_*) and by target (cin_*). A component of a million
  // simultaneous points then costs only its outside edges per visit. An
  // entry whose edges were all disabled holds kNone.
  std::vector<uint32_t> cout_start_, cout_comp_, cout_edge_;
  std::vector<uint32_t> cin_start_, cin_comp_, cin_edge_;
  // Per component: date bounds (max/min over members) and the member that
  // holds them, earliest day, negated latest day, predecessor edges.
  std::vector<int64_t> clo_, chi_;
  std::vector<uint32_t> clo_pt_, chi_pt_;
  std::vector<int64_t> earliest_, neg_latest_;
  std::vector<uint32_t> pred_e_, pred_l_;
  std::vector<uint32_t> rank_of_comp_;
  // Per component: the edge that makes it a reported cycle, or kNone.
  std::vector<uint32_t> bad_;

  // BFS scratch for IntraPath (allocated on the first error).
  std::vector<uint32_t> bfs_stamp_, bfs_parent_;
  uint32_t stamp_ = 0;
};

void Solver::Run() {
  Build();
  FindComponents();
  BuildCondensed();
  ReportOrderCycles();
  CheckOffsetCycles();
  ComputeBounds();
  ReportImpossibleDates();
  ComputeRanks();
  Output();
}

// ---------------------------------------------------------------------------
// Graph

// Calls emit(a, b, w, flags) for each edge and bound(p, lo, hi) for each
// date bound the constraint `c` on point `p` implies. See docs/time.md,
// "Constraints as edges".
template <class Emit, class Bound>
void Solver::Translate(PointId p, const TimeConstraint& c, Emit&& emit, Bound&& bound) const {
  PointId start = kNone, end = kNone;  // the anchor's first and last point
  int64_t date_lo = 0, date_hi = 0;
  bool date = false;
  switch (c.anchor_kind) {
    case AnchorKind::kPoint:
      if (c.point < n_) start = end = c.point;
      break;
    case AnchorKind::kWork:
      if (c.work < u_.works.size()) {
        const Work& w = u_.works[c.work];
        if (w.slot_start < n_) start = w.slot_start;
        if (w.slot_end < n_) end = w.slot_end;
      }
      break;
    case AnchorKind::kDate:
      date = true;
      date_lo = EarliestDay(u_, c.date);
      date_hi = LatestDay(u_, c.date);
      break;
  }
  auto edge = [&](PointId a, PointId b, int64_t w, uint8_t flags) {
    if (a < n_ && b < n_) emit(a, b, w, flags);
  };
  switch (c.kind) {
    case Kind::kBefore:
      if (date)
        bound(p, kNegInf, date_lo - 1);
      else
        edge(p, start, 0, kOrder | kStrict);
      break;
    case Kind::kAfter:
      if (date)
        bound(p, date_hi + 1, kPosInf);
      else
        edge(end, p, 0, kOrder | kStrict);
      break;
    case Kind::kDuring:
    case Kind::kSame:
      if (date) {
        bound(p, date_lo, date_hi);
      } else {
        edge(start, p, 0, kOrder);
        edge(p, end, 0, kOrder);
      }
      break;
    case Kind::kDate:
      bound(p, EarliestDay(u_, c.date), LatestDay(u_, c.date));
      break;
    case Kind::kNotBefore:
      if (date)
        bound(p, date_lo, kPosInf);
      else
        edge(end, p, 0, kOrder);
      break;
    case Kind::kNotAfter:
      if (date)
        bound(p, kNegInf, date_hi);
      else
        edge(p, start, 0, kOrder);
      break;
    case Kind::kOffset: {
      const int64_t n = c.amount < 0 ? -static_cast<int64_t>(c.amount) : c.amount;
      int64_t glo = 0, ghi = 0;
      time_internal::GapRange(n, c.unit, glo, ghi);
      const uint8_t order = kOrder | (glo > 0 ? kStrict : 0);
      if (c.amount >= 0) {  // p is glo..ghi days after the anchor's end
        if (date) {
          bound(p, date_lo + glo, date_hi + ghi);
        } else {
          edge(end, p, glo, order);
          edge(p, end, -ghi, 0);
        }
      } else {  // p is glo..ghi days before the anchor's start
        if (date) {
          bound(p, date_lo - ghi, date_hi - glo);
        } else {
          edge(p, start, glo, order);
          edge(start, p, -ghi, 0);
        }
      }
      break;
    }
  }
}

void Solver::Build() {
  n_ = static_cast<uint32_t>(u_.points.size());
  cbase_.assign(n_ + 1, 0);
  for (PointId p = 0; p < n_; ++p) {
    cbase_[p + 1] = cbase_[p] + static_cast<uint32_t>(u_.points[p].constraints.size());
  }
  lo_.assign(n_, kNegInf);
  hi_.assign(n_, kPosInf);
  lo_cid_.assign(n_, kNone);
  hi_cid_.assign(n_, kNone);
  out_start_.assign(n_ + 1, 0);

  // Pass 1: out-degrees and date bounds.
  for (PointId p = 0; p < n_; ++p) {
    const auto& cs = u_.points[p].constraints;
    for (uint32_t i = 0; i < cs.size(); ++i) {
      const uint32_t cid = cbase_[p] + i;
      Translate(
          p, cs[i], [&](PointId a, PointId, int64_t, uint8_t) { ++out_start_[a + 1]; },
          [&](PointId q, int64_t lo, int64_t hi) {
            if (lo > lo_[q]) {
              lo_[q] = ClampDay(lo);
              lo_cid_[q] = cid;
            }
            if (hi < hi_[q]) {
              hi_[q] = ClampDay(hi);
              hi_cid_[q] = cid;
            }
          });
    }
  }
  for (PointId p = 0; p < n_; ++p) out_start_[p + 1] += out_start_[p];
  const uint32_t m = out_start_[n_];
  from_.resize(m);
  to_.resize(m);
  cid_.resize(m);
  w_.resize(m);
  flags_.resize(m);

  // Pass 2: fill the edges in CSR order.
  {
    std::vector<uint32_t> fill(out_start_.begin(), out_start_.end() - 1);
    for (PointId p = 0; p < n_; ++p) {
      const auto& cs = u_.points[p].constraints;
      for (uint32_t i = 0; i < cs.size(); ++i) {
        const uint32_t cid = cbase_[p] + i;
        Translate(
            p, cs[i],
            [&](PointId a, PointId b, int64_t w, uint8_t flags) {
              const uint32_t e = fill[a]++;
              from_[e] = a;
              to_[e] = b;
              w_[e] = w;
              flags_[e] = flags;
              cid_[e] = cid;
            },
            [](PointId, int64_t, int64_t) {});
      }
    }
  }
}

// Tarjan's algorithm over the order edges, iterative (chains of millions of
// points must not recurse). Components complete in reverse topological
// order; they are renumbered so that ids are topological.
void Solver::FindComponents() {
  comp_.assign(n_, kNone);
  std::vector<uint32_t> index(n_, kNone), low(n_, 0), next_edge(n_, 0);
  std::vector<uint8_t> on_stack(n_, 0);
  std::vector<uint32_t> stack, frames;
  uint32_t counter = 0, done = 0;
  for (PointId s = 0; s < n_; ++s) {
    if (index[s] != kNone) continue;
    index[s] = low[s] = counter++;
    next_edge[s] = out_start_[s];
    stack.push_back(s);
    on_stack[s] = 1;
    frames.push_back(s);
    while (!frames.empty()) {
      const PointId v = frames.back();
      if (next_edge[v] < out_start_[v + 1]) {
        const uint32_t e = next_edge[v]++;
        if (!(flags_[e] & kOrder)) continue;
        const PointId t = to_[e];
        if (index[t] == kNone) {
          index[t] = low[t] = counter++;
          next_edge[t] = out_start_[t];
          stack.push_back(t);
          on_stack[t] = 1;
          frames.push_back(t);
        } else if (on_stack[t]) {
          low[v] = std::min(low[v], index[t]);
        }
        continue;
      }
      frames.pop_back();
      if (low[v] == index[v]) {
        PointId x;
        do {
          x = stack.back();
          stack.pop_back();
          on_stack[x] = 0;
          comp_[x] = done;
        } while (x != v);
        ++done;
      }
      if (!frames.empty()) {
        const PointId parent = frames.back();
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  ncomp_ = done;
  for (PointId p = 0; p < n_; ++p) comp_[p] = ncomp_ - 1 - comp_[p];

  comp_start_.assign(ncomp_ + 1, 0);
  for (PointId p = 0; p < n_; ++p) ++comp_start_[comp_[p] + 1];
  for (uint32_t c = 0; c < ncomp_; ++c) comp_start_[c + 1] += comp_start_[c];
  members_.resize(n_);
  std::vector<uint32_t> fill(comp_start_.begin(), comp_start_.end() - 1);
  for (PointId p = 0; p < n_; ++p) members_[fill[comp_[p]]++] = p;
}

uint32_t Solver::CountBackEdges() const {
  uint32_t k = 0;
  for (uint32_t c = 0; c < ncomp_; ++c) {
    for (uint32_t j = cout_start_[c]; j < cout_start_[c + 1]; ++j) {
      k += cout_comp_[j] < c && cout_edge_[j] != kNone;
    }
  }
  return k;
}

// Disables day edge e and repairs the condensed entry of its pair of
// components (the next heaviest enabled edge, or kNone).
void Solver::DisableDayEdge(uint32_t e) {
  if (flags_[e] & (kDisabled | kOrder)) return;
  flags_[e] |= kDisabled;
  const uint32_t c = comp_[from_[e]], t = comp_[to_[e]];
  if (c == t) return;
  uint32_t best = kNone;
  for (uint32_t k = comp_start_[c]; k < comp_start_[c + 1]; ++k) {
    const PointId m = members_[k];
    for (uint32_t f = out_start_[m]; f < out_start_[m + 1]; ++f) {
      if ((flags_[f] & kDisabled) || comp_[to_[f]] != t) continue;
      if (best == kNone || w_[f] > w_[best]) best = f;
    }
  }
  for (uint32_t j = cout_start_[c]; j < cout_start_[c + 1]; ++j) {
    if (cout_comp_[j] == t) cout_edge_[j] = best;
  }
  for (uint32_t j = cin_start_[t]; j < cin_start_[t + 1]; ++j) {
    if (cin_comp_[j] == c) cin_edge_[j] = best;
  }
}

void Solver::BuildCondensed() {
  cout_start_.assign(ncomp_ + 1, 0);
  cout_comp_.clear();
  cout_edge_.clear();
  std::vector<uint32_t> seen_by(ncomp_, kNone), slot(ncomp_, 0);
  for (uint32_t c = 0; c < ncomp_; ++c) {
    cout_start_[c] = static_cast<uint32_t>(cout_comp_.size());
    for (uint32_t k = comp_start_[c]; k < comp_start_[c + 1]; ++k) {
      const PointId m = members_[k];
      for (uint32_t e = out_start_[m]; e < out_start_[m + 1]; ++e) {
        if (flags_[e] & kDisabled) continue;
        const uint32_t t = comp_[to_[e]];
        if (t == c) continue;
        if (seen_by[t] != c) {
          seen_by[t] = c;
          slot[t] = static_cast<uint32_t>(cout_comp_.size());
          cout_comp_.push_back(t);
          cout_edge_.push_back(e);
        } else if (w_[e] > w_[cout_edge_[slot[t]]]) {
          cout_edge_[slot[t]] = e;
        }
      }
    }
  }
  cout_start_[ncomp_] = static_cast<uint32_t>(cout_comp_.size());
  cin_start_.assign(ncomp_ + 1, 0);
  for (uint32_t t : cout_comp_) ++cin_start_[t + 1];
  for (uint32_t c = 0; c < ncomp_; ++c) cin_start_[c + 1] += cin_start_[c];
  cin_comp_.resize(cout_comp_.size());
  cin_edge_.resize(cout_comp_.size());
  std::vector<uint32_t> fill(cin_start_.begin(), cin_start_.end() - 1);
  for (uint32_t c = 0; c < ncomp_; ++c) {
    for (uint32_t j = cout_start_[c]; j < cout_start_[c + 1]; ++j) {
      const uint32_t at = fill[cout_comp_[j]]++;
      cin_comp_[at] = c;
      cin_edge_[at] = cout_edge_[j];
    }
  }
}

// ---------------------------------------------------------------------------
// Propagation

// Longest paths by label correcting over the component DAG plus the day
// edges that point backwards in it. Forward: val is "earliest-like" and an
// edge a->b with weight w lifts val[b] to val[a] + w. Backward: val is the
// negated latest day and the same edge lifts val[a] to val[b] + w.
//
// It first relaxes in "immediate" order (a min-heap on the topological
// index, so the component DAG is swept once and a backward edge re-sweeps
// only what it changed) under a work budget; past the budget, or when `log`
// is given, it switches to rounds: each round is one sweep in topological
// order, and improvements along backward edges wait for the next round. With
// k backward edges and no positive cycle a fixpoint is reached within k + 1
// rounds (a simple path uses each backward edge at most once); a change
// after round k + 1 proves a positive cycle: returns false and sets *failed
// to a component changed then.
bool Solver::Propagate(bool backward, std::vector<int64_t>& val, std::vector<uint32_t>& pred,
                       const std::vector<uint32_t>& dirty, uint32_t back_edges, PropagationLog* log,
                       uint32_t* failed, std::vector<uint32_t>* pred_cycle) {
  const uint32_t nc = ncomp_;
  auto idx = [&](uint32_t c) { return backward ? nc - 1 - c : c; };
  constexpr uint8_t kInHeap = 1, kInNext = 2;
  std::vector<uint8_t> mark(nc, 0);
  std::vector<uint32_t> heap, next;
  for (uint32_t c : dirty) {
    if (!(mark[c] & kInHeap)) {
      mark[c] |= kInHeap;
      heap.push_back(idx(c));
    }
  }
  const auto cmp = std::greater<uint32_t>();
  std::make_heap(heap.begin(), heap.end(), cmp);
  bool rounds = log != nullptr;
  const uint64_t budget = 8 * (static_cast<uint64_t>(nc) + cout_comp_.size()) + 1024;
  uint64_t ops = 0;
  // Cycle hunting: once per sweep's worth of work, look for a cycle in the
  // predecessor graph (any such cycle is positive).
  const uint64_t check_every = std::max<uint64_t>(budget / 8, 1 << 16);
  uint64_t next_check = check_every;
  auto hunt = [&]() {
    if (pred_cycle == nullptr || !time_internal::g_hunt_pred_cycles) return false;
    *pred_cycle = FindPredCycle(pred);
    return !pred_cycle->empty();
  };
  uint32_t round = 1;
  const uint64_t max_rounds = static_cast<uint64_t>(back_edges) + 1;
  if (log != nullptr) log->round_start.push_back(0);

  for (;;) {
    while (!heap.empty()) {
      std::pop_heap(heap.begin(), heap.end(), cmp);
      const uint32_t i = heap.back();
      heap.pop_back();
      const uint32_t c = backward ? nc - 1 - i : i;
      mark[c] &= static_cast<uint8_t>(~kInHeap);
      if (log != nullptr && !log->overflow) {
        if (log->comp.size() >= kMaxLogEntries) {
          log->overflow = true;
        } else {
          log->comp.push_back(c);
          log->pred.push_back(pred[c]);
        }
      }
      const int64_t vc = val[c];
      if (vc <= kNegInf) continue;
      const std::vector<uint32_t>& start = backward ? cin_start_ : cout_start_;
      const std::vector<uint32_t>& other = backward ? cin_comp_ : cout_comp_;
      const std::vector<uint32_t>& edge = backward ? cin_edge_ : cout_edge_;
      for (uint32_t j = start[c]; j < start[c + 1]; ++j) {
        const uint32_t t = other[j];
        const uint32_t e = edge[j];
        if (e == kNone) continue;
        ++ops;
        const int64_t nv = AddDays(vc, w_[e]);
        if (nv <= val[t]) continue;
        val[t] = nv;
        pred[t] = e;
        const uint32_t ti = idx(t);
        if (!rounds || ti > i) {
          if (!(mark[t] & kInHeap)) {
            mark[t] |= kInHeap;
            heap.push_back(ti);
            std::push_heap(heap.begin(), heap.end(), cmp);
          }
        } else if (!(mark[t] & kInNext)) {
          mark[t] |= kInNext;
          next.push_back(t);
        }
      }
      // Past the budget the rest of the heap is the first round's work.
      if (!rounds && ops > budget) rounds = true;
      if (ops >= next_check) {
        next_check = ops + check_every;
        if (hunt()) return false;
      }
    }
    if (!rounds || next.empty()) return true;
    if (hunt()) return false;
    if (round >= max_rounds) {
      if (failed != nullptr) *failed = next.front();
      return false;
    }
    ++round;
    for (uint32_t t : next) {
      mark[t] &= static_cast<uint8_t>(~kInNext);
      if (!(mark[t] & kInHeap)) {
        mark[t] |= kInHeap;
        heap.push_back(idx(t));
      }
    }
    next.clear();
    std::make_heap(heap.begin(), heap.end(), cmp);
    if (log != nullptr) log->round_start.push_back(log->comp.size());
  }
}

// A cycle of order edges inside one component that holds a strict edge or a
// positive day gap is a contradiction. One report per component (the
// shortest cycle through its first bad edge); the component then stands for
// simultaneous points, as best effort.
void Solver::ReportOrderCycles() {
  std::vector<uint32_t>& bad = bad_;
  bad.assign(ncomp_, kNone);
  for (uint32_t e = 0; e < from_.size(); ++e) {
    if (!(flags_[e] & kOrder)) continue;
    const uint32_t c = comp_[from_[e]];
    if (c != comp_[to_[e]] || bad[c] != kNone) continue;
    if ((flags_[e] & kStrict) || w_[e] > 0) bad[c] = e;
  }
  for (uint32_t c = 0; c < ncomp_; ++c) {
    if (bad[c] == kNone) continue;
    const uint32_t e = bad[c];
    std::vector<uint32_t> cycle{e};
    std::vector<uint32_t> back = IntraPath(to_[e], from_[e]);
    cycle.insert(cycle.end(), back.begin(), back.end());
    ReportCycle(cycle);
  }
}

// Contradictions among day offsets ("a is 1 year after b", "c is 10 days
// after b", "c is before a"): positive cycles through backward day edges,
// found with potentials (longest paths from a virtual source joined to every
// component with weight 0). Each found cycle is reported and its day edges
// disabled, then the check runs again.
//
// Day edges that touch a component already reported as a cycle are dropped
// first: its points were merged as best effort, and offsets measured from
// its different members would only report that merge again.
void Solver::CheckOffsetCycles() {
  bool touched = false;
  for (uint32_t e = 0; e < from_.size(); ++e) {
    if (!(flags_[e] & kOrder) && (bad_[comp_[from_[e]]] != kNone || bad_[comp_[to_[e]]] != kNone)) {
      flags_[e] |= kDisabled;
      touched = true;
    }
  }
  if (touched) BuildCondensed();
  std::vector<uint32_t> all(ncomp_);
  for (uint32_t c = 0; c < ncomp_; ++c) all[c] = c;
  for (int reports = 0;; ++reports) {
    const uint32_t k = CountBackEdges();
    if (k == 0) return;
    std::vector<int64_t> pot(ncomp_, 0);
    std::vector<uint32_t> pred(ncomp_, kNone);
    uint32_t failed = kNone;
    std::vector<uint32_t> cycle;
    if (Propagate(false, pot, pred, all, k, nullptr, &failed, &cycle)) return;
    if (reports >= kMaxOffsetCycleReports) {
      for (uint32_t e = 0; e < from_.size(); ++e) {
        if (!(flags_[e] & kOrder) && comp_[to_[e]] < comp_[from_[e]]) flags_[e] |= kDisabled;
      }
      BuildCondensed();
      return;
    }
    if (cycle.empty()) {
      // No cycle among the predecessors yet: again in rounds, recording
      // every pop, to take the growing walk apart.
      std::fill(pot.begin(), pot.end(), 0);
      std::fill(pred.begin(), pred.end(), kNone);
      PropagationLog log;
      if (Propagate(false, pot, pred, all, k, &log, &failed)) return;
      if (!log.overflow) cycle = ExtractPositiveCycle(log, pred, failed);
    }
    if (cycle.empty()) {
      // Too large to take apart: report the day edge that kept growing.
      if (failed == kNone || pred[failed] == kNone) return;
      const uint32_t e = pred[failed];
      auto [p, c] = ConstraintAt(cid_[e]);
      Diagnostic d;
      d.id = DiagId::kTimeCycle;
      d.loc = c->loc;
      d.message = "story-time constraints leave no room: the day offsets around " +
                  DescribeTimePoint(u_, p) + " contradict each other";
      d.hint =
          "the cycle is too large to list; check the `N days/months/years` constraints "
          "that lead back to this point";
      d.notes.push_back({c->loc, time_internal::DescribeConstraint(u_, p, *c)});
      sink_.Report(std::move(d));
      DisableDayEdge(e);
      continue;
    }
    for (uint32_t e : cycle) DisableDayEdge(e);
    ReportCycle(ExpandCycle(cycle));
  }
}

// A cycle in the predecessor graph of a forward propagation, as edges in
// order, or empty. Every such cycle has positive weight: each edge on it
// was tight when set and its head only grew since. O(components).
std::vector<uint32_t> Solver::FindPredCycle(const std::vector<uint32_t>& pred) const {
  std::vector<uint32_t> walk_of(ncomp_, kNone);
  for (uint32_t s = 0; s < ncomp_; ++s) {
    uint32_t x = s;
    while (x != kNone && walk_of[x] == kNone) {
      walk_of[x] = s;
      x = pred[x] == kNone ? kNone : comp_[from_[pred[x]]];
    }
    if (x == kNone || walk_of[x] != s) continue;
    // x is on a cycle of this walk.
    std::vector<uint32_t> cycle;
    uint32_t y = x;
    do {
      cycle.push_back(pred[y]);
      y = comp_[from_[pred[y]]];
    } while (y != x && cycle.size() <= ncomp_);
    std::reverse(cycle.begin(), cycle.end());
    int64_t weight = 0;
    for (uint32_t e : cycle) weight += w_[e];
    if (weight > 0) return cycle;
  }
  return {};
}

// Rebuilds the walk that gave `failed` its last value from the per-round
// pop records, then splits the walk into simple cycles until one has
// positive weight (one must: the walk is heavier than every walk with fewer
// backward edges than there are, and a simple path has no more than that).
std::vector<uint32_t> Solver::ExtractPositiveCycle(const PropagationLog& log,
                                                   const std::vector<uint32_t>& pred,
                                                   uint32_t failed) {
  const size_t rounds = log.round_start.size();
  auto lookup = [&](size_t r, uint32_t c) -> size_t {
    const size_t b = log.round_start[r];
    const size_t e = r + 1 < rounds ? log.round_start[r + 1] : log.comp.size();
    auto it = std::lower_bound(log.comp.begin() + b, log.comp.begin() + e, c);
    if (it == log.comp.begin() + e || *it != c) return kNone;
    return static_cast<size_t>(it - log.comp.begin());
  };
  std::vector<uint32_t> walk;  // edges, last first
  uint32_t c = failed;
  size_t r = rounds;  // `failed` changed after the last round
  uint32_t e = pred[failed];
  while (e != kNone && walk.size() <= log.comp.size() + 1) {
    walk.push_back(e);
    const uint32_t s = comp_[from_[e]];
    if (s >= c) {  // a backward edge: its source was popped a round earlier
      if (r == 0) break;
      --r;
    }
    if (r >= rounds) break;
    const size_t at = lookup(r, s);
    if (at == kNone) break;
    e = log.pred[at];
    c = s;
  }
  std::reverse(walk.begin(), walk.end());
  if (walk.empty()) return {};

  std::vector<uint32_t> comps{comp_[from_[walk[0]]]}, edges;
  std::unordered_map<uint32_t, size_t> pos{{comps[0], 0}};
  for (uint32_t edge : walk) {
    const uint32_t t = comp_[to_[edge]];
    auto it = pos.find(t);
    if (it == pos.end()) {
      edges.push_back(edge);
      comps.push_back(t);
      pos.emplace(t, comps.size() - 1);
      continue;
    }
    const size_t j = it->second;
    int64_t weight = w_[edge];
    for (size_t q = j; q < edges.size(); ++q) weight += w_[edges[q]];
    if (weight > 0) {
      std::vector<uint32_t> cycle(edges.begin() + static_cast<std::ptrdiff_t>(j), edges.end());
      cycle.push_back(edge);
      return cycle;
    }
    for (size_t q = j + 1; q < comps.size(); ++q) pos.erase(comps[q]);
    comps.resize(j + 1);
    edges.resize(j);
  }
  return {};
}

void Solver::ComputeBounds() {
  clo_.assign(ncomp_, kNegInf);
  chi_.assign(ncomp_, kPosInf);
  clo_pt_.assign(ncomp_, kNone);
  chi_pt_.assign(ncomp_, kNone);
  for (PointId p = 0; p < n_; ++p) {
    const uint32_t c = comp_[p];
    if (lo_cid_[p] != kNone && (clo_pt_[c] == kNone || lo_[p] > clo_[c])) {
      clo_[c] = lo_[p];
      clo_pt_[c] = p;
    }
    if (hi_cid_[p] != kNone && (chi_pt_[c] == kNone || hi_[p] < chi_[c])) {
      chi_[c] = hi_[p];
      chi_pt_[c] = p;
    }
  }
  const uint32_t k = CountBackEdges();
  earliest_ = clo_;
  pred_e_.assign(ncomp_, kNone);
  std::vector<uint32_t> dirty;
  for (uint32_t c = 0; c < ncomp_; ++c) {
    if (clo_[c] > kNegInf) dirty.push_back(c);
  }
  Propagate(false, earliest_, pred_e_, dirty, k, nullptr, nullptr);

  neg_latest_.assign(ncomp_, kNegInf);
  pred_l_.assign(ncomp_, kNone);
  dirty.clear();
  for (uint32_t c = 0; c < ncomp_; ++c) {
    if (chi_[c] < kPosInf) {
      neg_latest_[c] = -chi_[c];
      dirty.push_back(c);
    }
  }
  Propagate(true, neg_latest_, pred_l_, dirty, k, nullptr, nullptr);
}

// The component whose own date bound started the chain of predecessor edges
// that gave `c` its earliest (or latest) day, and whether that chain passes
// through a component reported as a cycle; memoised, iterative.
uint32_t Solver::ChainRoot(const std::vector<uint32_t>& pred, std::vector<uint32_t>& memo,
                           std::vector<uint8_t>& via_cycle, uint32_t c, bool backward) const {
  std::vector<uint32_t> path;
  uint32_t x = c, root = kNone;
  uint8_t cyc = 0;
  for (uint32_t steps = 0; steps <= ncomp_; ++steps) {
    if (memo[x] != kNone) {
      root = memo[x];
      cyc = via_cycle[x];
      break;
    }
    path.push_back(x);
    const uint32_t e = pred[x];
    if (e == kNone) {
      root = x;
      break;
    }
    x = comp_[backward ? to_[e] : from_[e]];
  }
  // Fill from the root end so each component's flag covers its own chain.
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    cyc = cyc || bad_[*it] != kNone;
    memo[*it] = root;
    via_cycle[*it] = cyc;
  }
  return root;
}

// E0502 (or E0503 when the conflict runs through a fact's own "ends after
// it starts"): a component whose earliest day is after its latest. Its
// earliest day comes from a date bound through a chain of predecessor edges,
// and its latest from another; one report per pair of date constraints.
void Solver::ReportImpossibleDates() {
  std::vector<uint32_t> memo_lo(ncomp_, kNone), memo_hi(ncomp_, kNone);
  std::vector<uint8_t> cyc_lo(ncomp_, 0), cyc_hi(ncomp_, 0);
  std::unordered_set<uint64_t> seen;
  int reports = 0;
  for (uint32_t c = 0; c < ncomp_ && reports < kMaxDateReports; ++c) {
    if (earliest_[c] <= CompLatest(c)) continue;
    const uint32_t rlo = ChainRoot(pred_e_, memo_lo, cyc_lo, c, false);
    const uint32_t rhi = ChainRoot(pred_l_, memo_hi, cyc_hi, c, true);
    if (rlo == kNone || rhi == kNone || clo_pt_[rlo] == kNone || chi_pt_[rhi] == kNone) continue;
    // Conflicts through a component reported as a cycle come from merging
    // its points; they are not new errors.
    if (cyc_lo[c] || cyc_hi[c]) continue;
    const PointId plo = clo_pt_[rlo], phi = chi_pt_[rhi];
    const uint32_t lo_cid = lo_cid_[plo], hi_cid = hi_cid_[phi];
    if (!seen.insert((static_cast<uint64_t>(lo_cid) << 32) | hi_cid).second) continue;
    ++reports;

    // The chain as point-level edges: plo ~> c ~> phi.
    std::vector<uint32_t> lo_edges, hi_edges;
    for (uint32_t x = c; x != rlo && pred_e_[x] != kNone && lo_edges.size() <= ncomp_;
         x = comp_[from_[pred_e_[x]]]) {
      lo_edges.push_back(pred_e_[x]);
    }
    std::reverse(lo_edges.begin(), lo_edges.end());
    for (uint32_t x = c; x != rhi && pred_l_[x] != kNone && hi_edges.size() <= ncomp_;
         x = comp_[to_[pred_l_[x]]]) {
      hi_edges.push_back(pred_l_[x]);
    }
    std::vector<uint32_t> chain;
    PointId cur = plo;
    auto step = [&](uint32_t e) {
      if (from_[e] != cur) {
        std::vector<uint32_t> p = IntraPath(cur, from_[e]);
        chain.insert(chain.end(), p.begin(), p.end());
      }
      chain.push_back(e);
      cur = to_[e];
    };
    for (uint32_t e : lo_edges) step(e);
    for (uint32_t e : hi_edges) step(e);
    if (cur != phi) {
      std::vector<uint32_t> p = IntraPath(cur, phi);
      chain.insert(chain.end(), p.begin(), p.end());
    }

    std::vector<uint32_t> cids{lo_cid};
    std::unordered_set<uint32_t> have{lo_cid};
    for (uint32_t e : chain) {
      if (have.insert(cid_[e]).second) cids.push_back(cid_[e]);
    }
    if (have.insert(hi_cid).second) cids.push_back(hi_cid);

    Diagnostic d;
    auto [lo_point, lo_c] = ConstraintAt(lo_cid);
    auto [hi_point, hi_c] = ConstraintAt(hi_cid);
    const uint32_t* fact_cid = nullptr;
    for (const uint32_t& id : cids) {
      auto [p, tc] = ConstraintAt(id);
      if (time_internal::IsFactOrderConstraint(u_, p, *tc)) {
        fact_cid = &id;
        break;
      }
    }
    if (fact_cid != nullptr) {
      auto [p, tc] = ConstraintAt(*fact_cid);
      d.id = DiagId::kEndsBeforeStart;
      d.loc = tc->loc;
      d.message = "fact `" +
                  time_internal::FactName(u_, time_internal::FactOfOrderConstraint(u_, p, *tc)) +
                  "` ends before it starts: its dates leave no day between `from` and `until`";
      d.hint = "correct one of the dates or constraints listed in the notes";
    } else {
      const bool hi_primary = !LocBefore(hi_c->loc, lo_c->loc);
      const TimeConstraint& pc = hi_primary ? *hi_c : *lo_c;
      const PointId pp = hi_primary ? hi_point : lo_point;
      const EraId era =
          (pc.anchor_kind == AnchorKind::kDate || pc.kind == Kind::kDate) ? pc.date.era : 0;
      d.id = DiagId::kImpossibleDate;
      d.loc = pc.loc;
      d.message = time_internal::DescribeConstraint(u_, pp, pc) +
                  ", but the other constraints place it " +
                  (hi_primary ? "on or after " + FormatDay(u_, earliest_[comp_[pp]], era)
                              : "on or before " + FormatDay(u_, CompLatest(comp_[pp]), era));
      d.hint = "correct the date, or one of the constraints listed in the notes";
    }
    const size_t shown = std::min(cids.size(), kMaxDateNotes);
    for (size_t i = 0; i < cids.size(); ++i) {
      if (cids.size() > kMaxDateNotes && i >= shown / 2 && i < cids.size() - shown / 2) continue;
      auto [p, tc] = ConstraintAt(cids[i]);
      d.notes.push_back({tc->loc, time_internal::DescribeConstraint(u_, p, *tc)});
    }
    if (cids.size() > kMaxDateNotes) {
      d.hint += " (" + std::to_string(cids.size() - shown) +
                " constraints in the middle of the chain are not shown)";
    }
    sink_.Report(std::move(d));
  }
}

// ---------------------------------------------------------------------------
// Ranks

uint64_t Solver::RevealKey(const std::vector<RevealPoint>& rs) const {
  uint64_t best = UINT64_MAX;
  for (const RevealPoint& r : rs) {
    if (r.work >= u_.works.size()) continue;
    const uint32_t leaf = u_.works[r.work].first_leaf_rank;
    if (leaf == kNone) continue;
    uint64_t pos = 0;
    if (r.position_kind != RevealPoint::PositionKind::kNone) {
      pos = static_cast<uint64_t>(std::max(r.position, 0)) + 1;
    }
    best = std::min(best, (static_cast<uint64_t>(leaf) << 32) | std::min<uint64_t>(pos, kNone - 1));
  }
  return best;
}

// Where the audience first meets what owns the point (docs/time.md, "Ranks").
uint64_t Solver::PointRevealKey(PointId p) const {
  const TimePoint& tp = u_.points[p];
  const uint32_t id = tp.owner_id;
  switch (tp.owner) {
    case TimePoint::Owner::kEvent:
      if (id < u_.events.size()) return RevealKey(u_.events[id].revealed);
      break;
    case TimePoint::Owner::kFactStart:
    case TimePoint::Owner::kFactEnd:
      if (id < u_.facts.size()) {
        const Fact& f = u_.facts[id];
        if (!f.revealed.empty()) return RevealKey(f.revealed);
        if (f.subject < u_.entities.size()) return RevealKey(u_.entities[f.subject].introduced);
      }
      break;
    case TimePoint::Owner::kWorkStart:
      if (id < u_.works.size() && u_.works[id].first_leaf_rank != kNone) {
        return static_cast<uint64_t>(u_.works[id].first_leaf_rank) << 32;
      }
      break;
    case TimePoint::Owner::kWorkEnd:
      if (id < u_.works.size() && u_.works[id].end_leaf_rank != kNone &&
          u_.works[id].end_leaf_rank > 0) {
        return (static_cast<uint64_t>(u_.works[id].end_leaf_rank - 1) << 32) | 0xFFFFFFFFu;
      }
      break;
    case TimePoint::Owner::kKnowledge:
      if (id < u_.knowledge.size()) {
        const Knowledge& k = u_.knowledge[id];
        if (!k.revealed.empty()) return RevealKey(k.revealed);
        if (k.target_kind == Knowledge::TargetKind::kEvent && k.target < u_.events.size()) {
          return RevealKey(u_.events[k.target].revealed);
        }
        if (k.target_kind == Knowledge::TargetKind::kFact && k.target < u_.facts.size()) {
          return RevealKey(u_.facts[k.target].revealed);
        }
      }
      break;
    case TimePoint::Owner::kAppearance:
      if (id < u_.appearances.size()) return RevealKey({u_.appearances[id].at});
      break;
  }
  return UINT64_MAX;
}

// Kahn's algorithm over the component DAG; among the components whose
// predecessors are all placed, the next is the one with the least
// (earliest day, reveal key, smallest point id).
void Solver::ComputeRanks() {
  std::vector<uint32_t> indeg(ncomp_, 0);
  for (uint32_t e = 0; e < from_.size(); ++e) {
    if ((flags_[e] & kOrder) && comp_[from_[e]] != comp_[to_[e]]) ++indeg[comp_[to_[e]]];
  }
  std::vector<uint64_t> key(ncomp_, UINT64_MAX);
  for (PointId p = 0; p < n_; ++p) key[comp_[p]] = std::min(key[comp_[p]], PointRevealKey(p));
  auto later = [&](uint32_t a, uint32_t b) {
    // Members are sorted, so the first member is the smallest point id.
    return std::make_tuple(earliest_[a], key[a], members_[comp_start_[a]]) >
           std::make_tuple(earliest_[b], key[b], members_[comp_start_[b]]);
  };
  std::vector<uint32_t> heap;
  for (uint32_t c = 0; c < ncomp_; ++c) {
    if (indeg[c] == 0) heap.push_back(c);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  rank_of_comp_.assign(ncomp_, kNone);
  uint32_t next_rank = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const uint32_t c = heap.back();
    heap.pop_back();
    rank_of_comp_[c] = next_rank++;
    for (uint32_t k = comp_start_[c]; k < comp_start_[c + 1]; ++k) {
      const PointId m = members_[k];
      for (uint32_t e = out_start_[m]; e < out_start_[m + 1]; ++e) {
        if (!(flags_[e] & kOrder)) continue;
        const uint32_t t = comp_[to_[e]];
        if (t == c) continue;
        if (--indeg[t] == 0) {
          heap.push_back(t);
          std::push_heap(heap.begin(), heap.end(), later);
        }
      }
    }
  }
}

void Solver::Output() {
  ResolvedTime& t = u_.time;
  t.rank.resize(n_);
  t.earliest.resize(n_);
  t.latest.resize(n_);
  for (PointId p = 0; p < n_; ++p) {
    const uint32_t c = comp_[p];
    t.rank[p] = rank_of_comp_[c];
    t.earliest[p] = earliest_[c];
    t.latest[p] = CompLatest(c);
  }
  t.resolved = true;
}

// ---------------------------------------------------------------------------
// Diagnostics helpers

std::pair<PointId, const TimeConstraint*> Solver::ConstraintAt(uint32_t cid) const {
  auto it = std::upper_bound(cbase_.begin(), cbase_.end(), cid);
  const PointId p = static_cast<PointId>(it - cbase_.begin()) - 1;
  return {p, &u_.points[p].constraints[cid - cbase_[p]]};
}

// Shortest path of order edges from a to b inside their component.
std::vector<uint32_t> Solver::IntraPath(PointId a, PointId b) {
  if (a == b || a >= n_ || b >= n_) return {};
  if (bfs_stamp_.empty()) {
    bfs_stamp_.assign(n_, 0);
    bfs_parent_.assign(n_, kNone);
  }
  ++stamp_;
  const uint32_t c = comp_[a];
  std::vector<PointId> queue{a};
  bfs_stamp_[a] = stamp_;
  for (size_t h = 0; h < queue.size(); ++h) {
    const PointId v = queue[h];
    for (uint32_t e = out_start_[v]; e < out_start_[v + 1]; ++e) {
      if (!(flags_[e] & kOrder)) continue;
      const PointId t = to_[e];
      if (comp_[t] != c || bfs_stamp_[t] == stamp_) continue;
      bfs_stamp_[t] = stamp_;
      bfs_parent_[t] = e;
      if (t == b) {
        std::vector<uint32_t> path;
        for (PointId x = b; x != a; x = from_[bfs_parent_[x]]) path.push_back(bfs_parent_[x]);
        std::reverse(path.begin(), path.end());
        return path;
      }
      queue.push_back(t);
    }
  }
  return {};
}

// A cycle of edges between components, with the paths inside each
// component that join where it enters to where it leaves.
std::vector<uint32_t> Solver::ExpandCycle(const std::vector<uint32_t>& comp_edges) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < comp_edges.size(); ++i) {
    const uint32_t e = comp_edges[i];
    out.push_back(e);
    const uint32_t next = comp_edges[(i + 1) % comp_edges.size()];
    std::vector<uint32_t> p = IntraPath(to_[e], from_[next]);
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

// E0501 for a cycle of edges (or E0503 when the cycle runs through a fact's
// "ends after it starts"), with a note for every constraint on it.
void Solver::ReportCycle(const std::vector<uint32_t>& edges) {
  if (edges.empty()) return;
  std::vector<uint32_t> cids;
  std::unordered_set<uint32_t> have;
  int64_t weight = 0;
  for (uint32_t e : edges) {
    weight += w_[e];
    if (have.insert(cid_[e]).second) cids.push_back(cid_[e]);
  }
  size_t primary = kNone;
  for (size_t i = 0; i < cids.size() && primary == kNone; ++i) {
    auto [p, c] = ConstraintAt(cids[i]);
    if (time_internal::IsFactOrderConstraint(u_, p, *c)) primary = i;
  }
  const bool fact = primary != kNone;
  if (!fact) {
    // The last written constraint on the cycle: usually the one that closed it.
    for (size_t i = 0; i < cids.size(); ++i) {
      const TimeConstraint& c = *ConstraintAt(cids[i]).second;
      if (c.implicit) continue;
      if (primary == kNone || !LocBefore(c.loc, ConstraintAt(cids[primary]).second->loc)) {
        primary = i;
      }
    }
    if (primary == kNone) primary = 0;
  }
  std::rotate(cids.begin(), cids.begin() + static_cast<std::ptrdiff_t>(primary), cids.end());
  auto [pp, pc] = ConstraintAt(cids[0]);
  Diagnostic d;
  d.loc = pc->loc;
  if (fact) {
    d.id = DiagId::kEndsBeforeStart;
    d.message = "fact `" +
                time_internal::FactName(u_, time_internal::FactOfOrderConstraint(u_, pp, *pc)) +
                "` ends before it starts";
    d.hint = cids.size() > 1
                 ? "the constraints in the notes force its `until` at or before its `from`"
                 : "its `until` is the same moment as its `from`";
  } else {
    d.id = DiagId::kTimeCycle;
    const std::string who = DescribeTimePoint(u_, pp);
    if (weight > 0) {
      d.message = "story-time constraints leave no room: " + who + " would have to be at least " +
                  std::to_string(weight) + (weight == 1 ? " day" : " days") + " after itself";
    } else {
      d.message =
          "story-time constraints form a cycle: " + who + " would have to come before itself";
    }
    d.hint = "remove or correct one of the constraints in the notes";
  }
  for (uint32_t id : cids) {
    auto [p, c] = ConstraintAt(id);
    d.notes.push_back({c->loc, time_internal::DescribeConstraint(u_, p, *c)});
  }
  sink_.Report(std::move(d));
}

}  // namespace

void ResolveStoryTime(Universe& u, DiagnosticSink& sink) {
  time_internal::AddImplicitConstraints(u);
  {
    Solver solver(u, sink);
    solver.Run();
  }
#ifdef __GLIBC__
  // The solver's graph of a large universe is gone now; return its pages so
  // a long-lived process (a server, the benchmark) holds only the model.
  malloc_trim(0);
#endif
}

uint32_t RankCount(const Universe& u) {
  if (!u.time.resolved) return 0;
  uint32_t n = 0;
  for (uint32_t r : u.time.rank) {
    if (r != kNone) n = std::max(n, r + 1);
  }
  return n;
}

uint32_t PointRank(const Universe& u, PointId p, uint32_t if_none) {
  if (p == kNone || p >= u.time.rank.size()) return if_none;
  return u.time.rank[p];
}

uint32_t FactStartRank(const Universe& u, FactId f) {
  if (f >= u.facts.size()) return kStoryBegin;
  return PointRank(u, u.facts[f].start, kStoryBegin);
}

uint32_t FactEndRank(const Universe& u, FactId f) {
  if (f >= u.facts.size()) return kStoryEnd;
  return PointRank(u, u.facts[f].end, kStoryEnd);
}

bool FactHoldsAt(const Universe& u, FactId f, uint32_t rank) {
  if (f >= u.facts.size()) return false;
  return FactStartRank(u, f) <= rank && rank < FactEndRank(u, f);
}

uint32_t EventRank(const Universe& u, EventId e) {
  if (e >= u.events.size()) return kNone;
  return PointRank(u, u.events[e].time, kNone);
}

}  // namespace canon
