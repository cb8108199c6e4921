// Lazily built per-universe query state (see query_context.h).
#include "query/query_context.h"

#include <chrono>

namespace canon {

const FactIndex* QueryContext::Index() const {
  std::call_once(once_, [&] {
    const auto t0 = std::chrono::steady_clock::now();
    Result<std::unique_ptr<FactIndex>> ix = FactIndex::Build(u_);
    if (ix.ok()) index_ = std::move(*ix);
    build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  return index_.get();
}

const ViewPlan* QueryContext::Plan() const {
  std::call_once(plan_once_, [&] { plan_ = std::make_unique<ViewPlan>(u_); });
  return plan_.get();
}

}  // namespace canon
