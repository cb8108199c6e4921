// `canon compare A [B] --continuities C1,C2`: counterparts side by side.
//
// A (and B) are found in each continuity: by qualified id, by id or name
// among that continuity's visible entities, or as the visible counterpart
// of the entity the name means. For a pair, the rows are the relations
// between them (by predicate: "marriage"), the ties they share with a third
// entity ("a child together": both parent_of Danielle), and the events with
// both in roles (by kind). For one entity: its attributes, its relations
// (others matched across continuities through counterparts) and its events.
// Each row is the same in all continuities, differs, or exists in only some;
// the result is a table and prose ("Only in Earth-616: marriage ...; not in
// Marvel Netflix television, as far as you have seen: marriage").
//
// Everything comes from the View: absence means "not among what you have
// seen", and the prose says so.
#ifndef CANON_RECAP_COMPARE_H_
#define CANON_RECAP_COMPARE_H_

#include <string>
#include <vector>

#include "canon/status.h"
#include "canon/universe.h"
#include "query/view.h"
#include "recap/doc.h"
#include "recap/narrator.h"
#include "recap/templates.h"

namespace canon {

struct CompareCell {
  bool present = false;
  std::string summary;                 // table text ("yes", "ended", names...)
  std::vector<StorySentence> details;  // prose clauses, cited
  std::string state;                   // for "same" tests: normalised content
};

struct CompareRow {
  std::string label;               // "marriage", "a child together", "wedding"
  bool in_prose = true;            // false for the "other events" count
  std::vector<CompareCell> cells;  // one per continuity, in order
  enum class Status { kSame, kDiffers, kPartial } status = Status::kSame;
};

struct CompareResult {
  std::string horizon;
  std::vector<ContinuityId> continuities;
  // Per continuity: the entities compared (1 or 2).
  std::vector<std::vector<EntityId>> entities;
  std::vector<CompareRow> rows;
  std::string title;
};

// Finds `name` in continuity `c` among what the viewer can see (see above).
// NotFound / InvalidArgument errors never depend on hidden data.
Result<EntityId> ResolveInContinuity(const View& v, std::string_view name, ContinuityId c);

Result<CompareResult> Compare(const View& v, const Templates& t,
                              const std::vector<std::string>& names,
                              const std::vector<ContinuityId>& continuities);

Doc CompareDoc(const View& v, const Templates& t, const CompareResult& r);
std::string RenderCompareJson(const View& v, const CompareResult& r);

}  // namespace canon

#endif  // CANON_RECAP_COMPARE_H_
