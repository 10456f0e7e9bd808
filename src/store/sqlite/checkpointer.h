#pragma once
// WAL checkpoints off the writers' threads.
//
// SQLite's automatic checkpoint runs inside whichever COMMIT crosses its
// threshold: on a user store's writer thread, so an APPEND (or a SELECT's
// \Recent claim) that happens to come then waits for the copy of the WAL
// into the database and its fsync, which on a large store after a bulk
// import took minutes. The writers' connections do not checkpoint
// (wal_watch.h); they ask this one thread, shared by every user store of a
// SqliteStore, which opens a connection of its own to the store and runs a
// PASSIVE checkpoint: it takes no lock a writer or a reader waits for, and
// copies what no reader still needs.
//
// One store per round, first asked first served, and a store asked again
// while queued is queued once: a store that writes all the time gets a
// checkpoint after each of the others in line, never all of the thread.
// No connection is kept between checkpoints, so a server with thousands of
// open stores holds no extra file descriptors for them.
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace petrel::store::sqlite {

struct CheckpointerCounts {
  uint64_t checkpoints = 0;  // completed, whether or not they copied anything
  uint64_t failures = 0;     // could not open the store, or the checkpoint failed
};

// What a store's last round found: the frames in its WAL, and how many of
// them are in the database (SQLite's pnLog and pnCkpt).
struct CheckpointRound {
  int log = 0;
  int backfilled = 0;
};

class Checkpointer {
 public:
  using Id = uint64_t;
  // Runs on the checkpointer's thread before each checkpoint, with the
  // store's database path; tests use it to hold a checkpoint "in progress".
  using BeforeCheckpoint = std::function<void(const std::filesystem::path&)>;

  explicit Checkpointer(BeforeCheckpoint before = {});
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Registers the database at `db_path`; request() then checkpoints it.
  Id add(std::filesystem::path db_path);
  // Queues a checkpoint of `id` unless one is queued already. Cheap and
  // never waits for disk: it runs on a writer thread right after a commit.
  // Unknown ids (removed meanwhile) are ignored.
  void request(Id id);
  // Forgets `id`, first waiting for its checkpoint if one is running (the
  // caller is closing the store: its connection must be gone by then).
  void remove(Id id);

  CheckpointerCounts counts() const;
  // The last round of `id` (zeros before the first).
  CheckpointRound last_round(Id id) const;

  // Copies the whole WAL of the database at `db_path` into it (PASSIVE
  // rounds, a few tries), so that the next write starts the WAL over;
  // false when frames were left (a reader holds them). For a writer between
  // two large transactions in a row (petrel check --reindex): a WAL starts
  // over only at a write that finds it all copied, which this thread's
  // rounds beside back-to-back transactions never bring about (it grew to
  // 13.6 GB over the reindex of 100,000 messages).
  static bool copy_whole_wal(const std::filesystem::path& db_path);

 private:
  struct Entry {
    std::filesystem::path db_path;
    bool queued = false;
    bool running = false;
    bool removed = false;  // remove() is waiting for the running round: no more rounds
    CheckpointRound last;
  };

  void loop();
  // Runs one PASSIVE checkpoint of the database at `db_path`.
  static std::optional<CheckpointRound> checkpoint(const std::filesystem::path& db_path);

  BeforeCheckpoint before_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;      // the thread: work or stop
  std::condition_variable finished_;  // remove(): a checkpoint ended
  std::map<Id, Entry> entries_;
  std::deque<Id> queue_;
  Id next_id_ = 1;
  bool stopping_ = false;
  CheckpointerCounts counts_;
  std::thread thread_;
};

}  // namespace petrel::store::sqlite
