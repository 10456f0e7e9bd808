#pragma once
// Reads a list of files, in order, a little ahead of the one consuming them,
// on a few threads. An import reads every file of a Maildir: from a cold
// disk one read after the other leaves the disk idle between requests, and
// 100,000 messages took 24 s to read that way here against 9 s with eight
// reads in flight (see docs/operations.md, "import").
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace petrel::migrate {

struct PrefetchLimits {
  size_t threads = 8;                       // reads in flight; 0: read in take()
  size_t files = 64;                        // files read ahead at most
  size_t bytes = size_t{64} * 1024 * 1024;  // bytes held ahead at most (one file may pass it)
};

class FilePrefetcher {
 public:
  FilePrefetcher(std::vector<std::filesystem::path> paths, PrefetchLimits limits);
  ~FilePrefetcher();
  FilePrefetcher(const FilePrefetcher&) = delete;
  FilePrefetcher& operator=(const FilePrefetcher&) = delete;

  // The next file's bytes, in the order given; nullopt when it cannot be
  // read. Call at most paths.size() times. The threads start at the first
  // call, so a list never consumed costs none.
  std::optional<std::string> take();

 private:
  struct Slot {
    bool ready = false;
    std::optional<std::string> bytes;
  };
  void start();
  void read_ahead();
  bool may_claim() const;  // under mutex_

  std::vector<std::filesystem::path> paths_;
  PrefetchLimits limits_;
  std::vector<Slot> slots_;  // file i in slots_[i % slots_.size()]
  std::mutex mutex_;
  std::condition_variable filled_;  // a slot became ready
  std::condition_variable room_;    // the consumer took one, or stop
  size_t taken_ = 0;                // files handed out by take()
  size_t claimed_ = 0;              // files a thread has started reading
  size_t held_bytes_ = 0;           // bytes read and not yet taken
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace petrel::migrate
