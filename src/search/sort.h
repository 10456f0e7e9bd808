#pragma once
// SORT (RFC 5256 section 3; DISPLAYFROM / DISPLAYTO, RFC 5957).
#include <vector>

#include "imap/proto/command.h"
#include "search/sort_table.h"

namespace petrel::search {

// The sort columns `criteria` compare (DATE also reads INTERNALDATE, for
// messages without a Date:).
store::SortColumns sort_columns(const std::vector<imap::SortCriterion>& criteria);

// The table's matches ordered by `criteria` (its rows read with
// sort_columns(criteria)); ties keep message-number order (RFC 5256 3).
std::vector<Match> sort_matches(const SortTable& table,
                                const std::vector<imap::SortCriterion>& criteria);

// The sent date RFC 5256 2.2 sorts by: Date:, else INTERNALDATE. Needs
// kSortDate and kSortInternalDate.
int64_t sent_date(const store::SortRows& rows, size_t row);

}  // namespace petrel::search
