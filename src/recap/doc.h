// A small document model for story answers (headings, paragraphs of cited
// sentences, lists, tables) and its Markdown and HTML renderings. Citations
// are numbered in order of first use and listed under "Sources" with each
// reveal point's label and path; only points the narrator put in a
// sentence (all inside the horizon) ever appear. JSON helpers for sentences
// and reveal points are shared by the commands' JSON renderings.
#ifndef CANON_RECAP_DOC_H_
#define CANON_RECAP_DOC_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "canon/universe.h"
#include "recap/narrator.h"

namespace canon {

struct DocBlock {
  enum class Kind { kHeading, kParagraph, kList, kTable, kNote };
  Kind kind = Kind::kParagraph;
  int level = 2;                                 // heading level (1 = title)
  std::string text;                              // heading or note text (not cited)
  std::vector<StorySentence> sentences;          // paragraph: run together; list: one item each
  std::vector<std::string> header;               // table
  std::vector<std::vector<StorySentence>> rows;  // table cells (a cell may cite)
};

struct Doc {
  std::string title;
  std::vector<std::string> notes;  // lines under the title (scope, caveats)
  std::vector<DocBlock> blocks;
  std::string sources_heading = "Sources";
};

std::string RenderMarkdown(const Universe& u, const Doc& d);
std::string RenderHtml(const Universe& u, const Doc& d);

using OrderedJson = nlohmann::ordered_json;
// {work, title|null, label, position|null}: the POINT of docs/queries.md.
OrderedJson PointJson(const Universe& u, const RevealPoint& p);
// {text, facts[ids], events[ids], cited[POINT]}.
OrderedJson SentenceJson(const Universe& u, const StorySentence& s, const FactIdNames& ids);
// {id, qualified, name, kind}.
OrderedJson EntityJson(const Universe& u, EntityId e);

}  // namespace canon

#endif  // CANON_RECAP_DOC_H_
