#include "store/sqlite/wal_watch.h"

namespace petrel::store::sqlite {

WalWatch::WalWatch(Checkpointer& checkpointer, const std::filesystem::path& db_path,
                   CheckpointPolicy policy)
    : checkpointer_(checkpointer), id_(checkpointer.add(db_path)), policy_(policy) {}

void WalWatch::watch(Connection& db) {
  // Replaces SQLite's own hook, the one that checkpoints inline: PRAGMA
  // wal_autocheckpoint reads 0 from now on.
  sqlite3_wal_hook(db.handle(), &WalWatch::on_commit, this);
}

int WalWatch::on_commit(void* self, sqlite3*, const char*, int frames) {
  auto* watch = static_cast<WalWatch*>(self);
  watch->frames_ = frames;
  if (static_cast<uint32_t>(frames) >= watch->policy_.request_pages &&
      !watch->writer_copies_rest(frames)) {
    watch->checkpointer_.request(watch->id_);
  }
  return SQLITE_OK;
}

bool WalWatch::writer_copies_rest(int frames) const {
  if (static_cast<uint32_t>(frames) < policy_.fallback_pages) return false;
  CheckpointRound last = checkpointer_.last_round(id_);
  // A round that saw a longer WAL saw the one before the last restart:
  // nothing of this one is known to be copied.
  int uncopied = last.log > frames ? frames : frames - last.backfilled;
  return static_cast<uint32_t>(uncopied) <= policy_.request_pages;
}

void WalWatch::between_batches(Connection& db) {
  if (!writer_copies_rest(frames_)) return;
  frames_ = 0;  // the next commit tells again; a failure is not retried in a loop
  int log = 0;
  int copied = 0;
  int rc =
      sqlite3_wal_checkpoint_v2(db.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
  if (rc == SQLITE_OK) fallback_checkpoints_.fetch_add(1);
}

void WalWatch::detach() {
  if (!attached_) return;
  attached_ = false;
  checkpointer_.remove(id_);
}

}  // namespace petrel::store::sqlite
