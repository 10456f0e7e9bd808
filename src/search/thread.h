#pragma once
// THREAD (RFC 5256 sections 4 and 5): ORDEREDSUBJECT and REFERENCES.
#include <string>

#include "search/sort_table.h"

namespace petrel::search {

enum class ThreadAlgorithm { OrderedSubject, References };

// The sort columns threading reads (both algorithms).
inline constexpr store::SortColumns kThreadColumns = store::kSortInternalDate | store::kSortDate |
                                                     store::kSortSubject | store::kSortMessageId |
                                                     store::kSortParents;

// The thread-list of the THREAD response ("(1 2)(3 (4)(5))"), empty for no
// messages. `table` is read with kThreadColumns; each message is written as
// its message number or, with `uid`, its UID.
std::string thread_matches(const SortTable& table, ThreadAlgorithm algorithm, bool uid);

}  // namespace petrel::search
