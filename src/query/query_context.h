// QueryContext: what the query commands keep per loaded universe, across
// requests: the FactIndex (src/index) and the ViewPlan (query/view.h), each
// built lazily on first use.
//
// Cost (docs/performance.md, "Query commands"): the first request that asks
// for the index builds it in O(F log F) time (about 0.25 s and ~70 bytes per
// fact at 1M facts); later requests reuse it and pay only a HorizonMask per
// View (O(leaves)). A one-shot CLI run pays the build once, and only for the
// commands that use the index (show --at, state, history A B).
//
// The index is only a source of candidate facts: every fact in an answer
// still passes the View's checks (query/view.h), so the spoiler rule does not
// depend on it. Thread-safe; the Universe must outlive the context and must
// not change.
#ifndef CANON_QUERY_QUERY_CONTEXT_H_
#define CANON_QUERY_QUERY_CONTEXT_H_

#include <memory>
#include <mutex>

#include "canon/universe.h"
#include "index/fact_index.h"
#include "query/view.h"

namespace canon {

class QueryContext {
 public:
  explicit QueryContext(const Universe& u) : u_(u) {}
  QueryContext(const QueryContext&) = delete;
  QueryContext& operator=(const QueryContext&) = delete;

  const Universe& universe() const { return u_; }
  // The index, built on the first call; nullptr when it cannot be built
  // (story time not resolved, too many leaves): queries then scan the View's
  // per-entity lists, with the same answers.
  const FactIndex* Index() const;
  // Seconds the build took (0 before the first Index() call).
  double index_build_seconds() const { return build_seconds_; }
  // The universe's ViewPlan, built on the first call (O(facts), ~20 bytes
  // per fact): pass it to every View built over universe() so each pays
  // only its horizon-dependent work (at 500k facts ~5 ms for `--seen all`
  // instead of ~20 ms with a View's own plan).
  const ViewPlan* Plan() const;

 private:
  const Universe& u_;
  mutable std::once_flag once_;
  mutable std::unique_ptr<FactIndex> index_;
  mutable double build_seconds_ = 0;
  mutable std::once_flag plan_once_;
  mutable std::unique_ptr<ViewPlan> plan_;
};

}  // namespace canon

#endif  // CANON_QUERY_QUERY_CONTEXT_H_
