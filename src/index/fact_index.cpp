// FactIndex build and queries: runs, hub timelines, pair runs, the exact
// slow path, batching, neighbourhoods and timeslices.
#include "index/fact_index.h"

#include <algorithm>
#include <numeric>
#include <unordered_set>

#include "time/resolve.h"

namespace canon {

TimeKey CutKey(int64_t cut) {
  // holds iff 2*rank(s) <= cut < 2*rank(e)  <=>  rank(s) <= floor(cut/2) < rank(e)
  //           <=> rank(s)+1 <= floor(cut/2)+1 < rank(e)+1.
  if (cut < 0) return 0;  // before rank 0: only open starts
  const int64_t k = cut / 2 + 1;
  return k >= static_cast<int64_t>(kOpenKey) ? kOpenKey - 1 : static_cast<TimeKey>(k);
}

// ---- HorizonMask ---------------------------------------------------------------

HorizonMask HorizonMask::Empty(uint32_t leaf_count) {
  HorizonMask m;
  m.leaf_count_ = leaf_count;
  m.words_.assign((leaf_count + 63) / 64 + 1, 0);
  m.prefix_ = 0;
  return m;
}

HorizonMask HorizonMask::Prefix(uint32_t leaf_count, uint32_t prefix) {
  HorizonMask m = Empty(leaf_count);
  prefix = std::min(prefix, leaf_count);
  std::fill(m.words_.begin(), m.words_.begin() + prefix / 64, ~uint64_t{0});
  if (prefix % 64 != 0) m.words_[prefix / 64] = (uint64_t{1} << (prefix % 64)) - 1;
  m.prefix_ = prefix;
  return m;
}

void HorizonMask::SetLeaf(uint32_t rank) {
  if (rank < leaf_count_) words_[rank >> 6] |= uint64_t{1} << (rank & 63);
  prefix_ = kNone;
}

void HorizonMask::AddPartial(uint32_t rank, RevealPoint::PositionKind kind, int32_t position) {
  if (rank >= leaf_count_) return;
  for (Partial& p : partial_) {
    if (p.rank == rank && p.kind == kind) {
      p.position = std::max(p.position, position);
      return;
    }
  }
  partial_.push_back({rank, kind, position});
  prefix_ = kNone;
}

void HorizonMask::Finalize() {
  std::sort(partial_.begin(), partial_.end(),
            [](const Partial& a, const Partial& b) { return a.rank < b.rank; });
  // Partial entries of leaves held whole are redundant.
  std::erase_if(partial_, [&](const Partial& p) { return TestLeaf(p.rank); });
  prefix_ = kNone;
  if (!partial_.empty()) return;
  uint32_t n = 0;
  while (n < leaf_count_ && TestLeaf(n)) ++n;
  for (uint32_t r = n; r < leaf_count_; ++r) {
    if (TestLeaf(r)) return;  // a hole: not a prefix
  }
  prefix_ = n;
}

bool HorizonMask::AllLeaves(uint32_t first, uint32_t end) const {
  if (first >= end || end > leaf_count_) return false;
  if (is_prefix()) return end <= prefix_;
  for (uint32_t r = first; r < end;) {
    if ((r & 63) == 0 && r + 64 <= end) {
      if (words_[r >> 6] != ~uint64_t{0}) return false;
      r += 64;
    } else {
      if (!TestLeaf(r)) return false;
      ++r;
    }
  }
  return true;
}

bool HorizonMask::Contains(const Universe& u, const RevealPoint& p) const {
  if (p.work >= u.works.size()) return false;
  const Work& w = u.works[p.work];
  if (!w.is_leaf()) return AllLeaves(w.first_leaf_rank, w.end_leaf_rank);
  if (TestLeaf(w.release_rank)) return true;
  if (p.position_kind == RevealPoint::PositionKind::kNone) return false;
  for (const Partial& q : partial_) {
    if (q.rank == w.release_rank && q.kind == p.position_kind && q.position >= p.position) {
      return true;
    }
  }
  return false;
}

// ---- Build ---------------------------------------------------------------------

namespace {

// Prefix key of one reveal point: the leaf rank from which a prefix horizon
// certainly holds it (kNone when it never can).
uint32_t PrefixKey(const Universe& u, const RevealPoint& p) {
  if (p.work >= u.works.size()) return kNone;
  const Work& w = u.works[p.work];
  if (w.is_leaf()) return w.release_rank;
  if (w.first_leaf_rank == kNone || w.end_leaf_rank == kNone || w.end_leaf_rank == 0) return kNone;
  return w.end_leaf_rank - 1;
}

}  // namespace

TimeKey FactIndex::PointKey(PointId p) const {
  return p < u_->time.rank.size() ? u_->time.rank[p] + 1 : kNone;
}

TimeKey FactIndex::StartKey(FactId f) const {
  const PointId p = u_->facts[f].start;
  return p == kNone ? 0 : PointKey(p);
}

TimeKey FactIndex::EndKey(FactId f) const {
  const PointId p = u_->facts[f].end;
  return p == kNone ? kOpenKey : PointKey(p);
}

Result<std::unique_ptr<FactIndex>> FactIndex::Build(const Universe& u) {
  if (!u.time.resolved || u.time.rank.size() != u.points.size()) {
    return Status::InvalidArgument("the universe's story time is not resolved",
                                   "run ResolveStoryTime before building indexes");
  }
  if (u.release_order.size() >= FactIndex::kRevealMask) {
    return Status::InvalidArgument("too many leaf works for the index (limit 2^20 - 1)");
  }
  std::unique_ptr<FactIndex> ix(new FactIndex());
  ix->u_ = &u;
  ix->played_by_ = u.FindPredicate("played_by");
  const size_t nf = u.facts.size();
  if (nf >= kNone) return Status::InvalidArgument("too many facts for the index (limit 2^32-1)");
  for (size_t f = 0; f < nf; ++f) {
    const Fact& fact = u.facts[f];
    if (fact.subject >= u.entities.size()) {
      return Status::InvalidArgument("fact " + std::to_string(f) + ": subject out of range");
    }
    if ((fact.start != kNone && fact.start >= u.points.size()) ||
        (fact.end != kNone && fact.end >= u.points.size())) {
      return Status::InvalidArgument("fact " + std::to_string(f) + ": point out of range");
    }
  }
  ix->BuildRuns();
  ix->BuildHubs();
  ix->BuildPairs();
  return ix;
}

void FactIndex::BuildRuns() {
  const Universe& u = *u_;
  const size_t ne = u.entities.size();
  const size_t nf = u.facts.size();
  runs_.assign(ne, Run{});
  // Count entries per entity.
  std::vector<uint32_t> count(ne + 1, 0);
  auto object_entity = [&](const Fact& f) -> EntityId {
    return f.object.kind == ValueKind::kEntity && f.object.entity < ne ? f.object.entity : kNone;
  };
  for (const Fact& f : u.facts) {
    ++count[f.subject];
    const EntityId o = object_entity(f);
    if (o != kNone && o != f.subject) ++count[o];
  }
  uint32_t total = 0;
  for (size_t e = 0; e < ne; ++e) {
    runs_[e].begin = total;
    total += count[e];
    runs_[e].end = total;
  }
  entries_.resize(total);
  std::vector<uint32_t> fill(ne);
  for (size_t e = 0; e < ne; ++e) fill[e] = runs_[e].begin;
  complex_facts_ = 0;
  for (size_t fi = 0; fi < nf; ++fi) {
    const Fact& f = u.facts[fi];
    // Reveal word: the single leaf rank, or the prefix key plus kComplex.
    uint32_t reveal = 0;
    bool complex = false;
    if (f.revealed.size() == 1 && f.revealed[0].position_kind == RevealPoint::PositionKind::kNone &&
        f.revealed[0].work < u.works.size() && u.works[f.revealed[0].work].is_leaf()) {
      reveal = u.works[f.revealed[0].work].release_rank;
    } else {
      complex = true;
      uint32_t key = kNone;
      for (const RevealPoint& p : f.revealed) key = std::min(key, PrefixKey(u, p));
      reveal = key == kNone ? kRevealMask : key;
    }
    if (!f.overturned.empty() || f.started_by != kNone || f.ended_by != kNone) complex = true;
    if (reveal > kRevealMask) reveal = kRevealMask;
    if (complex) {
      reveal |= kComplex;
      ++complex_facts_;
    }
    Entry x;
    x.start = f.started_by != kNone ? 0 : StartKey(static_cast<FactId>(fi));
    x.end = f.ended_by != kNone ? kOpenKey : EndKey(static_cast<FactId>(fi));
    x.fact = static_cast<FactId>(fi);
    const EntityId o = object_entity(f);
    x.reveal = reveal | OtherTag(o);
    entries_[fill[f.subject]++] = x;
    if (o != kNone && o != f.subject) {
      x.reveal = reveal | kObjectSide | OtherTag(f.subject);
      entries_[fill[o]++] = x;
    }
  }
  // Sort each run: closed slice then open slice, each by start key (then fact).
  for (size_t e = 0; e < ne; ++e) {
    Run& r = runs_[e];
    Entry* b = entries_.data() + r.begin;
    Entry* end = entries_.data() + r.end;
    Entry* mid = std::partition(b, end, [](const Entry& x) { return x.end != kOpenKey; });
    auto by_start = [](const Entry& a, const Entry& c) {
      return a.start != c.start ? a.start < c.start : a.fact < c.fact;
    };
    std::sort(b, mid, by_start);
    std::sort(mid, end, by_start);
    r.split = static_cast<uint32_t>(mid - entries_.data());
  }
}

void FactIndex::BuildHubs() {
  hubs_.clear();
  checkpoints_.clear();
  active_.clear();
  complex_pos_.clear();
  std::vector<uint32_t> live, next_live;
  for (size_t e = 0; e < runs_.size(); ++e) {
    Run& r = runs_[e];
    if (r.end - r.begin < kHubThreshold) continue;
    Hub hub;
    hub.cx_begin = static_cast<uint32_t>(complex_pos_.size());
    for (uint32_t i = r.begin; i < r.end; ++i) {
      if (entries_[i].reveal & kComplex) complex_pos_.push_back(i);
    }
    hub.cx_end = static_cast<uint32_t>(complex_pos_.size());
    hub.cp_begin = hub.cp_end = static_cast<uint32_t>(checkpoints_.size());
    if (r.split - r.begin < kHubThreshold) {  // long only by its open slice
      r.hub = static_cast<uint32_t>(hubs_.size());
      hubs_.push_back(hub);
      continue;
    }
    live.clear();
    // Checkpoint spacing adapts to the active-list size: a new checkpoint is
    // made after max(kHubThreshold / 2, |last active list|) entries, so the
    // stored active lists total at most about the run length.
    size_t spacing = kHubThreshold / 2;
    uint32_t since = 0;
    for (uint32_t i = r.begin; i < r.split; ++i) {
      if (since >= spacing) {
        const TimeKey key = entries_[i].start;
        next_live.clear();
        for (uint32_t pos : live) {
          if (entries_[pos].end > key) next_live.push_back(pos);
        }
        live.swap(next_live);
        checkpoints_.push_back({key, i, static_cast<uint32_t>(active_.size())});
        active_.insert(active_.end(), live.begin(), live.end());
        spacing = std::max<size_t>(kHubThreshold / 2, live.size());
        since = 0;
      }
      live.push_back(i);
      ++since;
    }
    hub.cp_end = static_cast<uint32_t>(checkpoints_.size());
    r.hub = static_cast<uint32_t>(hubs_.size());
    hubs_.push_back(hub);
  }
  // Stats() counts capacity: built by push_back, these would carry up to 2x.
  hubs_.shrink_to_fit();
  checkpoints_.shrink_to_fit();
  active_.shrink_to_fit();
  complex_pos_.shrink_to_fit();
}

void FactIndex::BuildPairs() {
  pair_keys_.clear();
  pair_offsets_.clear();
  pair_entries_.clear();
  // (key, entry position) for every fact between two hubs, from the subject side.
  std::vector<std::pair<uint64_t, uint32_t>> items;
  for (size_t e = 0; e < runs_.size(); ++e) {
    const Run& r = runs_[e];
    if (r.end - r.begin < kHubThreshold) continue;
    for (uint32_t i = r.begin; i < r.end; ++i) {
      const Entry& x = entries_[i];
      if (x.reveal & kObjectSide) continue;
      const EntityId other = Other(x);
      if (other == kNone) continue;
      const Run& o = runs_[other];
      if (o.end - o.begin < kHubThreshold) continue;
      const uint64_t a = std::min<uint64_t>(e, other), b = std::max<uint64_t>(e, other);
      items.push_back({(a << 32) | b, i});
    }
  }
  std::sort(items.begin(), items.end(), [&](const auto& p, const auto& q) {
    if (p.first != q.first) return p.first < q.first;
    const Entry& x = entries_[p.second];
    const Entry& y = entries_[q.second];
    return x.start != y.start ? x.start < y.start : x.fact < y.fact;
  });
  pair_entries_.reserve(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (i == 0 || items[i].first != items[i - 1].first) {
      pair_keys_.push_back(items[i].first);
      pair_offsets_.push_back(static_cast<uint32_t>(i));
    }
    pair_entries_.push_back(items[i].second);
  }
  pair_offsets_.push_back(static_cast<uint32_t>(items.size()));
  pair_keys_.shrink_to_fit();
  pair_offsets_.shrink_to_fit();
}

IndexStats FactIndex::Stats() const {
  IndexStats s;
  s.facts = u_->facts.size();
  s.entities = runs_.size();
  s.entries = entries_.size();
  for (const Hub& hub : hubs_) s.hubs += hub.cp_end > hub.cp_begin;  // hubs with checkpoints
  s.checkpoints = checkpoints_.size();
  s.checkpoint_entries = active_.size();
  s.hub_pairs = pair_keys_.size();
  s.pair_entries = pair_entries_.size();
  s.complex_facts = complex_facts_;
  s.entry_bytes = entries_.capacity() * sizeof(Entry);
  s.run_bytes = runs_.capacity() * sizeof(Run);
  s.checkpoint_bytes =
      hubs_.capacity() * sizeof(Hub) + checkpoints_.capacity() * sizeof(Checkpoint) +
      active_.capacity() * sizeof(uint32_t) + complex_pos_.capacity() * sizeof(uint32_t);
  s.pair_bytes = pair_keys_.capacity() * sizeof(uint64_t) +
                 pair_offsets_.capacity() * sizeof(uint32_t) +
                 pair_entries_.capacity() * sizeof(uint32_t);
  s.bytes = s.entry_bytes + s.run_bytes + s.checkpoint_bytes + s.pair_bytes;
  return s;
}

// ---- The exact slow path ----------------------------------------------------------

bool FactIndex::AnyIn(const std::vector<RevealPoint>& ps, const HorizonMask& h) const {
  for (const RevealPoint& p : ps) {
    if (h.Contains(*u_, p)) return true;
  }
  return false;
}

bool FactIndex::EventSeen(EventId ev, const HorizonMask& h) const {
  if (ev >= u_->events.size()) return false;
  const Event& e = u_->events[ev];
  return AnyIn(e.revealed, h) && !AnyIn(e.overturned, h);
}

bool FactIndex::EntityVisible(EntityId e, const HorizonMask& h) const {
  // query/view.h: an introduced point in the horizon, a visible appearance,
  // or a visible fact (with reveal points of its own) or event involving it;
  // a person also when a visible played_by names them (one revealed with a
  // character the viewer has met, by those first rules).
  const Universe& u = *u_;
  if (e >= u.entities.size()) return false;
  if (EntityVisibleDirect(e, h)) return true;
  if (played_by_ == kNone) return false;
  for (const Entry& x : RunOf(e)) {
    const Fact& f = u.facts[x.fact];
    if (f.predicate == played_by_ && f.revealed.empty() && f.object.kind == ValueKind::kEntity &&
        f.object.entity == e && f.subject != e && EntityVisibleDirect(f.subject, h)) {
      return true;
    }
  }
  return false;
}

bool FactIndex::EntityVisibleDirect(EntityId e, const HorizonMask& h) const {
  const Universe& u = *u_;
  if (e >= u.entities.size()) return false;
  if (AnyIn(u.entities[e].introduced, h)) return true;
  for (const Entry& x : RunOf(e)) {
    const Fact& f = u.facts[x.fact];
    if (!f.revealed.empty() && AnyIn(f.revealed, h)) return true;
  }
  for (const Appearance& a : u.appearances) {
    if (a.entity == e && h.Contains(u, a.at)) return true;
  }
  for (const Event& ev : u.events) {
    if (!AnyIn(ev.revealed, h)) continue;
    for (const Role& r : ev.roles) {
      if (r.entity == e) return true;
    }
  }
  return false;
}

bool FactIndex::FactVisible(FactId fid, const HorizonMask& h) const {
  const Fact& f = u_->facts[fid];
  if (!f.revealed.empty()) return AnyIn(f.revealed, h);
  // Revealed with its entity: visible when the subject is and, for an entity
  // object other than a played_by person, when the object is too.
  if (!EntityVisible(f.subject, h)) return false;
  if (f.object.kind == ValueKind::kEntity && f.predicate != played_by_ &&
      f.object.entity != f.subject) {
    return EntityVisible(f.object.entity, h);
  }
  return true;
}

bool FactIndex::FactOverturned(FactId fid, const HorizonMask& h) const {
  const Fact& f = u_->facts[fid];
  if (AnyIn(f.overturned, h)) return true;
  // A fact started by an event the viewer knows was overturned goes with it.
  if (f.started_by != kNone && f.started_by < u_->events.size()) {
    const Event& e = u_->events[f.started_by];
    if (AnyIn(e.revealed, h) && AnyIn(e.overturned, h)) return true;
  }
  return false;
}

TimeKey FactIndex::ViewerStart(FactId f, const HorizonMask& h) const {
  const Fact& fact = u_->facts[f];
  if (fact.started_by != kNone && !EventSeen(fact.started_by, h)) return 0;
  return StartKey(f);
}

TimeKey FactIndex::ViewerEnd(FactId f, const HorizonMask& h) const {
  const Fact& fact = u_->facts[f];
  if (fact.ended_by != kNone && !EventSeen(fact.ended_by, h)) return kOpenKey;
  return EndKey(f);
}

bool FactIndex::FactHolds(FactId f, TimeKey key, const HorizonMask& h) const {
  if (!FactVisible(f, h) || FactOverturned(f, h)) return false;
  return ViewerStart(f, h) <= key && key < ViewerEnd(f, h);
}

// ---- Queries ----------------------------------------------------------------------

namespace {

// Visibility of a non-complex entry as 0/1 without a data-dependent branch:
// a compare against the prefix, or one bit test. Complex entries test 0 (the
// kComplex bit makes the word exceed any prefix, and masks the bit test), so
// callers count them apart on the exact slow path.
class VisTest {
 public:
  explicit VisTest(const HorizonMask& h)
      : prefix_mode_(h.is_prefix() || h.leaf_count() == 0),
        prefix_(h.is_prefix() ? h.prefix() : 0),
        leaf_count_(h.leaf_count()),
        words_(h.words()) {}
  uint64_t operator()(uint32_t reveal) const {
    return prefix_mode_ ? InPrefix(reveal) : InSet(reveal);
  }
  // NOLINTNEXTLINE(readability-identifier-naming): accessor, named like a variable
  bool prefix_mode() const { return prefix_mode_; }
  uint64_t InPrefix(uint32_t reveal) const {
    return (reveal & (FactIndex::kComplex | FactIndex::kRevealMask)) < prefix_;
  }
  uint64_t InSet(uint32_t reveal) const {
    // words_ has a zero word past the last leaf, so rank leaf_count is a 0 bit.
    const uint32_t r = std::min(reveal & FactIndex::kRevealMask, leaf_count_);
    return ((words_[r >> 6] >> (r & 63)) & 1u) & ((reveal >> 31) ^ 1u);
  }

 private:
  bool prefix_mode_;
  uint32_t prefix_, leaf_count_;
  const uint64_t* words_;
};

}  // namespace

void FactIndex::ScanRunDigest(const Run& run, TimeKey key, const HorizonMask& h,
                              AnswerDigest* d) const {
  // Intervals are half-open and end at most at kOpenKey: nothing holds there
  // (CutKey never returns it; the open-slice pass below relies on key < kOpenKey).
  if (key >= kOpenKey) return;
  const Entry* base = entries_.data();
  const VisTest vis(h);
  uint64_t count = 0, sum = 0;
  if (run.hub == kNone) {
    // A short run (< kHubThreshold entries, a few cache lines): one pass,
    // complex entries inline.
    auto take = [&](const Entry& x) {
      if (__builtin_expect((x.reveal & kComplex) != 0, 0)) {
        if (FactHolds(x.fact, key, h)) {
          ++count;
          sum += x.fact;
        }
        return;
      }
      const uint64_t t = static_cast<uint64_t>(x.end > key) & vis(x.reveal);
      count += t;
      sum += x.fact & (uint64_t{0} - t);
    };
    for (uint32_t i = run.split; i < run.end && base[i].start <= key; ++i) take(base[i]);
    for (uint32_t i = run.begin; i < run.split && base[i].start <= key; ++i) take(base[i]);
    d->count += count;
    d->sum += sum;
    return;
  }
  // A long run: branch-free passes in which complex entries test 0, then the
  // run's complex list. A complex fact that holds for the viewer is active by
  // its placement keys (placement start <= viewer start, placement end >=
  // viewer end), so testing the listed entries active at `key` is exact.
  const Hub& hub = hubs_[run.hub];
  const uint32_t lo = CheckpointEnd(hub, key);
  uint32_t from = run.begin, act_begin = 0, act_end = 0;
  if (lo > hub.cp_begin) {
    const Checkpoint& cp = checkpoints_[lo - 1];
    act_begin = cp.active_begin;
    act_end = lo < checkpoints_.size() ? checkpoints_[lo].active_begin
                                       : static_cast<uint32_t>(active_.size());
    from = cp.pos;
  }
  const uint32_t* act = active_.data();
  auto passes = [&](auto test) {
    // Open slice: every entry up to the key holds (end is open).
    for (uint32_t i = run.split; i < run.end && base[i].start <= key; ++i) {
      const uint64_t t = test(base[i].reveal);
      count += t;
      sum += base[i].fact & (uint64_t{0} - t);
    }
    for (uint32_t a = act_begin; a < act_end; ++a) {
      if (a + 8 < act_end) __builtin_prefetch(base + act[a + 8]);
      const Entry& x = base[act[a]];
      const uint64_t t = static_cast<uint64_t>(x.end > key) & test(x.reveal);
      count += t;
      sum += x.fact & (uint64_t{0} - t);
    }
    for (uint32_t i = from; i < run.split && base[i].start <= key; ++i) {
      const Entry& x = base[i];
      const uint64_t t = static_cast<uint64_t>(x.end > key) & test(x.reveal);
      count += t;
      sum += x.fact & (uint64_t{0} - t);
    }
  };
  if (vis.prefix_mode()) {
    passes([&](uint32_t rv) { return vis.InPrefix(rv); });
  } else {
    passes([&](uint32_t rv) { return vis.InSet(rv); });
  }
  for (uint32_t c = hub.cx_begin; c < hub.cx_end; ++c) {
    const Entry& x = base[complex_pos_[c]];
    if (x.start <= key && x.end > key && FactHolds(x.fact, key, h)) {
      ++count;
      sum += x.fact;
    }
  }
  d->count += count;
  d->sum += sum;
}

AnswerDigest FactIndex::AsOfDigest(EntityId e, TimeKey key, const HorizonMask& h) const {
  AnswerDigest d;
  if (e < runs_.size()) ScanRunDigest(runs_[e], key, h, &d);
  return d;
}

std::vector<FactId> FactIndex::AsOfFacts(EntityId e, TimeKey key, const HorizonMask& h) const {
  std::vector<FactId> out;
  AsOf(e, key, h, [&](FactId f) { out.push_back(f); });
  std::sort(out.begin(), out.end());
  return out;
}

void FactIndex::AsOfBatch(std::span<const AsOfQuery> qs, const HorizonMask& h,
                          std::span<AnswerDigest> out) const {
  // Three stages in flight: the run header of query i+16, the first entries
  // of query i+8, and query i itself. Each stage's line was requested ~8
  // queries earlier, so independent misses overlap instead of queueing.
  // Entries are 16 bytes and 16-byte aligned: a line holds exactly four.
  constexpr size_t kAhead1 = 16, kAhead2 = 8;
  const size_t n = std::min(qs.size(), out.size());
  for (size_t i = 0; i < n; ++i) {
    if (i + kAhead1 < n && qs[i + kAhead1].entity < runs_.size()) {
      __builtin_prefetch(&runs_[qs[i + kAhead1].entity]);
    }
    if (i + kAhead2 < n && qs[i + kAhead2].entity < runs_.size()) {
      const Run& r = runs_[qs[i + kAhead2].entity];
      __builtin_prefetch(entries_.data() + r.begin);
      if (r.split != r.end) __builtin_prefetch(entries_.data() + r.split);
      if (r.split - r.begin > 4) __builtin_prefetch(entries_.data() + r.begin + 4);
    }
    AnswerDigest d;
    if (qs[i].entity < runs_.size()) ScanRunDigest(runs_[qs[i].entity], qs[i].key, h, &d);
    out[i] = d;
  }
}

const uint32_t* FactIndex::PairRun(EntityId a, EntityId b, size_t* n) const {
  const uint64_t key = (static_cast<uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
  auto it = std::lower_bound(pair_keys_.begin(), pair_keys_.end(), key);
  if (it == pair_keys_.end() || *it != key) {
    *n = 0;
    return nullptr;
  }
  const size_t i = it - pair_keys_.begin();
  *n = pair_offsets_[i + 1] - pair_offsets_[i];
  return pair_entries_.data() + pair_offsets_[i];
}

namespace {
bool IsHubRun(uint32_t size) { return size >= FactIndex::kHubThreshold; }
}  // namespace

template <typename F>
void FactIndex::ForEachOther(const std::vector<Entry>& hits, F&& f) const {
  constexpr size_t kAhead = 8;
  const Fact* facts = u_->facts.data();
  auto prefetch = [&](size_t i) {
    __builtin_prefetch(&facts[hits[i].fact].subject);
    __builtin_prefetch(&facts[hits[i].fact].object.entity);
  };
  for (size_t i = 0; i < std::min(kAhead, hits.size()); ++i) prefetch(i);
  for (size_t i = 0; i < hits.size(); ++i) {
    if (i + kAhead < hits.size()) prefetch(i + kAhead);
    f(Other(hits[i]));
  }
}

template <typename Emit>
void FactIndex::ForEachVisible(EntityId e, const HorizonMask& h, Emit&& emit) const {
  for (const Entry& x : RunOf(e)) {
    const bool vis = (x.reveal & kComplex) ? FactVisible(x.fact, h) : EntryVisible(x, h);
    if (vis) emit(x);
  }
}

std::vector<FactId> FactIndex::PairAsOfFacts(EntityId a, EntityId b, TimeKey key,
                                             const HorizonMask& h) const {
  std::vector<FactId> out;
  if (a >= runs_.size() || b >= runs_.size()) return out;
  auto consider = [&](const Entry& x) {
    if (x.reveal & kComplex) {
      if (FactHolds(x.fact, key, h)) out.push_back(x.fact);
    } else if (x.start <= key && x.end > key && EntryVisible(x, h)) {
      out.push_back(x.fact);
    }
  };
  const uint32_t na = runs_[a].end - runs_[a].begin, nb = runs_[b].end - runs_[b].begin;
  if (IsHubRun(na) && IsHubRun(nb) && a != b) {
    size_t n = 0;
    const uint32_t* p = PairRun(a, b, &n);
    const Entry* base = entries_.data();
    for (size_t i = 0; i < n && base[p[i]].start <= key; ++i) consider(base[p[i]]);
  } else {
    const EntityId small = na <= nb ? a : b, other = small == a ? b : a;
    std::vector<Entry> hits;
    const uint32_t tag = OtherTag(other);
    ScanRun(runs_[small], key, h, [&](const Entry& x) {
      if ((x.reveal & kOtherTagMask) == tag) hits.push_back(x);
    });
    size_t i = 0;  // ForEachOther visits hits in order
    ForEachOther(hits, [&](EntityId o) {
      if (o == other) out.push_back(hits[i].fact);
      ++i;
    });
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

AnswerDigest FactIndex::PairAsOfDigest(EntityId a, EntityId b, TimeKey key,
                                       const HorizonMask& h) const {
  AnswerDigest d;
  for (FactId f : PairAsOfFacts(a, b, key, h)) d.Add(f);
  return d;
}

std::vector<FactId> FactIndex::History(EntityId e, const HorizonMask& h) const {
  std::vector<std::pair<TimeKey, FactId>> items;
  if (e >= runs_.size()) return {};
  ForEachVisible(e, h, [&](const Entry& x) {
    TimeKey s = (x.reveal & kComplex) ? ViewerStart(x.fact, h) : x.start;
    items.push_back({s, x.fact});
  });
  std::sort(items.begin(), items.end());
  std::vector<FactId> out;
  out.reserve(items.size());
  for (const auto& [s, f] : items) out.push_back(f);
  return out;
}

AnswerDigest FactIndex::HistoryDigest(EntityId e, const HorizonMask& h) const {
  // The digest is order-free: one sequential, branch-free pass (16 B per
  // entry read at memory bandwidth), then the rare complex entries apart.
  AnswerDigest d;
  if (e >= runs_.size()) return d;
  const VisTest vis(h);
  const Run& r = runs_[e];
  const Entry* base = entries_.data();
  uint64_t count = 0, sum = 0;
  auto pass = [&](auto test) {
    for (uint32_t i = r.begin; i < r.end; ++i) {
      const Entry& x = base[i];
      const uint64_t t = test(x.reveal);
      count += t;
      sum += x.fact & (uint64_t{0} - t);
    }
  };
  if (vis.prefix_mode()) {
    pass([&](uint32_t rv) { return vis.InPrefix(rv); });
  } else {
    pass([&](uint32_t rv) { return vis.InSet(rv); });
  }
  // Complex entries tested 0 above: a long run lists them, a short one is
  // still in L1 for a second look.
  auto complex = [&](const Entry& x) {
    if ((x.reveal & kComplex) && FactVisible(x.fact, h)) {
      ++count;
      sum += x.fact;
    }
  };
  if (r.hub != kNone) {
    const Hub& hub = hubs_[r.hub];
    for (uint32_t c = hub.cx_begin; c < hub.cx_end; ++c) complex(base[complex_pos_[c]]);
  } else {
    for (uint32_t i = r.begin; i < r.end; ++i) complex(base[i]);
  }
  d.count = count;
  d.sum = sum;
  return d;
}

std::vector<FactId> FactIndex::PairHistory(EntityId a, EntityId b, const HorizonMask& h) const {
  std::vector<std::pair<TimeKey, FactId>> items;
  if (a >= runs_.size() || b >= runs_.size()) return {};
  const uint32_t na = runs_[a].end - runs_[a].begin, nb = runs_[b].end - runs_[b].begin;
  const EntityId small = na <= nb ? a : b, other = small == a ? b : a;
  std::vector<Entry> hits;
  const uint32_t tag = OtherTag(other);
  for (const Entry& x : RunOf(small)) {
    if ((x.reveal & kOtherTagMask) != tag) continue;  // another pair (tag first: cheap)
    const bool vis = (x.reveal & kComplex) ? FactVisible(x.fact, h) : EntryVisible(x, h);
    if (vis) hits.push_back(x);
  }
  size_t i = 0;  // ForEachOther visits hits in order
  ForEachOther(hits, [&](EntityId o) {
    const Entry& x = hits[i++];
    if (o != other) return;
    TimeKey s = (x.reveal & kComplex) ? ViewerStart(x.fact, h) : x.start;
    items.push_back({s, x.fact});
  });
  std::sort(items.begin(), items.end());
  std::vector<FactId> out;
  out.reserve(items.size());
  for (const auto& [s, f] : items) out.push_back(f);
  return out;
}

std::vector<EntityId> FactIndex::Neighbours(EntityId e, TimeKey key, const HorizonMask& h) const {
  std::vector<EntityId> out;
  if (e >= runs_.size()) return out;
  std::vector<Entry> hits;
  ScanRun(runs_[e], key, h, [&](const Entry& x) { hits.push_back(x); });
  ForEachOther(hits, [&](EntityId o) {
    if (o != kNone && o != e) out.push_back(o);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<EntityId> FactIndex::TwoHop(EntityId e, TimeKey key, const HorizonMask& h) const {
  std::vector<EntityId> first = Neighbours(e, key, h);
  std::vector<EntityId> out = first;
  std::vector<Entry> hits;
  for (EntityId n : first) {
    ScanRun(runs_[n], key, h, [&](const Entry& x) { hits.push_back(x); });
  }
  ForEachOther(hits, [&](EntityId o) {
    if (o != kNone && o != e) out.push_back(o);
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

int FactIndex::ShortestPath(EntityId a, EntityId b, TimeKey key, const HorizonMask& h,
                            int max_hops) const {
  if (a >= runs_.size() || b >= runs_.size()) return -1;
  if (a == b) return 0;
  // Bidirectional BFS; always expand the smaller frontier (by total run
  // length, the actual cost of expanding it).
  std::unordered_set<EntityId> seen_a{a}, seen_b{b};
  std::vector<EntityId> front_a{a}, front_b{b}, next;
  std::vector<Entry> hits;
  int da = 0, db = 0;
  auto cost = [&](const std::vector<EntityId>& f) {
    size_t c = 0;
    for (EntityId x : f) c += runs_[x].end - runs_[x].begin;
    return c;
  };
  while (da + db < max_hops && !front_a.empty() && !front_b.empty()) {
    const bool grow_a = cost(front_a) <= cost(front_b);
    std::vector<EntityId>& front = grow_a ? front_a : front_b;
    std::unordered_set<EntityId>& seen = grow_a ? seen_a : seen_b;
    const std::unordered_set<EntityId>& target = grow_a ? seen_b : seen_a;
    next.clear();
    bool met = false;
    for (EntityId x : front) {
      hits.clear();
      ScanRun(runs_[x], key, h, [&](const Entry& y) { hits.push_back(y); });
      ForEachOther(hits, [&](EntityId o) {
        if (met || o == kNone) return;
        if (target.count(o)) met = true;
        if (seen.insert(o).second) next.push_back(o);
      });
      if (met) break;
    }
    (grow_a ? da : db) += 1;
    if (met) return da + db;
    front.swap(next);
  }
  return -1;
}

AnswerDigest FactIndex::Timeslice(TimeKey key, const HorizonMask& h) const {
  // One sequential pass over the runs, subject side only (each fact once).
  AnswerDigest d;
  for (const Run& r : runs_) {
    ScanRun(r, key, h, [&](const Entry& x) {
      if (!(x.reveal & kObjectSide)) d.Add(x.fact);
    });
  }
  return d;
}

}  // namespace canon
