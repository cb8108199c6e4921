// Terminal progress bar (see progress.h).
#include "import/progress.h"

namespace canon::import {

void Progress::Start(const std::string& label, uint64_t total) {
  if (!out_) return;
  Finish();
  label_ = label;
  total_ = total;
  shown_ = -1;
  active_ = true;
  Update(0);
}

void Progress::Update(uint64_t done) {
  if (!out_ || !active_) return;
  int pct = total_ == 0 ? 100 : static_cast<int>(done >= total_ ? 100 : done * 100 / total_);
  if (pct == shown_) return;
  shown_ = pct;
  constexpr int kWidth = 30;
  int filled = pct * kWidth / 100;
  std::string bar(filled, '=');
  bar.resize(kWidth, ' ');
  *out_ << "\rimporting " << label_ << " [" << bar << "] " << pct << "%" << std::flush;
}

void Progress::Finish() {
  if (!out_ || !active_) return;
  active_ = false;
  *out_ << "\r\x1b[2K" << std::flush;  // clear the line
}

}  // namespace canon::import
