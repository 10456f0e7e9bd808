#include "store/mem/mem_store.h"

#include <map>
#include <mutex>

#include "store/mem/mem_user_store.h"
#include "store/user_name.h"

namespace petrel::store {
namespace {

class MemStore final : public Store {
 public:
  explicit MemStore(QuotaLimits default_quota) : default_quota_(default_quota) {}

  Result<std::shared_ptr<UserStore>> open_user(std::string_view user) override {
    if (auto r = validate_user_name(user); !r) return r.error();
    std::lock_guard lock(mutex_);
    if (closed_) return Error{"the store is closed", ErrorCode::Io};
    auto& slot = users_[std::string(user)];
    if (!slot) slot = std::make_shared<mem::MemUserStore>(std::string(user), default_quota_);
    return std::shared_ptr<UserStore>(slot);
  }

  Result<std::vector<std::string>> list_users() override {
    std::lock_guard lock(mutex_);
    std::vector<std::string> out;
    for (const auto& [name, user] : users_) out.push_back(name);
    return out;
  }

  void close() override {
    std::lock_guard lock(mutex_);
    closed_ = true;
    for (auto& [name, user] : users_) user->close();
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<mem::MemUserStore>> users_;
  bool closed_ = false;
  QuotaLimits default_quota_;
};

}  // namespace

std::unique_ptr<Store> make_memory_store(QuotaLimits default_quota) {
  return std::make_unique<MemStore>(default_quota);
}

}  // namespace petrel::store
