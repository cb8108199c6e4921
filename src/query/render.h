// Text and JSON renderings of query results (queries.h). Text is for fans:
// one item per line with `[revealed: Jessica Jones S1E1]` citations. JSON
// (two-space indent, keys in a fixed order, trailing newline) is for tools;
// its shape is documented in docs/queries.md. Renderers only format what the
// result holds; visibility was decided when the result was built.
#ifndef CANON_QUERY_RENDER_H_
#define CANON_QUERY_RENDER_H_

#include <string>

#include "query/queries.h"

namespace canon {

std::string RenderShowText(const ShowResult& r);
std::string RenderShowJson(const ShowResult& r);
std::string RenderStateText(const StateResult& r);
std::string RenderStateJson(const StateResult& r);
std::string RenderHistoryText(const HistoryResult& r);
std::string RenderHistoryJson(const HistoryResult& r);
std::string RenderWhoKnowsText(const WhoKnowsResult& r);
std::string RenderWhoKnowsJson(const WhoKnowsResult& r);

// "from Reva's death until 2016" / "from before the story, still holds".
std::string IntervalText(const TimeRef& from, const TimeRef& until);
// " [revealed: A; B]" or " [revealed: A; overturned at B]", "" when empty.
std::string CitationText(const std::vector<RevealRef>& revealed,
                         const std::vector<RevealRef>& overturned);

}  // namespace canon

#endif  // CANON_QUERY_RENDER_H_
