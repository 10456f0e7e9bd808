#pragma once
// RFC 8474 identifiers: MAILBOXID, EMAILID and THREADID object ids, and the
// message-ids that link a message to its thread.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/message.h"

namespace petrel::store {

// An object id: a letter saying what kind ("F" mailbox, "M" email, "T"
// thread, so the kinds never collide), a per-user salt so a user deleted and
// created again does not reuse ids, and the internal number, never reused.
std::string object_id(char kind, uint32_t salt, int64_t number);

// The message-ids ("<...>") found in a Message-ID, In-Reply-To or References
// field, in order, without duplicates.
std::vector<std::string> message_ids(std::string_view field);

// The message-ids a message shares with its thread: its own Message-ID and
// those it refers to. A new message joins the thread of the first known one
// (the oldest thread wins); otherwise it starts a thread. Every id is then
// remembered for that thread, so a reply that arrives before its parent
// still pulls the parent into its thread. THREADIDs never change later
// (RFC 8474 5.2), so threads are never merged.
std::vector<std::string> thread_links(const HeaderFields& headers);

}  // namespace petrel::store
