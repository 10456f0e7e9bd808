#pragma once
// Parses a batch of source messages into store::NewMessages on several
// threads: MIME analysis is the importer's main CPU cost, and each message
// is independent of the others.
#include <cstddef>
#include <vector>

#include "migrate/source.h"
#include "store/message.h"

namespace petrel::migrate {

// One parse thread per core (at least 1) when `threads` is 0.
size_t parse_threads(size_t threads);

// messages[i] -> result[i]; the bytes are moved, not copied. A message
// without an INTERNALDATE gets `now`.
std::vector<store::NewMessage> build_batch(std::vector<SourceMessage>& messages, size_t threads,
                                           int64_t now);

}  // namespace petrel::migrate
