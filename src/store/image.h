// The universe image: a versioned binary snapshot of a whole Universe
// (including the resolved story time) that a .canondb carries next to its
// rows, so opening a built universe is a few large copies instead of a
// row-by-row SQLite scan and a second time resolution. Format: docs/store.md.
//
// Why hand-written: no serialisation library packaged for Debian maps this
// model (plain structs with nested vectors, optional fields and a
// hand-checked id space) without either a schema compiler step (protobuf,
// flatbuffers, capnp: generated types we would copy into the model anyway)
// or per-field reflection glue as long as this file; what the store needs
// beyond encoding (bounds-checked decoding of hostile bytes, columns, a
// fixed little-endian layout documented for other readers) is the part a
// library would not give us.
#ifndef CANON_STORE_IMAGE_H_
#define CANON_STORE_IMAGE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "canon/status.h"
#include "canon/universe.h"

namespace canon {

// Version of the image layout, written in the image's header. Bump it on any
// layout change; a reader decodes exactly its own version.
inline constexpr uint32_t kImageFormatVersion = 1;

// The 8 bytes every image starts with.
inline constexpr std::string_view kImageMagic{"CNONIMG\0", 8};

// Appends the image of `u` to `*out` (cleared first). Everything the store's
// rows hold is in it, plus `u.time` (ranks, day bounds, the resolved flag);
// the fields Finalize() derives are not. Never fails; the caller validates
// `u` first (ids are written as they are).
void EncodeImage(const Universe& u, std::string* out);

// Decodes an image into `*u` (replaced). Every length and count is checked
// against the bytes that remain before anything is allocated, so damaged
// bytes give Corruption ("image: <what> at byte N"), never a crash or an
// allocation much larger than the image. Checks the layout only: ids are
// not range-checked here (run ValidateUniverse) and Finalize() is not
// called. When the image says the time is resolved, the time arrays are
// checked to cover every point.
Status DecodeImage(std::string_view bytes, Universe* u);

// 64-bit checksum of an image (XXH64 of the bytes, seed 0, hand-written:
// fast enough to run over gigabytes on every open, 8 bytes per step).
uint64_t ImageChecksum(std::string_view bytes);

}  // namespace canon

#endif  // CANON_STORE_IMAGE_H_
