#include "auth/login_cache.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace petrel::auth {

LoginCache::LoginCache(std::chrono::seconds ttl, std::size_t max_entries)
    : ttl_(ttl), max_entries_(max_entries), key_(32, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) != 1)
    throw std::runtime_error("no randomness for the login cache key");
}

std::string LoginCache::digest(std::string_view user, std::string_view password) const {
  std::string message;
  message.reserve(user.size() + 1 + password.size());
  message.append(user).push_back('\0');
  message.append(password);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out, &n);
  OPENSSL_cleanse(message.data(), message.size());
  return std::string(reinterpret_cast<const char*>(out), n);
}

bool LoginCache::hit(std::string_view user, std::string_view stored_hash, std::string_view password,
                     Clock::time_point now) {
  if (ttl_.count() == 0) return false;
  const std::string d = digest(user, password);
  std::lock_guard lock(mu_);
  auto it = entries_.find(std::string(user));
  if (it == entries_.end()) return false;
  const Entry& e = it->second;
  if (e.expires <= now || e.stored_hash != stored_hash) {
    entries_.erase(it);
    return false;
  }
  return e.digest.size() == d.size() && CRYPTO_memcmp(e.digest.data(), d.data(), d.size()) == 0;
}

void LoginCache::remember(std::string_view user, std::string_view stored_hash,
                          std::string_view password, Clock::time_point now) {
  if (ttl_.count() == 0 || max_entries_ == 0) return;
  std::string d = digest(user, password);
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_ && !entries_.contains(std::string(user))) {
    // Full: drop the expired entries; if none, drop one at random (cheap and
    // good enough: an evicted user pays one slow hash on the next login).
    std::erase_if(entries_, [&](const auto& kv) { return kv.second.expires <= now; });
    if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
  }
  entries_[std::string(user)] = Entry{std::string(stored_hash), std::move(d), now + ttl_};
}

std::size_t LoginCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace petrel::auth
