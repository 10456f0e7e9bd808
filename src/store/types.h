#pragma once
// The vocabulary of the mail store: identifiers, flags and the records the
// store hands out. Plain values, no behaviour beyond small helpers.
#include <cstdint>
#include <optional>
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
  uint64_t deleted_size = 0;  // RFC 9208 DELETED-STORAGE: sum of RFC822.SIZE of \Deleted
};

// What a session reads on SELECT: every message in UID order, and the
// status consistent with it (one read transaction).
struct MailboxSnapshot {
  MailboxStatus status;
  SpecialUse special_use = 0;
  std::vector<MessageState> messages;
  std::vector<std::string> keywords;  // every keyword in use in the mailbox, sorted
};

// ---- Quota (RFC 9208) ----------------------------------------------------

// No limit on a resource.
inline constexpr uint64_t kUnlimited = UINT64_MAX;

// What one user's mail uses: every message counts, copies included (each
// copy is a message a client sees), by its RFC822.SIZE.
struct QuotaUsage {
  uint64_t storage = 0;  // bytes
  uint64_t messages = 0;
  bool operator==(const QuotaUsage&) const = default;
};

struct QuotaLimits {
  uint64_t storage = kUnlimited;  // bytes
  uint64_t messages = kUnlimited;
  bool operator==(const QuotaLimits&) const = default;
};

// A user's own limits; nullopt follows the store's default for that
// resource, kUnlimited lifts it.
struct QuotaOverride {
  std::optional<uint64_t> storage;
  std::optional<uint64_t> messages;
  bool operator==(const QuotaOverride&) const = default;
};

struct QuotaInfo {
  QuotaUsage usage;
  QuotaLimits limits;  // in effect: the override, else the default
  QuotaOverride own;   // as set for the user
};

// The limits in effect for `own` over `defaults`.
inline QuotaLimits effective_limits(const QuotaOverride& own, const QuotaLimits& defaults) {
  return {own.storage.value_or(defaults.storage), own.messages.value_or(defaults.messages)};
}

// True when adding `messages` messages of `bytes` to `usage` goes over
// `limits`. Adding nothing never does, even for a user already over (a
// lowered limit must not block MOVE or flag changes).
inline bool exceeds(const QuotaUsage& usage, const QuotaLimits& limits, uint64_t messages,
                    uint64_t bytes) {
  if (messages == 0 && bytes == 0) return false;
  if (limits.messages != kUnlimited && usage.messages + messages > limits.messages) return true;
  if (limits.storage != kUnlimited && usage.storage + bytes > limits.storage) return true;
  return false;
}

}  // namespace petrel::store
