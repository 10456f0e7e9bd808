#pragma once
// Reads the rows a large FETCH is about to ask for, on a few threads, ahead
// of it. A full sync (UID FETCH 1:* (... ENVELOPE BODYSTRUCTURE)) of a
// mailbox filled by deliveries reads its summary rows from pages spread
// over the whole store file: from a cold cache, tens of thousands of random
// reads, which the FETCH would make one after another while building its
// answer. Several readers in flight let the disk serve them in parallel, and
// the FETCH then finds the pages in the page cache. It is only a hint: a
// request that finds the queue full is dropped, and nothing is returned.
//
// One ReadAhead per SqliteStore; each job opens a connection of its own to
// its store file (closed at the end), so no job refers to a user store,
// which may close meanwhile. The threads start at the first request.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "store/types.h"
#include "store/uid_set.h"

namespace petrel::store::sqlite {

// The UID spans of consecutive parts of `uids` (by message, in order): the
// first `skip` messages left out, then `part` (at least 1) messages each,
// the last part shorter.
std::vector<std::pair<Uid, Uid>> read_ahead_parts(const UidSet& uids, uint64_t skip, uint64_t part);

class ReadAhead {
 public:
  ReadAhead(size_t threads, size_t max_queued) : threads_(threads), max_queued_(max_queued) {}
  ~ReadAhead();  // queued jobs are dropped; running ones finish first
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Reads the summary rows (envelope, body structure) of the messages with
  // UIDs first..last of `mailbox` in the store at `db_path`. False when the
  // job was dropped (queue full, or no threads configured).
  bool request(const std::filesystem::path& db_path, MailboxId mailbox, Uid first, Uid last);

  uint64_t completed() const;  // jobs run to the end, for tests and metrics

 private:
  struct Job {
    std::filesystem::path db_path;
    MailboxId mailbox;
    Uid first;
    Uid last;
  };
  void loop();
  static void run(const Job& job);

  const size_t threads_;
  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  uint64_t completed_ = 0;
  std::vector<std::thread> workers_;
};

}  // namespace petrel::store::sqlite
