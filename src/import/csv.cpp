// Streaming RFC 4180 CSV reading (see csv.h).
#include "import/csv.h"

namespace canon::import {

int CsvReader::Get() {
  int c = in_.get();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

bool CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  constexpr int kEof = std::char_traits<char>::eof();
  int c = Get();
  if (c == kEof) return false;
  row_line_ = line_;
  std::string field;
  bool quoted = false;      // inside a quoted field
  bool was_quoted = false;  // the current field started with a quote
  for (;; c = Get()) {
    if (quoted) {
      if (c == kEof) {
        if (error_.empty()) {
          error_ = "a quoted field starting on line " + std::to_string(row_line_) +
                   " is not closed before the end of the file";
        }
        fields.push_back(std::move(field));
        return true;
      }
      if (c == '"') {
        if (in_.peek() == '"') {
          Get();
          field += '"';
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += static_cast<char>(c);
      }
      continue;
    }
    if (c == kEof || c == '\n' || (c == '\r' && in_.peek() == '\n')) {
      if (c == '\r') Get();
      if (c != kEof) ++line_;
      fields.push_back(std::move(field));
      return true;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else {
      // A quote inside an unquoted field is kept as text (lenient, as most
      // writers produce it only by mistake).
      field += static_cast<char>(c);
    }
  }
}

bool CsvTable::ReadHeader() {
  if (!reader_.Next(header_)) return false;
  // A UTF-8 byte order mark is not part of the first column's name.
  if (!header_.empty() && header_[0].rfind("\xEF\xBB\xBF", 0) == 0) header_[0].erase(0, 3);
  return true;
}

bool CsvTable::Next() {
  while (reader_.Next(row_)) {
    if (row_.size() == 1 && row_[0].empty()) continue;  // blank line
    return true;
  }
  return false;
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

const std::string& CsvTable::Field(int col) const {
  static const std::string kEmpty;
  if (col < 0 || static_cast<size_t>(col) >= row_.size()) return kEmpty;
  return row_[col];
}

}  // namespace canon::import
