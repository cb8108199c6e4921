// Shared helpers of the importers: dataset provenance (SOURCE.md), paths,
// timecodes, and a small builder for .canon text in canonical layout.
#ifndef CANON_IMPORT_COMMON_H_
#define CANON_IMPORT_COMMON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace canon::import {

// Provenance of a dataset folder, read from its SOURCE.md (the
// `**Upstream repository:**` and `**Snapshot commit ...:**` lines). Fields are
// empty when the file or the line is missing.
struct SourceInfo {
  std::string repository;  // "jeffreylancaster/game-of-thrones"
  std::string commit;      // 40 hex digits
};
SourceInfo ReadSourceInfo(const std::string& dir);

// dir + "/" + name (no doubled slash).
std::string JoinPath(const std::string& dir, const std::string& name);
// The last path component, for messages that must not depend on where the
// data lives ("episodes.json").
std::string BaseName(const std::string& path);
bool IsDirectory(const std::string& path);

// "0:18:44" / "18:44" / "1:02:03" -> seconds; false when malformed.
bool ParseTimecode(std::string_view text, int32_t* seconds);
// Canonical timecode as the printer writes it: "18:44", "1:02:03", "0:40".
std::string FormatTimecode(int32_t seconds);

// A comment line ("# ...") for each line of `text`, wrapped at 100 columns.
std::string CommentBlock(std::string_view text);

// "1 episode", "73 episodes" (the plural adds "s").
std::string Count(size_t n, const std::string& noun);

// Joins names as English: "a", "a and b", "a, b and c".
std::string EnglishList(const std::vector<std::string>& items);

}  // namespace canon::import

#endif  // CANON_IMPORT_COMMON_H_
