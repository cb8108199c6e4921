// `--at` parsing and "holds at" tests (see at.h).
#include "query/at.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/strings.h"
#include "model/dates.h"
#include "query/format.h"

namespace canon {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "2015", "2015-11-20", "283 AC", "19 BBY".
std::optional<PartialDate> ParseDate(const Universe& u, std::string_view text) {
  if (auto d = ParseIsoDate(text)) return d;
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view year_text = text.substr(0, space);
  std::string_view era_text = Trim(text.substr(space + 1));
  int32_t year = 0;
  auto r = std::from_chars(year_text.data(), year_text.data() + year_text.size(), year);
  if (r.ec != std::errc() || r.ptr != year_text.data() + year_text.size()) return std::nullopt;
  EraId era = u.FindEra(era_text);
  if (era == kNone) {
    for (EraId e = 0; e < u.eras.size(); ++e) {
      if (EqualsIgnoreCase(u.eras[e].id, era_text)) era = e;
    }
  }
  if (era == kNone) return std::nullopt;
  PartialDate d;
  d.year = year;
  d.era = era;
  return d;
}

enum class Relation { kAt, kBefore, kAfter };

// The last day point `p` can be on, from dates the viewer is told: the
// point's own `story DATE`, or the date of a visible event it is
// simultaneous with. Resolved bounds (Universe::time.latest) are not used:
// they can carry information from hidden constraints.
int64_t ViewerLatest(const View& v, PointId p) {
  const Universe& u = v.universe();
  int64_t latest = ResolvedTime::kPosInf;
  auto own_dates = [&](PointId q) {
    for (const TimeConstraint& c : u.points[q].constraints) {
      if (c.kind == TimeConstraint::Kind::kDate) latest = std::min(latest, LatestDay(u, c.date));
    }
  };
  own_dates(p);
  for (const TimeConstraint& c : u.points[p].constraints) {
    if (c.kind != TimeConstraint::Kind::kSame ||
        c.anchor_kind != TimeConstraint::AnchorKind::kPoint || c.point >= u.points.size()) {
      continue;
    }
    const TimePoint& q = u.points[c.point];
    if (q.owner == TimePoint::Owner::kEvent && q.owner_id < u.events.size() &&
        v.EventVisible(q.owner_id)) {
      own_dates(c.point);
    }
  }
  return latest;
}

}  // namespace

int64_t StartCut(const View& v, PointId start) {
  return start == kNone ? kOpenStart : 2 * static_cast<int64_t>(v.Rank(start));
}

int64_t EndCut(const View& v, PointId end) {
  return end == kNone ? kOpenEnd : 2 * static_cast<int64_t>(v.Rank(end));
}

bool FactHoldsAt(const View& v, FactId f, const StoryInstant& at) {
  if (!v.FactVisible(f) || v.FactOverturnedForViewer(f)) return false;
  return StartCut(v, v.FactStart(f)) <= at.cut && at.cut < EndCut(v, v.FactEnd(f));
}

bool PointBy(const View& v, PointId p, const StoryInstant& at) {
  return p == kNone || 2 * static_cast<int64_t>(v.Rank(p)) <= at.cut;
}

Result<StoryInstant> ParseAt(const View& v, std::string_view raw) {
  const Universe& u = v.universe();
  if (!v.time_resolved()) {
    return Status::Internal("story time has not been resolved for this universe");
  }
  std::string_view spec = Trim(raw);
  StoryInstant out;
  out.spec = std::string(spec);
  if (spec.empty()) {
    return Status::InvalidArgument("empty story time",
                                   "e.g. `--at 2015`, `--at reva_death`, `--at before jj.s2`");
  }
  Relation rel = Relation::kAt;
  std::string_view anchor = spec;
  auto strip = [&](std::string_view word, Relation r) {
    if (anchor.size() > word.size() && EqualsIgnoreCase(anchor.substr(0, word.size()), word) &&
        std::isspace(static_cast<unsigned char>(anchor[word.size()]))) {
      anchor = Trim(anchor.substr(word.size()));
      rel = r;
      return true;
    }
    return false;
  };
  strip("before", Relation::kBefore) || strip("after", Relation::kAfter) ||
      strip("at", Relation::kAt);

  // Dates start with a digit or a minus sign; names never do.
  if (!anchor.empty() &&
      (std::isdigit(static_cast<unsigned char>(anchor[0])) || anchor[0] == '-')) {
    std::optional<PartialDate> date = ParseDate(u, anchor);
    if (!date) {
      return Status::InvalidArgument("`" + std::string(anchor) + "` is not a date",
                                     "dates are YYYY, YYYY-MM, YYYY-MM-DD or `YEAR ERA` (283 AC)");
    }
    const bool before = rel == Relation::kBefore;
    // Last day that still counts; inclusive.
    const int64_t bound = before ? EarliestDay(u, *date) - 1 : LatestDay(u, *date);
    int64_t k = -1;
    bool any_dated = false;
    for (PointId p : v.VisiblePoints()) {
      const int64_t latest = ViewerLatest(v, p);
      any_dated = any_dated || latest != ResolvedTime::kPosInf;
      if (latest <= bound) k = std::max<int64_t>(k, v.Rank(p));
    }
    if (!any_dated) {
      return Status::InvalidArgument(
          "cannot place `" + std::string(anchor) +
              "` in story time: nothing you have seen has "
              "a known date",
          "anchor the time to an event or a work instead, e.g. `--at EVENT` or `--at WORK`");
    }
    out.cut = 2 * k + 1;
    out.description = (before ? "before " : "by the end of ") + FormatDate(u, *date);
    return out;
  }

  auto at_point = [&](PointId p, const std::string& name) -> Result<StoryInstant> {
    if (p == kNone || p >= u.points.size()) {
      return Status::InvalidArgument("`" + name + "` has no place in story time");
    }
    const int64_t r2 = 2 * static_cast<int64_t>(v.Rank(p));
    out.cut = rel == Relation::kBefore ? r2 - 1 : r2;
    out.description = (rel == Relation::kBefore ? "just before " : "at ") + name;
    return out;
  };

  // Events, then fact labels, then works.
  Result<EventId> ev = ResolveEvent(v, anchor);
  if (ev.ok()) return at_point(u.events[*ev].time, QuotedEventName(u, *ev));
  if (ev.status().code() != StatusCode::kNotFound) return ev.status();

  std::string_view label = anchor;
  bool end = false;
  if (label.size() > 4 && EqualsIgnoreCase(label.substr(label.size() - 4), ".end")) {
    label.remove_suffix(4);
    end = true;
  }
  Result<FactId> fact = ResolveFactLabel(v, label);
  if (!fact.ok() && end) {
    // `x.end` may also be a work path ending in a segment named "end".
    fact = ResolveFactLabel(v, anchor);
    if (fact.ok()) end = false;
  }
  if (fact.ok()) {
    PointId p = end ? v.FactEnd(*fact) : v.FactStart(*fact);
    std::string name = "`" + u.facts[*fact].label + "`" + (end ? " ending" : " starting");
    if (p == kNone) {
      return Status::InvalidArgument(
          "fact `" + u.facts[*fact].label + "` has no known " + (end ? "end" : "start") +
              " in story time",
          end ? "it still holds as far as you have seen" : "it holds since before the story");
    }
    return at_point(p, name);
  }
  if (fact.status().code() != StatusCode::kNotFound) return fact.status();

  WorkId w = ResolveWorkPath(u, anchor);
  if (w != kNone) {
    const Work& work = u.works[w];
    if (!v.horizon().TouchesWork(w)) {
      return Status::InvalidArgument(
          "`" + work.path + "` is outside your horizon",
          "story times can only be anchored to works you have seen; widen --seen");
    }
    const std::string label_text = WorkLabel(u, w);
    if (rel == Relation::kBefore) {
      if (work.slot_start == kNone || work.slot_start >= u.points.size()) {
        return Status::InvalidArgument("`" + work.path + "` has no place in story time");
      }
      out.cut = 2 * static_cast<int64_t>(v.Rank(work.slot_start)) - 1;
      out.description = "just before " + label_text;
      return out;
    }
    if (work.slot_end == kNone || work.slot_end >= u.points.size()) {
      return Status::InvalidArgument("`" + work.path + "` has no place in story time");
    }
    out.cut = 2 * static_cast<int64_t>(v.Rank(work.slot_end));
    out.description = "at the end of " + label_text;
    return out;
  }

  // Unknown: suggest visible events and labels, and works (public).
  std::vector<std::string> candidates;
  for (EventId e = 0; e < u.events.size(); ++e) {
    if (v.EventVisible(e)) candidates.push_back(u.events[e].id);
  }
  for (FactId f = 0; f < u.facts.size(); ++f) {
    if (v.FactVisible(f) && !u.facts[f].label.empty()) candidates.push_back(u.facts[f].label);
  }
  for (const std::string& p : WorkPathCandidates(u)) candidates.push_back(p);
  std::string hint = DidYouMean(ClosestMatches(anchor, candidates));
  if (hint.empty()) {
    hint =
        "a story time is a date (2015, 2015-11-20, 283 AC), an event, a fact label or a work "
        "path, optionally after `before` or `after`";
  }
  return Status::NotFound("unknown story time `" + std::string(anchor) + "`", hint);
}

}  // namespace canon
