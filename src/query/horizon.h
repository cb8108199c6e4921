// Horizons: the set of works (and parts of works) a viewer has seen, and the
// test "is this reveal point inside it" that every spoiler-safe query uses.
//
// A horizon is a bitmap over leaf release ranks (Universe::release_order)
// plus, for leaves watched only partly (`jj.s1e1@41:10`), the furthest
// position seen. From those it derives, once, which works are wholly inside
// (a non-leaf reveal point is inside only when all its leaves are), so
// Contains() is O(1) for any point. The bitmap type (LeafSet) is a small
// value class so it can be swapped for a roaring bitmap without touching
// callers.
#ifndef CANON_QUERY_HORIZON_H_
#define CANON_QUERY_HORIZON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"

namespace canon {

// A dense bitset over [0, size). Out-of-range Test() is false.
class LeafSet {
 public:
  LeafSet() = default;
  explicit LeafSet(size_t size) : size_(size), words_((size + 63) / 64, 0) {}

  size_t size() const { return size_; }
  bool Test(size_t i) const { return i < size_ && ((words_[i >> 6] >> (i & 63)) & 1u) != 0; }
  void Set(size_t i) {
    if (i < size_) words_[i >> 6] |= uint64_t{1} << (i & 63);
  }
  void SetAll();
  void UnionWith(const LeafSet& other);  // sizes must match
  size_t Count() const;
  bool operator==(const LeafSet&) const = default;

 private:
  size_t size_ = 0;
  std::vector<uint64_t> words_;
};

class Horizon {
 public:
  // A leaf watched up to (and including) `position` of `kind`.
  struct PartialLeaf {
    uint32_t rank = kNone;  // release rank of the leaf
    RevealPoint::PositionKind kind = RevealPoint::PositionKind::kSeconds;
    int32_t position = 0;
    bool operator==(const PartialLeaf&) const = default;
  };

  // The empty horizon over `u` (holds nothing). A horizon keeps a pointer
  // to its universe and must not outlive it.
  static Horizon None(const Universe& u);
  // Every leaf of `u`.
  static Horizon All(const Universe& u);

  // Adds every leaf of work `w` (a leaf adds itself). Ignores bad ids.
  void AddWork(WorkId w);
  // Adds leaf `w` up to `position` (kScene or kSeconds). Adding the same leaf
  // twice keeps the further position of the same kind; a leaf already held
  // whole stays whole. Ignores non-leaves and bad ids.
  void AddPartial(WorkId leaf, RevealPoint::PositionKind kind, int32_t position);
  // Adds everything in `other` (built over the same universe).
  void UnionWith(const Horizon& other);

  // Is the reveal point inside? A point on a non-leaf work: every leaf of
  // the work is held whole. A point on a leaf without a position: the leaf
  // is held whole. A positioned point: the leaf is held whole, or partly up
  // to a position of the same kind >= the point's (a scene number and a
  // timecode are not comparable, so such a pair is "not inside").
  bool Contains(const RevealPoint& p) const;
  // Is work `w` (leaf or not) wholly inside?
  bool ContainsWork(WorkId w) const { return works_whole_.Test(w); }
  // Is any part of work `w` inside (used to allow a work as a story-time
  // anchor only when the viewer has seen some of it)?
  bool TouchesWork(WorkId w) const { return works_touched_.Test(w); }
  // Is the leaf with this release rank held whole?
  bool ContainsLeafRank(uint32_t rank) const { return leaves_.Test(rank); }

  const LeafSet& leaves() const { return leaves_; }
  const std::vector<PartialLeaf>& partial() const { return partial_; }
  bool empty() const { return leaves_.Count() == 0 && partial_.empty(); }
  bool operator==(const Horizon&) const = default;

  // The spec this horizon was parsed from ("" when built by hand).
  const std::string& spec() const { return spec_; }
  void set_spec(std::string spec) { spec_ = std::move(spec); }

 private:
  explicit Horizon(const Universe& u);
  // Recomputes works_whole_ / works_touched_ from the leaves; drops partial
  // entries of leaves held whole.
  void Derive();
  const PartialLeaf* FindPartial(uint32_t rank, RevealPoint::PositionKind kind) const;

  const Universe* u_ = nullptr;
  LeafSet leaves_;                    // over release ranks
  std::vector<PartialLeaf> partial_;  // sorted by rank; never a whole leaf
  LeafSet works_whole_;               // over WorkIds (derived)
  LeafSet works_touched_;             // over WorkIds (derived)
  std::string spec_;
};

// Parses a `--seen` horizon (docs/language.md, "Horizons"):
//   HORIZON := ITEM ((, | +) ITEM)*
//   ITEM    := all | none | WORKPATH | WORKPATH-LOCAL | WORKPATH@POSITION
//            | released<=DATE | released<DATE
// POSITION is a timecode (MM:SS, H:MM:SS) or a scene number. Work paths use
// the split rule (`jj.s1e8` = `jj.s1.e8`). Errors are InvalidArgument
// naming the bad item and its 1-based column in the spec, with a
// did-you-mean hint over work paths. Work paths are public (release
// catalogue), so naming them leaks nothing.
Result<Horizon> ParseHorizon(const Universe& u, std::string_view spec);

// Resolves a work path with the split rule; kNone when it names no work.
WorkId ResolveWorkPath(const Universe& u, std::string_view path);

// "41:10" / "1:02:03" -> seconds; -1 when malformed.
int32_t ParseTimecode(std::string_view text);
// Seconds -> "41:10" or "1:02:03".
std::string FormatTimecode(int32_t seconds);

// Work paths of `u` plus their compact forms (`jj.s1e8`), for hints.
std::vector<std::string> WorkPathCandidates(const Universe& u);

}  // namespace canon

#endif  // CANON_QUERY_HORIZON_H_
