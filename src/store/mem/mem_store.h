#pragma once
// The store in memory: the same interface and semantics as the SQLite
// backend (the same behaviour tests run against both), for fast session and
// command tests. Nothing is durable; a user's data lives as long as the
// Store, so dropping every UserStore reference and opening the user again
// finds the same mailboxes.
#include <memory>

#include "store/store.h"

namespace petrel::store {

// `default_quota`: the limits of users who have none of their own.
std::unique_ptr<Store> make_memory_store(QuotaLimits default_quota = {});

}  // namespace petrel::store
