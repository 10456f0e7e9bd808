#pragma once
// SortKeys (store/message.h) from a message's header fields: computed once at
// delivery by every backend, and again by the brute-force search path and
// `petrel check --reindex`, so all of them agree by construction.
#include <string>
#include <vector>

#include "store/message.h"

namespace petrel::store {

SortKeys make_sort_keys(const HeaderFields& headers);

// The msg-ids ("<...>", whitespace inside removed, without the brackets) of
// a header value, in order.
std::vector<std::string> message_ids(const std::string& raw);

}  // namespace petrel::store
