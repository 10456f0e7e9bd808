#pragma once
// Canonical wire form of a parsed Command: upper-case keywords, macros
// expanded, strings in the cheapest valid form, literals synchronizing.
// parse_command(format_command(c)) == c for every parsed command c, which
// the unit tests and the fuzzer check; it also gives readable test failures
// and debug logs.
#include <string>

#include "imap/proto/command.h"

namespace petrel::imap {

// The command with its final CRLF. LOGIN passwords and AUTHENTICATE
// initial responses are replaced by "***" when `redact` (for logs).
std::string format_command(const Command& command, bool redact = false);

// Pieces, also used by the session's responses and logs.
void format_search_key(std::string& out, const SearchKey& key);           // one key, AND as "(...)"
void format_search_program(std::string& out, const SearchKey& and_node);  // keys joined by SP
void format_fetch_att(std::string& out, const FetchAtt& att);
void format_section(std::string& out, const Section& section);  // "[...]"

}  // namespace petrel::imap
