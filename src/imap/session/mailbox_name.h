#pragma once
// Mailbox names between the wire and the store. The store keeps UTF-8 with
// "/" as the hierarchy delimiter; on the wire a name is UTF-8 for clients
// that enabled IMAP4rev2 or UTF8=ACCEPT, and modified UTF-7 for IMAP4rev1
// clients (RFC 9051 5.1, RFC 3501 5.1.3).
#include <string>
#include <string_view>

#include "util/result.h"

namespace petrel::imap {

inline constexpr char kHierarchyDelimiter = '/';

// Wire -> UTF-8, validated: no control characters, no empty hierarchy levels
// (leading, trailing or doubled "/" — a single trailing "/" on CREATE is
// the caller's to strip), no "." or ".." levels (exports to Maildir must
// not walk out of their directory), and at most 1,000 bytes.
// Errors carry ErrorCode::InvalidArgument.
Result<std::string> decode_mailbox_name(std::string_view wire, bool utf8_mode);

// UTF-8 -> wire form for this session.
std::string encode_mailbox_name(std::string_view utf8, bool utf8_mode);

// LIST pattern matching (RFC 9051 6.3.9): "*" matches anything, "%" anything
// but the hierarchy delimiter. Both pattern and name are UTF-8. INBOX is
// matched case-insensitively.
bool list_pattern_matches(std::string_view pattern, std::string_view name);

}  // namespace petrel::imap
