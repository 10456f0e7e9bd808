#pragma once
// Modified UTF-7 mailbox names (RFC 3501 section 5.1.3), used with clients
// that have not enabled IMAP4rev2 or UTF8=ACCEPT (RFC 9051 section 5.1).
#include <optional>
#include <string>
#include <string_view>

namespace petrel::imap {

// Modified UTF-7 -> UTF-8. Strict: returns nullopt for anything an encoder
// following RFC 3501 would not produce (bytes outside 0x20..0x7E, printable
// ASCII inside a base64 run, unterminated or adjacent runs, non-zero or
// superfluous padding bits, unpaired surrogates, U+0000), so that every
// accepted name has exactly one encoding.
std::optional<std::string> mutf7_decode(std::string_view mutf7);

// UTF-8 -> modified UTF-7. Bytes that are not valid UTF-8 are encoded as
// U+FFFD; callers validate names first.
std::string mutf7_encode(std::string_view utf8);

}  // namespace petrel::imap
