#pragma once
// FETCH metadata items, answered from what UserStore::fetch() returned:
// FLAGS, INTERNALDATE, RFC822.SIZE, UID, MODSEQ (RFC 7162), SAVEDATE
// (RFC 8514), EMAILID and THREADID (RFC 8474), PREVIEW (RFC 8970), and
// ENVELOPE, BODY and BODYSTRUCTURE, which the MIME library rendered at
// delivery and the store keeps: they are sent as stored, never re-parsed.
#include <string>

#include "imap/proto/fetch_att.h"
#include "store/message.h"

namespace petrel::imap {

// Appends "NAME value" for a metadata item (not a body section). `utf8`:
// the client accepts UTF-8 in quoted strings (IMAP4rev2 or UTF8=ACCEPT);
// otherwise 8-bit PREVIEW text goes in a literal.
void write_meta_item(std::string& out, const FetchAtt& att, const store::MessageMeta& meta,
                     bool utf8);

// "FLAGS (...)"; \Recent is per session (`recent`), never stored.
void write_flags_item(std::string& out, const store::MessageState& state, bool recent = false);

// "MODSEQ (n)" (RFC 7162 3.1.4.2).
void write_modseq_item(std::string& out, store::ModSeq modseq);

}  // namespace petrel::imap
