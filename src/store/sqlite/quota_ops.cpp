// SqliteUserStore: quota usage and limits (RFC 9208).
#include <algorithm>

#include "store/sqlite/quota_rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

constexpr const char* kStorage = "storage";
constexpr const char* kMessages = "messages";

// In the table a limit is a signed 64-bit integer: -1 stands for unlimited.
int64_t to_column(uint64_t limit) {
  return limit == kUnlimited || limit > INT64_MAX ? -1 : static_cast<int64_t>(limit);
}
uint64_t from_column(int64_t value) {
  return value < 0 ? kUnlimited : static_cast<uint64_t>(value);
}

}  // namespace

Result<QuotaUsage> read_quota_usage(Connection& db) {
  auto stmt = db.prepare("SELECT storage, messages FROM quota_usage WHERE id = 1");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  if (!*row) return Error{"quota usage row is missing", ErrorCode::Corrupt};
  // Counters never go below zero; clamp anyway so damage cannot wrap around.
  return QuotaUsage{static_cast<uint64_t>(std::max<int64_t>(0, stmt->int64(0))),
                    static_cast<uint64_t>(std::max<int64_t>(0, stmt->int64(1)))};
}

Result<QuotaOverride> read_quota_override(Connection& db) {
  auto stmt = db.prepare("SELECT resource, value FROM quota_limit");
  if (!stmt) return stmt.error();
  QuotaOverride own;
  while (true) {
    auto row = stmt->step();
    if (!row) return row.error();
    if (!*row) break;
    std::string_view resource = stmt->text(0);
    if (resource == kStorage) own.storage = from_column(stmt->int64(1));
    if (resource == kMessages) own.messages = from_column(stmt->int64(1));
  }
  return own;
}

Result<void> write_quota_override(Connection& db, const QuotaOverride& limits) {
  if (auto r = db.exec("DELETE FROM quota_limit"); !r) return r;
  auto insert = db.prepare("INSERT INTO quota_limit (resource, value) VALUES (?, ?)");
  if (!insert) return insert.error();
  for (auto [resource, value] :
       {std::pair{kStorage, limits.storage}, std::pair{kMessages, limits.messages}}) {
    if (!value) continue;
    insert->reset();
    if (auto r = insert->bind_all(resource, to_column(*value)).run(); !r) return r;
  }
  return Ok{};
}

Result<void> check_quota(Connection& db, const QuotaLimits& defaults, uint64_t messages,
                         uint64_t bytes) {
  if (messages == 0 && bytes == 0) return Ok{};
  auto own = read_quota_override(db);
  if (!own) return own.error();
  QuotaLimits limits = effective_limits(*own, defaults);
  if (limits.storage == kUnlimited && limits.messages == kUnlimited) return Ok{};
  auto usage = read_quota_usage(db);
  if (!usage) return usage.error();
  if (exceeds(*usage, limits, messages, bytes)) {
    return Error{"Quota exceeded (mailbox for user is full)", ErrorCode::OverQuota};
  }
  return Ok{};
}

Result<QuotaInfo> SqliteUserStore::quota() {
  auto lease = read();
  if (!lease) return lease.error();
  QuotaInfo info;
  auto usage = read_quota_usage(lease->db());
  if (!usage) return usage.error();
  auto own = read_quota_override(lease->db());
  if (!own) return own.error();
  info.usage = *usage;
  info.own = *own;
  info.limits = effective_limits(info.own, default_quota_);
  return info;
}

Result<void> SqliteUserStore::set_quota(const QuotaOverride& limits) {
  return write<void>(
      [&](WriteContext& ctx) -> Result<void> { return write_quota_override(ctx.db, limits); });
}

}  // namespace petrel::store::sqlite
