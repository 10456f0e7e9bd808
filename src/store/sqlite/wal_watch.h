#pragma once
// The writer connection's side of WAL checkpoints (checkpointer.h).
//
// SQLite's automatic checkpoint is off on the writer's connection: its WAL
// hook, called after each commit with the frames in the WAL, only asks the
// checkpointer once there are `request_pages` of them. But the WAL starts
// over only at the start of a write that finds all of it copied, which a
// checkpoint running beside a writer that never pauses may never bring
// about (the writer adds frames while it copies), so the WAL could grow
// without bound. Past `fallback_pages`, therefore, once the checkpointer's
// last round left at most `request_pages` frames uncopied, the writer runs
// a PASSIVE checkpoint itself between two batches (after answering their
// callers) to copy that small rest, and stops asking the checkpointer
// meanwhile so the two do not collide. The writer never copies a larger
// backlog (a reader held the WAL, the checkpointer fell behind): that
// stays the checkpointer's.
#include <atomic>
#include <cstdint>

#include "store/sqlite/checkpointer.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

struct CheckpointPolicy {
  uint32_t request_pages = 1000;   // WAL frames from which the checkpointer is asked
  uint32_t fallback_pages = 4000;  // ... and from which the writer copies the rest itself
};

class WalWatch {
 public:
  // Registers the store at `db_path` with `checkpointer`, which must outlive
  // detach().
  WalWatch(Checkpointer& checkpointer, const std::filesystem::path& db_path,
           CheckpointPolicy policy);
  ~WalWatch() { detach(); }
  WalWatch(const WalWatch&) = delete;
  WalWatch& operator=(const WalWatch&) = delete;

  // Turns off SQLite's automatic checkpoint on `db` and installs the hook;
  // this object must outlive `db`'s commits.
  void watch(Connection& db);
  // On the writer's thread, between batches, with no transaction open.
  void between_batches(Connection& db);
  // Unregisters from the checkpointer (waiting for a checkpoint of this
  // store in progress); call once the writer has stopped. Idempotent.
  void detach();

  // Checkpoints the writer ran itself (tests; metrics).
  uint64_t fallback_checkpoints() const { return fallback_checkpoints_.load(); }

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int frames);
  // The WAL has `frames` frames: is it the writer's turn to copy the rest?
  bool writer_copies_rest(int frames) const;

  Checkpointer& checkpointer_;
  Checkpointer::Id id_;
  bool attached_ = true;
  CheckpointPolicy policy_;
  int frames_ = 0;  // after the last commit; only the writer's thread touches it
  std::atomic<uint64_t> fallback_checkpoints_ = 0;
};

}  // namespace petrel::store::sqlite
