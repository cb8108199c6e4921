// The four query commands as library functions: Show, State, History and
// WhoKnows. Each reads the universe only through a View (so answers are
// spoiler-safe by construction) and returns a plain result struct holding
// display-ready strings; render.h turns results into text or JSON.
#ifndef CANON_QUERY_QUERIES_H_
#define CANON_QUERY_QUERIES_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "query/at.h"
#include "query/view.h"

namespace canon {

struct EntityRef {
  EntityId id = kNone;
  std::string local_id;   // "jessica"
  std::string qualified;  // "netflix:jessica"
  std::string name;       // "Jessica Jones"
  std::string kind;       // "character"
};

struct RevealRef {
  std::string path;      // "jj.s1.e1"
  std::string title;     // the work's own title ("AKA Ladies Night"); may be empty
  std::string label;     // "Jessica Jones S1E1" (citation text)
  std::string position;  // "41:10", "3" or ""
};

// A point of story time as the viewer may be told about it.
struct TimeRef {
  bool open = true;   // no point: "before the story" / "still holds"
  uint32_t rank = 0;  // ViewerRank when !open
  std::string text;   // "Reva's death", "2015-11", "before Jessica Jones S1"; may be empty
  std::string event;  // id of the visible event this point is (or is at); may be empty
  std::string date;   // the point's own stated date ("2015-11"); may be empty
};

struct ValueRef {
  std::string kind;                 // "entity", "string", "keyword", "number", "date"
  std::optional<EntityRef> entity;  // kind == "entity"
  std::string text;                 // display text ("Reva Connors", "\"Jewel\"", "dead")
  std::string raw;                  // the plain value ("Jewel", "dead", "2015-11-20")
};

struct FactItem {
  FactId id = kNone;
  std::string label;
  EntityRef subject;
  std::string predicate;  // "married_to"
  std::string phrase;     // "is married to"
  ValueRef object;
  std::string sentence;  // "Luke Cage is married to Reva Connors"
  TimeRef from, until;
  std::vector<RevealRef> revealed;  // inside the horizon only
  bool revealed_with_entity = false;
  std::vector<RevealRef> overturned;  // inside the horizon; non-empty = overturned
  bool overturned_for_viewer = false;
};

struct EventItem {
  EventId id = kNone;
  std::string local_id, qualified, title, kind;
  std::string name;      // title, else id
  std::string sentence;  // "Jessica Jones kills Reva Connors (controller: Kilgrave)"
  std::vector<std::pair<std::string, EntityRef>> roles;
  TimeRef time;
  std::vector<RevealRef> revealed;
  std::vector<RevealRef> overturned;
  bool overturned_for_viewer = false;
};

// An appearance (scene presence) as the viewer may be told about it.
struct AppearanceItem {
  AppearanceId id = kNone;
  EntityRef entity;
  RevealRef at;  // the work (and position) it is in: also where it is revealed
  // Its story time: its own point when placed with `story`, else the start
  // of its work's slot, described as "during WORK".
  TimeRef time;
  std::string sentence;  // "Jon Snow appears in Game of Thrones S1E1"
};

struct ShowResult {
  std::string horizon;
  std::optional<StoryInstant> at;
  EntityRef entity;
  std::string continuity;        // id, "" for people
  std::string continuity_title;  // may be empty
  std::vector<FactItem> aliases;
  std::vector<FactItem> played_by;   // facts "X played_by P" (or, for a person, "X played_by me")
  std::vector<FactItem> attributes;  // non-entity values (status, born, title, ...)
  std::vector<FactItem> relations;   // entity values, either side
  std::vector<EntityRef> counterparts;
  // Visible appearances: how many, and the first and the latest in reveal
  // order (unset when there are none; the same one when there is one).
  uint32_t appearance_count = 0;
  std::optional<AppearanceItem> first_appearance;
  std::optional<AppearanceItem> latest_appearance;
};

struct StateResult {
  std::string horizon;
  StoryInstant at;
  EntityRef a, b;
  std::vector<FactItem> relations;  // holding at `at`, symmetric ones once
};

enum class HistoryOrder { kStory, kReveal };

struct HistoryEntry {
  bool is_event = false;
  bool is_appearance = false;  // (is_event is then false)
  FactItem fact;               // neither
  EventItem event;             // is_event
  AppearanceItem appearance;   // is_appearance
};

// One phase of a relationship (`history A B`): a stretch of story time over
// which the strongest visible relation between A and B stays the same
// (docs/queries.md, "Relationship phases").
struct PhaseItem {
  std::string name;                    // "met", "together", "apart", "reconciled", "married"...
  std::vector<std::string> relations;  // predicates holding during it ("dating", "knows")
  TimeRef from, until;                 // until.open: still so
  std::vector<RevealRef> revealed;     // where what began it was revealed (in the horizon)
};

struct HistoryResult {
  std::string horizon;
  HistoryOrder order = HistoryOrder::kStory;
  EntityRef a;
  std::optional<EntityRef> b;
  std::vector<HistoryEntry> entries;
  bool with_phases = false;       // phases were asked for (`--phases`)
  std::vector<PhaseItem> phases;  // the relationship's phases, in story order
};

struct KnowledgeTarget {
  Knowledge::TargetKind kind = Knowledge::TargetKind::kEvent;
  uint32_t id = kNone;
};

struct KnowerItem {
  EntityRef who;
  TimeRef from;
  std::vector<RevealRef> revealed;
  bool participant = false;  // implicit: took part in the event
};

struct WhoKnowsResult {
  std::string horizon;
  std::optional<StoryInstant> at;
  std::string target_kind;  // "event" or "fact"
  std::string target_id;    // event id or fact label
  std::string target_name;  // event name or fact label
  std::string target_sentence;
  std::vector<KnowerItem> knowers;
};

// Show: who/what `e` is as far as the viewer knows. With `at`, only facts
// holding then (and not known to be overturned); without, every visible
// fact with its interval, overturned ones marked.
ShowResult Show(const View& v, EntityId e, const StoryInstant* at);
// Every visible relation between a and b holding at `at`, both directions,
// symmetric predicates once.
StateResult State(const View& v, EntityId a, EntityId b, const StoryInstant& at);
// Every visible fact and event involving a (and b). With `appearances`,
// also a's visible appearances (with b: those in a work, at a point, where
// b visibly appears too).
HistoryResult History(const View& v, EntityId a, std::optional<EntityId> b, HistoryOrder order,
                      bool appearances = false);
// The phases of the relationship between a and b, from the visible facts
// between them (and reconciliation events), in story order.
std::vector<PhaseItem> RelationshipPhases(const View& v, EntityId a, EntityId b);
// Event id/title or fact label, among what the viewer can see.
Result<KnowledgeTarget> ResolveKnowledgeTarget(const View& v, std::string_view name);
// Visible holders of knowledge of `target`; with `at`, those who know by then.
WhoKnowsResult WhoKnows(const View& v, KnowledgeTarget target, const StoryInstant* at);

// Building blocks, shared with renderers and tests.
EntityRef MakeEntityRef(const Universe& u, EntityId e);
RevealRef MakeRevealRef(const Universe& u, const RevealPoint& p);
TimeRef DescribePoint(const View& v, PointId p, EventId self_event = kNone);
FactItem MakeFactItem(const View& v, FactId f, EntityId first = kNone);
EventItem MakeEventItem(const View& v, EventId e);
AppearanceItem MakeAppearanceItem(const View& v, AppearanceId a);

}  // namespace canon

#endif  // CANON_QUERY_QUERIES_H_
