#pragma once
// The untagged STATUS response (RFC 9051 7.3.3), shared by STATUS and by
// LIST's STATUS return option (RFC 5819).
#include <string>
#include <string_view>
#include <vector>

#include "imap/proto/command.h"
#include "imap/session/session.h"
#include "store/types.h"

namespace petrel::imap {

// The first requested item Petrel cannot answer, or nullptr (every item of
// the grammar is answered today).
const char* unsupported_status_item(const std::vector<StatusItem>& items);

// STATUS HIGHESTMODSEQ is a CONDSTORE enabling command (RFC 7162 3.1).
void note_status_items(Session& session, const std::vector<StatusItem>& items);

// Appends "* STATUS <name> (<item> <value> ...)" CRLF, each requested item
// once, in the order asked.
void write_status_response(Session& session, std::string_view utf8_name,
                           const store::MailboxStatus& status,
                           const std::vector<StatusItem>& items);

}  // namespace petrel::imap
