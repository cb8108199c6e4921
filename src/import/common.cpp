// Shared importer helpers (see common.h).
#include "import/common.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>

namespace canon::import {
namespace {

// The text between the first pair of backticks after `marker` on its line.
std::string BacktickedAfter(const std::string& line, std::string_view marker) {
  size_t at = line.find(marker);
  if (at == std::string::npos) return "";
  size_t open = line.find('`', at + marker.size());
  if (open == std::string::npos) return "";
  size_t close = line.find('`', open + 1);
  if (close == std::string::npos) return "";
  return line.substr(open + 1, close - open - 1);
}

}  // namespace

SourceInfo ReadSourceInfo(const std::string& dir) {
  SourceInfo info;
  std::ifstream in(JoinPath(dir, "SOURCE.md"));
  std::string line;
  while (std::getline(in, line)) {
    if (info.repository.empty())
      info.repository = BacktickedAfter(line, "**Upstream repository:**");
    if (info.commit.empty() && line.find("**Snapshot commit") != std::string::npos) {
      info.commit = BacktickedAfter(line, ":**");
    }
  }
  return info;
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  if (dir.empty()) return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string BaseName(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.find_last_of('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool ParseTimecode(std::string_view text, int32_t* seconds) {
  int32_t parts[3];
  int n = 0;
  size_t i = 0;
  while (i <= text.size()) {
    if (n == 3) return false;
    size_t j = i;
    int32_t v = 0;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') {
      v = v * 10 + (text[j] - '0');
      if (v > 100000) return false;
      ++j;
    }
    if (j == i) return false;
    parts[n++] = v;
    if (j == text.size()) break;
    if (text[j] != ':') return false;
    i = j + 1;
  }
  if (n < 2) return false;
  for (int k = 1; k < n; ++k) {
    if (parts[k] >= 60) return false;
  }
  *seconds = n == 2 ? parts[0] * 60 + parts[1] : parts[0] * 3600 + parts[1] * 60 + parts[2];
  return true;
}

std::string FormatTimecode(int32_t seconds) {
  char buf[32];
  int32_t h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", h, m, s);
  } else {
    std::snprintf(buf, sizeof buf, "%d:%02d", m, s);
  }
  return buf;
}

std::string CommentBlock(std::string_view text) {
  std::string out;
  size_t start = 0;
  for (;;) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (line.empty()) out += "#\n";
    // Word-wrap so no comment line passes 100 columns; continuation lines
    // are indented under the first.
    std::string prefix = "# ";
    while (!line.empty()) {
      size_t room = 100 - prefix.size();
      std::string_view piece = line;
      if (line.size() > room) {
        size_t cut = line.rfind(' ', room);
        if (cut == std::string_view::npos || cut == 0) cut = line.find(' ');
        if (cut == std::string_view::npos) cut = line.size();
        piece = line.substr(0, cut);
      }
      out += prefix + std::string(piece) + "\n";
      line.remove_prefix(piece.size());
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      prefix = "#   ";
    }
    if (end >= text.size()) break;
    start = end + 1;
  }
  return out;
}

std::string Count(size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string EnglishList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace canon::import
