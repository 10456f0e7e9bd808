#pragma once
// THREAD (RFC 5256 sections 4 and 5): ORDEREDSUBJECT and REFERENCES.
#include <string>
#include <vector>

#include "search/search.h"

namespace petrel::search {

enum class ThreadAlgorithm { OrderedSubject, References };

// The thread-list of the THREAD response ("(1 2)(3 (4)(5))"), empty for no
// messages. `matches` come from run_search with kSortFields, in
// message-number order; each is written as its message number or, with
// `uid`, its UID.
std::string thread_matches(const std::vector<Match>& matches, ThreadAlgorithm algorithm, bool uid);

}  // namespace petrel::search
