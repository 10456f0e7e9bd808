#pragma once
// The few IMAP string forms ENVELOPE and BODYSTRUCTURE need (RFC 9051
// section 4.3 and the "string" / "nstring" ABNF of section 9). Kept inside
// src/mime so the MIME library does not depend on the protocol layer.
//
// Policy: a value is sent as a quoted string when it is 7-bit and has no
// CR, LF or NUL; anything else is sent as a literal {n}CRLF<bytes>. ENVELOPE
// and BODYSTRUCTURE are written once at delivery and sent to every session,
// and a literal is the one form valid for all of them: RFC 3501 quoted strings
// are 7-bit only, while IMAP4rev2 (RFC 9051 QUOTED-CHAR) and UTF8=ACCEPT also
// allow UTF-8 in quotes. This is what Dovecot 2.3 does. kQuoteUtf8 = true
// would quote valid UTF-8 instead, for a server that only speaks IMAP4rev2.
// NUL can appear in neither form (CHAR8 excludes it), so NUL bytes are dropped.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::mime {

inline constexpr bool kQuoteUtf8 = false;

// Appends `s` as an IMAP string (quoted or literal).
void append_imap_string(std::string& out, std::string_view s);

// Appends NIL when `s` is empty-optional, else the string.
void append_imap_nstring(std::string& out, std::optional<std::string_view> s);

inline void append_nil(std::string& out) { out.append("NIL"); }

}  // namespace petrel::mime
