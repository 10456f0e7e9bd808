#include "migrate/importer.h"

#include <chrono>
#include <future>

#include "imap/commands/message_builder.h"
#include "migrate/batch_builder.h"
#include "migrate/content_hash.h"
#include "store/flags.h"

namespace petrel::migrate {
namespace {

int64_t now_seconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

struct Batch {
  bool with_uids = false;
  std::vector<SourceMessage> messages;
  size_t bytes = 0;
};

// Appends a parsed batch: runs on a helper thread while the next batch is
// read and parsed. Messages without a source UID are numbered by the store
// (UIDs of 0); `uidvalidity` is 0 unless the mailbox keeps the source's.
Result<void> commit(store::UserStore& user, const std::string& mailbox,
                    store::UidValidity uidvalidity, std::vector<store::NewMessage> built,
                    std::vector<store::Uid> uids) {
  auto r = user.append_with_uids(mailbox, uidvalidity, std::move(built), uids, 0);
  if (!r) return r.error();
  return Ok{};
}

}  // namespace

struct Importer::Pending {
  std::string mailbox;
  bool keep_uids = false;
  store::UidValidity uidvalidity = 0;
  store::Uid skip_below = 0;   // keep_uids: UIDs below this are in already
  store::Uid hash_floor = 1;   // messages from this UID on are hash-identified
  store::Uid source_next = 0;  // the source's UIDNEXT
  bool hashes_loaded = false;
  std::unordered_map<std::string, size_t> hashes;  // already stored, by count
};

Importer::Importer(store::UserStore& user, Progress& progress, ImportOptions options)
    : user_(user), progress_(progress), options_(options) {}

Result<void> Importer::prepare(SourceMailbox& source, Pending& p) {
  p.mailbox = source.name;
  if (source.uidvalidity != 0) {
    auto status = user_.prepare_import(source.name, source.uidvalidity);
    if (status) {
      p.keep_uids = true;
      p.uidvalidity = source.uidvalidity;
      p.skip_below = status->uidnext;
      p.source_next = source.next_uid;
      p.hash_floor = std::max(source.next_uid, store::Uid{1});
      return Ok{};
    }
    if (status.error().code != ErrorCode::AlreadyExists) return status.error();
    report_.warnings.push_back(source.name + ": " + status.error().message +
                               "; importing with new UIDs");
  }
  auto created = user_.create_mailbox(source.name, 0);
  if (!created && created.error().code != ErrorCode::AlreadyExists) return created.error();
  return Ok{};
}

// The hashes of the messages already in the mailbox that were not placed by
// UID; read once, only when a message needs them.
Result<void> Importer::load_hashes(Pending& p) {
  p.hashes_loaded = true;
  auto snap = user_.select(p.mailbox);
  if (!snap) return snap.error();
  for (const auto& m : snap->messages) {
    if (m.uid < p.hash_floor) continue;
    auto bytes = user_.read_message(snap->status.id, m.uid);
    if (!bytes) return bytes.error();
    ++p.hashes[content_hash(*bytes)];
  }
  return Ok{};
}

Result<void> Importer::import(SourceMailbox& source) {
  Pending p;
  if (auto r = prepare(source, p); !r) return r;
  std::future<Result<void>> inflight;
  size_t inflight_count = 0;  // counted as imported once committed
  auto wait = [&]() -> Result<void> {
    if (!inflight.valid()) return Ok{};
    auto r = inflight.get();
    if (r) report_.imported += inflight_count;
    inflight_count = 0;
    return r;
  };
  Batch batch;
  auto flush = [&]() -> Result<void> {
    if (batch.messages.empty()) return wait();
    size_t n = batch.messages.size();
    std::vector<store::Uid> uids;
    uids.reserve(n);
    for (const auto& m : batch.messages) uids.push_back(batch.with_uids ? m.uid : 0);
    // Parsed here, on every core, while the previous batch is written.
    auto built = build_batch(batch.messages, options_.parse_threads, now_seconds());
    batch = Batch{};
    if (auto r = wait(); !r) return r;
    // UIDNEXT is raised to the source's only at the end: later batches
    // still need the UIDs below it.
    inflight = std::async(std::launch::async, commit, std::ref(user_), p.mailbox, p.uidvalidity,
                          std::move(built), std::move(uids));
    inflight_count = n;
    progress_.advance(n);
    return Ok{};
  };

  while (auto next = source.next()) {
    if (!*next) {
      report_.failed++;
      report_.warnings.push_back(next->error().message);
      progress_.advance(1);
      continue;
    }
    SourceMessage m = std::move(next->value());
    if (m.bytes.empty()) {
      report_.failed++;
      report_.warnings.push_back(source.name + ": an empty message was skipped");
      progress_.advance(1);
      continue;
    }
    if (imap::has_bare_lf(m.bytes)) m.bytes = imap::to_crlf(m.bytes);
    std::erase_if(m.keywords, [](const std::string& k) { return !store::validate_keyword(k); });
    bool by_uid = p.keep_uids && m.uid != 0;
    if (by_uid && m.uid < p.skip_below) {
      report_.skipped++;
      progress_.advance(1);
      continue;
    }
    if (!by_uid) {
      m.uid = 0;
      if (!p.hashes_loaded) {
        // The listed messages are all in: unlisted ones go above the
        // source's UIDNEXT (as Dovecot would number them), and the hashes
        // must see every earlier batch.
        if (auto r = flush(); !r) return r;
        if (auto r = wait(); !r) return r;
        if (auto r = raise_uidnext(p); !r) return r;
        if (auto r = load_hashes(p); !r) return r;
      }
      // An empty map (the mailbox was empty at the start) needs no hash.
      auto found = p.hashes.empty() ? p.hashes.end() : p.hashes.find(content_hash(m.bytes));
      if (found != p.hashes.end() && found->second > 0) {
        --found->second;
        report_.skipped++;
        progress_.advance(1);
        continue;
      }
    }
    if (!batch.messages.empty() && batch.with_uids != by_uid) {
      if (auto r = flush(); !r) return r;
    }
    batch.with_uids = by_uid;
    batch.bytes += m.bytes.size();
    batch.messages.push_back(std::move(m));
    if (batch.messages.size() >= options_.batch_messages || batch.bytes >= options_.batch_bytes) {
      if (auto r = flush(); !r) return r;
    }
  }
  if (auto r = flush(); !r) return r;
  if (auto r = wait(); !r) return r;
  // The source's UIDNEXT may lie above its last message (expunged there):
  // clients compare it, so it is carried over too.
  return raise_uidnext(p);
}

Result<void> Importer::raise_uidnext(Pending& p) {
  if (!p.keep_uids || p.source_next == 0) return Ok{};
  auto r = user_.append_with_uids(p.mailbox, p.uidvalidity, {}, {}, p.source_next);
  if (!r) return r.error();
  return Ok{};
}

}  // namespace petrel::migrate
