#pragma once
// Result<T>: a value or an Error, in the manner of LevelDB's Status. Errors
// are values; exceptions are reserved for "this connection is dead".
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace petrel {

// What kind of failure, so callers can choose a response code (RFC 5530)
// without parsing messages.
enum class ErrorCode {
  Unspecified,
  NotFound,       // [NONEXISTENT], [TRYCREATE]
  AlreadyExists,  // [ALREADYEXISTS]
  InvalidArgument,
  TooBig,     // [TOOBIG]
  OverQuota,  // [OVERQUOTA]
  Forbidden,  // [NOPERM], [CANNOT]
  Busy,       // [INUSE]: retry later
  Io,         // [SERVERBUG] / [UNAVAILABLE]
  Corrupt,    // [CORRUPTION]
};

struct Error {
  std::string message;
  ErrorCode code = ErrorCode::Unspecified;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
struct Ok {};
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Ok) {}                                                     // NOLINT
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace petrel
