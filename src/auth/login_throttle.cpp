#include "auth/login_throttle.h"

#include <algorithm>
#include <limits>

#include "auth/address_key.h"

namespace petrel::auth {

LoginThrottle::LoginThrottle(ThrottleLimits limits, Clock clock)
    : limits_(limits), clock_(std::move(clock)) {}

std::chrono::milliseconds LoginThrottle::record_failure(std::string_view address) {
  std::string key = throttle_key(address);
  auto now = clock_();
  std::lock_guard guard(mu_);
  expire(now);
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& entry = it->second;
  if (inserted) {
    entry.age = by_age_.insert(by_age_.end(), key);
  } else {
    by_age_.splice(by_age_.end(), by_age_, entry.age);  // now the youngest
  }
  // Saturate rather than wrap: a wrapped counter would unblock the address.
  if (entry.failures < std::numeric_limits<unsigned>::max()) ++entry.failures;
  entry.last_failure = now;
  unsigned failures = entry.failures;
  while (entries_.size() > std::max<std::size_t>(limits_.max_entries, 1)) {
    entries_.erase(by_age_.front());
    by_age_.pop_front();
  }
  return delay_for(failures);
}

bool LoginThrottle::blocked(std::string_view address) const {
  std::string key = throttle_key(address);
  auto now = clock_();
  std::lock_guard guard(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || now - it->second.last_failure >= limits_.window) return false;
  return it->second.failures >= limits_.max_failures;
}

void LoginThrottle::record_success(std::string_view address) {
  std::string key = throttle_key(address);
  std::lock_guard guard(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  by_age_.erase(it->second.age);
  entries_.erase(it);
}

std::size_t LoginThrottle::size() const {
  std::lock_guard guard(mu_);
  return entries_.size();
}

void LoginThrottle::expire(std::chrono::steady_clock::time_point now) {
  while (!by_age_.empty()) {
    auto it = entries_.find(by_age_.front());
    if (now - it->second.last_failure < limits_.window) break;
    entries_.erase(it);
    by_age_.pop_front();
  }
}

std::chrono::milliseconds LoginThrottle::delay_for(unsigned failures) const {
  // base_delay * 2^(failures-1), doubling step by step so it cannot overflow.
  std::chrono::milliseconds delay = limits_.base_delay;
  for (unsigned i = 1; i < failures && delay < limits_.max_delay; ++i) delay *= 2;
  return std::min(delay, limits_.max_delay);
}

}  // namespace petrel::auth
