// FETCH and UID FETCH (RFC 9051 6.4.5, 6.4.9, 7.5.2), with BINARY (RFC 3516),
// CONDSTORE's MODSEQ item and CHANGEDSINCE modifier (RFC 7162 3.1.4),
// QRESYNC's VANISHED modifier (RFC 7162 3.2.6), SAVEDATE (RFC 8514),
// EMAILID/THREADID (RFC 8474) and PREVIEW (RFC 8970).
//
// The store is read in chunks of kChunk UIDs, each with only the column
// groups the items need (fetch_plan.h); message bytes are read one message
// at a time and only the window the sections need. Responses go to the
// session's output as each message is done.
#include <spdlog/spdlog.h>
#include <time.h>

#include <algorithm>
#include <chrono>

#include "imap/commands/fetch_binary.h"
#include "imap/commands/fetch_meta.h"
#include "imap/commands/fetch_plan.h"
#include "imap/commands/fetch_section.h"
#include "imap/commands/message_common.h"
#include "imap/commands/registry.h"
#include "imap/proto/writer.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {

namespace {

constexpr std::uint32_t kChunk = 1000;
// BODY[] of a message this large is streamed: read and sent in pieces of
// kPiece bytes, so neither a whole copy is held nor a pass over it leaves
// the CPU cache (UserStore::read_message_pieces).
constexpr std::uint64_t kStreamFrom = 1024 * 1024;
constexpr std::size_t kPiece = 1024 * 1024;

bool lists(const FetchPlan& plan, FetchItem item) {
  return std::any_of(plan.atts.begin(), plan.atts.end(),
                     [&](const FetchAtt& a) { return a.item == item; });
}

// One FETCH command in progress.
struct FetchRun {
  Session& session;
  SelectedMailbox& view;
  const FetchArgs& args;
  FetchPlan plan;
  bool lists_uid = false;
  bool lists_flags = false;
  bool lists_modseq = false;
  // The only content item is the message or a slice of it: its bytes may go
  // to the client straight from the store's buffer (send_message_literal).
  bool direct_literal = false;
  // ... and the connection takes output mid-command: a large one is streamed.
  bool stream_literal = false;
  std::vector<std::string> names;  // per item: the content item's response name
  store::UidSet seen_now;          // messages whose \Seen this command set
  bool expunged = false;           // a message of the view is gone from the store
};

enum class Written { Ok, Skipped, Gone, UnknownCte, Failed, ClientGone };

// How long a piece of work waited (wall time less this thread's CPU time):
// for the store, mostly disk reads.
class WaitClock {
 public:
  WaitClock() : wall_(std::chrono::steady_clock::now()), cpu_(thread_cpu()) {}
  std::chrono::nanoseconds waited() const {
    return (std::chrono::steady_clock::now() - wall_) - (thread_cpu() - cpu_);
  }

 private:
  static std::chrono::nanoseconds thread_cpu() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
  }
  std::chrono::steady_clock::time_point wall_;
  std::chrono::nanoseconds cpu_;
};

// A chunk that waited this long came from disk, not the page cache (from
// the cache its 1,000 rows take a few ms of CPU and no wait): the store is
// then asked, once, to read the rest ahead (UserStore::will_fetch), which
// made a cold sync of 100,000 messages 2.5-3x faster. Asked only then, since
// reading ahead what is cached already costs CPU for nothing.
constexpr auto kColdChunkWait = std::chrono::milliseconds(15);

// The UIDs of `uids` above the last of `chunk`.
store::UidSet after(const store::UidSet& uids, const store::UidSet& chunk) {
  store::UidSet rest;
  if (chunk.ranges().empty()) return rest;
  const store::Uid last = chunk.ranges().back().last;
  for (const auto& r : uids.ranges()) {
    if (r.last > last) rest.add(std::max(r.first, last + 1), r.last);
  }
  return rest;
}

// RFC 7162 3.1: the MODSEQ item and the CHANGEDSINCE modifier are CONDSTORE
// enabling commands; the first one with a mailbox selected reports the
// mailbox's HIGHESTMODSEQ.
void enable_condstore(Session& session, const FetchArgs& args) {
  const bool enabling = args.changed_since ||
                        std::any_of(args.atts.begin(), args.atts.end(),
                                    [](const FetchAtt& a) { return a.item == FetchItem::ModSeq; });
  if (!enabling || session.is_enabled("CONDSTORE") || session.is_enabled("QRESYNC")) return;
  session.enable("CONDSTORE");
  std::string line = "OK [HIGHESTMODSEQ ";
  write_number(line, session.selected()->highest_modseq());
  line += "] Highest";
  session.untagged(line);
}

// UID FETCH ... (CHANGEDSINCE m VANISHED): the UIDs of the client's set
// expunged after m, as "* VANISHED (EARLIER)" before any FETCH response
// (RFC 7162 3.2.6, 3.2.10.1). The set is the client's, not the view's:
// expunged UIDs are no longer in the view.
bool report_vanished(Session& session, const std::string& tag, const FetchArgs& args) {
  SelectedMailbox& view = *session.selected();
  auto changes = session.mail().changes_since(view.id(), *args.changed_since);
  if (!changes) {
    reply_store_error(session, tag, changes.error());
    return false;
  }
  const std::uint32_t star = std::max(view.largest_uid(), changes->uidnext - 1);
  std::vector<std::uint32_t> gone;
  for (store::Uid uid : changes->vanished) {
    if (args.set.last_result ? view.saved_result().contains(uid) : args.set.contains(uid, star))
      gone.push_back(uid);
  }
  if (gone.empty()) return true;
  std::string& out = session.output();
  out += "* VANISHED (EARLIER) ";
  write_number_set(out, gone);
  out += "\r\n";
  return true;
}

// The messages of `uids` changed after `since` (CHANGEDSINCE), found before
// \Seen is set, which would change them all.
Result<store::UidSet> changed_after(Session& session, const store::UidSet& uids,
                                    store::ModSeq since) {
  store::UidSet out;
  store::UidSet chunk;
  UidChunker chunks(uids, kChunk);
  while (chunks.next(chunk)) {
    auto metas = session.mail().fetch(session.selected()->id(), chunk, store::kFetchFlags);
    if (!metas) return metas.error();
    for (const store::MessageMeta& m : *metas)
      if (m.state.modseq > since) out.add(m.state.uid);
  }
  return out;
}

// RFC 9051 6.4.5: BODY[...] (not PEEK) sets \Seen; one store call for the
// whole command. A read-only mailbox (EXAMINE) changes nothing.
bool set_seen(FetchRun& run, const std::string& tag, const store::UidSet& uids) {
  if (!run.plan.sets_seen || run.view.read_only() || uids.empty()) return true;
  store::FlagChange change{store::FlagChange::Op::Add, store::kSeen, {}, std::nullopt};
  auto result = run.session.mail().store_flags(run.view.id(), uids, change);
  if (!result) {
    reply_store_error(run.session, tag, result.error());
    return false;
  }
  for (const store::FlagUpdate& u : result->messages) {
    if (!u.changed) continue;
    run.seen_now.add(u.state.uid);
    run.view.note_modseq(u.state.uid, u.state.modseq);  // this FETCH reports it
  }
  return true;
}

// Reads the bytes the content items need; false (with `error` set unless
// the message is simply gone) on failure.
bool read_bytes(FetchRun& run, store::Uid uid, const mime::PartTree& tree, MessageBytes& bytes,
                Error& error) {
  const auto window = byte_window(run.plan.atts, tree);
  if (!window) return true;
  auto data = run.session.mail().read_message(run.view.id(), uid, window->offset, window->length);
  if (!data) {
    error = data.error();
    return false;
  }
  bytes.data = std::move(*data);
  bytes.offset = window->offset;
  return true;
}

// UID, FLAGS and MODSEQ that the client did not ask for but must get: UID
// in UID FETCH (RFC 9051 6.4.9), FLAGS after \Seen was set (6.4.5), MODSEQ
// with CHANGEDSINCE or, once CONDSTORE is on, with FLAGS (RFC 7162 3.1).
void write_implicit(std::string& out, const FetchRun& run, const store::MessageState& state) {
  const std::size_t open = out.size();
  auto sep = [&] {
    if (out.size() != open) out += ' ';
  };
  if (run.plan.uid && !run.lists_uid) {
    out += "UID ";
    write_number(out, state.uid);
  }
  const bool seen_now = run.seen_now.contains(state.uid);
  if (seen_now && !run.lists_flags) {
    sep();
    write_flags_item(out, state, run.view.is_recent(state.uid));
  }
  const bool flags = seen_now || run.lists_flags;
  if (!run.lists_modseq && (run.plan.modseq_always || (run.plan.modseq_with_flags && flags))) {
    sep();
    write_modseq_item(out, state.modseq);
  }
  if (out.size() != open && !run.plan.atts.empty()) out += ' ';
}

// BODY[] of a large message: the literal's bytes go from the buffer the
// store filled to the socket without a copy into the session's output
// (Session::output_bytes); NULs are replaced in that buffer. False when the
// client is gone.
bool send_message_literal(Session& session, const FetchAtt& att, MessageBytes& bytes) {
  const std::string_view value = whole_message_value(att, bytes);
  write_literal_header(session.output(), value.size());
  if (value.empty()) return true;
  make_literal_safe(bytes.data.data() + (value.data() - bytes.data.data()), value.size());
  return session.output_bytes(value);
}

// Fills the rest of a literal whose bytes could not all be read, so that
// the client still reads the size it was promised and the stream stays in
// step; the command then ends with NO.
void pad_literal(Session& session, uint64_t missing) {
  while (missing > 0) {
    const auto n = static_cast<std::size_t>(std::min<uint64_t>(missing, kPiece));
    session.output().append(n, ' ');
    missing -= n;
    if (!session.drain_output()) return;
  }
}

// BODY[] of a large message, streamed: the literal header once the store
// knows the size, then each piece straight to the client. `mark` is where
// this message's response starts in the output (rolled back when the
// message is gone before anything was sent).
Written stream_message_literal(FetchRun& run, store::Uid uid, std::size_t mark, Error& error) {
  Session& session = run.session;
  const auto window = byte_window(run.plan.atts, mime::PartTree{});
  bool started = false;
  bool client_gone = false;
  uint64_t total = 0;
  uint64_t sent = 0;
  auto sink = [&](uint64_t size, std::span<char> piece) {
    if (!started) {
      write_literal_header(session.output(), size);
      started = true;
      total = size;
    }
    make_literal_safe(piece.data(), piece.size());
    if (!session.output_bytes(std::string_view(piece.data(), piece.size()))) {
      client_gone = true;
      return false;
    }
    sent += piece.size();
    return true;
  };
  Result<uint64_t> read = uint64_t{0};
  if (window) {
    read = session.mail().read_message_pieces(run.view.id(), uid, window->offset, window->length,
                                              kPiece, sink);
  }
  if (client_gone) return Written::ClientGone;
  if (!read && !started) {
    session.output().resize(mark);
    error = read.error();
    return error.code == ErrorCode::NotFound ? Written::Gone : Written::Failed;
  }
  if (!started) write_literal_header(session.output(), 0);  // an empty range
  if (!read) {
    spdlog::error("fetch-stream-failed user={} mailbox={} uid={} sent={} of={} error={}",
                  session.user(), run.view.id(), uid, sent, total, read.error().message);
    pad_literal(session, total - sent);
    session.output() += ")\r\n";
    error = read.error();
    return Written::Failed;
  }
  return Written::Ok;
}

Written write_message(FetchRun& run, const store::MessageMeta& meta, Error& error) {
  const std::uint32_t seq = run.view.seq_of(meta.state.uid);
  if (seq == 0) return Written::Skipped;  // not announced to this session
  if (run.args.changed_since && meta.state.modseq <= *run.args.changed_since)
    return Written::Skipped;
  mime::PartTree tree;
  if (run.plan.needs_tree) {
    auto parsed = mime::PartTree::deserialize(meta.parsed.part_tree);
    if (parsed) {
      tree = std::move(*parsed);
    } else {
      // Sections then come out empty; the rest of the answer still helps.
      spdlog::warn("fetch-bad-part-tree user={} mailbox={} uid={} error={}", run.session.user(),
                   run.view.id(), meta.state.uid, parsed.error().message);
    }
  }
  const bool stream = run.stream_literal && meta.size >= kStreamFrom;
  MessageBytes bytes;
  if (run.plan.reads_bytes && !stream && !read_bytes(run, meta.state.uid, tree, bytes, error))
    return error.code == ErrorCode::NotFound ? Written::Gone : Written::Failed;

  std::string& out = run.session.output();
  const std::size_t mark = out.size();
  out += "* ";
  write_number(out, seq);
  out += " FETCH (";
  write_implicit(out, run, meta.state);
  const bool utf8 = run.session.utf8_names();
  for (std::size_t i = 0; i < run.plan.atts.size(); ++i) {
    const FetchAtt& att = run.plan.atts[i];
    if (i > 0) out += ' ';
    if (att.item == FetchItem::Binary || att.item == FetchItem::BinarySize) {
      out += run.names[i];
      if (!write_binary_value(out, att, bytes, tree, meta.size)) {
        out.resize(mark);
        return Written::UnknownCte;
      }
    } else if (run.direct_literal && is_whole_message(att)) {
      // (`mark` is stale after this; it only serves BINARY, which is a
      // content item, so not in this command.)
      out += run.names[i];
      if (stream) {
        const Written w = stream_message_literal(run, meta.state.uid, mark, error);
        if (w != Written::Ok) return w;
      } else if (!send_message_literal(run.session, att, bytes)) {
        return Written::ClientGone;
      }
    } else if (is_content_item(att)) {
      out += run.names[i];
      write_body_value(out, att, bytes, tree);
    } else if (att.item == FetchItem::Flags) {
      write_flags_item(out, meta.state, run.view.is_recent(meta.state.uid));
    } else {
      write_meta_item(out, att, meta, utf8);
    }
  }
  out += ")\r\n";
  // The client now knows these flags: the catch-up at the end of the
  // command need not send them again.
  if (run.lists_flags) run.view.note_modseq(meta.state.uid, meta.state.modseq);
  return Written::Ok;
}

// Fetches and answers `uids` chunk by chunk; false after a tagged NO.
bool write_all(FetchRun& run, const std::string& tag, const store::UidSet& uids) {
  store::UidSet chunk;
  UidChunker chunks(uids, kChunk);
  bool asked_ahead = false;
  while (chunks.next(chunk)) {
    const WaitClock wait;
    auto metas = run.session.mail().fetch(run.view.id(), chunk, run.plan.fields);
    if (!asked_ahead && metas && wait.waited() > kColdChunkWait) {
      run.session.mail().will_fetch(run.view.id(), after(uids, chunk), run.plan.fields);
      asked_ahead = true;
    }
    if (!metas) {
      reply_store_error(run.session, tag, metas.error());
      return false;
    }
    // Messages another session expunged are still in this view until the
    // expunge is announced; the store no longer has them.
    std::size_t found = 0;
    for (const store::MessageMeta& meta : *metas) {
      // Each message's response goes out once enough is pending, so a FETCH
      // holds about one message, never the whole answer (issue 3).
      if (!run.session.drain_output()) return false;
      Error error;
      switch (write_message(run, meta, error)) {
        case Written::Ok:
        case Written::Skipped:
          if (run.view.seq_of(meta.state.uid) != 0) ++found;
          break;
        case Written::Gone:
          break;
        case Written::UnknownCte:
          // RFC 3516 4.3: the request fails; what was sent stays sent.
          run.session.tagged(tag, Status::No, "UNKNOWN-CTE", "Unknown Content-Transfer-Encoding");
          return false;
        case Written::Failed:
          reply_store_error(run.session, tag, error);
          return false;
        case Written::ClientGone:
          return false;
      }
    }
    if (found < run.view.seqs_of(chunk).size()) run.expunged = true;
  }
  return true;
}

}  // namespace

Outcome handle_fetch(Session& session, const Command& command) {
  const auto& args = std::get<FetchArgs>(command.args);
  // RFC 7162 3.2.6: VANISHED needs ENABLE QRESYNC (the parser checked that
  // it comes with UID FETCH and CHANGEDSINCE).
  if (args.vanished && !session.is_enabled("QRESYNC")) {
    session.tagged(command.tag, Status::Bad, "", "VANISHED needs ENABLE QRESYNC");
    return {};
  }
  auto uids = resolve_or_bad(session, command.tag, args.set, command.uid);
  if (!uids) return {};
  enable_condstore(session, args);
  const bool condstore = session.is_enabled("CONDSTORE") || session.is_enabled("QRESYNC");
  FetchRun run{session, *session.selected(), args, plan_fetch(args, command.uid, condstore)};
  run.lists_uid = lists(run.plan, FetchItem::Uid);
  run.lists_flags = lists(run.plan, FetchItem::Flags);
  run.lists_modseq = lists(run.plan, FetchItem::ModSeq);
  run.direct_literal = std::count_if(run.plan.atts.begin(), run.plan.atts.end(),
                                     [](const FetchAtt& a) { return is_content_item(a); }) == 1;
  run.stream_literal = run.direct_literal && session.can_drain();
  // RFC822.SIZE tells which messages are large enough to stream.
  if (run.stream_literal) run.plan.fields |= store::kFetchSize;
  for (const FetchAtt& att : run.plan.atts) write_item_name(run.names.emplace_back(), att);
  if (args.vanished && !report_vanished(session, command.tag, args)) return {};
  if (args.changed_since && run.plan.sets_seen && !run.view.read_only()) {
    auto changed = changed_after(session, *uids, *args.changed_since);
    if (!changed) {
      reply_store_error(session, command.tag, changed.error());
      return {};
    }
    *uids = std::move(*changed);
  }
  if (!set_seen(run, command.tag, *uids)) return {};
  if (!write_all(run, command.tag, *uids)) return {};
  if (run.expunged && !command.uid) {
    // RFC 2180 4.1.2, RFC 5530 EXPUNGEISSUED (Dovecot's answer too): the
    // client learns of the expunge at its next NOOP. UID FETCH skips
    // missing UIDs anyway (RFC 9051 6.4.9).
    session.tagged(command.tag, Status::No, "EXPUNGEISSUED",
                   "Some of the requested messages no longer exist");
    return {};
  }
  session.tagged(command.tag, Status::Ok, "", "FETCH completed");
  return {};
}

}  // namespace petrel::imap
