// Status rendering.
#include "canon/status.h"

namespace canon {

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out = message_;
  if (!hint_.empty()) out += " (hint: " + hint_ + ")";
  return out;
}

}  // namespace canon
