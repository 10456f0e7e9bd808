#pragma once
// Response encoding: each function appends one syntactic element to `out`,
// choosing the cheapest form the grammar (RFC 9051 section 9) allows for the
// content. None of them can produce invalid syntax, whatever the input.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "imap/proto/seq_set.h"

namespace petrel::imap {

// Quoted strings longer than this are sent as literals: long values are
// rare and a literal needs no escaping scan on the client side.
inline constexpr std::size_t kMaxQuoted = 1024;

// True when `s` can be sent as a quoted string: no CR, LF or NUL, short,
// and any 8-bit bytes form valid UTF-8 (allowed when `utf8`: IMAP4rev2 or
// UTF8=ACCEPT; otherwise 8-bit text must go in a literal).
bool can_quote(std::string_view s, bool utf8 = true);

// DQUOTE ... DQUOTE with "\" and DQUOTE escaped. Precondition: can_quote(s).
void write_quoted(std::string& out, std::string_view s);

// {n} CRLF bytes. A literal may not hold NUL (CHAR8); NUL bytes are sent as
// 0x80 instead, as other servers do, since BODY[] cannot use literal8.
void write_literal(std::string& out, std::string_view s);

// The same literal in two steps, for bytes sent without being copied into
// `out` (a large message body): the "{n}" CRLF header, and the NUL
// replacement done in place on the caller's bytes.
void write_literal_header(std::string& out, std::size_t n);
void make_literal_safe(char* data, std::size_t n);

// ~{n} CRLF bytes (RFC 3516): for BINARY content, which may hold NUL.
void write_literal8(std::string& out, std::string_view s);

// string = quoted / literal (never an atom).
void write_string(std::string& out, std::string_view s, bool utf8 = true);

// An atom when `s` is non-empty ATOM-CHARs and not "NIL", else a string.
void write_atom_or_string(std::string& out, std::string_view s, bool utf8 = true);

// astring: like write_atom_or_string but "]" may stay unquoted.
void write_astring(std::string& out, std::string_view s, bool utf8 = true);

// nstring: NIL for nullopt.
void write_nstring(std::string& out, std::optional<std::string_view> s, bool utf8 = true);

// flag-list "(" [flag *(SP flag)] ")". Entries that are not a flag ("\" atom,
// atom, or "\*" for PERMANENTFLAGS) are left out.
void write_flag_list(std::string& out, const std::vector<std::string>& flags);

// A mailbox name held in UTF-8: sent as UTF-8 when the client enabled
// IMAP4rev2 or UTF8=ACCEPT, else as modified UTF-7 (RFC 9051 5.1, RFC 6855 3).
void write_mailbox_name(std::string& out, std::string_view utf8_name, bool utf8_mode);

void write_seq_set(std::string& out, const SequenceSet& set);

void write_number(std::string& out, std::uint64_t n);

// INTERNALDATE / SAVEDATE value: DQUOTE date-time DQUOTE.
void write_internaldate(std::string& out, std::int64_t unix_seconds, int zone_minutes = 0);

}  // namespace petrel::imap
