#pragma once
// The few IMAP string forms ENVELOPE and BODYSTRUCTURE need (RFC 9051
// section 4.3 and the "string" / "nstring" ABNF of section 9). Kept inside
// src/mime so the MIME library does not depend on the protocol layer.
//
// Policy: a value is sent as a quoted string when it has no CR, LF or NUL and
// its 8-bit bytes (if any) form valid UTF-8 (RFC 9051 QUOTED-CHAR allows
// UTF8-2/3/4); anything else is sent as a literal {n}CRLF<bytes>. NUL can
// appear in neither form (CHAR8 excludes it), so NUL bytes are dropped.
// Note for IMAP4rev1 sessions without UTF8=ACCEPT: RFC 3501 quoted strings are
// 7-bit only; kQuoteUtf8 = false switches 8-bit values to literals (Dovecot
// 2.3's behaviour), which is valid for both revisions.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::mime {

inline constexpr bool kQuoteUtf8 = true;

// Appends `s` as an IMAP string (quoted or literal).
void append_imap_string(std::string& out, std::string_view s);

// Appends NIL when `s` is empty-optional, else the string.
void append_imap_nstring(std::string& out, std::optional<std::string_view> s);

inline void append_nil(std::string& out) { out.append("NIL"); }

}  // namespace petrel::mime
