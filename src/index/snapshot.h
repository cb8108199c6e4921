// Index snapshots: a built FactIndex written as one flat binary file and
// read back with a few large reads (no parsing, no re-insertion, no
// re-sorting), so opening a built universe costs roughly file size / disk
// or page-cache bandwidth.
//
// Layout (little-endian, native structs): a header (magic "CNIX", version,
// element counts, a fingerprint of the Universe it was built from), then
// each array in a fixed order, each 64-byte aligned. Version 2 (16-byte
// entries, no key columns, pair runs as entry positions); Load rejects any
// other version, and bounds-checks every stored id and range.
#ifndef CANON_INDEX_SNAPSHOT_H_
#define CANON_INDEX_SNAPSHOT_H_

#include <memory>
#include <string>

#include "canon/status.h"
#include "canon/universe.h"
#include "index/fact_index.h"

namespace canon {

class IndexSnapshot {
 public:
  // Writes `ix` to `path` (via path.tmp + rename). IoError on failure.
  static Status Save(const FactIndex& ix, const std::string& path);
  // Reads a snapshot for `u` (which must be the universe it was built from:
  // same facts, points, works, entities, ranks; Corruption otherwise, with a
  // hint to rebuild). `u` must outlive the index.
  static Result<std::unique_ptr<FactIndex>> Load(const std::string& path, const Universe& u);
  // The fingerprint stored in snapshots (exposed for tests).
  static uint64_t Fingerprint(const Universe& u);
};

}  // namespace canon

#endif  // CANON_INDEX_SNAPSHOT_H_
