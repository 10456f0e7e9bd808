#include "imap/session/session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "imap/commands/registry.h"
#include "store/store.h"

namespace petrel::imap {

Session::Session(ServerContext& context, ConnectionInfo info)
    : context_(context), info_(std::move(info)) {}

Session::~Session() = default;

void Session::greet() { untagged(fmt::format("OK [CAPABILITY {}] Petrel ready", capabilities())); }

bool Session::is_admin() const {
  const auto& admins = context_.config.auth.admins;
  return std::find(admins.begin(), admins.end(), user_) != admins.end();
}

bool Session::plaintext_auth_allowed() const {
  return info_.tls || info_.loopback || context_.config.auth.allow_plaintext_auth;
}

std::string Session::capabilities() const {
  // Each extension is listed exactly when it works (RFC 9051 7.2.2). Add a
  // capability to the list of the state in which it applies.
  std::string caps = "IMAP4rev2 IMAP4rev1 LITERAL+ ENABLE ID IDLE";
  if (state_ == State::NotAuthenticated) {
    caps += " SASL-IR";
    if (info_.starttls_offered && !info_.tls) caps += " STARTTLS";
    caps += plaintext_auth_allowed() ? " AUTH=PLAIN AUTH=LOGIN" : " LOGINDISABLED";
    return caps;
  }
  // After login.
  caps += " UTF8=ACCEPT";
  caps += " NAMESPACE CHILDREN LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE";
  caps += " STATUS=SIZE";
  // Message commands; APPENDLIMIT is the APPEND literal limit (RFC 7889),
  // a 32-bit number in the grammar.
  caps += fmt::format(" UNSELECT UIDPLUS MOVE MULTIAPPEND APPENDLIMIT={}",
                      std::min<std::uint64_t>(context_.config.limits.max_literal, UINT32_MAX));
  caps += " BINARY PREVIEW";     // FETCH (RFC 3516, RFC 8970)
  caps += " CONDSTORE QRESYNC";  // RFC 7162; change propagation: change_report.cpp
  // SEARCH, SORT and THREAD (src/search): RFC 4731, 5182, 5032, 5256, 5957,
  // and the SEARCH keys of SAVEDATE (RFC 8514) and OBJECTID (RFC 8474).
  caps +=
      " ESEARCH SEARCHRES WITHIN SORT SORT=DISPLAY ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES";
  caps += " SAVEDATE";  // FETCH SAVEDATE and the SAVED* keys
  caps += " OBJECTID";
  // RFC 9208, with STATUS DELETED and DELETED-STORAGE; QUOTASET only for
  // those allowed to use SETQUOTA.
  caps += " QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE";
  if (is_admin()) caps += " QUOTASET";
  return caps;
}

void Session::untagged(std::string_view text) {
  out_ += "* ";
  out_ += text;
  out_ += "\r\n";
}

void Session::continuation(std::string_view text) {
  out_ += "+ ";
  out_ += text;
  out_ += "\r\n";
}

void Session::tagged(const std::string& tag, Status status, std::string_view code,
                     std::string_view text) {
  // The end of a command: report other sessions' changes before its
  // tagged response (RFC 9051 5.2).
  if (scope_.active && !tag.empty()) {
    CommandScope scope = scope_;
    scope_.active = false;
    report(scope);
  }
  static constexpr std::string_view kWords[] = {"OK", "NO", "BAD"};
  out_ += tag.empty() ? "*" : tag;
  out_ += ' ';
  out_ += kWords[static_cast<int>(status)];
  out_ += ' ';
  if (!code.empty()) {
    out_ += '[';
    out_ += code;
    out_ += "] ";
  }
  out_ += text;
  out_ += "\r\n";
  if (status == Status::Bad)
    ++consecutive_bad_;
  else
    consecutive_bad_ = 0;
}

bool Session::runs_on_worker(const Command& command) const {
  // Changes to report make any command in the selected state read the store.
  catch_up_planned_ = state_ == State::Selected && changes_pending();
  const CommandSpec* spec = find_command(command.name);
  return catch_up_planned_ ||
         (spec && spec->blocking && spec->handler && (spec->states & state_bit(state_)));
}

namespace {

// RFC 9051 7.5.1: no EXPUNGE while responding to FETCH, STORE or SEARCH
// (and SORT and THREAD, which are searches, RFC 5256); the UID forms are
// fine, as they name no message numbers.
bool expunges_allowed(const Command& command) {
  if (command.uid) return true;
  for (std::string_view name : {"FETCH", "STORE", "SEARCH", "SORT", "THREAD"})
    if (command.name == name) return false;
  return true;
}

}  // namespace

Outcome Session::execute(const Command& command) {
  const CommandSpec* spec = find_command(command.name);
  if (!spec) {
    tagged(command.tag, Status::Bad, "", "Unknown command");
  } else if (command.uid && !spec->uid_form) {
    tagged(command.tag, Status::Bad, "", fmt::format("UID {} is not a command", spec->name));
  } else if (!(spec->states & state_bit(state_))) {
    static constexpr std::string_view kWhy[] = {"before login", "without a selected mailbox",
                                                "with a mailbox selected", "after LOGOUT"};
    std::string_view why = state_ == State::NotAuthenticated ? kWhy[0]
                           : state_ == State::Authenticated  ? kWhy[1]
                           : state_ == State::Selected       ? kWhy[2]
                                                             : kWhy[3];
    if (state_ != State::NotAuthenticated && (spec->states & kNotAuthenticated) &&
        !(spec->states & kAfterLogin))
      why = "after login";
    tagged(command.tag, Status::Bad, "", fmt::format("{} is not allowed {}", spec->name, why));
  } else if (!spec->handler) {
    tagged(command.tag, Status::Bad, "", fmt::format("{} is not supported yet", spec->name));
  } else {
    scope_ = CommandScope{true, spec->blocking || catch_up_planned_, expunges_allowed(command),
                          command.uid};
    catch_up_planned_ = false;
    Outcome outcome = spec->handler(*this, command);
    scope_ = CommandScope{};
    // A catch-up found the selected mailbox deleted and said BYE.
    if (state_ == State::Logout) outcome.next = Next::Close;
    return outcome;
  }
  return count_bad();
}

Outcome Session::count_bad() {
  if (consecutive_bad_ < context_.config.limits.max_bad_commands) return {};
  spdlog::info("bye peer={} reason=too-many-bad-commands", info_.peer_address);
  untagged("BYE Too many invalid commands");
  state_ = State::Logout;
  return {Next::Close};
}

Outcome Session::reject(const CommandError& error) {
  tagged(error.tag, error.kind == ErrorKind::No ? Status::No : Status::Bad, error.code, error.text);
  if (error.fatal) {
    untagged("BYE Cannot continue after that error");
    state_ = State::Logout;
    return {Next::Close};
  }
  return error.kind == ErrorKind::Bad ? count_bad() : Outcome{};
}

bool Session::line_runs_on_worker() const {
  return line_handler_ && line_handler_->runs_on_worker();
}

Outcome Session::continue_line(std::string_view line) {
  if (!line_handler_) return {};
  std::unique_ptr<LineHandler> handler = std::move(line_handler_);
  Outcome outcome = handler->on_line(*this, line);
  if (outcome.next == Next::ReadLine && !line_handler_) line_handler_ = std::move(handler);
  return outcome;
}

void Session::tls_started() { info_.tls = true; }

void Session::select(std::unique_ptr<SelectedMailbox> mailbox) {
  selected_ = std::move(mailbox);
  state_ = State::Selected;
  watch_selected();
}

void Session::deselect() {
  watch_.reset();
  notices_->changed = false;
  selected_.reset();
  if (state_ == State::Selected) state_ = State::Authenticated;
}

void Session::bye(std::string_view text) {
  untagged(fmt::format("BYE {}", text));
  state_ = State::Logout;
}

bool Session::drain_output() {
  // Large enough that a FETCH of many small messages hands over rarely,
  // small enough that a connection holds little more than one message.
  constexpr std::size_t kDrainThreshold = 1024 * 1024;
  if (!drain_ || out_.size() < kDrainThreshold) return true;
  return drain_({}) != Drain::Failed;
}

bool Session::output_bytes(std::string_view bytes) {
  // Below this, copying costs less than handing over and waiting.
  constexpr std::size_t kDirectThreshold = 256 * 1024;
  if (drain_ && bytes.size() >= kDirectThreshold) {
    switch (drain_(bytes)) {
      case Drain::Sent:
        return true;
      case Drain::Failed:
        return false;
      case Drain::Busy:
        break;
    }
  }
  out_.append(bytes);
  return true;
}

std::chrono::seconds Session::inactivity_timeout() const {
  const Timeouts& t = context_.config.timeouts;
  if (state_ == State::NotAuthenticated) return t.preauth;
  return line_handler_ ? t.idle : t.authenticated;
}

ReaderLimits Session::reader_limits() const {
  const Limits& l = context_.config.limits;
  ReaderLimits r;
  r.max_line = l.max_line;
  r.max_literal = l.max_literal;
  r.max_other_literal = l.max_other_literal;
  r.max_command = l.max_command;
  r.max_depth = l.max_depth;
  r.max_tag = l.max_tag;
  if (state_ == State::NotAuthenticated) {
    // An unknown client gets small buffers: nothing before login needs more.
    r.max_line = std::min(r.max_line, l.preauth_max_line);
    r.max_literal = std::min(r.max_literal, l.preauth_max_literal);
    r.max_other_literal = std::min(r.max_other_literal, l.preauth_max_literal);
    r.max_command = std::min(r.max_command, l.preauth_max_line + l.preauth_max_literal);
  }
  return r;
}

}  // namespace petrel::imap
