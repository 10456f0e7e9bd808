#pragma once
// Row-level helpers the SQLite operations share. Each runs inside the
// caller's transaction (the writer's, or a reader's snapshot) and keeps the
// store's invariants in one place: how UIDVALIDITY is allocated, how a
// message is expunged, how keywords get their canonical spelling.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/message.h"
#include "store/sqlite/connection.h"
#include "store/types.h"

namespace petrel::store::sqlite {

struct MailboxRow {
  MailboxId id = 0;
  std::string name;
  UidValidity uidvalidity = 0;
  Uid uidnext = 1;
  ModSeq highest_modseq = 1;
  SpecialUse special_use = 0;
  bool noselect = false;
};

Result<std::optional<MailboxRow>> find_mailbox(Connection& db, std::string_view canonical);
Result<std::optional<MailboxRow>> find_mailbox(Connection& db, MailboxId id);
// The highest UID claimed as \Recent in `mailbox` (0: none), and removing
// it with its mailbox (recent_ops.cpp).
std::string recent_mark_key(MailboxId mailbox);
Result<Uid> read_recent_mark(Connection& db, MailboxId mailbox);
Result<void> forget_recent_mark(Connection& db, MailboxId mailbox);
// Runs `stmt` (bound, its first column a UID) and gives the UIDs as a set.
Result<UidSet> read_uid_set(Statement& stmt);

// How many messages `uids` can hold at most, capped at `cap`: what to reserve
// before reading its rows (doubling would copy each row several times; the
// cap keeps a sparse huge range such as 1:* from reserving gigabytes).
size_t reserve_for(const UidSet& uids, size_t cap);
// Runs `stmt` (parameters: mailbox, first UID, last UID) once per range of
// `uids`, calling on_row(stmt) for each row.
template <class OnRow>
Result<void> for_each_row_in(Statement& stmt, MailboxId mailbox, const UidSet& uids,
                             OnRow&& on_row) {
  for (const auto& range : uids.ranges()) {
    stmt.reset();
    stmt.bind_all(mailbox, range.first, range.last);
    while (true) {
      auto row = stmt.step();
      if (!row) return row.error();
      if (!*row) break;
      on_row(stmt);
    }
  }
  return Ok{};
}
// The mailbox if it exists and is selectable; NotFound otherwise.
Result<MailboxRow> selectable_mailbox(Connection& db, std::string_view canonical);
Result<MailboxRow> selectable_mailbox(Connection& db, MailboxId id);
// Mailboxes strictly below `parent`, by name.
Result<std::vector<MailboxRow>> inferior_mailboxes(Connection& db, std::string_view parent);

// A UIDVALIDITY never used before by this user: above every earlier one and
// at least the current time, so a user store deleted and created again does
// not repeat values a client may have cached either.
Result<UidValidity> next_uidvalidity(Connection& db);
// A new selectable, empty mailbox with a fresh UIDVALIDITY.
Result<MailboxId> insert_mailbox(Connection& db, std::string_view name, SpecialUse use);
// Stores UIDNEXT and HIGHESTMODSEQ after an operation assigned them.
Result<void> save_counters(Connection& db, MailboxId id, Uid uidnext, ModSeq highest_modseq);

Result<void> set_subscribed(Connection& db, std::string_view name, bool subscribed);

// The canonical spelling of each keyword (validated), sorted. With `create`
// a new keyword's spelling is recorded; without, unknown keywords are
// returned as given (removing an unknown keyword is a no-op anyway).
Result<std::vector<std::string>> canonical_keywords(Connection& db,
                                                    const std::vector<std::string>& keywords,
                                                    bool create);

struct DoomedMessage {
  Uid uid = 0;
  int64_t content_id = 0;
};
// Removes the messages, leaves tombstones with `modseq`, and drops bytes no
// other message refers to. Does not touch the mailbox counters.
Result<void> remove_messages(Connection& db, MailboxId mailbox,
                             const std::vector<DoomedMessage>& messages, ModSeq modseq);
// Removes every message and tombstone of the mailbox and the bytes no other
// message refers to (DELETE, and DELETE turning a mailbox into \Noselect).
Result<void> clear_mailbox(Connection& db, MailboxId mailbox);
// Creates the missing superior levels of `canonical` as ordinary mailboxes.
Result<void> create_superiors(Connection& db, std::string_view canonical);
// Drops the content row if no message refers to it.
Result<void> drop_content_if_orphaned(Connection& db, int64_t content_id);

// STATUS counts for a mailbox row.
Result<MailboxStatus> mailbox_status(Connection& db, const MailboxRow& row, uint32_t salt);

// Columns "uid, modseq, flags, keywords" starting at `column`.
inline constexpr const char* kStateColumns = "uid, modseq, flags, keywords";
MessageState read_state(const Statement& stmt, int column);

// Seconds since the epoch, for SAVEDATE and UIDVALIDITY.
int64_t now_seconds();

}  // namespace petrel::store::sqlite
