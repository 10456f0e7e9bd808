#pragma once
// The mail store as the configuration describes it; used by `petrel serve`
// and by the CLI commands that touch mail (deliver, user quota), so they all
// apply the same defaults.
#include <memory>

#include "config/config.h"
#include "store/sqlite/sqlite_store.h"

namespace petrel::net {

// [quota] storage / messages, where 0 means unlimited.
store::QuotaLimits default_quota(const QuotaSettings& settings);

Result<std::unique_ptr<store::SqliteStore>> open_configured_store(const Config& config);

}  // namespace petrel::net
