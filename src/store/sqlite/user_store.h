#pragma once
// The SQLite UserStore: one database per user, writes through the group
// commit writer, reads through the reader pool. Its methods are spread over
// mailbox_ops.cpp, message_ops.cpp, update_ops.cpp, search_ops.cpp and
// check.cpp.
#include <atomic>
#include <filesystem>
#include <memory>

#include "store/recent_claims.h"
#include "store/sqlite/read_ahead.h"
#include "store/sqlite/reader_pool.h"
#include "store/sqlite/summary_layout.h"
#include "store/sqlite/wal_watch.h"
#include "store/sqlite/writer.h"
#include "store/store.h"

namespace petrel::store::sqlite {

// When the writer indexes new mail for search (DeferredWork, writer.h).
struct IndexingOptions {
  std::chrono::milliseconds quiet{1000};      // after the last write
  std::chrono::milliseconds max_wait{10000};  // at the latest, under steady writes
  size_t batch = 50;                          // messages per transaction
};

struct UserStoreOptions {
  size_t max_idle_readers = 4;
  WriterLimits writer;
  IndexingOptions indexing;
  QuotaLimits default_quota;  // for users without limits of their own
  // A bulk load (import): journal with a rollback journal while no other
  // process has the store open, back to WAL at close (bulk_journal.h).
  bool bulk_load = false;
  uint64_t wal_size_limit = 64 << 20;      // bytes of WAL kept after a reset
  uint32_t page_size = 4096;               // of a store created now; 512..65536, a power of two
  uint64_t mmap_size = uint64_t{1} << 30;  // bytes mapped to stream messages (PRAGMA mmap_size)
  // Checkpoints the WAL off the writer's thread (wal_watch.h); null leaves
  // SQLite's automatic checkpoint on the writer's connection.
  Checkpointer* checkpointer = nullptr;
  CheckpointPolicy checkpoint;
  // Reads large FETCHes' rows ahead (read_ahead.h); null: never.
  ReadAhead* read_ahead = nullptr;
  // Keeps the summary rows in consecutive pages (summary_layout.h), after
  // the full-text backlog, in the writer's background work.
  bool rewrite_summaries = true;
  SummaryLayoutPolicy summary_layout;
};

class SqliteUserStore final : public UserStore {
 public:
  // Opens (creating when missing) the database at `db_path`.
  static Result<std::shared_ptr<SqliteUserStore>> open(std::string user,
                                                       const std::filesystem::path& db_path,
                                                       const UserStoreOptions& options);
  ~SqliteUserStore() override { close(); }

  const std::string& user() const override { return user_; }

  Result<std::vector<MailboxInfo>> list_mailboxes() override;
  Result<std::vector<std::string>> list_subscriptions() override;
  Result<MailboxStatus> status(std::string_view mailbox) override;
  Result<MailboxInfo> create_mailbox(std::string_view name, SpecialUse use) override;
  Result<void> delete_mailbox(std::string_view name) override;
  Result<void> rename_mailbox(std::string_view from, std::string_view to) override;
  Result<void> subscribe(std::string_view name) override;
  Result<void> unsubscribe(std::string_view name) override;

  Result<AppendResult> append(std::string_view mailbox, std::vector<NewMessage> messages) override;
  Result<MailboxSnapshot> select(std::string_view mailbox) override;
  Result<std::vector<MessageMeta>> fetch(MailboxId mailbox, const UidSet& uids,
                                         FetchFields fields) override;
  void will_fetch(MailboxId mailbox, const UidSet& uids, FetchFields fields) override;
  Result<SortRows> sort_rows(MailboxId mailbox, const UidSet& uids,
                             SortColumns columns) override;  // sort_rows_ops.cpp
  Result<std::string> read_message(MailboxId mailbox, Uid uid, uint64_t offset,
                                   uint64_t length) override;
  Result<uint64_t> read_message_pieces(MailboxId mailbox, Uid uid, uint64_t offset, uint64_t length,
                                       std::size_t piece_size,
                                       const PieceSink& sink) override;  // message_pieces.cpp
  Result<StoreResult> store_flags(MailboxId mailbox, const UidSet& uids,
                                  const FlagChange& change) override;
  Result<CopyResult> copy(MailboxId mailbox, const UidSet& uids,
                          std::string_view destination) override;
  Result<CopyResult> move(MailboxId mailbox, const UidSet& uids,
                          std::string_view destination) override;
  Result<ExpungeResult> expunge(MailboxId mailbox, const UidSet* only) override;
  Result<Changes> changes_since(MailboxId mailbox, ModSeq since) override;
  Result<Uid> claim_recent(MailboxId mailbox, Uid upto) override;

  ChangeSubscription watch(MailboxId mailbox, ChangeListener listener) override {
    return hub_.subscribe(mailbox, std::move(listener));
  }
  Result<CheckReport> check(bool repair) override;
  Result<std::optional<TextCandidates>> text_candidates(MailboxId mailbox, TextField field,
                                                        std::string_view folded) override;
  Result<void> reindex() override;
  // reindex(), writing the entries of `per_transaction` messages per
  // transaction.
  Result<void> reindex_in_batches(size_t per_transaction);
  static constexpr size_t kReindexBatch = 2000;
  Result<QuotaInfo> quota() override;
  Result<void> set_quota(const QuotaOverride& limits) override;
  Result<MailboxStatus> prepare_import(std::string_view mailbox, UidValidity uidvalidity) override;
  Result<AppendResult> append_with_uids(std::string_view mailbox, UidValidity uidvalidity,
                                        std::vector<NewMessage> messages,
                                        const std::vector<Uid>& uids, Uid uidnext) override;
  Result<size_t> index_backlog(size_t limit) override;

  // Finishes queued writes and closes every connection. Idempotent.
  void close();

 private:
  SqliteUserStore(std::string user, std::filesystem::path db_path, uint32_t salt, Connection db,
                  std::unique_ptr<WalWatch> wal_watch, const UserStoreOptions& options);

  template <class T>
  Result<T> write(std::function<Result<T>(WriteContext&)> op, size_t weight = 0) {
    return writer_.run<T>(std::move(op), weight);
  }
  Result<ReadLease> read() {
    writer_.note_read();
    return readers_.acquire();
  }

  Result<CopyResult> copy_or_move(MailboxId mailbox, const UidSet& uids,
                                  std::string_view destination, bool move);

  std::string user_;
  std::filesystem::path db_path_;
  uint32_t salt_;  // for RFC 8474 object ids
  QuotaLimits default_quota_;
  ChangeHub hub_;
  ReaderPool readers_;
  ReadAhead* read_ahead_;
  // Large messages are streamed through these, which map the store file
  // (message_pieces.cpp); the other readers do not, so the pages of every
  // query do not pile up in the server's resident memory.
  ReaderPool stream_readers_;
  std::unique_ptr<WalWatch> wal_watch_;  // before writer_: its hook outlives the connection
  Writer writer_;
  bool bulk_journal_ = false;  // in rollback-journal mode until close()
};

}  // namespace petrel::store::sqlite
