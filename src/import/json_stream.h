// Streaming over a large JSON array, one element at a time, with nlohmann's
// callback parser: each element is handed to the caller as soon as it is
// complete and then dropped, so memory is bounded by the largest element (an
// episode with its scenes), not by the file.
#ifndef CANON_IMPORT_JSON_STREAM_H_
#define CANON_IMPORT_JSON_STREAM_H_

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "canon/status.h"
#include "import/progress.h"

namespace canon::import {

using Json = nlohmann::json;

// Reads the JSON file `path` and calls `on_element(index, element)` for each
// element of its array: the top-level value when `array_key` is empty, else
// the array under that key of the top-level object ({"episodes": [...]}).
// Returns an error (with the byte offset) for unreadable files and malformed
// JSON, and NotFound when the array is missing. `on_element` must not throw;
// Json accessors that can throw should go through the helpers below.
Status StreamJsonArray(const std::string& path, std::string_view array_key, Progress* progress,
                       const std::function<void(size_t, const Json&)>& on_element);

// Reads a whole (small) JSON file.
Result<Json> ReadJsonFile(const std::string& path);

// Non-throwing field access: nullptr when `j` is not an object or has no
// such key; the typed forms also return nullopt/false on a type mismatch.
const Json* Field(const Json& j, std::string_view key);
bool GetString(const Json& j, std::string_view key, std::string* out);
bool GetInt(const Json& j, std::string_view key, long long* out);
// true only for a JSON `true`/`false` stored under key; *out receives it.
bool GetBool(const Json& j, std::string_view key, bool* out);

// A string or an array of strings under `key` as a list (the got data uses
// both shapes for the same field). Non-string items are skipped and counted
// in *bad when given.
std::vector<std::string> GetStringList(const Json& j, std::string_view key, size_t* bad = nullptr);

}  // namespace canon::import

#endif  // CANON_IMPORT_JSON_STREAM_H_
