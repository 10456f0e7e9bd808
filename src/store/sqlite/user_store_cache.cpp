#include "store/sqlite/user_store_cache.h"

#include <list>
#include <map>
#include <mutex>
#include <vector>

#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

using StoreRef = std::shared_ptr<SqliteUserStore>;

// Stores taken out of the cache are closed after its lock is released:
// closing joins the writer thread and checkpoints, and must not hold up
// other users' logins.
void close_all(std::vector<StoreRef>& stores) {
  for (auto& store : stores) store->close();
  stores.clear();
}

}  // namespace

struct UserStoreCache::State {
  struct Entry {
    StoreRef store;
    std::weak_ptr<UserStore> handle;  // what sessions hold while in use
    uint64_t generation = 0;          // of that handle
    bool idle = false;
    Clock::time_point idle_since;
    std::list<std::string>::iterator lru;  // in `idle` while idle
  };

  IdleStoreLimits limits;
  Now now;
  mutable std::mutex mutex;
  std::map<std::string, Entry, std::less<>> entries;
  std::list<std::string> idle;  // front: released last; back: first out
  uint64_t next_generation = 1;
  uint64_t opened = 0;
  bool closed = false;

  // Takes out the idle stores past either limit. The list is in release
  // order, so both limits only ever take from its back.
  void expire_locked(std::vector<StoreRef>& out) {
    Clock::time_point t = now();
    while (!idle.empty()) {
      auto it = entries.find(idle.back());
      bool too_many = idle.size() > limits.max_idle;
      bool too_old = t - it->second.idle_since >= limits.max_age;
      if (!too_many && !too_old) break;
      out.push_back(std::move(it->second.store));
      entries.erase(it);
      idle.pop_back();
    }
  }

  // The last handle of generation `generation` of `user` is gone. This
  // runs wherever the last session let go, often an I/O thread, so it
  // closes nothing but a store that is not to be kept: limits are enforced
  // by the next acquire() or close_expired(), both off I/O threads. Until
  // then at most one idle store per store in use is over the count.
  void released(const std::string& user, uint64_t generation, std::vector<StoreRef>& out) {
    std::lock_guard lock(mutex);
    if (closed) return;
    auto it = entries.find(user);
    // A newer handle was made after this one's count reached zero, before
    // this ran: the store is in use again.
    if (it == entries.end() || it->second.generation != generation) return;
    Entry& entry = it->second;
    if (!limits.enabled()) {
      out.push_back(std::move(entry.store));
      entries.erase(it);
      return;
    }
    entry.idle = true;
    entry.idle_since = now();
    idle.push_front(user);
    entry.lru = idle.begin();
  }
};

// The deleter of a session handle. It holds the store itself, so a handle
// keeps working (or failing with Io after close()) whatever happens to the
// cache, and only a weak reference to the cache.
struct UserStoreCache::Release {
  std::weak_ptr<State> state;
  std::string user;
  uint64_t generation;
  StoreRef store;

  void operator()(UserStore*) {
    // The control block keeps this deleter while the cache's weak_ptr to
    // the handle lives: let go of the store now, not then.
    StoreRef keep = std::move(store);
    std::vector<StoreRef> expired;
    if (auto s = state.lock()) s->released(user, generation, expired);
    close_all(expired);
  }
};

UserStoreCache::UserStoreCache(IdleStoreLimits limits, Now now)
    : state_(std::make_shared<State>()) {
  state_->limits = limits;
  state_->now = std::move(now);
}

UserStoreCache::~UserStoreCache() { close(); }

Result<std::shared_ptr<UserStore>> UserStoreCache::acquire(const std::string& user,
                                                           const Opener& open) {
  std::vector<StoreRef> expired;
  Result<std::shared_ptr<UserStore>> result = Error{"the store is closed", ErrorCode::Io};
  {
    std::lock_guard lock(state_->mutex);
    if (state_->closed) return result;
    auto it = state_->entries.find(user);
    if (it != state_->entries.end()) {
      if (auto handle = it->second.handle.lock()) return handle;
      // Idle (or its last handle is being released right now): in use
      // again, taken out of the idle list before anything expires.
      if (it->second.idle) {
        state_->idle.erase(it->second.lru);
        it->second.idle = false;
      }
    } else {
      auto opened = open();
      if (!opened) return opened.error();
      ++state_->opened;
      it = state_->entries.emplace(user, State::Entry{}).first;
      it->second.store = std::move(*opened);
    }
    state_->expire_locked(expired);
    State::Entry& entry = it->second;
    entry.generation = state_->next_generation++;
    std::shared_ptr<UserStore> handle(entry.store.get(),
                                      Release{state_, user, entry.generation, entry.store});
    entry.handle = handle;
    result = std::move(handle);
  }
  close_all(expired);
  return result;
}

void UserStoreCache::close_expired() {
  std::vector<StoreRef> expired;
  {
    std::lock_guard lock(state_->mutex);
    if (!state_->closed) state_->expire_locked(expired);
  }
  close_all(expired);
}

void UserStoreCache::close() {
  std::vector<StoreRef> all;
  {
    std::lock_guard lock(state_->mutex);
    state_->closed = true;
    for (auto& [name, entry] : state_->entries) all.push_back(std::move(entry.store));
    state_->entries.clear();
    state_->idle.clear();
  }
  close_all(all);
}

UserStoreCounts UserStoreCache::counts() const {
  std::lock_guard lock(state_->mutex);
  UserStoreCounts counts;
  counts.idle = state_->idle.size();
  counts.in_use = state_->entries.size() - counts.idle;
  counts.opened = state_->opened;
  return counts;
}

}  // namespace petrel::store::sqlite
