// A streaming RFC 4180 CSV reader. Written here rather than taken from a
// library because no CSV library is among the project's Debian dependencies,
// and the format is small: comma-separated fields, fields in double quotes
// may hold commas, line breaks and doubled quotes (""), rows end in LF or
// CRLF. It reads one row at a time, so memory is bounded by the longest row.
#ifndef CANON_IMPORT_CSV_H_
#define CANON_IMPORT_CSV_H_

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace canon::import {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}

  // Reads the next row into `fields`. Returns false at the end of input. A
  // quoted field left open at the end of input sets error() and ends the row.
  bool Next(std::vector<std::string>& fields);
  // The 1-based line on which the last row returned by Next() starts.
  uint32_t row_line() const { return row_line_; }
  // Bytes consumed so far (for progress).
  uint64_t bytes_read() const { return bytes_; }
  // Empty unless the input was malformed; then says how (first problem only).
  const std::string& error() const { return error_; }

 private:
  int Get();
  std::istream& in_;
  uint32_t line_ = 1;
  uint32_t row_line_ = 0;
  uint64_t bytes_ = 0;
  std::string error_;
};

// A CSV file with a header row: fields looked up by column name.
class CsvTable {
 public:
  explicit CsvTable(std::istream& in) : reader_(in) {}
  // Reads the header. Returns false when the input is empty.
  bool ReadHeader();
  // Reads the next data row; false at the end.
  bool Next();
  // The column index of `name`, or -1 when the header has no such column.
  int Column(std::string_view name) const;
  // The field of the current row in column `col` ("" when the row is short
  // or col is -1).
  const std::string& Field(int col) const;
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::string>& row() const { return row_; }
  uint32_t line() const { return reader_.row_line(); }
  const CsvReader& reader() const { return reader_; }

 private:
  CsvReader reader_;
  std::vector<std::string> header_;
  std::vector<std::string> row_;
};

}  // namespace canon::import

#endif  // CANON_IMPORT_CSV_H_
