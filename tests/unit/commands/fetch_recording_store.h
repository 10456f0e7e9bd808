#pragma once
// A UserStore that forwards to another and records the calls FETCH makes,
// so tests can check what is read: column groups, chunk sizes, byte windows,
// the number of flag writes. It can also fail the n-th read_message.
#include <memory>
#include <vector>

#include "store/store.h"

namespace petrel::imap::fetch_testing {

class RecordingStore : public store::UserStore {
 public:
  explicit RecordingStore(std::shared_ptr<store::UserStore> inner) : inner_(std::move(inner)) {}

  struct FetchCall {
    std::size_t uids = 0;  // UIDs the set spans
    store::FetchFields fields = 0;
  };
  struct ReadCall {
    store::Uid uid = 0;
    uint64_t offset = 0;
    uint64_t length = 0;
  };
  std::vector<FetchCall> fetches;
  std::vector<ReadCall> reads;
  std::vector<ReadCall> piece_reads;
  int flag_writes = 0;
  int fail_read = -1;  // index of the read_message call that fails with Io

  const std::string& user() const override { return inner_->user(); }
  Result<std::vector<store::MailboxInfo>> list_mailboxes() override {
    return inner_->list_mailboxes();
  }
  Result<std::vector<std::string>> list_subscriptions() override {
    return inner_->list_subscriptions();
  }
  Result<store::MailboxStatus> status(std::string_view m) override { return inner_->status(m); }
  Result<store::MailboxInfo> create_mailbox(std::string_view n, store::SpecialUse u) override {
    return inner_->create_mailbox(n, u);
  }
  Result<void> delete_mailbox(std::string_view n) override { return inner_->delete_mailbox(n); }
  Result<void> rename_mailbox(std::string_view f, std::string_view t) override {
    return inner_->rename_mailbox(f, t);
  }
  Result<void> subscribe(std::string_view n) override { return inner_->subscribe(n); }
  Result<void> unsubscribe(std::string_view n) override { return inner_->unsubscribe(n); }
  Result<store::AppendResult> append(std::string_view m,
                                     std::vector<store::NewMessage> msgs) override {
    return inner_->append(m, std::move(msgs));
  }
  Result<store::MailboxSnapshot> select(std::string_view m) override { return inner_->select(m); }
  Result<std::vector<store::MessageMeta>> fetch(store::MailboxId m, const store::UidSet& uids,
                                                store::FetchFields fields) override {
    std::size_t n = 0;
    for (const auto& r : uids.ranges()) n += r.last - r.first + 1;
    fetches.push_back({n, fields});
    return inner_->fetch(m, uids, fields);
  }
  Result<store::SortRows> sort_rows(store::MailboxId m, const store::UidSet& uids,
                                    store::SortColumns columns) override {
    return inner_->sort_rows(m, uids, columns);
  }
  Result<std::string> read_message(store::MailboxId m, store::Uid uid, uint64_t offset,
                                   uint64_t length) override {
    if (static_cast<int>(reads.size()) == fail_read) {
      reads.push_back({uid, offset, length});
      return Error{"disk on fire", ErrorCode::Io};
    }
    reads.push_back({uid, offset, length});
    return inner_->read_message(m, uid, offset, length);
  }
  Result<uint64_t> read_message_pieces(store::MailboxId m, store::Uid uid, uint64_t offset,
                                       uint64_t length, std::size_t piece_size,
                                       const PieceSink& sink) override {
    piece_reads.push_back({uid, offset, length});
    return inner_->read_message_pieces(m, uid, offset, length, piece_size, sink);
  }
  Result<store::StoreResult> store_flags(store::MailboxId m, const store::UidSet& uids,
                                         const store::FlagChange& change) override {
    ++flag_writes;
    return inner_->store_flags(m, uids, change);
  }
  Result<store::CopyResult> copy(store::MailboxId m, const store::UidSet& u,
                                 std::string_view d) override {
    return inner_->copy(m, u, d);
  }
  Result<store::CopyResult> move(store::MailboxId m, const store::UidSet& u,
                                 std::string_view d) override {
    return inner_->move(m, u, d);
  }
  Result<store::QuotaInfo> quota() override { return inner_->quota(); }
  Result<void> set_quota(const store::QuotaOverride& q) override { return inner_->set_quota(q); }
  Result<store::ExpungeResult> expunge(store::MailboxId m, const store::UidSet* only) override {
    return inner_->expunge(m, only);
  }
  Result<store::Changes> changes_since(store::MailboxId m, store::ModSeq since) override {
    return inner_->changes_since(m, since);
  }
  Result<store::Uid> claim_recent(store::MailboxId m, store::Uid upto) override {
    return inner_->claim_recent(m, upto);
  }
  store::ChangeSubscription watch(store::MailboxId m, store::ChangeListener l) override {
    return inner_->watch(m, std::move(l));
  }
  Result<store::CheckReport> check(bool repair) override { return inner_->check(repair); }
  Result<std::optional<store::TextCandidates>> text_candidates(store::MailboxId m,
                                                               store::TextField f,
                                                               std::string_view folded) override {
    return inner_->text_candidates(m, f, folded);
  }
  Result<void> reindex() override { return inner_->reindex(); }
  Result<store::MailboxStatus> prepare_import(std::string_view m, store::UidValidity v) override {
    return inner_->prepare_import(m, v);
  }
  Result<store::AppendResult> append_with_uids(std::string_view m, store::UidValidity v,
                                               std::vector<store::NewMessage> msgs,
                                               const std::vector<store::Uid>& uids,
                                               store::Uid uidnext) override {
    return inner_->append_with_uids(m, v, std::move(msgs), uids, uidnext);
  }
  Result<size_t> index_backlog(size_t limit) override { return inner_->index_backlog(limit); }

 private:
  std::shared_ptr<store::UserStore> inner_;
};

}  // namespace petrel::imap::fetch_testing
