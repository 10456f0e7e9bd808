#include "imap/session/store_errors.h"

#include <spdlog/spdlog.h>

namespace petrel::imap {

void reply_store_error(Session& session, const std::string& tag, const Error& error) {
  std::string_view code;
  switch (error.code) {
    case ErrorCode::NotFound:
      code = "NONEXISTENT";
      break;
    case ErrorCode::AlreadyExists:
      code = "ALREADYEXISTS";
      break;
    case ErrorCode::InvalidArgument:
    case ErrorCode::Forbidden:
      code = "CANNOT";
      break;
    case ErrorCode::TooBig:
      code = "TOOBIG";
      break;
    case ErrorCode::OverQuota:
      code = "OVERQUOTA";
      break;
    case ErrorCode::Busy:
      code = "INUSE";
      break;
    case ErrorCode::Corrupt:
      code = "CORRUPTION";
      break;
    case ErrorCode::Io:
    case ErrorCode::Unspecified:
      spdlog::error("store-error user={} error={}", session.user(), error.message);
      session.tagged(tag, Status::No, error.code == ErrorCode::Io ? "UNAVAILABLE" : "SERVERBUG",
                     "Internal storage error; try again later");
      return;
  }
  session.tagged(tag, Status::No, code, error.message);
}

}  // namespace petrel::imap
