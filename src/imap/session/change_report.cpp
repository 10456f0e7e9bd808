// Change propagation: a session learns what other sessions (and deliveries)
// changed in its selected mailbox and tells its client at the points the
// protocol allows (RFC 9051 5.2, 7.5.1; RFC 7162 3.2.10). The store's
// notice only says "mailbox m changed"; the session then reads everything
// after the last MODSEQ it reported with changes_since(), so missed or
// merged notices lose nothing (docs/architecture.md, "Change propagation").
#include <spdlog/spdlog.h>

#include <algorithm>

#include "imap/commands/message_common.h"
#include "imap/proto/writer.h"
#include "imap/session/flags_format.h"
#include "imap/session/session.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

void write_uid_set(std::string& out, const std::vector<store::Uid>& uids) {
  const store::UidSet set = store::UidSet::of(uids);
  bool first = true;
  for (const store::UidRange& r : set.ranges()) {
    if (!first) out += ',';
    first = false;
    write_number(out, r.first);
    if (r.last != r.first) {
      out += ':';
      write_number(out, r.last);
    }
  }
}

}  // namespace

bool Session::changes_pending() const {
  return selected_ && (notices_->changed.load() || selected_->has_pending_expunges());
}

bool Session::push_due() const {
  return line_handler_ && line_handler_->reports_changes() && state_ == State::Selected &&
         changes_pending();
}

Outcome Session::push_changes() {
  // IDLE is not FETCH, STORE or SEARCH: everything may be reported.
  report(CommandScope{true, true, true, false});
  if (state_ == State::Logout) return {Next::Close};
  return {Next::ReadLine};
}

void Session::catch_up() {
  if (scope_.active) report(scope_);
}

void Session::watch_selected() {
  watch_.reset();
  // One catch-up right after SELECT covers a commit between the snapshot
  // and the subscription.
  notices_->changed = true;
  auto notices = notices_;
  auto waker = waker_;
  watch_ = mail_->watch(selected_->id(), [notices, waker](const store::ChangeNotice&) {
    notices->changed = true;
    if (waker) waker();
  });
}

void Session::announce_expunged(const std::vector<store::Uid>& uids) {
  if (uids.empty() || !selected_) return;
  if (is_enabled("QRESYNC")) {
    // RFC 7162 3.2.10: VANISHED replaces EXPUNGE once QRESYNC is enabled;
    // it names only messages this client knows.
    std::vector<store::Uid> known;
    for (store::Uid uid : uids)
      if (selected_->seq_of(uid) != 0) known.push_back(uid);
    selected_->remove_all(known);
    if (known.empty()) return;
    out_ += "* VANISHED ";
    write_uid_set(out_, known);
    out_ += "\r\n";
    return;
  }
  std::vector<std::uint32_t> seqs = selected_->remove_all(uids);
  // Highest first: lower numbers stay valid while higher ones go (RFC 9051 7.4.1).
  for (auto it = seqs.rbegin(); it != seqs.rend(); ++it) {
    out_ += "* ";
    write_number(out_, *it);
    out_ += " EXPUNGE\r\n";
  }
}

void Session::report(const CommandScope& scope) {
  SelectedMailbox* view = selected_.get();
  if (!view || !scope.may_block || state_ != State::Selected) return;
  std::optional<store::Changes> changes;
  if (notices_->changed.exchange(false)) {
    auto got = mail_->changes_since(view->id(), view->highest_modseq());
    if (got) {
      changes = std::move(*got);
    } else if (got.error().code == ErrorCode::NotFound) {
      // Deleted by another session (its id is never reused, so this view
      // can never show another mailbox's messages). Dovecot disconnects
      // the same way; a client reconnects and sees the mailbox list anew.
      // The view stays (a handler may still hold it); Logout ends the
      // connection after this command.
      spdlog::info("selected-mailbox-gone user={} mailbox={}", user_, view->id());
      watch_.reset();
      untagged("BYE Selected mailbox was deleted, have to disconnect");
      state_ = State::Logout;
      return;
    } else {
      // Tell nothing now; the next point tries again.
      spdlog::warn("catch-up-failed user={} mailbox={} error={}", user_, view->id(),
                   got.error().message);
      notices_->changed = true;
    }
  }
  if (changes) view->defer_expunges(changes->vanished);
  bool expunges_told = false;
  if (scope.expunges_ok) {
    auto expunged = view->take_pending_expunges();
    expunges_told = !expunged.empty();
    announce_expunged(std::move(expunged));
  }
  if (!changes) return;
  // A RENAME elsewhere: the view follows the mailbox id (nothing to tell).
  if (changes->name != view->name()) view->set_name(changes->name);

  const bool modseq = is_enabled("CONDSTORE");
  const store::Uid largest = view->largest_uid();
  std::vector<const store::MessageState*> flag_changes;
  std::vector<const store::MessageState*> added;
  bool new_keywords = false;
  for (const store::MessageState& m : changes->changed) {
    if (m.uid > largest) {
      added.push_back(&m);
    } else if (std::uint32_t seq = view->seq_of(m.uid);
               seq != 0 && view->modseq_at(seq) != m.modseq) {
      flag_changes.push_back(&m);
    } else {
      continue;
    }
    if (!m.keywords.empty() && view->learn_keywords(m.keywords)) new_keywords = true;
  }
  // New keywords first: clients learn the flag list only from FLAGS.
  if (new_keywords) write_flag_responses(*this, *view);
  for (const store::MessageState* m : flag_changes) {
    // RFC 9051 7.5.2 (and 7162 3.2.4): unsolicited FETCH always has UID;
    // MODSEQ once CONDSTORE is on (RFC 7162 3.1.4.1).
    out_ += "* ";
    write_number(out_, view->seq_of(m->uid));
    out_ += " FETCH (UID ";
    write_number(out_, m->uid);
    if (modseq) {
      out_ += " MODSEQ (";
      write_number(out_, m->modseq);
      out_ += ')';
    }
    out_ += " FLAGS ";
    write_flags(out_, m->flags, m->keywords, view->is_recent(m->uid));
    out_ += ")\r\n";
    view->note_modseq(m->uid, m->modseq);
  }
  if (!added.empty()) {
    for (const store::MessageState* m : added) view->append(m->uid, m->modseq);
    // Mail arriving during EXAMINE goes to the sessions that claim it; an
    // EXAMINE shows only what was unclaimed when it opened (claim_recent).
    if (!view->read_only()) claim_recent(added.front()->uid, added.back()->uid);
    out_ += "* ";
    write_number(out_, view->exists());
    out_ += " EXISTS\r\n";
    if (!rev2()) {
      out_ += "* ";
      write_number(out_, view->recent_count());
      out_ += " RECENT\r\n";
    }
  }
  const bool advanced = changes->highest_modseq > view->highest_modseq();
  view->set_highest_modseq(std::max(view->highest_modseq(), changes->highest_modseq));
  // RFC 7162 3.2 and 6: a CONDSTORE client takes its HIGHESTMODSEQ from
  // MODSEQ items and this code; after new messages or expunges it has no
  // MODSEQ item for them (interimap relies on it; without it a QRESYNC
  // client asks again from an older value and is told the same VANISHED
  // (EARLIER) at its next SELECT). Never while an expunge is deferred,
  // which would let the client skip it (RFC 7162 3.2).
  if (modseq && advanced && (!added.empty() || expunges_told) && !view->has_pending_expunges()) {
    out_ += "* OK [HIGHESTMODSEQ ";
    write_number(out_, view->highest_modseq());
    out_ += "] Highest\r\n";
  }
}

void Session::claim_recent(store::Uid first, store::Uid last) {
  SelectedMailbox* view = selected_.get();
  // \Recent exists for IMAP4rev1 only (RFC 9051 Appendix E). EXAMINE
  // changes no state (RFC 3501 6.3.2): as it opens, it shows the unclaimed
  // messages as recent, as Dovecot does, but leaves them for a rev1 SELECT.
  if (!view || rev2() || first == 0 || last < first) return;
  auto before = mail_->claim_recent(view->id(), view->read_only() ? 0 : last);
  if (!before) return;  // nobody gets them: \Recent is advisory
  if (*before < last) view->add_recent(std::max(first, *before + 1), last);
}

bool Session::report_changes_since(store::ModSeq since, const store::UidSet* known) {
  SelectedMailbox* view = selected_.get();
  if (!view) return true;
  auto changes = mail_->changes_since(view->id(), since);
  if (!changes) return false;
  // Only UIDs no longer in the view: one expunged after the snapshot is
  // still in it and gets a plain VANISHED at the next catch-up.
  std::vector<store::Uid> gone;
  for (store::Uid uid : changes->vanished)
    if (view->seq_of(uid) == 0 && (!known || known->contains(uid))) gone.push_back(uid);
  if (!gone.empty()) {
    out_ += "* VANISHED (EARLIER) ";
    write_uid_set(out_, gone);
    out_ += "\r\n";
  }
  for (const store::MessageState& m : changes->changed) {
    std::uint32_t seq = view->seq_of(m.uid);
    if (seq == 0) continue;  // arrived after the snapshot: EXISTS comes later
    out_ += "* ";
    write_number(out_, seq);
    out_ += " FETCH (UID ";
    write_number(out_, m.uid);
    out_ += " MODSEQ (";
    write_number(out_, m.modseq);
    out_ += ") FLAGS ";
    write_flags(out_, m.flags, m.keywords, view->is_recent(m.uid));
    out_ += ")\r\n";
    view->note_modseq(m.uid, m.modseq);
  }
  return true;
}

}  // namespace petrel::imap
