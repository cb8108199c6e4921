// The embedded store: a whole checked Universe saved to / loaded from one
// SQLite file (a `.canondb`), so queries need not recompile .canon sources.
// The schema, column meanings and versioning rule are in docs/store.md.
#ifndef CANON_STORE_STORE_H_
#define CANON_STORE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "canon/status.h"
#include "canon/universe.h"

namespace canon {

// Schema version written into every database (PRAGMA user_version and the
// meta table). Bump it on any change a reader of the old version would
// misread; LoadUniverse rejects other versions with a "rebuild" hint.
inline constexpr int kSchemaVersion = 3;

// PRAGMA application_id of every canon database ("CNON" in ASCII), so a
// foreign SQLite file is recognised as such rather than misread.
inline constexpr int32_t kApplicationId = 0x434E4F4E;

// Writes the whole universe to a new SQLite file at `path`, replacing any
// file there atomically: the data goes to `path + ".tmp"`, is flushed, and
// is renamed over `path` only when complete, so a failed build never loses
// an existing database. Fails with
//   Internal        when `u` breaks the invariants of universe.h (an id out
//                   of range: a canon bug), nothing written;
//   InvalidArgument when `path` holds a non-empty file that is not a canon
//                   database (a .canon source given to -o by mistake);
//   IoError         when the file cannot be written (the old file stays).
// The rows hold the model without ResolvedTime and the fields Finalize()
// derives; the image (image.h) also holds ResolvedTime.
Status SaveUniverse(const Universe& u, const std::string& path);

// Largest image chunk: SQLite limits a blob to about 1 GB (SQLITE_MAX_LENGTH).
inline constexpr size_t kImageChunkBytes = size_t{64} << 20;

struct SaveOptions {
  // Also write the universe image. Off only in tests, to exercise loading
  // from the rows (a database without an image loads from its rows).
  bool image = true;
  // Chunk size of the image, 1..kImageChunkBytes (tests use small ones).
  size_t image_chunk_bytes = kImageChunkBytes;
};
Status SaveUniverse(const Universe& u, const std::string& path, const SaveOptions& options);

// Reads a database written by SaveUniverse. Checks application_id and
// schema version and fails with Corruption (foreign, truncated, damaged or
// other-version file; the hint says to rebuild with `canon build`) or
// IoError (cannot open or read). When the database holds an image (meta
// image.*), the universe is decoded from it, including ResolvedTime: its
// length and checksum must match, else Corruption naming the image (no
// fallback to the rows: a damaged image means a damaged file). Without an
// image it is read from the rows (time not resolved). Either way every id
// is checked (ValidateUniverse), so a damaged database yields a Status,
// never a crash. Calls Finalize(); never resolves story time itself.
Result<Universe> LoadUniverse(const std::string& path);

// Checks the invariants of universe.h that a reader relies on to index
// safely: every id in range, enum values valid, the work tree acyclic and
// consistent with `children`, dates well formed, and when the time is
// resolved, one rank and day range per point with every rank in range. Returns the first problem
// as InvalidArgument naming the table and row ("table `facts`, id 12:
// predicate 99 is out of range (predicates has 28 rows)"), or OK. Linear in
// the size of the universe. SaveUniverse and LoadUniverse both call it.
Status ValidateUniverse(const Universe& u);

}  // namespace canon

#endif  // CANON_STORE_STORE_H_
