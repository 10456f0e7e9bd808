#pragma once
// Flag and keyword rules shared by the backends: what a keyword may be, how
// two spellings are the same keyword, and what a STORE does to a message.
#include <string>
#include <string_view>
#include <vector>

#include "store/message.h"
#include "store/types.h"
#include "util/result.h"

namespace petrel::store {

inline constexpr size_t kMaxKeywordBytes = 250;

// A keyword is an IMAP atom (RFC 9051 flag-keyword): ASCII without controls,
// space or atom-specials, not starting with "\". InvalidArgument otherwise.
Result<void> validate_keyword(std::string_view keyword);

// The identity of a keyword: RFC 9051 2.3.2 makes keywords case-insensitive;
// atoms are ASCII, so ASCII folding is exact.
std::string fold_keyword(std::string_view keyword);

// The flags and keywords `change` makes of `state` (keywords already in
// their canonical spelling). Returns whether anything differs.
bool apply_flag_change(const FlagChange& change, const std::vector<std::string>& keywords,
                       MessageState& state);

// Sorts canonical keywords and drops duplicates.
void normalize_keywords(std::vector<std::string>& keywords);

// Keywords as one column value: space-separated (a keyword has no space).
std::string join_keywords(const std::vector<std::string>& keywords);
std::vector<std::string> split_keywords(std::string_view joined);

}  // namespace petrel::store
