#pragma once
// The mail store interface. The IMAP commands, LMTP delivery and the CLI talk
// only to this, so the embedded SQLite backend (store/sqlite), the in-memory
// fake (store/mem) and a later PostgreSQL backend are interchangeable.
//
// Contracts that hold for every backend:
// - UIDs in a mailbox only grow and are never reused, also after the highest
//   UID was expunged and the store restarted; UIDNEXT and HIGHESTMODSEQ are
//   kept, not derived from the messages.
// - UIDVALIDITY changes only when a mailbox of that name is deleted and
//   created again (values strictly increase per user).
// - Every message change gets a MODSEQ above the mailbox's previous
//   HIGHESTMODSEQ; one operation uses one MODSEQ for all messages it changes.
//   Expunged UIDs leave tombstones with their MODSEQ (QRESYNC VANISHED).
// - A write that returned success is durable (committed and synced): a crash
//   or kill -9 right after loses nothing that was acknowledged.
// - Multi-message writes (MULTIAPPEND, COPY, MOVE, EXPUNGE) are atomic.
// - Errors carry an ErrorCode: NotFound (no such mailbox or user; also a
//   \Noselect mailbox where messages are needed, so APPEND answers
//   [TRYCREATE]), AlreadyExists, InvalidArgument (bad name, keyword),
//   Forbidden (e.g. deleting INBOX), Io / Corrupt / Busy (storage).
//
// Mailboxes are named by UTF-8 strings with "/" as the hierarchy delimiter.
// "INBOX" is case-insensitive, also as the first level of a longer name
// ("inbox/x" is "INBOX/x"); it always exists. Sessions address a selected
// mailbox by MailboxId, which survives RENAME and is never reused, so a
// session whose mailbox was deleted gets NotFound, never another mailbox.
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/change_hub.h"
#include "store/message.h"
#include "store/sort_rows.h"
#include "store/types.h"
#include "store/uid_set.h"
#include "util/result.h"

namespace petrel::store {

inline constexpr uint64_t kWholeMessage = UINT64_MAX;

// One user's mailboxes and messages. Thread-safe: every session of the user,
// on any worker thread, calls the same object at once. Calls may block on
// disk; call them off I/O threads.
class UserStore {
 public:
  virtual ~UserStore() = default;
  virtual const std::string& user() const = 0;

  // ---- Mailboxes -------------------------------------------------------

  // Every mailbox, sorted by name, including \Noselect placeholders. Enough
  // for the caller to compute \HasChildren and match LIST patterns.
  virtual Result<std::vector<MailboxInfo>> list_mailboxes() = 0;
  // Every subscribed name, sorted; names may not exist (LSUB, \NonExistent).
  virtual Result<std::vector<std::string>> list_subscriptions() = 0;
  // STATUS. NotFound for a missing or \Noselect mailbox.
  virtual Result<MailboxStatus> status(std::string_view mailbox) = 0;
  // CREATE: creates missing superior levels as ordinary mailboxes. Creating
  // over a \Noselect placeholder makes it selectable with a new UIDVALIDITY.
  // AlreadyExists if it exists (INBOX always does).
  virtual Result<MailboxInfo> create_mailbox(std::string_view name, SpecialUse use = 0) = 0;
  // DELETE (RFC 9051 6.3.4): removes the mailbox and its messages. With
  // children it becomes a \Noselect placeholder instead; a placeholder with
  // children cannot be deleted (Forbidden), nor can INBOX.
  virtual Result<void> delete_mailbox(std::string_view name) = 0;
  // RENAME (RFC 9051 6.3.6): the mailbox keeps its id, UIDVALIDITY, UIDs and
  // MODSEQs; children move with it; missing superior levels of `to` are
  // created. Renaming INBOX instead creates `to` (a new mailbox, new
  // UIDVALIDITY) holding INBOX's messages with their UIDs, expunges them from
  // INBOX (tombstones), and leaves INBOX, its UIDVALIDITY, UIDNEXT and its
  // children as they were, so no INBOX UID is ever reused.
  virtual Result<void> rename_mailbox(std::string_view from, std::string_view to) = 0;
  // SUBSCRIBE / UNSUBSCRIBE. The name need not exist; unsubscribing a name
  // that is not subscribed is NotFound.
  virtual Result<void> subscribe(std::string_view name) = 0;
  virtual Result<void> unsubscribe(std::string_view name) = 0;

  // ---- Messages --------------------------------------------------------

  // APPEND / MULTIAPPEND / delivery: all messages or none, UIDs in order.
  // NotFound when the mailbox does not exist ([TRYCREATE]).
  virtual Result<AppendResult> append(std::string_view mailbox,
                                      std::vector<NewMessage> messages) = 0;
  // SELECT / EXAMINE: the whole mailbox state in one read, UID order.
  virtual Result<MailboxSnapshot> select(std::string_view mailbox) = 0;
  // FETCH metadata of the messages of `uids` that exist, UID order; reads
  // only the column groups in `fields`.
  virtual Result<std::vector<MessageMeta>> fetch(MailboxId mailbox, const UidSet& uids,
                                                 FetchFields fields) = 0;
  // A hint that fetch() of `uids` with `fields` follows, in UID order, in
  // chunks: a store whose reads go to disk can start reading ahead. FETCH
  // gives it the rest of a large set once a chunk has waited for disk.
  virtual void will_fetch(MailboxId /*mailbox*/, const UidSet& /*uids*/, FetchFields /*fields*/) {}
  // SORT and THREAD (RFC 5256): the `columns` of the messages of `uids`
  // that exist, UID order, as one compact table (store/sort_rows.h) read
  // without building a MessageMeta per message. The values are those
  // fetch() gives with kFetchInternalDate, kFetchSize and kFetchSortKeys.
  virtual Result<SortRows> sort_rows(MailboxId mailbox, const UidSet& uids,
                                     SortColumns columns) = 0;
  // The message bytes [offset, offset + length), clipped to the message; a
  // range past the end gives "". Reads only that range from disk.
  virtual Result<std::string> read_message(MailboxId mailbox, Uid uid, uint64_t offset = 0,
                                           uint64_t length = kWholeMessage) = 0;
  // The same range in pieces of at most `piece_size` bytes, handed to
  // `sink(total, piece)` in order as they are read, in one pass over the
  // stored bytes: a large message is never held whole (FETCH BODY[] of a
  // 20 MB message). `total` is the size of the clipped range, the same on
  // every call; the piece may be changed in place; false from the sink stops
  // the read. An empty range makes no call. Returns the bytes handed over.
  // The sink runs inside the store's read: it must not call this store.
  using PieceSink = std::function<bool(uint64_t total, std::span<char> piece)>;
  virtual Result<uint64_t> read_message_pieces(MailboxId mailbox, Uid uid, uint64_t offset,
                                               uint64_t length, std::size_t piece_size,
                                               const PieceSink& sink) = 0;
  // STORE: a new MODSEQ only for messages whose flags actually change.
  virtual Result<StoreResult> store_flags(MailboxId mailbox, const UidSet& uids,
                                          const FlagChange& change) = 0;
  // COPY / MOVE to `destination` (NotFound: [TRYCREATE]). Copies share the
  // bytes of the original and get a new SAVEDATE. MOVE expunges the sources
  // with tombstones in the same transaction. Copying into the source mailbox
  // is allowed (new UIDs).
  virtual Result<CopyResult> copy(MailboxId mailbox, const UidSet& uids,
                                  std::string_view destination) = 0;
  virtual Result<CopyResult> move(MailboxId mailbox, const UidSet& uids,
                                  std::string_view destination) = 0;
  // EXPUNGE, or UID EXPUNGE when `only` is given: removes the \Deleted
  // messages (of `only`), leaving tombstones.
  virtual Result<ExpungeResult> expunge(MailboxId mailbox, const UidSet* only = nullptr) = 0;
  // Messages changed and UIDs expunged after `since`, plus the current status.
  virtual Result<Changes> changes_since(MailboxId mailbox, ModSeq since) = 0;
  // \Recent (RFC 3501 2.3.2): marks every UID up to `upto` as claimed and
  // returns the highest UID claimed before, so of all the sessions calling
  // it, exactly one owns each UID: those in (returned, upto]. Never lowers
  // the mark (`upto` 0 only reads it). Durable where the store is (a restart
  // keeps the marks). NotFound for a missing mailbox.
  virtual Result<Uid> claim_recent(MailboxId mailbox, Uid upto) = 0;

  // ---- Full-text search --------------------------------------------------

  // The UIDs of `mailbox` whose SearchText `field` may contain `folded`
  // (a fold_search_string() result): always a superset of the true matches.
  // When the result says `exact`, they are exactly the messages whose
  // `field` contains `folded` (text_contains()), and the caller need not
  // read their text to verify; otherwise it verifies each candidate.
  // nullopt when the store cannot narrow the search (e.g. a string too
  // short for its index): every message is a candidate.
  virtual Result<std::optional<TextCandidates>> text_candidates(MailboxId mailbox, TextField field,
                                                                std::string_view folded) = 0;

  // ---- Quota (RFC 9208) -------------------------------------------------
  //
  // append() and copy() fail with OverQuota, changing nothing, when their
  // messages would take the user over a limit in effect; the check and the
  // write are one transaction, so concurrent deliveries cannot both slip
  // under. move() and removals never fail for quota.

  // Current usage (kept as counters, never a scan) and limits.
  virtual Result<QuotaInfo> quota() = 0;
  // Replaces the user's own limits (durable).
  virtual Result<void> set_quota(const QuotaOverride& limits) = 0;

  // ---- Migration (petrel import) ------------------------------------------

  // Makes `mailbox` ready to take messages with a source's UIDs under the
  // source's `uidvalidity`, so clients that cached them do not download
  // everything again:
  // - missing (or a \Noselect placeholder): created, with missing superiors,
  //   with that UIDVALIDITY;
  // - existing with that UIDVALIDITY: left as it is (resuming an import);
  // - existing and never given a UID (UIDNEXT 1) under another UIDVALIDITY,
  //   like the default mailboxes made on first use: replaced by a new
  //   incarnation (new MailboxId, same special use) with `uidvalidity`;
  // - otherwise AlreadyExists: its UIDs are in use under another UIDVALIDITY
  //   and are never renumbered; the caller imports with new UIDs instead.
  // The user's later UIDVALIDITYs stay above every value imported.
  virtual Result<MailboxStatus> prepare_import(std::string_view mailbox,
                                               UidValidity uidvalidity) = 0;
  // Appends `messages` with the source's UIDs: uids[i] for messages[i],
  // strictly ascending, the first at least UIDNEXT (InvalidArgument
  // otherwise: UIDs only grow). UIDNEXT becomes max(last UID + 1,
  // `uidnext`). AlreadyExists when the mailbox's UIDVALIDITY is not
  // `uidvalidity` (it was replaced meanwhile). All or nothing, like append().
  // With no messages it only raises UIDNEXT (a source whose last UIDs were
  // expunged); the result then has no UIDs and the unchanged HIGHESTMODSEQ.
  // With every UID 0 the messages are numbered from UIDNEXT, as by append()
  // (messages the source has no UIDs for); `uidvalidity` 0 then skips the
  // UIDVALIDITY check.
  // A store with a full-text index may leave these messages' entries to
  // index_backlog(); text_candidates() and SearchText fetches are exact
  // meanwhile (they count the messages without entries as candidates).
  virtual Result<AppendResult> append_with_uids(std::string_view mailbox, UidValidity uidvalidity,
                                                std::vector<NewMessage> messages,
                                                const std::vector<Uid>& uids, Uid uidnext) = 0;
  // Writes the full-text entries append_with_uids() left out, at most
  // `limit` messages' worth in one transaction; returns how many may still
  // lack one (0: the index is complete).
  virtual Result<size_t> index_backlog(size_t limit) = 0;

  // ---- Notification and maintenance -------------------------------------

  // Calls `listener` after each commit that touches `mailbox` (or any
  // mailbox, with kAnyMailbox) until the subscription is dropped.
  virtual ChangeSubscription watch(MailboxId mailbox, ChangeListener listener) = 0;
  // Looks for damage: UIDNEXT not above every UID, HIGHESTMODSEQ below a
  // message's MODSEQ, messages whose bytes are missing, bytes no message
  // refers to, storage-level corruption. With `repair`, fixes what it can
  // without ever renumbering a UID (raises UIDNEXT/HIGHESTMODSEQ, expunges
  // messages without bytes, drops orphaned bytes) and reports what it did.
  virtual Result<CheckReport> check(bool repair) = 0;
  // Rebuilds the full-text index and the SORT/THREAD keys from the stored
  // messages (petrel check --reindex); both are otherwise kept in step by
  // every write.
  virtual Result<void> reindex() = 0;
};

// The store of all users, opened on the data directory.
class Store {
 public:
  virtual ~Store() = default;
  // The user's store, created with the default mailboxes (INBOX, Drafts,
  // Sent, Trash, Junk, Archive) on first use. Every caller asking for the
  // same user while one is open gets the same object. The user name must be
  // a valid file name (no "/", not "." or ".."): InvalidArgument otherwise.
  virtual Result<std::shared_ptr<UserStore>> open_user(std::string_view user) = 0;
  // Users that have a store, sorted (for `petrel check`).
  virtual Result<std::vector<std::string>> list_users() = 0;
  // Clean shutdown: finishes queued writes, then closes every user store;
  // later calls on them fail with ErrorCode::Io. Idempotent.
  virtual void close() = 0;
};

}  // namespace petrel::store
