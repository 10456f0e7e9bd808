#pragma once
// Imports SourceMailboxes into a user's store, in batches (one transaction,
// one fsync each), parsing each message once with imap::build_message.
//
// Identity, so a re-run adds nothing twice and an interrupted run resumes:
// - with the source's UIDs (dovecot-uidlist): the mailbox takes the source's
//   UIDVALIDITY (UserStore::prepare_import) and a message whose UID is below
//   the mailbox's UIDNEXT is already there (or was expunged since);
// - otherwise (mbox, no uidlist, messages missing from the uidlist, or a
//   mailbox already in use under another UIDVALIDITY): the SHA-256 of the
//   stored bytes (content_hash.h), counted, so a source holding a message
//   twice still gets both.
// Both identities live in the store itself, committed with the messages, so
// a kill at any moment leaves nothing to reconcile.
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "migrate/progress.h"
#include "migrate/source.h"
#include "store/store.h"

namespace petrel::migrate {

struct ImportOptions {
  size_t batch_messages = 1000;
  size_t batch_bytes = 32 << 20;
  size_t parse_threads = 0;  // 0: one per core
};

struct ImportReport {
  size_t imported = 0;
  size_t skipped = 0;  // already in the store
  size_t failed = 0;   // unreadable or refused messages
  std::vector<std::string> warnings;
};

class Importer {
 public:
  Importer(store::UserStore& user, Progress& progress, ImportOptions options = {});
  // Imports one mailbox, creating it if missing. An Error means the store
  // refused a batch; what was committed stays, and a re-run resumes.
  Result<void> import(SourceMailbox& source);
  const ImportReport& report() const { return report_; }
  ImportReport& report() { return report_; }

 private:
  struct Pending;
  Result<void> prepare(SourceMailbox& source, Pending& pending);
  Result<void> load_hashes(Pending& pending);
  Result<void> raise_uidnext(Pending& pending);

  store::UserStore& user_;
  Progress& progress_;
  ImportOptions options_;
  ImportReport report_;
};

}  // namespace petrel::migrate
