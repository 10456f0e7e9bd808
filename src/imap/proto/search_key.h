#pragma once
// SEARCH criteria as a tree (RFC 9051 section 6.4.4 and the extensions
// listed per kind). SORT and THREAD (RFC 5256) use the same tree.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "imap/proto/date.h"
#include "imap/proto/seq_set.h"

namespace petrel::imap {

enum class SearchKeyKind : std::uint8_t {
  // Structure: And has 1+ children (a parenthesised list, or the whole
  // program), Or has 2, Not and Fuzzy (RFC 6203) have 1.
  And,
  Or,
  Not,
  Fuzzy,
  // Flags (no argument). Recent/New/Old are RFC 3501 only.
  All,
  Answered,
  Deleted,
  Draft,
  Flagged,
  Seen,
  Recent,
  New,
  Old,
  Unanswered,
  Undeleted,
  Undraft,
  Unflagged,
  Unseen,
  // `value` holds the keyword (an atom, as sent).
  Keyword,
  Unkeyword,
  // `value` holds the string to find.
  Bcc,
  Body,
  Cc,
  From,
  Subject,
  Text,
  To,
  Header,  // `field` is the header field name, `value` the string
  // `date`.
  Before,
  On,
  Since,
  SentBefore,
  SentOn,
  SentSince,
  SavedBefore,  // RFC 8514
  SavedOn,
  SavedSince,
  SavedDateSupported,
  // `number`.
  Larger,
  Smaller,
  Older,    // seconds, RFC 5032
  Younger,  // seconds, RFC 5032
  ModSeq,   // RFC 7162 section 3.1.5; `field`/`entry_type` when an entry was given
  // `set`.
  Uid,
  SequenceSet,
  // `value` holds the object id (RFC 8474).
  EmailId,
  ThreadId,
};

// MODSEQ search entry type (RFC 7162 entry-type-req).
enum class EntryType : std::uint8_t { All, Private, Shared };

struct SearchKey {
  SearchKeyKind kind = SearchKeyKind::All;
  std::string field;  // HEADER field name; MODSEQ entry name ("/flags/\\seen")
  std::string value;  // string/keyword/object-id argument
  Date date;
  std::uint64_t number = 0;
  SequenceSet set;
  EntryType entry_type = EntryType::All;  // MODSEQ with an entry name
  std::vector<SearchKey> children;

  bool operator==(const SearchKey&) const = default;
};

}  // namespace petrel::imap
