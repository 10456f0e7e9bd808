#pragma once
// Slows down and then stops password guessing from one client address.
//
// Each failed login from an address makes the next answer wait longer
// (base_delay, doubling, capped at max_delay), and after max_failures the
// address is blocked. Failures are forgotten together once an address has
// had no failure for `window`: a client that keeps guessing while blocked
// (every attempt is recorded as a failure) stays blocked. A success resets
// the address. Addresses are grouped by throttle_key() (IPv6 by /64).
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace petrel::auth {

struct ThrottleLimits {
  unsigned max_failures = 10;
  std::chrono::seconds window{300};
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{5000};
  // Bounds memory under a flood of distinct addresses; beyond it the address
  // with the oldest last failure is forgotten first.
  std::size_t max_entries = 100'000;
};

class LoginThrottle {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit LoginThrottle(
      ThrottleLimits limits = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

  // Counts a failure; returns how long to wait before answering it.
  std::chrono::milliseconds record_failure(std::string_view address);
  // True when the address has max_failures or more failures within the window.
  bool blocked(std::string_view address) const;
  void record_success(std::string_view address);

  // Number of addresses currently tracked (for tests and metrics).
  std::size_t size() const;

 private:
  struct Entry {
    unsigned failures = 0;
    std::chrono::steady_clock::time_point last_failure;
    std::list<std::string>::iterator age;  // position in by_age_
  };

  void expire(std::chrono::steady_clock::time_point now);
  std::chrono::milliseconds delay_for(unsigned failures) const;

  const ThrottleLimits limits_;
  const Clock clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  // Keys ordered by last failure, oldest first: expiry and eviction pop the
  // front, so both cost O(1) per entry removed.
  std::list<std::string> by_age_;
};

}  // namespace petrel::auth
