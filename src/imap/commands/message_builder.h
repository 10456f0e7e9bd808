#pragma once
// Raw message bytes -> store::NewMessage: the bytes as they will be stored
// and everything the MIME parser derives from them once, at delivery
// (envelope, BODY, BODYSTRUCTURE, part tree, preview, the header fields that
// SEARCH and SORT read), so FETCH never parses a message again (DESIGN.md,
// "Storage invariants"). The body text for full-text search is not computed
// here: the store derives it from the bytes when it indexes the message.
//
// Used by APPEND and, later, by LMTP and `petrel deliver`: it knows nothing of
// sessions or of IMAP syntax.
#include <cstdint>
#include <string>
#include <string_view>

#include "mime/limits.h"
#include "store/message.h"

namespace petrel::imap {

struct BuildOptions {
  // Bare LF line ends become CRLF. IMAP (RFC 9051 2.2) and RFC 5322 2.1 use
  // CRLF, and clients count on RFC822.SIZE matching what BODY[] sends;
  // Dovecot converts the same way. Off for binary content (APPEND literal8,
  // RFC 3516 4.4), whose bytes must not change.
  bool normalize_line_endings = true;
  mime::MimeLimits limits;
};

// True when `bytes` has an LF not preceded by CR.
bool has_bare_lf(std::string_view bytes);

// `bytes` with every bare LF turned into CRLF (lone CRs are kept).
std::string to_crlf(std::string_view bytes);

// The MIME analysis of `bytes` in the store's form.
store::ParsedMessage parse_message(std::string_view bytes, const mime::MimeLimits& limits = {});

// A message ready for UserStore::append(): bytes (normalized as `options`
// says) and their analysis. Flags, keywords and the internal date are the
// caller's to set.
store::NewMessage build_message(std::string bytes, const BuildOptions& options = {});

}  // namespace petrel::imap
