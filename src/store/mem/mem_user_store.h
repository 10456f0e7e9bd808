#pragma once
// The in-memory UserStore. One mutex guards a user's data; every operation
// checks everything that can fail before it changes anything, which is what
// makes it atomic here (the SQLite backend gets that from transactions).
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "store/recent_claims.h"
#include "store/store.h"

namespace petrel::store::mem {

struct Content {
  int64_t id = 0;  // EMAILID number
  int64_t thread = 0;
  std::string bytes;
  ParsedMessage parsed;
  SearchText search;  // what the SQLite backend's full-text index holds
  SortKeys sort;      // what the SQLite backend's sort_key table holds
};

struct Message {
  MessageState state;
  std::shared_ptr<const Content> content;  // shared by copies
  int64_t internal_date = 0;
  int32_t internal_date_tz = 0;
  int64_t save_date = 0;
};

struct Mailbox {
  MailboxId id = 0;
  std::string name;
  UidValidity uidvalidity = 0;
  Uid uidnext = 1;
  ModSeq highest_modseq = 1;
  SpecialUse special_use = 0;
  bool noselect = false;
  std::map<Uid, Message> messages;
  std::map<Uid, ModSeq> tombstones;
};

class MemUserStore final : public UserStore {
 public:
  explicit MemUserStore(std::string user, QuotaLimits default_quota = {});
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
  Result<SortRows> sort_rows(MailboxId mailbox, const UidSet& uids, SortColumns columns) override;
  Result<uint64_t> read_message_pieces(MailboxId mailbox, Uid uid, uint64_t offset, uint64_t length,
                                       std::size_t piece_size, const PieceSink& sink) override;
  Result<std::string> read_message(MailboxId mailbox, Uid uid, uint64_t offset,
                                   uint64_t length) override;
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
  Result<QuotaInfo> quota() override;
  Result<void> set_quota(const QuotaOverride& limits) override;
  Result<MailboxStatus> prepare_import(std::string_view mailbox, UidValidity uidvalidity) override;
  Result<AppendResult> append_with_uids(std::string_view mailbox, UidValidity uidvalidity,
                                        std::vector<NewMessage> messages,
                                        const std::vector<Uid>& uids, Uid uidnext) override;
  // No index: searches scan, so nothing is ever left to index.
  Result<size_t> index_backlog(size_t) override { return size_t{0}; }

  // Later calls fail with Io, as on a closed SQLite store.
  void close();

 private:
  // Holds the data lock; publishes the notices gathered, in commit order,
  // when it ends.
  class Op;

  Mailbox* find(std::string_view canonical);
  Result<Mailbox*> selectable(std::string_view canonical);
  Result<Mailbox*> selectable(MailboxId id);
  Mailbox& insert_mailbox(const std::string& name, SpecialUse use);
  void create_superiors(const std::string& name);
  MailboxStatus status_of(const Mailbox& box) const;
  Result<std::vector<std::string>> canonical_keywords(const std::vector<std::string>& keywords,
                                                      bool create);
  std::vector<Message*> messages_in(Mailbox& box, const UidSet& uids);
  void remove_messages(Mailbox& box, const std::vector<Uid>& uids, ModSeq modseq);
  // Keep the quota counters (every message insert and erase goes through these).
  void count_in(const Message& m);
  void count_out(const Message& m);
  void count_out_all(const Mailbox& box);
  Result<void> check_quota(uint64_t messages, uint64_t bytes) const;
  int64_t assign_thread(const HeaderFields& headers, int64_t content_id);
  // A stored message made from `m` (mem_import.cpp).
  Message make_message(NewMessage&& m, Uid uid, ModSeq modseq, int64_t now);
  Result<CopyResult> copy_or_move(MailboxId mailbox, const UidSet& uids,
                                  std::string_view destination, bool move);

  std::string user_;
  uint32_t salt_;
  ChangeHub hub_;
  RecentClaims recent_;
  std::mutex mutex_;         // guards everything below
  std::mutex notify_mutex_;  // taken before mutex_ is released: notices keep commit order
  bool closed_ = false;
  std::map<MailboxId, Mailbox> mailboxes_;
  std::map<std::string, MailboxId> names_;
  std::set<std::string> subscriptions_;
  std::map<std::string, std::string> keywords_;  // folded -> first spelling
  std::map<std::string, int64_t> thread_links_;  // message-id -> thread
  MailboxId next_mailbox_id_ = 1;
  int64_t next_content_id_ = 1;
  int64_t last_uidvalidity_ = 0;
  QuotaLimits default_quota_;
  QuotaOverride own_quota_;
  QuotaUsage usage_;
};

}  // namespace petrel::store::mem
