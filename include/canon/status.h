// Status and Result<T>: the error currency of every canon module boundary.
//
// canon never lets an exception cross a module boundary. A function that can
// fail returns Status (no value) or Result<T> (a value or an error). Both are
// [[nodiscard]] so an ignored failure is a compile warning.
#ifndef CANON_STATUS_H_
#define CANON_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace canon {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad name, bad flag value)
  kNotFound,         // a named thing does not exist (for this viewer)
  kParseError,       // user text has error diagnostics
  kIoError,          // a file or database could not be read or written
  kCorruption,       // stored data is not what canon wrote
  kInternal,         // a canon bug
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg, std::string hint = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(msg), std::move(hint));
  }
  static Status NotFound(std::string msg, std::string hint = {}) {
    return Status(StatusCode::kNotFound, std::move(msg), std::move(hint));
  }
  static Status ParseError(std::string msg, std::string hint = {}) {
    return Status(StatusCode::kParseError, std::move(msg), std::move(hint));
  }
  static Status IoError(std::string msg, std::string hint = {}) {
    return Status(StatusCode::kIoError, std::move(msg), std::move(hint));
  }
  static Status Corruption(std::string msg, std::string hint = {}) {
    return Status(StatusCode::kCorruption, std::move(msg), std::move(hint));
  }
  static Status Internal(std::string msg) {
    return Status(StatusCode::kInternal, std::move(msg), {});
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // A suggestion for the user ("did you mean `jessica`?"); may be empty.
  const std::string& hint() const { return hint_; }
  // "message (hint: ...)" for logs and CLI errors.
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string msg, std::string hint)
      : code_(code), message_(std::move(msg)), hint_(std::move(hint)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string hint_;
};

// Result<T> holds either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an OK status has no value");
    if (status_.ok()) status_ = Status::Internal("Result built from OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace canon

#define CANON_CONCAT_INNER_(a, b) a##b
#define CANON_CONCAT_(a, b) CANON_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function if `expr` is not OK.
#define CANON_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::canon::Status canon_status_ = (expr);        \
    if (!canon_status_.ok()) return canon_status_; \
  } while (0)

// `CANON_ASSIGN_OR_RETURN(auto x, F());` binds the value or returns the error.
#define CANON_ASSIGN_OR_RETURN(lhs, expr) \
  CANON_ASSIGN_OR_RETURN_IMPL_(CANON_CONCAT_(canon_result_, __LINE__), lhs, expr)
#define CANON_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // CANON_STATUS_H_
