#include "auth/user_directory.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <chrono>

#include "auth/password_hash.h"
#include "auth/user_name.h"
#include "auth/users_file.h"

namespace petrel::auth {

namespace {

// Filesystems store mtimes with a coarse granularity (jiffies on ext4, whole
// seconds on some); a file modified within this margin of being read may be
// modified again without its stamp changing, as git's "racy clean" problem.
constexpr std::chrono::seconds kRacyMargin{2};

bool is_racy(const FileStamp& stamp) {
  auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::system_clock::now().time_since_epoch());
  return now.count() < stamp.mtime_ns + std::chrono::nanoseconds(kRacyMargin).count();
}

// A yescrypt hash of a random secret, made once per process: verifying
// against it costs the same as verifying a real user's default hash.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    std::array<unsigned char, 16> secret;
    RAND_bytes(secret.data(), static_cast<int>(secret.size()));
    std::string pw;
    for (unsigned char b : secret) pw += static_cast<char>('a' + b % 26);
    return hash_password(pw);
  }();
  return hash;
}

Error invalid_name(std::string_view name) {
  return Error{"invalid user name '" + std::string(name) +
               "': use 1-64 of A-Z a-z 0-9 . _ @ + -, not starting with '.'"};
}

}  // namespace

UserDirectory::UserDirectory(std::filesystem::path data_dir)
    : data_dir_(std::move(data_dir)),
      users_path_(data_dir_ / "users"),
      lock_path_(data_dir_ / "users.lock") {}

Result<void> UserDirectory::add(std::string_view name, std::string_view password) {
  if (password.empty()) return Error{"password must not be empty"};
  if (!normalize_user_name(name)) return invalid_name(name);
  // Hash before taking the lock: the slow part need not block other writers.
  std::string hash = hash_password(password);
  if (hash.empty()) return Error{"cannot hash password (NUL byte in password?)"};
  return add_hashed(name, hash);
}

Result<void> UserDirectory::add_hashed(std::string_view name, std::string_view stored_hash) {
  auto canonical = normalize_user_name(name);
  if (!canonical) return invalid_name(name);
  if (!is_supported_hash(stored_hash)) return Error{"unsupported password hash format"};
  return rewrite([&](UsersFileLines& lines) -> Result<void> {
    if (lines.contains(*canonical)) return Error{"user '" + *canonical + "' already exists"};
    lines.append(*canonical, stored_hash);
    return Ok{};
  });
}

Result<void> UserDirectory::remove(std::string_view name) {
  auto canonical = normalize_user_name(name);
  if (!canonical) return invalid_name(name);
  return rewrite([&](UsersFileLines& lines) -> Result<void> {
    if (!lines.remove(*canonical)) return Error{"no such user '" + *canonical + "'"};
    return Ok{};
  });
}

Result<void> UserDirectory::set_password(std::string_view name, std::string_view password) {
  auto canonical = normalize_user_name(name);
  if (!canonical) return invalid_name(name);
  if (password.empty()) return Error{"password must not be empty"};
  std::string hash = hash_password(password);
  if (hash.empty()) return Error{"cannot hash password (NUL byte in password?)"};
  return rewrite([&](UsersFileLines& lines) -> Result<void> {
    if (!lines.replace(*canonical, hash)) return Error{"no such user '" + *canonical + "'"};
    return Ok{};
  });
}

Result<std::vector<std::string>> UserDirectory::list() const {
  auto table = snapshot();
  if (!table) return table.error();
  std::vector<std::string> names;
  names.reserve((*table)->size());
  for (const auto& [name, hash] : **table) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

bool UserDirectory::verify(std::string_view name, std::string_view password) const {
  auto canonical = normalize_user_name(name);
  auto table = snapshot();
  // Keep the snapshot alive while the hash runs outside the mutex.
  std::shared_ptr<const Table> held = table ? *table : nullptr;
  const std::string* stored = nullptr;
  if (canonical && held) {
    auto it = held->find(*canonical);
    if (it != held->end()) stored = &it->second;
  }
  if (stored == nullptr) {
    // The result is ignored; only the time it takes matters.
    (void)verify_password(password, dummy_hash());
    return false;
  }
  if (login_cache_ && login_cache_->hit(*canonical, *stored, password)) return true;
  const bool ok = verify_password(password, *stored);
  if (ok && login_cache_) login_cache_->remember(*canonical, *stored, password);
  return ok;
}

void UserDirectory::enable_login_cache(std::chrono::seconds ttl, std::size_t max_entries) {
  login_cache_ = ttl.count() > 0 ? std::make_unique<LoginCache>(ttl, max_entries) : nullptr;
}

bool UserDirectory::exists(std::string_view name) const {
  auto canonical = normalize_user_name(name);
  if (!canonical) return false;
  auto table = snapshot();
  return table && (*table)->contains(*canonical);
}

Result<void> UserDirectory::rewrite(const std::function<Result<void>(UsersFileLines&)>& edit) {
  if (auto r = ensure_private_dir(data_dir_); !r) return r;
  auto lock = FileLock::acquire(lock_path_);
  if (!lock) return lock.error();
  // Read under the lock, not from the cache: another process may have
  // written since, and its change must not be lost.
  auto current = read_file(users_path_);
  if (!current) return current.error();
  UsersFileLines lines(*current ? std::string_view((*current)->contents) : std::string_view());
  if (auto r = edit(lines); !r) return r;
  if (auto r = replace_file_durably(users_path_, lines.text()); !r) return r;
  std::lock_guard guard(mu_);
  loaded_ = false;  // our own readers see the change at once
  return Ok{};
}

Result<std::shared_ptr<const UserDirectory::Table>> UserDirectory::snapshot() const {
  std::lock_guard guard(mu_);
  auto stamp = stat_file(users_path_);
  if (!stamp) return stamp.error();
  if (loaded_ && !racy_ && *stamp == stamp_) return table_;
  auto snap = read_file(users_path_);
  if (!snap) {
    // Fail closed: an unreadable file must not keep serving users that may
    // have been removed from it. The next call retries.
    loaded_ = false;
    return snap.error();
  }
  if (*snap) {
    table_ = std::make_shared<const Table>(parse_users((*snap)->contents));
    stamp_ = (*snap)->stamp;
    racy_ = is_racy(*stamp_);
  } else {
    table_ = std::make_shared<const Table>();
    stamp_.reset();
    racy_ = false;
  }
  loaded_ = true;
  return table_;
}

}  // namespace petrel::auth
