#pragma once
// The grammar parser: one complete framed command (as CommandReader hands it
// over: the text the client sent, literals embedded as "{n}\r\n<bytes>",
// without the final CRLF) -> a typed Command, or the error to answer.
#include <string_view>
#include <variant>

#include "imap/proto/command.h"
#include "imap/proto/limits.h"

namespace petrel::imap {

using ParseOutcome = std::variant<Command, CommandError>;

ParseOutcome parse_command(std::string_view framed, const ReaderLimits& limits = {});

// True when `name` (any case) is a command this parser knows, in its UID
// form when `uid`. The reader uses it to refuse a literal for an unknown
// command before asking the client to send it.
bool is_known_command(std::string_view name, bool uid);

}  // namespace petrel::imap
