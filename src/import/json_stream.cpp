// Streaming JSON arrays and safe field access (see json_stream.h).
#include "import/json_stream.h"

#include <fstream>
#include <sstream>

namespace canon::import {

Status StreamJsonArray(const std::string& path, std::string_view array_key, Progress* progress,
                       const std::function<void(size_t, const Json&)>& on_element) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read `" + path + "`", "check the source folder");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  // Elements sit at depth 1 in a top-level array, at depth 2 under a key.
  const int element_depth = array_key.empty() ? 1 : 2;
  bool in_array = array_key.empty();
  bool found = array_key.empty();
  std::string last_key;
  size_t index = 0;
  size_t since_update = 0;
  auto callback = [&](int depth, Json::parse_event_t event, Json& parsed) -> bool {
    using E = Json::parse_event_t;
    if (!array_key.empty() && depth == 1) {
      if (event == E::key) last_key = parsed.get<std::string>();
      if (event == E::array_start && last_key == array_key) in_array = found = true;
      if (event == E::array_end) in_array = false;
    }
    if (in_array && depth == element_depth &&
        (event == E::object_end || event == E::array_end || event == E::value)) {
      // A container element ends with object_end/array_end at its own depth
      // (its members are deeper); a scalar element is one `value` there.
      on_element(index++, parsed);
      if (progress && ++since_update >= 8) {
        since_update = 0;
        std::streamoff pos = in.tellg();
        if (pos >= 0) progress->Update(static_cast<uint64_t>(pos));
      }
      return false;  // drop the element: memory stays bounded
    }
    return true;
  };
  if (progress) progress->Start(path.substr(path.find_last_of('/') + 1), size > 0 ? size : 0);
  try {
    // The result holds only what the callback kept: the empty array shell.
    Json shell = Json::parse(in, callback, /*allow_exceptions=*/true, /*ignore_comments=*/false);
    (void)shell;
  } catch (const Json::exception& e) {
    if (progress) progress->Finish();
    return Status::ParseError("`" + path + "` is not valid JSON: " + e.what(),
                              "the file may be truncated or not the expected dataset");
  }
  if (progress) progress->Finish();
  if (!found) {
    return Status::NotFound(
        "`" + path + "` has no top-level array `" + std::string(array_key) + "`",
        "is this the expected dataset?");
  }
  return Status::Ok();
}

Result<Json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read `" + path + "`", "check the source folder");
  try {
    return Json::parse(in);
  } catch (const Json::exception& e) {
    return Status::ParseError("`" + path + "` is not valid JSON: " + e.what(),
                              "the file may be truncated or not the expected dataset");
  }
}

const Json* Field(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(std::string(key));
  return it == j.end() ? nullptr : &*it;
}

bool GetString(const Json& j, std::string_view key, std::string* out) {
  const Json* f = Field(j, key);
  if (!f || !f->is_string()) return false;
  *out = f->get_ref<const std::string&>();
  return true;
}

bool GetInt(const Json& j, std::string_view key, long long* out) {
  const Json* f = Field(j, key);
  if (!f || !f->is_number_integer()) return false;
  *out = f->get<long long>();
  return true;
}

bool GetBool(const Json& j, std::string_view key, bool* out) {
  const Json* f = Field(j, key);
  if (!f || !f->is_boolean()) return false;
  *out = f->get<bool>();
  return true;
}

std::vector<std::string> GetStringList(const Json& j, std::string_view key, size_t* bad) {
  std::vector<std::string> out;
  const Json* f = Field(j, key);
  if (!f) return out;
  if (f->is_string()) {
    out.push_back(f->get<std::string>());
  } else if (f->is_array()) {
    for (const Json& item : *f) {
      if (item.is_string()) {
        out.push_back(item.get<std::string>());
      } else if (bad) {
        ++*bad;
      }
    }
  } else if (bad) {
    ++*bad;
  }
  return out;
}

}  // namespace canon::import
