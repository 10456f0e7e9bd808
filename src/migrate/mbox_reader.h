#pragma once
// Reads an mbox file one message at a time, without loading the file. Both
// mboxrd and mboxo are read as mboxrd: a line starting with "From " begins a
// message, and one ">" is removed from body lines matching /^>+From /
// (mboxo only quoted ">From ", which this also undoes). The blank line
// before the next From_ line is the separator, not part of the message.
//
// Mail readers keep flags in headers: Status ("R" read), X-Status ("A"
// answered, "F" flagged, "T" draft, "D" deleted) and X-Keywords; those and
// the UW-IMAP/Dovecot bookkeeping fields (X-UID, X-IMAP, X-IMAPbase) are
// removed from the stored bytes, as Dovecot hides them from IMAP. A folder's
// "FOLDER INTERNAL DATA" pseudo-message (it has X-IMAP) is skipped.
#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "store/types.h"
#include "util/result.h"

namespace petrel::migrate {

struct MboxMessage {
  std::string bytes;  // LF line ends as in the file; the importer normalizes
  store::SystemFlags flags = 0;
  std::vector<std::string> keywords;
  int64_t internal_date = 0;  // from the From_ line (UTC); 0 if unreadable
};

class MboxReader {
 public:
  // Error when the file cannot be opened or does not start with "From ".
  static Result<MboxReader> open(const std::string& path);
  // The next message, or nullopt at the end of the file.
  std::optional<MboxMessage> next();

  MboxReader(MboxReader&&) = default;

 private:
  explicit MboxReader(std::ifstream in) : in_(std::move(in)) {}
  bool read_line();

  std::ifstream in_;
  std::string line_;  // the current line, without its "\n"
  bool have_line_ = false;
};

// "From sender Tue Nov 27 03:36:07 2026" -> epoch seconds (UTC), 0 if unreadable.
int64_t parse_from_line_date(std::string_view from_line);

// Splits the header fields Status / X-Status / X-Keywords off `message`,
// setting the flags and keywords. Returns false for a pseudo-message.
bool take_mbox_status(MboxMessage& message);

}  // namespace petrel::migrate
