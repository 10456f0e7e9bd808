#pragma once
// Mailbox names as the store keeps them: UTF-8, "/" between levels, "INBOX"
// in capitals. Shared by every backend so they agree on what a name is.
#include <string>
#include <string_view>
#include <vector>

#include "store/types.h"
#include "util/result.h"

namespace petrel::store {

inline constexpr char kDelimiter = '/';
inline constexpr std::string_view kInbox = "INBOX";
inline constexpr size_t kMaxMailboxNameBytes = 1000;

// Validates and canonicalizes a name: valid UTF-8, no control characters,
// no empty, "." or ".." level, at most kMaxMailboxNameBytes; a first level
// spelled "inbox" in any case becomes "INBOX". InvalidArgument otherwise.
Result<std::string> canonical_mailbox_name(std::string_view name);

bool is_inbox(std::string_view canonical);

// The superior names of a canonical name, outermost first:
// "a/b/c" -> {"a", "a/b"}.
std::vector<std::string> superior_names(std::string_view canonical);

// Whether `name` is strictly below `parent` in the hierarchy.
bool is_inferior(std::string_view name, std::string_view parent);

// `name` (equal to or below `from`) with the `from` prefix replaced by `to`.
std::string renamed(std::string_view name, std::string_view from, std::string_view to);

// A new user's mailboxes, RFC 6154 special uses included.
struct DefaultMailbox {
  std::string_view name;
  SpecialUse special_use;
};
const std::vector<DefaultMailbox>& default_mailboxes();

}  // namespace petrel::store
