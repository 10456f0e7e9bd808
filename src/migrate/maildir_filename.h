#pragma once
// The parts of a Maildir file name Petrel reads and writes:
// "<base>:2,<info>", where <base> identifies the message (Dovecot adds
// ",S=<size>,W=<vsize>" hints to it; the bytes of the file are what counts)
// and <info> holds the flags: upper-case letters are system flags, lower-case
// letters a..z are keywords by their index in dovecot-keywords.
#include <string>
#include <string_view>
#include <vector>

#include "store/types.h"

namespace petrel::migrate {

struct MaildirFilename {
  std::string base;                  // before ":2," (the uidlist key)
  store::SystemFlags flags = 0;      // S Seen, R Answered, F Flagged, T Deleted, D Draft
  std::vector<int> keyword_indexes;  // 'a' -> 0 ... 'z' -> 25, ascending
};

// Unknown upper-case letters (P passed) are ignored; so is an info part that
// is not version 2.
MaildirFilename parse_maildir_filename(std::string_view name);

// The ":2,<info>" suffix for `flags` and keyword indexes, letters sorted
// (Maildir requires ASCII order).
std::string maildir_info(store::SystemFlags flags, const std::vector<int>& keyword_indexes);

}  // namespace petrel::migrate
