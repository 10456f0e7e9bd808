#pragma once
// Pieces shared by the message commands (SELECT, APPEND, STORE, COPY, MOVE,
// EXPUNGE ...): response fragments and the changes a command makes to the
// session's view of its selected mailbox.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "imap/session/session.h"
#include "store/message.h"
#include "store/types.h"
#include "store/uid_set.h"
#include "util/result.h"

namespace petrel::imap {

// Numbers as a compact set, "1:3,7,9:10" (RFC 9051 sequence-set, RFC 4315
// uid-set): runs of consecutive ascending numbers become ranges; numbers in
// any other order keep it ("5,3:4,1", the ESORT ALL form, RFC 5267 3.2).
void write_number_set(std::string& out, const std::vector<std::uint32_t>& numbers);

// The selected mailbox when it is read-write; otherwise answers NO and
// returns null. EXAMINE permits no change at all (RFC 9051 6.3.3).
SelectedMailbox* writable_mailbox(Session& session, const std::string& tag);

// The UIDs a sequence set names in the view; nullopt after answering BAD
// (a message number beyond EXISTS, RFC 9051 6.4).
std::optional<store::UidSet> resolve_or_bad(Session& session, const std::string& tag,
                                            const SequenceSet& set, bool uid_mode);

// "* FLAGS (...)" and "* OK [PERMANENTFLAGS (...)]" for the view: the system
// flags and every keyword it knows (RFC 9051 7.3.5, 7.1). A read-only view
// can change nothing: PERMANENTFLAGS () (RFC 9051 6.3.3 example).
void write_flag_responses(Session& session, const SelectedMailbox& view);

// Removes expunged UIDs (ascending) from the view, announcing them with
// "* n EXPUNGE" highest first (RFC 9051 7.4.1), or VANISHED once QRESYNC
// is on (RFC 7162 3.2.10). UIDs not in the view are skipped.
void announce_expunges(Session& session, const std::vector<store::Uid>& uids);

// The destination of COPY, MOVE or APPEND as UTF-8; nullopt after
// answering NO for an invalid name.
std::optional<std::string> destination_name(Session& session, const std::string& tag,
                                            const std::string& wire);

// The NO for a failed COPY/MOVE/APPEND into `destination`: [TRYCREATE] when
// the destination does not exist (RFC 9051 6.3.12, 6.4.7), which a NotFound
// from a copy does not prove (the source may have gone), else the one table.
void reply_destination_error(Session& session, const std::string& tag, std::string_view destination,
                             const Error& error);

// "COPYUID <uidvalidity> <source uid-set> <destination uid-set>" (RFC 4315
// 3). The store returns both lists ascending and pairwise, so compressing
// each alone keeps the pairing.
std::string copyuid_code(const store::CopyResult& copied);

// After this session added messages to its own selected mailbox (APPEND,
// COPY or MOVE into it): reports them at once (RFC 9051 6.3.12 "SHOULD
// notify the client immediately") with the general catch-up, which also
// brings what other sessions changed (Session::catch_up).
void announce_new_messages(Session& session);

// The tagged OK of a command that expunged messages from the selected
// mailbox. With `report_modseq` it carries the mailbox's new HIGHESTMODSEQ
// (RFC 7162 3.2.7 for EXPUNGE under QRESYNC, RFC 6851 4.4 for MOVE), after
// a catch-up so that the value does not pass changes this client has not
// been told.
void tagged_ok_after_expunge(Session& session, const std::string& tag, bool report_modseq,
                             std::string_view text);

}  // namespace petrel::imap
