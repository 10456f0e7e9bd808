#pragma once
// A Maildir++ tree as Dovecot and Courier write it, read as SourceMailboxes:
// INBOX from cur/ and new/ at the top, each ".Folder" directory a mailbox
// (see maildir_names.h), flags from the ":2," info, keywords via the
// folder's dovecot-keywords and Courier's courierimapkeywords/
// (courier_keywords.h), INTERNALDATE from the file's mtime, UIDs and
// UIDVALIDITY from dovecot-uidlist when present.
#include <filesystem>
#include <vector>

#include "migrate/file_prefetch.h"
#include "migrate/source.h"

namespace petrel::migrate {

struct MaildirScan {
  std::vector<SourceMailbox> mailboxes;  // INBOX first, then by name
  std::vector<std::string> warnings;     // skipped directories, bad uidlists
};

// Error when `root` is not a Maildir (no cur/ directory at the top). The
// message files are read ahead of the importer within `read_ahead`.
Result<MaildirScan> scan_maildir(const std::filesystem::path& root,
                                 const PrefetchLimits& read_ahead = {});

}  // namespace petrel::migrate
