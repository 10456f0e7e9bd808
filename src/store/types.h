#pragma once
// The vocabulary of the mail store: identifiers, flags and the records the
// store hands out. Plain values, no behaviour beyond small helpers.
#include <cstdint>
#include <string>
#include <vector>

namespace petrel::store {

using Uid = uint32_t;          // RFC 9051 2.3.1.1: non-zero, strictly ascending
using UidValidity = uint32_t;  // non-zero
using ModSeq = uint64_t;       // RFC 7162: positive, 63 bits
using MailboxId = int64_t;     // store-internal; never reused for another mailbox

// System flags as a bitmask. \Recent is per session and never stored.
enum SystemFlag : uint8_t {
  kSeen = 1 << 0,
  kAnswered = 1 << 1,
  kFlagged = 1 << 2,
  kDeleted = 1 << 3,
  kDraft = 1 << 4,
};
using SystemFlags = uint8_t;
inline constexpr SystemFlags kAllSystemFlags = kSeen | kAnswered | kFlagged | kDeleted | kDraft;

// RFC 6154 special-use attributes as a bitmask.
enum SpecialUseFlag : uint8_t {
  kAll = 1 << 0,
  kArchive = 1 << 1,
  kDrafts = 1 << 2,
  kFlaggedUse = 1 << 3,  // \Flagged as a mailbox attribute
  kJunk = 1 << 4,
  kSent = 1 << 5,
  kTrash = 1 << 6,
};
using SpecialUse = uint8_t;
inline constexpr SpecialUse kAllSpecialUse =
    kAll | kArchive | kDrafts | kFlaggedUse | kJunk | kSent | kTrash;

// One message's mutable state, as a session needs it to keep its view.
// Keywords are in the case the user first used them (RFC 9051 2.3.2: they
// compare case-insensitively, so the store keeps one spelling per user),
// sorted by that spelling.
struct MessageState {
  Uid uid = 0;
  SystemFlags flags = 0;
  ModSeq modseq = 0;
  std::vector<std::string> keywords;
  bool operator==(const MessageState&) const = default;
};

// One entry of the mailbox list. A \Noselect entry is a placeholder that
// only keeps children (left by deleting a mailbox that had some).
struct MailboxInfo {
  MailboxId id = 0;
  std::string name;       // UTF-8, "/"-separated; "INBOX" spelled in capitals
  std::string object_id;  // RFC 8474 MAILBOXID: kept across RENAME
  SpecialUse special_use = 0;
  bool noselect = false;
  bool subscribed = false;
};

struct MailboxStatus {
  MailboxId id = 0;
  std::string name;
  std::string object_id;  // RFC 8474 MAILBOXID
  UidValidity uidvalidity = 0;
  Uid uidnext = 1;
  ModSeq highest_modseq = 1;
  uint32_t messages = 0;
  uint32_t unseen = 0;   // messages without \Seen
  uint32_t deleted = 0;  // messages with \Deleted
  uint64_t size = 0;     // RFC 8438: sum of RFC822.SIZE
};

// What a session reads on SELECT: every message in UID order, and the
// status consistent with it (one read transaction).
struct MailboxSnapshot {
  MailboxStatus status;
  SpecialUse special_use = 0;
  std::vector<MessageState> messages;
  std::vector<std::string> keywords;  // every keyword in use in the mailbox, sorted
};

}  // namespace petrel::store
