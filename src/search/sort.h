#pragma once
// SORT (RFC 5256 section 3; DISPLAYFROM / DISPLAYTO, RFC 5957).
#include <vector>

#include "imap/proto/command.h"
#include "search/search.h"

namespace petrel::search {

// The column groups sorting and threading read: the compact keys stored at
// delivery, never the header fields themselves.
inline constexpr store::FetchFields kSortFields =
    store::kFetchSortKeys | store::kFetchInternalDate | store::kFetchSize;

// Reorders `matches` (found with kSortFields, in message-number order) by
// `criteria`; ties keep message-number order (RFC 5256 section 3).
void sort_matches(std::vector<Match>& matches, const std::vector<imap::SortCriterion>& criteria);

// The sent date RFC 5256 2.2 sorts by: Date:, else INTERNALDATE.
int64_t sent_date(const Match& match);

// The match's SortKeys (empty ones when it was found without them).
const store::SortKeys& sort_keys(const Match& match);

}  // namespace petrel::search
