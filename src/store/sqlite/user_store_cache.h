#pragma once
// The open user stores of one SqliteStore, and a bounded set of recently
// used ones that no session holds any more but that stay open a while. Mail
// clients reconnect all the time; without this every LOGIN would start a
// writer thread, open and prepare the database and its statements, and
// every LOGOUT would checkpoint and unlink the WAL again.
//
// A session gets a handle (a shared_ptr with its own control block) to the
// store; when the last handle of a user is released the store becomes idle:
// it stays open, least recently released first out, until more than
// `max_idle` stores are idle or it has been idle for `max_age`. Expiry is
// checked on every acquire() and by close_expired(), which the server calls
// periodically; there is no thread of its own. A release never closes a
// kept store, since it runs wherever a session ends (an I/O thread).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "store/store.h"

namespace petrel::store::sqlite {

class SqliteUserStore;

struct IdleStoreLimits {
  std::size_t max_idle = 0;                       // idle stores kept open; 0: none
  std::chrono::steady_clock::duration max_age{};  // how long one is kept; 0: none
  bool enabled() const { return max_idle > 0 && max_age.count() > 0; }
};

struct UserStoreCounts {
  std::size_t in_use = 0;  // held by at least one session
  std::size_t idle = 0;    // open, held by none
  uint64_t opened = 0;     // stores opened since the cache was made
};

class UserStoreCache {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;
  using Opener = std::function<Result<std::shared_ptr<SqliteUserStore>>()>;

  // `now` is injectable so tests can age idle stores without sleeping.
  explicit UserStoreCache(IdleStoreLimits limits, Now now = Clock::now);
  ~UserStoreCache();
  UserStoreCache(const UserStoreCache&) = delete;
  UserStoreCache& operator=(const UserStoreCache&) = delete;

  // The store of `user`: the one open (in use or idle), else what `open`
  // makes. While a handle of the user lives, every call returns a handle to
  // the same object. `open` runs under the cache's lock, so two sessions of
  // a new user never open two stores. Io after close().
  Result<std::shared_ptr<UserStore>> acquire(const std::string& user, const Opener& open);

  // Closes the idle stores past either limit (blocking: each finishes its
  // queued writes and checkpoints). Call off I/O threads.
  void close_expired();

  // Closes every store, idle or in use; later acquire() calls fail and
  // handles still held get Io from every call. Idempotent.
  void close();

  UserStoreCounts counts() const;

 private:
  struct State;
  struct Release;
  std::shared_ptr<State> state_;  // shared with the handles' deleters
};

}  // namespace petrel::store::sqlite
