#include "store/sqlite/sqlite_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "store/sqlite/user_store.h"
#include "store/user_name.h"

namespace petrel::store {
namespace {

Result<void> ensure_private_dir(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0 || errno == EEXIST) return Ok{};
  return Error{"mkdir " + dir.string() + ": " + std::strerror(errno), ErrorCode::Io};
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::filesystem::path mail_dir, SqliteStoreOptions options)
      : mail_dir_(std::move(mail_dir)), options_(options) {}
  ~SqliteStore() override { close(); }

  Result<std::shared_ptr<UserStore>> open_user(std::string_view user) override {
    if (auto r = validate_user_name(user); !r) return r.error();
    std::lock_guard lock(mutex_);
    if (closed_) return Error{"the store is closed", ErrorCode::Io};
    // Weak references: a user's store stays open while a session uses it
    // and closes (writer thread and connections) when the last one ends.
    if (users_.size() > sweep_at_) {
      std::erase_if(users_, [](const auto& entry) { return entry.second.expired(); });
      sweep_at_ = std::max<size_t>(64, 2 * users_.size());
    }
    auto& slot = users_[std::string(user)];
    if (auto existing = slot.lock()) return std::shared_ptr<UserStore>(existing);
    std::filesystem::path dir = mail_dir_ / std::string(user);
    if (auto r = ensure_private_dir(dir); !r) return r.error();
    sqlite::UserStoreOptions options;
    options.max_idle_readers = options_.max_idle_readers;
    options.writer.max_batch_operations = options_.max_batch_operations;
    options.default_quota = options_.default_quota;
    options.indexing = {options_.index_quiet, options_.index_max_wait, options_.index_batch};
    auto opened = sqlite::SqliteUserStore::open(std::string(user), dir / "store.db", options);
    if (!opened) return opened.error();
    slot = *opened;
    return std::shared_ptr<UserStore>(*opened);
  }

  Result<std::vector<std::string>> list_users() override {
    std::vector<std::string> users;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(mail_dir_, ec)) {
      if (std::filesystem::exists(entry.path() / "store.db")) {
        users.push_back(entry.path().filename().string());
      }
    }
    if (ec) return Error{"list " + mail_dir_.string() + ": " + ec.message(), ErrorCode::Io};
    std::sort(users.begin(), users.end());
    return users;
  }

  void close() override {
    std::map<std::string, std::weak_ptr<sqlite::SqliteUserStore>> users;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      users.swap(users_);
    }
    for (auto& [name, weak] : users) {
      if (auto user = weak.lock()) user->close();
    }
  }

 private:
  std::filesystem::path mail_dir_;
  SqliteStoreOptions options_;
  std::mutex mutex_;
  std::map<std::string, std::weak_ptr<sqlite::SqliteUserStore>> users_;
  size_t sweep_at_ = 64;  // forget closed user stores once the map grows past this
  bool closed_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& data_dir,
                                                 const SqliteStoreOptions& options) {
  if (auto r = ensure_private_dir(data_dir); !r) return r.error();
  std::filesystem::path mail_dir = data_dir / "mail";
  if (auto r = ensure_private_dir(mail_dir); !r) return r.error();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(mail_dir, options));
}

}  // namespace petrel::store
