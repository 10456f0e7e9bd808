#pragma once
// The one table from store errors to IMAP responses (RFC 5530 codes).
// Commands with a more specific answer (APPEND's [TRYCREATE]) check first.
#include <string>

#include "imap/session/session.h"
#include "util/result.h"

namespace petrel::imap {

// Writes the tagged NO for `error`. Storage faults are logged in full; the
// client sees a short text and a response code.
void reply_store_error(Session& session, const std::string& tag, const Error& error);

}  // namespace petrel::imap
