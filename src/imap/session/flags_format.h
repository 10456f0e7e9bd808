#pragma once
// Flags between the wire and the store: "\Seen" and friends are bits, other
// flags are keywords. \Recent is per session and never stored.
#include <string>
#include <vector>

#include "store/types.h"
#include "util/result.h"

namespace petrel::imap {

struct ParsedFlags {
  store::SystemFlags system = 0;
  std::vector<std::string> keywords;
  bool recent = false;  // "\Recent" was given (ignored on STORE/APPEND)
};

// Case-insensitive system flags; other "\" flags are refused
// (InvalidArgument); keywords must be atoms (the parser checked).
Result<ParsedFlags> parse_flags(const std::vector<std::string>& flags);

// "(\Seen \Flagged $Forwarded)" — appended to `out`; `recent` adds \Recent.
void write_flags(std::string& out, store::SystemFlags system,
                 const std::vector<std::string>& keywords, bool recent = false);

// The system flags every mailbox supports, as in SELECT's FLAGS response.
inline constexpr const char* kSystemFlagList = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";

}  // namespace petrel::imap
