#pragma once
// One IMAP connection's protocol state, without any I/O. The connection loop
// (src/net) feeds it commands and client lines and writes what it produces;
// the Outcome of each step tells the loop what to do next. Because the session
// never blocks on a socket, a command handler may run on a worker thread
// while the I/O thread serves other connections.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "config/config.h"
#include "imap/proto/command.h"
#include "imap/proto/command_reader.h"
#include "imap/session/selected_mailbox.h"
#include "store/change_hub.h"

namespace petrel::store {
class Store;
class UserStore;
}  // namespace petrel::store

namespace petrel::auth {
class UserDirectory;
class LoginThrottle;
class SaslExchange;
}  // namespace petrel::auth

namespace petrel::imap {

enum class State { NotAuthenticated, Authenticated, Selected, Logout };

// Shared by every session of one server; outlives them all.
struct ServerContext {
  const Config& config;
  auth::UserDirectory& users;
  auth::LoginThrottle& throttle;
  store::Store& store;
};

struct ConnectionInfo {
  std::string peer_address;
  bool loopback = false;
  bool tls = false;               // implicit TLS, or after STARTTLS
  bool starttls_offered = false;  // plain listener: STARTTLS may be used
};

// What the connection loop does once the pending output is written.
enum class Next {
  Read,      // read and execute the next command
  ReadLine,  // the session awaits one raw client line (SASL response, IDLE's DONE)
  StartTls,  // discard buffered input, handshake, then Read
  Close,     // close the connection
};

struct Outcome {
  Next next = Next::Read;
  // Wait this long before writing the output (failed logins are slowed).
  std::chrono::milliseconds delay{0};
};

enum class Status { Ok, No, Bad };

class Session {
 public:
  Session(ServerContext& context, ConnectionInfo info);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // ---- Driven by the connection loop ----
  void greet();
  // True when the command may block (password hashing, storage, or a
  // catch-up with the selected mailbox's changes) and must run off the I/O
  // thread. Call right before execute(): it decides whether execute() may
  // catch up.
  bool runs_on_worker(const Command& command) const;
  Outcome execute(const Command& command);
  Outcome reject(const CommandError& error);     // the reader refused a command
  Outcome continue_line(std::string_view line);  // after Next::ReadLine
  bool line_runs_on_worker() const;
  void tls_started();
  void bye(std::string_view text);  // shutdown or autologout; the loop then closes
  std::string& output() { return out_; }
  // Output in the middle of a command (a long FETCH): `drain(extra)` writes
  // what is pending and then `extra` (bytes the handler owns, not copied:
  // a large literal) to the client and returns once they are sent; Busy
  // when the connection cannot wait for the client now (nothing written:
  // keep buffering), Failed when the client is gone. The connection sets it
  // only while a handler runs on a worker, where waiting for the client
  // does not stall the I/O thread.
  enum class Drain { Sent, Busy, Failed };
  using OutputDrain = std::function<Drain(std::string_view extra)>;
  void set_output_drain(OutputDrain drain) { drain_ = std::move(drain); }
  // Change propagation (change_report.cpp, docs/architecture.md). `waker`
  // is called on a store thread after every commit to the selected mailbox
  // (by any session); it must only post to the connection's strand.
  void set_change_waker(std::function<void()> waker) { waker_ = std::move(waker); }
  // In IDLE with changes to report: the connection wakes up and calls
  // push_changes() on a worker, then writes the output.
  bool push_due() const;
  Outcome push_changes();
  std::chrono::seconds inactivity_timeout() const;
  ReaderLimits reader_limits() const;
  State state() const { return state_; }

  // ---- Used by command handlers ----
  ServerContext& context() { return context_; }
  const ConnectionInfo& connection() const { return info_; }
  void set_state(State state) { state_ = state; }
  const std::string& user() const { return user_; }
  // Hands the pending output to the client now when it is large and the
  // connection can take it mid-command, so a long answer is never held
  // whole. False when the client is gone: the handler may stop.
  bool drain_output();
  // A drain is set: output can reach the client in the middle of a command.
  bool can_drain() const { return static_cast<bool>(drain_); }
  // Appends `bytes` to the output, or, when they are large and the
  // connection can take them now, sends the pending output and then `bytes`
  // without copying them. False when the client is gone.
  bool output_bytes(std::string_view bytes);
  void set_user(std::string user) { user_ = std::move(user); }
  // Plaintext LOGIN/AUTHENTICATE is refused without TLS unless the client is on
  // loopback or the administrator allows it (RFC 9051 6.2.3, LOGINDISABLED).
  bool plaintext_auth_allowed() const;
  // The user is one of auth.admins (SETQUOTA, RFC 9208 4.1.3).
  bool is_admin() const;
  std::string capabilities() const;  // space-separated, for CAPABILITY and greeting
  bool is_enabled(std::string_view capability) const { return enabled_.count(capability) > 0; }
  void enable(std::string capability) { enabled_.insert(std::move(capability)); }
  // Mailbox names travel as UTF-8 (IMAP4rev2 or UTF8=ACCEPT enabled) or as
  // modified UTF-7 (IMAP4rev1 clients).
  bool utf8_names() const { return is_enabled("IMAP4rev2") || is_enabled("UTF8=ACCEPT"); }
  bool rev2() const { return is_enabled("IMAP4rev2"); }

  // The logged-in user's mail; set by login.
  store::UserStore& mail() { return *mail_; }
  void set_mail(std::shared_ptr<store::UserStore> mail) { mail_ = std::move(mail); }
  // The selected mailbox; null unless state() is Selected.
  SelectedMailbox* selected() { return selected_.get(); }
  void select(std::unique_ptr<SelectedMailbox> mailbox);
  void deselect();

  // Reports what other sessions changed in the selected mailbox, as the
  // command in progress allows (no EXPUNGE during non-UID FETCH, STORE,
  // SEARCH: RFC 9051 7.5.1). Blocks on the store. The tagged response of a
  // command calls it; handlers call it earlier when their tagged response
  // depends on the view (EXPUNGE's [HIGHESTMODSEQ]).
  void catch_up();
  // Tells the client what changed after `since` when it selects with QRESYNC
  // (RFC 7162 3.2.5.2): VANISHED (EARLIER) and FETCH; false after a store error.
  bool report_changes_since(store::ModSeq since, const store::UidSet* known);
  // Removes expunged UIDs from the view and tells the client: "* n EXPUNGE"
  // highest first, or "* VANISHED uids" once QRESYNC is on. UIDs not in the
  // view are skipped.
  void announce_expunged(const std::vector<store::Uid>& uids);
  // \Recent: claims UIDs first..last (just added to the view) for this
  // session when it is an IMAP4rev1 SELECT; the store gives each to one session.
  void claim_recent(store::Uid first, store::Uid last);

  void untagged(std::string_view text);  // "* " text CRLF
  void tagged(const std::string& tag, Status status, std::string_view code, std::string_view text);
  void continuation(std::string_view text);  // "+ " text CRLF

  // A pending multi-step exchange (AUTHENTICATE, IDLE) consumes client lines.
  struct LineHandler {
    virtual ~LineHandler() = default;
    virtual bool runs_on_worker() const = 0;
    virtual Outcome on_line(Session& session, std::string_view line) = 0;
    // IDLE: the connection pushes mailbox changes while waiting for the line.
    virtual bool reports_changes() const { return false; }
  };
  void expect_line(std::unique_ptr<LineHandler> handler) { line_handler_ = std::move(handler); }

 private:
  Outcome count_bad();
  bool changes_pending() const;
  void watch_selected();

  // Set by the store listener (any thread), read by this session.
  struct Notices {
    std::atomic<bool> changed{false};
  };
  // What the command being executed allows a catch-up to report.
  struct CommandScope {
    bool active = false;
    bool may_block = false;    // runs on a worker
    bool expunges_ok = false;  // not a non-UID FETCH/STORE/SEARCH/SORT/THREAD
    bool uid = false;
  };
  void report(const CommandScope& scope);

  ServerContext& context_;
  ConnectionInfo info_;
  State state_ = State::NotAuthenticated;
  std::string user_;
  std::set<std::string, std::less<>> enabled_;
  std::unique_ptr<LineHandler> line_handler_;
  std::shared_ptr<store::UserStore> mail_;
  std::unique_ptr<SelectedMailbox> selected_;
  std::string out_;
  OutputDrain drain_;
  std::size_t consecutive_bad_ = 0;
  std::function<void()> waker_;
  std::shared_ptr<Notices> notices_ = std::make_shared<Notices>();
  CommandScope scope_;
  mutable bool catch_up_planned_ = false;  // runs_on_worker() saw pending changes
  // Last: unregistered (waiting for a running listener) before the rest goes.
  store::ChangeSubscription watch_;
};

}  // namespace petrel::imap
