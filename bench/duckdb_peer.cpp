// DuckDB as a benchmark peer: dlopen() of libduckdb.so and a thin wrapper.
#include "duckdb_peer.h"

#include <dlfcn.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace canon::bench {

// The few functions of DuckDB's documented, stable C API (duckdb.h) this
// peer uses, declared here because the npm package that ships libduckdb.so
// does not ship the header. Handles (duckdb_database, duckdb_connection,
// duckdb_prepared_statement, duckdb_appender, duckdb_data_chunk,
// duckdb_vector, duckdb_logical_type) are pointers to opaque structs in
// duckdb.h; they are passed as void* here, which has the same ABI.
extern "C" {
using duckdb_idx_t = uint64_t;
enum duckdb_state_t : int { kDuckSuccess = 0, kDuckError = 1 };
constexpr int kDuckTypeBigint = 5;  // DUCKDB_TYPE_BIGINT
// duckdb_result, field for field (48 bytes); only the API reads it.
struct duckdb_result_t {
  duckdb_idx_t deprecated_column_count;
  duckdb_idx_t deprecated_row_count;
  duckdb_idx_t deprecated_rows_changed;
  void* deprecated_columns;
  char* deprecated_error_message;
  void* internal_data;
};
using fn_open = duckdb_state_t (*)(const char* path, void** out_database);
using fn_close = void (*)(void** database);
using fn_connect = duckdb_state_t (*)(void* database, void** out_connection);
using fn_disconnect = void (*)(void** connection);
using fn_library_version = const char* (*)();
using fn_query = duckdb_state_t (*)(void* connection, const char* sql, duckdb_result_t* out);
using fn_destroy_result = void (*)(duckdb_result_t* result);
using fn_result_error = const char* (*)(duckdb_result_t* result);
using fn_row_count = duckdb_idx_t (*)(duckdb_result_t* result);
using fn_value_int64 = int64_t (*)(duckdb_result_t* result, duckdb_idx_t col, duckdb_idx_t row);
using fn_value_is_null = bool (*)(duckdb_result_t* result, duckdb_idx_t col, duckdb_idx_t row);
using fn_prepare = duckdb_state_t (*)(void* connection, const char* sql, void** out_statement);
using fn_destroy_prepare = void (*)(void** statement);
using fn_prepare_error = const char* (*)(void* statement);
using fn_bind_int64 = duckdb_state_t (*)(void* statement, duckdb_idx_t index, int64_t value);
using fn_execute_prepared = duckdb_state_t (*)(void* statement, duckdb_result_t* out);
using fn_appender_create = duckdb_state_t (*)(void* connection, const char* schema,
                                              const char* table, void** out_appender);
using fn_appender_error = const char* (*)(void* appender);
using fn_appender_close = duckdb_state_t (*)(void* appender);
using fn_appender_destroy = duckdb_state_t (*)(void** appender);
using fn_append_data_chunk = duckdb_state_t (*)(void* appender, void* chunk);
using fn_create_logical_type = void* (*)(int type);
using fn_destroy_logical_type = void (*)(void** type);
using fn_create_data_chunk = void* (*)(void** types, duckdb_idx_t column_count);
using fn_destroy_data_chunk = void (*)(void** chunk);
using fn_data_chunk_reset = void (*)(void* chunk);
using fn_data_chunk_get_vector = void* (*)(void* chunk, duckdb_idx_t column);
using fn_data_chunk_set_size = void (*)(void* chunk, duckdb_idx_t size);
using fn_vector_get_data = void* (*)(void* vector);
using fn_vector_size = duckdb_idx_t (*)();
}

struct DuckApi {
  fn_open open;
  fn_close close;
  fn_connect connect;
  fn_disconnect disconnect;
  fn_library_version library_version;
  fn_query query;
  fn_destroy_result destroy_result;
  fn_result_error result_error;
  fn_row_count row_count;
  fn_value_int64 value_int64;
  fn_value_is_null value_is_null;
  fn_prepare prepare;
  fn_destroy_prepare destroy_prepare;
  fn_prepare_error prepare_error;
  fn_bind_int64 bind_int64;
  fn_execute_prepared execute_prepared;
  fn_appender_create appender_create;
  fn_appender_error appender_error;
  fn_appender_close appender_close;
  fn_appender_destroy appender_destroy;
  fn_append_data_chunk append_data_chunk;
  fn_create_logical_type create_logical_type;
  fn_destroy_logical_type destroy_logical_type;
  fn_create_data_chunk create_data_chunk;
  fn_destroy_data_chunk destroy_data_chunk;
  fn_data_chunk_reset data_chunk_reset;
  fn_data_chunk_get_vector data_chunk_get_vector;
  fn_data_chunk_set_size data_chunk_set_size;
  fn_vector_get_data vector_get_data;
  fn_vector_size vector_size;
};

namespace {

template <typename F>
bool Resolve(void* lib, const char* name, F* out, std::string* error) {
  *out = reinterpret_cast<F>(dlsym(lib, name));
  if (*out == nullptr) {
    *error = std::string("symbol ") + name + " not found in the DuckDB library";
    return false;
  }
  return true;
}

// Loads the library once per process; later calls return the first result
// (the library stays loaded until exit, as DuckDB's background threads may
// outlive a database handle).
const DuckApi* LoadApi(const std::string& lib_path, std::string* error) {
  static std::mutex mu;
  static std::unique_ptr<DuckApi> api;
  static std::string load_error;
  std::lock_guard<std::mutex> lock(mu);
  if (api) return api.get();
  if (!load_error.empty()) {
    *error = load_error;
    return nullptr;
  }
  void* lib = dlopen(lib_path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* e = dlerror();
    load_error = "cannot load " + lib_path + ": " + (e ? e : "unknown dlopen error");
    *error = load_error;
    return nullptr;
  }
  auto a = std::make_unique<DuckApi>();
  std::string e;
  const bool ok = Resolve(lib, "duckdb_open", &a->open, &e) &&
                  Resolve(lib, "duckdb_close", &a->close, &e) &&
                  Resolve(lib, "duckdb_connect", &a->connect, &e) &&
                  Resolve(lib, "duckdb_disconnect", &a->disconnect, &e) &&
                  Resolve(lib, "duckdb_library_version", &a->library_version, &e) &&
                  Resolve(lib, "duckdb_query", &a->query, &e) &&
                  Resolve(lib, "duckdb_destroy_result", &a->destroy_result, &e) &&
                  Resolve(lib, "duckdb_result_error", &a->result_error, &e) &&
                  Resolve(lib, "duckdb_row_count", &a->row_count, &e) &&
                  Resolve(lib, "duckdb_value_int64", &a->value_int64, &e) &&
                  Resolve(lib, "duckdb_value_is_null", &a->value_is_null, &e) &&
                  Resolve(lib, "duckdb_prepare", &a->prepare, &e) &&
                  Resolve(lib, "duckdb_destroy_prepare", &a->destroy_prepare, &e) &&
                  Resolve(lib, "duckdb_prepare_error", &a->prepare_error, &e) &&
                  Resolve(lib, "duckdb_bind_int64", &a->bind_int64, &e) &&
                  Resolve(lib, "duckdb_execute_prepared", &a->execute_prepared, &e) &&
                  Resolve(lib, "duckdb_appender_create", &a->appender_create, &e) &&
                  Resolve(lib, "duckdb_appender_error", &a->appender_error, &e) &&
                  Resolve(lib, "duckdb_appender_close", &a->appender_close, &e) &&
                  Resolve(lib, "duckdb_appender_destroy", &a->appender_destroy, &e) &&
                  Resolve(lib, "duckdb_append_data_chunk", &a->append_data_chunk, &e) &&
                  Resolve(lib, "duckdb_create_logical_type", &a->create_logical_type, &e) &&
                  Resolve(lib, "duckdb_destroy_logical_type", &a->destroy_logical_type, &e) &&
                  Resolve(lib, "duckdb_create_data_chunk", &a->create_data_chunk, &e) &&
                  Resolve(lib, "duckdb_destroy_data_chunk", &a->destroy_data_chunk, &e) &&
                  Resolve(lib, "duckdb_data_chunk_reset", &a->data_chunk_reset, &e) &&
                  Resolve(lib, "duckdb_data_chunk_get_vector", &a->data_chunk_get_vector, &e) &&
                  Resolve(lib, "duckdb_data_chunk_set_size", &a->data_chunk_set_size, &e) &&
                  Resolve(lib, "duckdb_vector_get_data", &a->vector_get_data, &e) &&
                  Resolve(lib, "duckdb_vector_size", &a->vector_size, &e);
  if (!ok) {
    dlclose(lib);
    load_error = e + " (" + lib_path + ")";
    *error = load_error;
    return nullptr;
  }
  api = std::move(a);
  return api.get();
}

std::string ResultError(const DuckApi* api, duckdb_result_t* r) {
  const char* e = api->result_error(r);
  return e ? e : "unknown DuckDB error";
}

}  // namespace

std::unique_ptr<DuckDb> DuckDb::Open(const std::string& lib_path, const std::string& db_path,
                                     std::string* error) {
  const DuckApi* api = LoadApi(lib_path, error);
  if (api == nullptr) return nullptr;
  std::unique_ptr<DuckDb> d(new DuckDb());
  d->api_ = api;
  if (api->open(db_path.c_str(), &d->db_) != kDuckSuccess) {
    d->db_ = nullptr;
    *error = "duckdb_open " + db_path + " failed";
    return nullptr;
  }
  if (api->connect(d->db_, &d->conn_) != kDuckSuccess) {
    d->conn_ = nullptr;
    *error = "duckdb_connect to " + db_path + " failed";
    return nullptr;
  }
  return d;
}

DuckDb::~DuckDb() {
  if (api_ == nullptr) return;
  for (auto& [name, s] : stmts_) api_->destroy_prepare(&s);
  if (conn_ != nullptr) api_->disconnect(&conn_);
  if (db_ != nullptr) api_->close(&db_);
}

std::string DuckDb::Version() const { return api_->library_version(); }

bool DuckDb::Exec(const std::string& sql, std::string* error) {
  duckdb_result_t r{};
  const bool ok = api_->query(conn_, sql.c_str(), &r) == kDuckSuccess;
  if (!ok) *error = ResultError(api_, &r) + " in " + sql.substr(0, 200);
  api_->destroy_result(&r);
  return ok;
}

bool DuckDb::Scalar(const std::string& sql, int64_t* out, std::string* error) {
  duckdb_result_t r{};
  const bool ok = api_->query(conn_, sql.c_str(), &r) == kDuckSuccess;
  if (!ok) {
    *error = ResultError(api_, &r) + " in " + sql.substr(0, 200);
  } else {
    *out =
        api_->row_count(&r) > 0 && !api_->value_is_null(&r, 0, 0) ? api_->value_int64(&r, 0, 0) : 0;
  }
  api_->destroy_result(&r);
  return ok;
}

bool DuckDb::Prepare(const std::string& name, const std::string& sql, std::string* error) {
  void* s = nullptr;
  if (api_->prepare(conn_, sql.c_str(), &s) != kDuckSuccess) {
    const char* e = s ? api_->prepare_error(s) : nullptr;
    *error = "prepare " + name + ": " + (e ? e : "unknown DuckDB error");
    if (s) api_->destroy_prepare(&s);
    return false;
  }
  auto it = stmts_.find(name);
  if (it != stmts_.end()) api_->destroy_prepare(&it->second);
  stmts_[name] = s;
  return true;
}

bool DuckDb::Row2(const std::string& name, std::initializer_list<int64_t> args, int64_t out[2],
                  std::string* error) {
  auto it = stmts_.find(name);
  if (it == stmts_.end()) {
    *error = "no prepared statement " + name;
    return false;
  }
  duckdb_idx_t i = 1;
  for (int64_t a : args) {
    if (api_->bind_int64(it->second, i++, a) != kDuckSuccess) {
      *error = "bind parameter " + std::to_string(i - 1) + " of " + name;
      return false;
    }
  }
  duckdb_result_t r{};
  const bool ok = api_->execute_prepared(it->second, &r) == kDuckSuccess;
  if (!ok) {
    *error = name + ": " + ResultError(api_, &r);
  } else {
    const bool has_row = api_->row_count(&r) > 0;
    for (duckdb_idx_t c = 0; c < 2; ++c) {
      out[c] = has_row && !api_->value_is_null(&r, c, 0) ? api_->value_int64(&r, c, 0) : 0;
    }
  }
  api_->destroy_result(&r);
  return ok;
}

bool DuckDb::Append(const std::string& table, size_t columns, size_t rows,
                    const std::function<void(size_t row, int64_t* values)>& fill,
                    std::string* error) {
  void* app = nullptr;
  if (api_->appender_create(conn_, nullptr, table.c_str(), &app) != kDuckSuccess) {
    const char* e = app ? api_->appender_error(app) : nullptr;
    *error = "appender for " + table + ": " + (e ? e : "unknown DuckDB error");
    if (app) api_->appender_destroy(&app);
    return false;
  }
  std::vector<void*> types(columns);
  for (void*& t : types) t = api_->create_logical_type(kDuckTypeBigint);
  void* chunk = api_->create_data_chunk(types.data(), columns);
  const size_t cap = api_->vector_size();
  std::vector<int64_t> row(columns);
  bool ok = true;
  for (size_t base = 0; ok && base < rows; base += cap) {
    const size_t n = std::min(cap, rows - base);
    api_->data_chunk_reset(chunk);
    std::vector<int64_t*> cols(columns);
    for (size_t c = 0; c < columns; ++c) {
      cols[c] = static_cast<int64_t*>(
          api_->vector_get_data(api_->data_chunk_get_vector(chunk, static_cast<duckdb_idx_t>(c))));
    }
    for (size_t i = 0; i < n; ++i) {
      fill(base + i, row.data());
      for (size_t c = 0; c < columns; ++c) cols[c][i] = row[c];
    }
    api_->data_chunk_set_size(chunk, n);
    if (api_->append_data_chunk(app, chunk) != kDuckSuccess) {
      const char* e = api_->appender_error(app);
      *error = "append to " + table + ": " + (e ? e : "unknown DuckDB error");
      ok = false;
    }
  }
  api_->destroy_data_chunk(&chunk);
  for (void*& t : types) api_->destroy_logical_type(&t);
  if (ok && api_->appender_close(app) != kDuckSuccess) {
    const char* e = api_->appender_error(app);
    *error = "closing the appender of " + table + ": " + (e ? e : "unknown DuckDB error");
    ok = false;
  }
  api_->appender_destroy(&app);
  return ok;
}

}  // namespace canon::bench
