#pragma once
// Quota rows (schema version 2): the usage counters the message triggers
// keep, and the user's own limits. Each runs inside the caller's transaction.
#include "store/sqlite/connection.h"
#include "store/types.h"

namespace petrel::store::sqlite {

Result<QuotaUsage> read_quota_usage(Connection& db);
Result<QuotaOverride> read_quota_override(Connection& db);
Result<void> write_quota_override(Connection& db, const QuotaOverride& limits);
// OverQuota when adding `messages` messages of `bytes` goes over the limits
// in effect (the user's own, else `defaults`).
Result<void> check_quota(Connection& db, const QuotaLimits& defaults, uint64_t messages,
                         uint64_t bytes);

}  // namespace petrel::store::sqlite
