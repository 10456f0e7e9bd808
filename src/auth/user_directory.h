#pragma once
// The user directory: <data_dir>/users, a text file of "name:hash" lines
// (see users_file.h), shared by the CLI (writers) and the server (readers).
//
// User names are case-insensitive: they are lowercased on add and on every
// lookup (see user_name.h for the allowed characters), and list() returns
// the lowercase forms.
//
// Writers take an exclusive flock on <data_dir>/users.lock and replace the
// file atomically and durably, so `petrel user add` is safe while the server
// runs. Readers cache the parsed file and reload it when it changes; every
// method is thread-safe.
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/durable_file.h"
#include "auth/login_cache.h"
#include "auth/users_file.h"
#include "util/result.h"

namespace petrel::auth {

class UserDirectory {
 public:
  explicit UserDirectory(std::filesystem::path data_dir);

  // Error if the name is invalid, the user exists, or the password is empty.
  Result<void> add(std::string_view name, std::string_view password);
  // Error if the user does not exist.
  Result<void> remove(std::string_view name);
  // Error if the user does not exist or the password is empty.
  Result<void> set_password(std::string_view name, std::string_view password);
  // Sorted canonical names.
  Result<std::vector<std::string>> list() const;

  // Verifies in constant time relative to the stored hash; when the user does
  // not exist (or the name is invalid), still spends the time of one hash
  // verification against a dummy yescrypt hash, so timing does not reveal
  // which names exist. The hash runs without holding any lock.
  bool verify(std::string_view name, std::string_view password) const;
  // Successful verifications are remembered for `ttl` (0: never), so
  // repeated logins skip the slow hash; see login_cache.h.
  void enable_login_cache(std::chrono::seconds ttl, std::size_t max_entries = 100000);
  bool exists(std::string_view name) const;

  // Adds a user with an already-computed hash (for import, see
  // dovecot_scheme.h). Error if the name is invalid, the user exists, or
  // verify_password() cannot check the hash.
  Result<void> add_hashed(std::string_view name, std::string_view stored_hash);

  const std::filesystem::path& users_path() const { return users_path_; }

 private:
  using Table = UserTable;

  // Runs `edit` on the current file under the writer lock and installs the
  // result. `edit` returns an error to abandon the change.
  Result<void> rewrite(const std::function<Result<void>(UsersFileLines&)>& edit);
  // The current parsed file, reloaded if it changed since the last call.
  Result<std::shared_ptr<const Table>> snapshot() const;

  std::filesystem::path data_dir_;
  std::filesystem::path users_path_;
  std::filesystem::path lock_path_;

  mutable std::mutex mu_;  // guards the cache below
  mutable bool loaded_ = false;
  // Set when the file was modified so recently that a later rewrite could
  // get the same stamp (coarse mtime, reused inode); forces a reload.
  mutable bool racy_ = true;
  mutable std::optional<FileStamp> stamp_;  // nullopt: the file was missing
  mutable std::shared_ptr<const Table> table_;
  std::unique_ptr<LoginCache> login_cache_;
};

}  // namespace petrel::auth
