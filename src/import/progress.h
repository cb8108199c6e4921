// A one-line progress bar for long imports, drawn on standard error only when
// it is a terminal (the caller decides), so logs and golden tests stay clean.
#ifndef CANON_IMPORT_PROGRESS_H_
#define CANON_IMPORT_PROGRESS_H_

#include <cstdint>
#include <ostream>
#include <string>

namespace canon::import {

class Progress {
 public:
  // `out` may be null: then every call does nothing.
  explicit Progress(std::ostream* out) : out_(out) {}
  ~Progress() { Finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Starts a new phase ("episodes.json") of `total` units (bytes, rows).
  void Start(const std::string& label, uint64_t total);
  // Redraws when the shown percentage changes.
  void Update(uint64_t done);
  // Clears the line.
  void Finish();

 private:
  std::ostream* out_;
  std::string label_;
  uint64_t total_ = 0;
  int shown_ = -1;
  bool active_ = false;
};

}  // namespace canon::import

#endif  // CANON_IMPORT_PROGRESS_H_
