#pragma once
// A session's view of its selected mailbox: the message sequence numbers it
// has announced, mapped to UIDs. Sequence numbers are per session (RFC 9051
// 2.3.1.2), so each session keeps its own view and changes it only at the
// points where it tells its client (EXISTS, EXPUNGE).
#include <optional>
#include <string>
#include <vector>

#include "imap/proto/seq_set.h"
#include "store/store.h"
#include "util/result.h"

namespace petrel::imap {

class SelectedMailbox {
 public:
  SelectedMailbox(const store::MailboxSnapshot& snapshot, bool read_only);

  store::MailboxId id() const { return id_; }
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }
  bool read_only() const { return read_only_; }
  store::UidValidity uidvalidity() const { return uidvalidity_; }
  store::ModSeq highest_modseq() const { return highest_modseq_; }
  void set_highest_modseq(store::ModSeq m) { highest_modseq_ = m; }

  std::uint32_t exists() const { return static_cast<std::uint32_t>(uids_.size()); }
  store::Uid uid_at(std::uint32_t seq) const { return uids_[seq - 1]; }  // 1 <= seq <= exists
  // 0 when the UID is not in the view.
  std::uint32_t seq_of(store::Uid uid) const;
  store::Uid largest_uid() const { return uids_.empty() ? 0 : uids_.back(); }
  // Every UID in the view, ascending; index + 1 is the message number.
  const std::vector<store::Uid>& uids() const { return uids_; }

  // The UIDs a sequence set names. Message numbers beyond EXISTS are a client
  // error (RFC 9051 6.4: BAD); UIDs that do not exist are simply skipped.
  // "$" stands for the saved search result (RFC 5182).
  Result<store::UidSet> resolve(const SequenceSet& set, bool uid_mode) const;

  // New messages become visible (UIDs above every UID in the view), with
  // the MODSEQ this session has reported for them.
  void append(store::Uid uid, store::ModSeq modseq = 0);
  // Removes a UID; returns the sequence number it had, or 0.
  std::uint32_t remove(store::Uid uid);

  // The MODSEQ of the state this session last reported for a message, so a
  // catch-up does not repeat what the session's own STORE already said.
  store::ModSeq modseq_at(std::uint32_t seq) const { return modseqs_[seq - 1]; }
  void note_modseq(store::Uid uid, store::ModSeq modseq);

  // Expunges by other sessions that could not be announced yet (RFC 9051
  // 7.5.1: none during FETCH, STORE or SEARCH): the UIDs stay in the view,
  // so every message number stays valid, until take_pending_expunges().
  void defer_expunges(const std::vector<store::Uid>& uids);
  bool has_pending_expunges() const { return !pending_expunges_.empty(); }
  std::vector<store::Uid> take_pending_expunges();
  bool is_pending_expunge(store::Uid uid) const;

  // \Recent (IMAP4rev1): the messages this session claimed as recent.
  bool is_recent(store::Uid uid) const { return recent_.contains(uid); }
  const store::UidSet& recent() const { return recent_; }
  void add_recent(store::Uid first, store::Uid last);
  std::uint32_t recent_count() const;

  // RFC 5182 SEARCHRES: the UIDs of the last SEARCH ... RETURN (SAVE).
  const store::UidSet& saved_result() const { return saved_; }
  void save_result(store::UidSet uids) { saved_ = std::move(uids); }

  // Message numbers of a set of UIDs in the view, ascending.
  std::vector<std::uint32_t> seqs_of(const store::UidSet& uids) const;

  // Removes many UIDs (ascending) in one pass; returns the message numbers
  // they had before any was removed, ascending (0-free: absent UIDs skipped).
  // Announcing them highest first keeps every number valid (RFC 9051 7.4.1).
  std::vector<std::uint32_t> remove_all(const std::vector<store::Uid>& uids);

  // The keywords this session announced in FLAGS (RFC 9051 7.3.5), from the
  // snapshot on; learn_keywords() adds those not known yet (keywords compare
  // case-insensitively, RFC 9051 2.3.2) and says whether any was new, so
  // the caller sends a new FLAGS response, as Dovecot does.
  const std::vector<std::string>& keywords() const { return keywords_; }
  bool learn_keywords(const std::vector<std::string>& keywords);

 private:
  void forget_pending(const std::vector<store::Uid>& uids);  // ascending

  store::MailboxId id_;
  std::string name_;
  bool read_only_;
  store::UidValidity uidvalidity_;
  store::ModSeq highest_modseq_;
  std::vector<store::Uid> uids_;              // ascending; index + 1 is the message number
  std::vector<store::ModSeq> modseqs_;        // parallel to uids_
  std::vector<store::Uid> pending_expunges_;  // ascending, all in uids_
  store::UidSet recent_;
  std::vector<std::string> keywords_;
  store::UidSet saved_;
};

}  // namespace petrel::imap
