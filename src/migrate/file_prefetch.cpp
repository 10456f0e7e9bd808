#include "migrate/file_prefetch.h"

#include <algorithm>

#include "util/read_file_direct.h"

namespace petrel::migrate {

FilePrefetcher::FilePrefetcher(std::vector<std::filesystem::path> paths, PrefetchLimits limits)
    : paths_(std::move(paths)), limits_(limits) {
  limits_.files = std::max<size_t>(limits_.files, 1);
}

FilePrefetcher::~FilePrefetcher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  room_.notify_all();
  for (auto& t : threads_) t.join();
}

void FilePrefetcher::start() {
  slots_.resize(std::min(limits_.files, paths_.size()));
  size_t n = std::min(limits_.threads, slots_.size());
  threads_.reserve(n);
  for (size_t i = 0; i < n; ++i) threads_.emplace_back([this] { read_ahead(); });
}

// The file the consumer waits for is always claimable, whatever the byte
// budget says, or one large message would stall the import.
bool FilePrefetcher::may_claim() const {
  if (claimed_ >= paths_.size()) return false;
  if (claimed_ == taken_) return true;
  return claimed_ - taken_ < slots_.size() && held_bytes_ < limits_.bytes;
}

void FilePrefetcher::read_ahead() {
  std::unique_lock lock(mutex_);
  while (true) {
    room_.wait(lock, [&] { return stop_ || claimed_ >= paths_.size() || may_claim(); });
    if (stop_ || claimed_ >= paths_.size()) return;
    size_t i = claimed_++;
    lock.unlock();
    auto bytes = read_file_direct(paths_[i]);
    lock.lock();
    Slot& slot = slots_[i % slots_.size()];
    held_bytes_ += bytes ? bytes->size() : 0;
    slot.bytes = std::move(bytes);
    slot.ready = true;
    filled_.notify_all();
  }
}

std::optional<std::string> FilePrefetcher::take() {
  if (taken_ >= paths_.size()) return std::nullopt;
  if (limits_.threads == 0) return read_file_direct(paths_[taken_++]);
  std::unique_lock lock(mutex_);
  if (threads_.empty()) start();
  Slot& slot = slots_[taken_ % slots_.size()];
  filled_.wait(lock, [&] { return slot.ready; });
  auto bytes = std::move(slot.bytes);
  slot = Slot{};
  held_bytes_ -= bytes ? bytes->size() : 0;
  ++taken_;
  lock.unlock();
  room_.notify_all();
  return bytes;
}

}  // namespace petrel::migrate
