// DuckDB as a benchmark peer: its C library loaded at run time with dlopen().
//
// The library is not a build dependency: bench/run.sh installs DuckDB's
// official npm package that ships libduckdb.so (no duckdb.h) and passes its
// path with --duckdb-lib. When the library is missing or fails to load, the
// harness skips DuckDB with the error as its note. Every call reports failure
// through a false return and an error text; nothing here throws or exits.
#ifndef CANON_BENCH_DUCKDB_PEER_H_
#define CANON_BENCH_DUCKDB_PEER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>

namespace canon::bench {

struct DuckApi;  // the resolved C API functions (duckdb_peer.cpp)

// One database file and one connection to it.
class DuckDb {
 public:
  // Loads `lib_path` (once per process) and opens or creates `db_path`.
  // Returns null and sets `error` when the library or the database cannot be
  // opened.
  static std::unique_ptr<DuckDb> Open(const std::string& lib_path, const std::string& db_path,
                                      std::string* error);
  ~DuckDb();
  DuckDb(const DuckDb&) = delete;
  DuckDb& operator=(const DuckDb&) = delete;

  // duckdb_library_version() of the loaded library.
  std::string Version() const;
  // Runs `sql` (one or more statements), discarding any rows.
  bool Exec(const std::string& sql, std::string* error);
  // First column of the first row of `sql` as an integer (NULL -> 0).
  bool Scalar(const std::string& sql, int64_t* out, std::string* error);
  // Prepares `sql` (parameters $1, $2, ...) under `name`.
  bool Prepare(const std::string& name, const std::string& sql, std::string* error);
  // Binds `args` to the statement `name`, runs it, and stores the first two
  // columns of its first row in out[0], out[1] (NULL or no row -> 0).
  bool Row2(const std::string& name, std::initializer_list<int64_t> args, int64_t out[2],
            std::string* error);
  // Bulk load through the appender with column-wise data chunks. Every column
  // of `table` must be BIGINT: fill(row, values) writes `columns` values for
  // row `row` of `rows`.
  bool Append(const std::string& table, size_t columns, size_t rows,
              const std::function<void(size_t row, int64_t* values)>& fill, std::string* error);

 private:
  DuckDb() = default;
  const DuckApi* api_ = nullptr;
  void* db_ = nullptr;
  void* conn_ = nullptr;
  std::map<std::string, void*> stmts_;
};

}  // namespace canon::bench

#endif  // CANON_BENCH_DUCKDB_PEER_H_
