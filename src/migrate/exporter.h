#pragma once
// Writes a user's mailboxes as a Maildir++ tree that Dovecot reads as its
// own: INBOX at the top, other mailboxes as ".Name" folders (maildir_names.h)
// with a maildirfolder file, messages in cur/ named
// "<internaldate>.M<uid>P<pid>.petrel,S=<size>,W=<size>:2,<flags>" with the
// INTERNALDATE as mtime, dovecot-uidlist keeping UIDVALIDITY, UIDs and
// UIDNEXT, and dovecot-keywords for the first 26 keywords of each folder
// (Maildir has one letter per keyword; further keywords are reported).
#include <filesystem>
#include <string>
#include <vector>

#include "migrate/progress.h"
#include "store/store.h"

namespace petrel::migrate {

struct ExportReport {
  size_t exported = 0;
  std::vector<std::string> warnings;  // mailboxes or keywords left out
};

// `root` must not exist or be an empty directory (nothing is overwritten).
Result<ExportReport> export_maildir(store::UserStore& user, const std::filesystem::path& root,
                                    Progress& progress);

// The number of messages export_maildir() will write, for the progress bar.
size_t count_messages(store::UserStore& user);

}  // namespace petrel::migrate
