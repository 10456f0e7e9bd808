#pragma once
// Remembers recent successful password checks, so a client that logs in
// again and again (phones reconnect all day) does not pay a deliberately slow
// password hash (yescrypt, argon2) each time. Like Dovecot's auth cache, but
// it keeps only a keyed digest of the password: HMAC-SHA-256 under a random
// key made at start that never leaves the process.
//
// An entry is valid only while the user's stored hash is unchanged, so a
// password change or a removed user takes effect at once; failures are never
// cached, so a wrong password always costs a full verification.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace petrel::auth {

class LoginCache {
 public:
  using Clock = std::chrono::steady_clock;

  // ttl 0 disables the cache.
  LoginCache(std::chrono::seconds ttl, std::size_t max_entries);

  // True when `password` was verified against exactly `stored_hash` for
  // `user` within the ttl.
  bool hit(std::string_view user, std::string_view stored_hash, std::string_view password,
           Clock::time_point now = Clock::now());
  // Records a successful verification.
  void remember(std::string_view user, std::string_view stored_hash, std::string_view password,
                Clock::time_point now = Clock::now());

  std::size_t size() const;

 private:
  struct Entry {
    std::string stored_hash;
    std::string digest;  // HMAC-SHA-256(key, user NUL password)
    Clock::time_point expires;
  };
  std::string digest(std::string_view user, std::string_view password) const;

  std::chrono::seconds ttl_;
  std::size_t max_entries_;
  std::string key_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace petrel::auth
