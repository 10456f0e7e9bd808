#pragma once
// Which names LIST and LSUB return, and what is known about each: RFC 9051
// 6.3.9 (LIST with RFC 5258 LIST-EXTENDED and RFC 6154 SPECIAL-USE
// selection) and RFC 3501 6.3.9 (LSUB). Works on the store's lists alone,
// without I/O, so every selection rule is unit-tested on its own.
#include <string>
#include <string_view>
#include <vector>

#include "store/types.h"

namespace petrel::imap {

struct ListSelection {
  std::vector<std::string> patterns;  // canonical LIST patterns, UTF-8
  bool subscribed = false;            // selection option SUBSCRIBED
  bool special_use = false;           // selection option SPECIAL-USE
  bool recursive_match = false;       // selection option RECURSIVEMATCH
  bool lsub = false;                  // LSUB (RFC 3501 6.3.9)
};

struct ListEntry {
  std::string name;                             // UTF-8
  const store::MailboxInfo* mailbox = nullptr;  // null: no mailbox of that name
  bool subscribed = false;
  // Meets the selection criteria. False for a name returned only because
  // something below it does: a RECURSIVEMATCH parent, an LSUB "%" parent,
  // a "%" level with no mailbox of its own. LIST-STATUS skips those.
  bool meets_criteria = true;
  bool has_children = false;  // some mailbox (placeholders included) is below it
  bool childinfo = false;     // RECURSIVEMATCH: a descendant meets the criteria

  bool selectable() const { return mailbox != nullptr && !mailbox->noselect; }
};

// The canonical LIST pattern (RFC 9051 6.3.9): Petrel has no break-out
// characters, so it is the reference followed by the pattern, with one "/"
// dropped where both supply it.
std::string join_list_pattern(std::string_view reference, std::string_view pattern);

// Whether `name` matches one of `patterns`. The INBOX part of a name is
// matched case-insensitively ("inb*" finds INBOX), as RFC 9051 5.1 makes
// INBOX a case-insensitive name.
bool list_patterns_match(const std::vector<std::string>& patterns, std::string_view name);

// The order LIST and LSUB answer in, stable across calls: INBOX and its
// children first, then the rest by name with each parent right before its
// children ("a", "a/b", "a-b").
bool list_order_less(std::string_view a, std::string_view b);

// The entries to send, in list_order_less order. `mailboxes` must outlive
// the result (entries point into it).
std::vector<ListEntry> select_list_entries(const std::vector<store::MailboxInfo>& mailboxes,
                                           const std::vector<std::string>& subscriptions,
                                           const ListSelection& selection);

}  // namespace petrel::imap
