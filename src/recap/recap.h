// `canon recap`: a readable, cited summary of what a viewer has seen,
// generated from templates, in story order (flashbacks where they happen) or
// in the order it was revealed.
//
// Selection: every visible fact and event (played_by facts only annotate
// first mentions), narrowed by `about` (those involving any of the given
// entities) and by `before` W (those involving W's cast, or referred to by
// W's facts and events; see focus.h). The horizon is a hard boundary: only
// what the View shows is told, named or cited.
//
// Story order: open-started facts form a "Background" paragraph; then events
// in story order, each followed by the facts it starts ("Now ...") and ends
// ("... no longer ..."); facts that start or end on their own are told at
// that point. Headings come from the stated story time of each item ("Before
// Jessica Jones S1", "Jessica Jones S1", "Between X and Y"); an item with no
// stated period continues the current one. Reveal order: grouped by the work
// where each item is first revealed; facts are told in the tense that fits
// what the viewer knows (ended ones in the past, "until ..."), and an item
// set earlier in story time than what came before is told as a flashback.
// Overturned items are told as the viewer was shown them, or, when the
// overturn is in the horizon too, as shown to be false.
#ifndef CANON_RECAP_RECAP_H_
#define CANON_RECAP_RECAP_H_

#include <optional>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "query/view.h"
#include "recap/doc.h"
#include "recap/narrator.h"
#include "recap/templates.h"

namespace canon {

enum class StoryOrder { kStory, kReveal };
enum class RecapLength { kShort, kFull };

struct RecapOptions {
  std::vector<EntityId> about;  // empty: everything
  WorkId before = kNone;        // kNone: no --before
  StoryOrder order = StoryOrder::kStory;
  RecapLength length = RecapLength::kFull;
};

struct RecapSection {
  std::string title;  // "" for a paragraph without heading
  std::vector<StorySentence> sentences;
};

// The sections of one continuity.
struct RecapPart {
  ContinuityId continuity = kNone;
  std::vector<RecapSection> sections;
};

struct RecapResult {
  std::string horizon;
  std::string title;
  std::string scope;
  RecapOptions options;
  std::vector<RecapPart> parts;
  RecapSection now;  // "Where things stand" (full length, with a focus)
  // When nothing is told but the entities it is about have been met.
  std::optional<StorySentence> met;
};

RecapResult Recap(const View& v, const Templates& t, const RecapOptions& o);

Doc RecapDoc(const View& v, const Templates& t, const RecapResult& r);
std::string RenderRecapJson(const View& v, const RecapResult& r);

// The work whose label heads a story section for a point of `w`: a season,
// volume, film or book (a leaf's parent unless the parent is a root whose
// children are leaves, or the root itself).
WorkId SectionUnit(const Universe& u, WorkId w);

}  // namespace canon

#endif  // CANON_RECAP_RECAP_H_
