#pragma once
// Dovecot's per-folder Maildir metadata files:
// - dovecot-uidlist: "3 V<uidvalidity> N<nextuid> [G<guid> ...]" then one
//   "<uid> [<ext fields>] :<filename base>" line per message (version 3);
//   version 1 (and Courier's courierimapuiddb) is "1 <uidvalidity>
//   <nextuid>" then "<uid> <filename>".
// - dovecot-keywords: "<index> <keyword>" lines; index i is letter 'a' + i.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/types.h"
#include "util/result.h"

namespace petrel::migrate {

struct UidList {
  store::UidValidity uidvalidity = 0;
  store::Uid next_uid = 0;
  std::map<std::string, store::Uid, std::less<>> uids;  // filename base -> UID
};

// Error (with the line number) for a malformed header or line, a zero
// UIDVALIDITY, a UID of 0 or a UID listed twice.
Result<UidList> parse_uidlist(std::string_view text);
// The file for `list`: version 3, entries in UID order.
std::string format_uidlist(const UidList& list);

// Index -> keyword; lines that are not "<0..25> <keyword>" are skipped.
std::map<int, std::string> parse_keywords(std::string_view text);
std::string format_keywords(const std::vector<std::string>& keywords);

}  // namespace petrel::migrate
