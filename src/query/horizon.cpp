// Horizon bitmaps and the `--seen` parser (see horizon.h).
#include "query/horizon.h"

#include <algorithm>
#include <bit>
#include <charconv>

#include "base/strings.h"
#include "model/dates.h"

namespace canon {

// ---------------------------------------------------------------- LeafSet

void LeafSet::SetAll() {
  std::fill(words_.begin(), words_.end(), ~uint64_t{0});
  if (size_ % 64 != 0 && !words_.empty()) {
    words_.back() = (uint64_t{1} << (size_ % 64)) - 1;
  }
}

void LeafSet::UnionWith(const LeafSet& other) {
  const size_t n = std::min(words_.size(), other.words_.size());
  for (size_t i = 0; i < n; ++i) words_[i] |= other.words_[i];
}

size_t LeafSet::Count() const {
  size_t n = 0;
  for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
  return n;
}

// ---------------------------------------------------------------- Horizon

Horizon::Horizon(const Universe& u)
    : u_(&u),
      leaves_(u.release_order.size()),
      works_whole_(u.works.size()),
      works_touched_(u.works.size()) {}

Horizon Horizon::None(const Universe& u) {
  Horizon h(u);
  h.Derive();
  return h;
}

Horizon Horizon::All(const Universe& u) {
  Horizon h(u);
  h.leaves_.SetAll();
  h.Derive();
  return h;
}

void Horizon::AddWork(WorkId w) {
  if (w >= u_->works.size()) return;
  // Iterative walk: works nest only a few levels, but stay safe on odd data.
  std::vector<WorkId> stack = {w};
  while (!stack.empty()) {
    WorkId cur = stack.back();
    stack.pop_back();
    const Work& work = u_->works[cur];
    if (work.is_leaf()) {
      leaves_.Set(work.release_rank);
    } else {
      stack.insert(stack.end(), work.children.begin(), work.children.end());
    }
  }
  Derive();
}

void Horizon::AddPartial(WorkId leaf, RevealPoint::PositionKind kind, int32_t position) {
  if (leaf >= u_->works.size() || !u_->works[leaf].is_leaf()) return;
  if (kind == RevealPoint::PositionKind::kNone) return;
  const uint32_t rank = u_->works[leaf].release_rank;
  if (leaves_.Test(rank)) return;
  for (PartialLeaf& p : partial_) {
    if (p.rank == rank && p.kind == kind) {
      p.position = std::max(p.position, position);
      return;
    }
  }
  partial_.push_back({rank, kind, position});
  std::sort(partial_.begin(), partial_.end(), [](const PartialLeaf& a, const PartialLeaf& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.kind < b.kind;
  });
  Derive();
}

void Horizon::UnionWith(const Horizon& other) {
  leaves_.UnionWith(other.leaves_);
  for (const PartialLeaf& p : other.partial_) {
    if (p.rank < u_->release_order.size()) {
      AddPartial(u_->release_order[p.rank], p.kind, p.position);
    }
  }
  Derive();
}

const Horizon::PartialLeaf* Horizon::FindPartial(uint32_t rank,
                                                 RevealPoint::PositionKind kind) const {
  auto it = std::lower_bound(partial_.begin(), partial_.end(), rank,
                             [](const PartialLeaf& p, uint32_t r) { return p.rank < r; });
  for (; it != partial_.end() && it->rank == rank; ++it) {
    if (it->kind == kind) return &*it;
  }
  return nullptr;
}

void Horizon::Derive() {
  std::erase_if(partial_, [&](const PartialLeaf& p) { return leaves_.Test(p.rank); });
  works_whole_ = LeafSet(u_->works.size());
  works_touched_ = LeafSet(u_->works.size());
  // Post-order over the forest: children are decided before their parent.
  struct Frame {
    WorkId work;
    size_t next_child;
  };
  std::vector<Frame> stack;
  for (WorkId root = 0; root < u_->works.size(); ++root) {
    if (u_->works[root].parent != kNone) continue;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      const Work& work = u_->works[f.work];
      if (f.next_child < work.children.size()) {
        WorkId child = work.children[f.next_child++];
        if (child < u_->works.size()) stack.push_back({child, 0});
        continue;
      }
      if (work.is_leaf()) {
        const uint32_t r = work.release_rank;
        if (leaves_.Test(r)) {
          works_whole_.Set(f.work);
          works_touched_.Set(f.work);
        } else if (r != kNone && !partial_.empty()) {
          auto it = std::lower_bound(partial_.begin(), partial_.end(), r,
                                     [](const PartialLeaf& p, uint32_t x) { return p.rank < x; });
          if (it != partial_.end() && it->rank == r) works_touched_.Set(f.work);
        }
      } else {
        bool whole = true, touched = false;
        for (WorkId c : work.children) {
          whole = whole && works_whole_.Test(c);
          touched = touched || works_touched_.Test(c);
        }
        if (whole) works_whole_.Set(f.work);
        if (touched) works_touched_.Set(f.work);
      }
      stack.pop_back();
    }
  }
}

bool Horizon::Contains(const RevealPoint& p) const {
  if (u_ == nullptr || p.work >= u_->works.size()) return false;
  const Work& w = u_->works[p.work];
  if (!w.is_leaf()) return works_whole_.Test(p.work);
  if (leaves_.Test(w.release_rank)) return true;
  if (p.position_kind == RevealPoint::PositionKind::kNone) return false;
  const PartialLeaf* partial = FindPartial(w.release_rank, p.position_kind);
  return partial != nullptr && p.position <= partial->position;
}

// ---------------------------------------------------------------- parsing

namespace {

WorkId ChildOf(const Universe& u, WorkId parent, std::string_view id) {
  if (parent == kNone) {
    WorkId w = u.FindWorkByPath(id);
    return (w != kNone && u.works[w].parent == kNone) ? w : kNone;
  }
  std::string path = u.works[parent].path;
  path += '.';
  path += id;
  return u.FindWorkByPath(path);
}

// Resolves one path segment under `parent`, splitting it into a child id and
// a grandchild segment when it names no child ("s1e8" = "s1" + "e8"). The
// longest matching child prefix is tried first.
WorkId ResolveSegment(const Universe& u, WorkId parent, std::string_view seg, int depth) {
  if (seg.empty() || depth > 16) return kNone;
  WorkId exact = ChildOf(u, parent, seg);
  if (exact != kNone) return exact;
  if (parent == kNone) return kNone;  // top-level ids are never split
  for (size_t k = seg.size() - 1; k >= 1; --k) {
    WorkId child = ChildOf(u, parent, seg.substr(0, k));
    if (child != kNone) {
      WorkId r = ResolveSegment(u, child, seg.substr(k), depth + 1);
      if (r != kNone) return r;
    }
  }
  return kNone;
}

WorkId ResolveRelative(const Universe& u, WorkId base, std::string_view path) {
  WorkId cur = base;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string_view seg =
        path.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    cur = ResolveSegment(u, cur, seg, 0);
    if (cur == kNone) return kNone;
    if (dot == std::string_view::npos) return cur;
    start = dot + 1;
  }
}

size_t Depth(const Universe& u, WorkId w) {
  size_t d = 0;
  for (WorkId a = u.works[w].parent; a != kNone; a = u.works[a].parent) ++d;
  return d;
}

std::string_view Trim(std::string_view s, size_t* offset) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
    ++*offset;
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<PartialDate> EffectiveRelease(const Universe& u, WorkId w) {
  for (WorkId a = w; a != kNone; a = u.works[a].parent) {
    if (u.works[a].released) return u.works[a].released;
  }
  return std::nullopt;
}

class HorizonParser {
 public:
  HorizonParser(const Universe& u, std::string_view spec) : u_(u), spec_(spec) {}

  Result<Horizon> Parse() {
    Horizon h = Horizon::None(u_);
    size_t start = 0;
    bool any = false;
    while (start <= spec_.size()) {
      size_t end = spec_.find_first_of(",+", start);
      if (end == std::string_view::npos) end = spec_.size();
      size_t offset = start;
      std::string_view item = Trim(spec_.substr(start, end - start), &offset);
      if (item.empty()) {
        if (spec_.find_first_not_of(" \t") == std::string_view::npos) {
          return Status::InvalidArgument("empty horizon",
                                         "say what you have seen, e.g. `--seen all`, "
                                         "`--seen none` or `--seen jj.s1`");
        }
        return Status::InvalidArgument("empty item in horizon `" + std::string(spec_) +
                                           "` at column " + std::to_string(offset + 1),
                                       "items are separated by a single `,` or `+`");
      }
      CANON_RETURN_IF_ERROR(ParseItem(item, offset, h));
      any = true;
      if (end == spec_.size()) break;
      start = end + 1;
    }
    if (!any) return Status::InvalidArgument("empty horizon", "say `--seen all` or `--seen none`");
    h.set_spec(std::string(spec_));
    return h;
  }

 private:
  Status Error(std::string_view item, size_t offset, const std::string& why,
               std::string hint = {}) const {
    return Status::InvalidArgument("bad horizon item `" + std::string(item) + "` at column " +
                                       std::to_string(offset + 1) + ": " + why,
                                   std::move(hint));
  }

  std::string WorkHint(std::string_view text) const {
    std::string hint = DidYouMean(ClosestMatches(text, WorkPathCandidates(u_)));
    if (hint.empty())
      hint = "horizon items are work paths (`jj.s1e8`), `all`, `none` or `released<=DATE`";
    return hint;
  }

  Result<WorkId> FindWork(std::string_view item, size_t offset, std::string_view path) const {
    WorkId w = ResolveWorkPath(u_, path);
    if (w == kNone)
      return Error(item, offset, "no work `" + std::string(path) + "`", WorkHint(path));
    return w;
  }

  Status ParseItem(std::string_view item, size_t offset, Horizon& h) {
    if (EqualsIgnoreCase(item, "all")) {
      h.UnionWith(Horizon::All(u_));
      return Status::Ok();
    }
    if (EqualsIgnoreCase(item, "none")) return Status::Ok();
    if (item.size() > 8 && EqualsIgnoreCase(item.substr(0, 8), "released") &&
        item.find_first_not_of(' ', 8) != std::string_view::npos &&
        item[item.find_first_not_of(' ', 8)] == '<') {
      return ParseReleased(item, offset, h);
    }
    if (size_t at = item.find('@'); at != std::string_view::npos) {
      return ParsePositioned(item, offset, at, h);
    }
    if (size_t dash = item.find('-'); dash != std::string_view::npos) {
      return ParseRange(item, offset, dash, h);
    }
    CANON_ASSIGN_OR_RETURN(WorkId w, FindWork(item, offset, item));
    h.AddWork(w);
    return Status::Ok();
  }

  Status ParseReleased(std::string_view item, size_t offset, Horizon& h) {
    size_t i = 8;
    std::string_view rest = item.substr(i);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    bool inclusive;
    if (rest.starts_with("<=")) {
      inclusive = true;
      rest.remove_prefix(2);
    } else if (rest.starts_with("<")) {
      inclusive = false;
      rest.remove_prefix(1);
    } else {
      return Error(item, offset, "expected `released<=DATE` or `released<DATE`");
    }
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    std::optional<PartialDate> date = ParseIsoDate(rest);
    if (!date) {
      return Error(item, offset, "`" + std::string(rest) + "` is not a date",
                   "dates are YYYY, YYYY-MM or YYYY-MM-DD");
    }
    // A leaf is in only when its whole release date is certainly within the
    // bound: a leaf released "2015" is not inside released<=2015-06-01.
    const int64_t bound = inclusive ? LatestDay(u_, *date) : EarliestDay(u_, *date) - 1;
    for (WorkId w : u_.release_order) {
      std::optional<PartialDate> rel = EffectiveRelease(u_, w);
      if (rel && LatestDay(u_, *rel) <= bound) h.AddWork(w);
    }
    return Status::Ok();
  }

  Status ParsePositioned(std::string_view item, size_t offset, size_t at, Horizon& h) {
    std::string_view path = item.substr(0, at);
    std::string_view pos = item.substr(at + 1);
    CANON_ASSIGN_OR_RETURN(WorkId w, FindWork(item, offset, path));
    if (!u_.works[w].is_leaf()) {
      return Error(item, offset,
                   "a position needs a single episode, issue, chapter or scene, but `" +
                       u_.works[w].path + "` has parts",
                   "name the part, e.g. `" + u_.works[u_.works[w].children.front()].path + "@" +
                       std::string(pos) + "`");
    }
    if (pos.find(':') != std::string_view::npos) {
      int32_t seconds = ParseTimecode(pos);
      if (seconds < 0) {
        return Error(item, offset, "`" + std::string(pos) + "` is not a timecode",
                     "timecodes are MM:SS or H:MM:SS");
      }
      h.AddPartial(w, RevealPoint::PositionKind::kSeconds, seconds);
      return Status::Ok();
    }
    int32_t scene = 0;
    auto r = std::from_chars(pos.data(), pos.data() + pos.size(), scene);
    if (pos.empty() || r.ec != std::errc() || r.ptr != pos.data() + pos.size() || scene < 0) {
      return Error(item, offset, "`" + std::string(pos) + "` is not a timecode or scene number",
                   "write `LEAF@MM:SS` (a timecode) or `LEAF@N` (up to scene N)");
    }
    h.AddPartial(w, RevealPoint::PositionKind::kScene, scene);
    return Status::Ok();
  }

  // `jj.s1e1-e8`, `jj.s1-s2`, `pulse.v1.1-7`, and `jj.s1e5-s2e3` (works at
  // the same depth, taken in tree order from the first to the second).
  Status ParseRange(std::string_view item, size_t offset, size_t dash, Horizon& h) {
    std::string_view left = item.substr(0, dash);
    std::string_view right = item.substr(dash + 1);
    if (left.empty() || right.empty()) {
      return Error(item, offset, "a range needs a work on each side of `-`",
                   "e.g. `jj.s1e1-e8` or `jj.s1-s2`");
    }
    CANON_ASSIGN_OR_RETURN(WorkId first, FindWork(item, offset, left));
    const size_t depth = Depth(u_, first);
    WorkId last = kNone;
    for (WorkId base = u_.works[first].parent;; base = u_.works[base].parent) {
      WorkId r = ResolveRelative(u_, base, right);
      if (r != kNone && Depth(u_, r) == depth) {
        last = r;
        break;
      }
      if (base == kNone) break;
    }
    if (last == kNone) {
      std::vector<std::string> siblings;
      WorkId parent = u_.works[first].parent;
      for (WorkId w = 0; w < u_.works.size(); ++w) {
        if (u_.works[w].parent == parent) siblings.push_back(u_.works[w].id);
      }
      std::string hint = DidYouMean(ClosestMatches(right, siblings));
      if (hint.empty()) hint = "the end of a range is a sibling of its start, e.g. `jj.s1e1-e8`";
      return Error(
          item, offset,
          "`" + std::string(right) + "` is not a work alongside `" + u_.works[first].path + "`",
          hint);
    }
    // Common ancestor, then the works at `depth` below it in tree order.
    WorkId common = u_.works[first].parent;
    auto is_ancestor_of_last = [&](WorkId a) {
      for (WorkId x = last; x != kNone; x = u_.works[x].parent) {
        if (x == a) return true;
      }
      return false;
    };
    while (common != kNone && !is_ancestor_of_last(common)) common = u_.works[common].parent;
    std::vector<WorkId> row;
    std::vector<std::pair<WorkId, size_t>> stack;
    if (common == kNone) {
      for (WorkId w = static_cast<WorkId>(u_.works.size()); w-- > 0;) {
        if (u_.works[w].parent == kNone) stack.emplace_back(w, 0);
      }
    } else {
      const auto& kids = u_.works[common].children;
      for (auto it = kids.rbegin(); it != kids.rend(); ++it) {
        stack.emplace_back(*it, Depth(u_, *it));
      }
    }
    while (!stack.empty()) {
      auto [w, d] = stack.back();
      stack.pop_back();
      if (d == depth) {
        row.push_back(w);
        continue;
      }
      const auto& kids = u_.works[w].children;
      for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.emplace_back(*it, d + 1);
    }
    auto i = std::find(row.begin(), row.end(), first);
    auto j = std::find(row.begin(), row.end(), last);
    if (i == row.end() || j == row.end()) {
      return Status::Internal("horizon range endpoints not found in their row");
    }
    if (j < i) {
      return Error(item, offset,
                   "range runs backwards (`" + u_.works[last].path + "` comes before `" +
                       u_.works[first].path + "`)",
                   "write the earlier work first");
    }
    for (auto k = i; k <= j; ++k) h.AddWork(*k);
    return Status::Ok();
  }

  const Universe& u_;
  std::string_view spec_;
};

}  // namespace

WorkId ResolveWorkPath(const Universe& u, std::string_view path) {
  if (path.empty()) return kNone;
  if (WorkId w = u.FindWorkByPath(path); w != kNone) return w;
  return ResolveRelative(u, kNone, path);
}

Result<Horizon> ParseHorizon(const Universe& u, std::string_view spec) {
  return HorizonParser(u, spec).Parse();
}

int32_t ParseTimecode(std::string_view text) {
  int32_t parts[3] = {0, 0, 0};
  int n = 0;
  size_t start = 0;
  while (true) {
    if (n == 3) return -1;
    size_t colon = text.find(':', start);
    std::string_view p = text.substr(
        start, colon == std::string_view::npos ? std::string_view::npos : colon - start);
    if (p.empty() || p.size() > 4) return -1;
    auto r = std::from_chars(p.data(), p.data() + p.size(), parts[n]);
    if (r.ec != std::errc() || r.ptr != p.data() + p.size() || parts[n] < 0) return -1;
    ++n;
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (n < 2) return -1;
  if (n == 2) {
    if (parts[1] >= 60) return -1;
    return parts[0] * 60 + parts[1];
  }
  if (parts[1] >= 60 || parts[2] >= 60) return -1;
  return parts[0] * 3600 + parts[1] * 60 + parts[2];
}

std::string FormatTimecode(int32_t seconds) {
  if (seconds < 0) seconds = 0;
  char buf[32];
  if (seconds >= 3600) {
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60,
                  seconds % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%d:%02d", seconds / 60, seconds % 60);
  }
  return buf;
}

std::vector<std::string> WorkPathCandidates(const Universe& u) {
  std::vector<std::string> out;
  out.reserve(u.works.size() * 2);
  for (const Work& w : u.works) {
    out.push_back(w.path);
    // Compact form: parent path + own id, without the dot (`jj.s1e8`).
    if (w.parent != kNone && u.works[w.parent].parent != kNone) {
      out.push_back(u.works[w.parent].path + w.id);
    }
  }
  return out;
}

}  // namespace canon
