#pragma once
// The importer's second pass: writes the full-text entries the bulk insert
// left out (UserStore::index_backlog), in transactions of `per_transaction`
// messages, until the index is complete. Searches are exact before, during
// and after it; this only makes them fast again.
#include <cstddef>

#include "migrate/progress.h"
#include "store/store.h"

namespace petrel::migrate {

// Returns the number of messages looked at; an Error leaves the rest for
// the next run (or the next import) to finish.
Result<size_t> build_search_index(store::UserStore& user, Progress& progress,
                                  size_t per_transaction = 2000);

}  // namespace petrel::migrate
