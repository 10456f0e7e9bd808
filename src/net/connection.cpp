#include "net/connection.h"

#include <spdlog/spdlog.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <future>

#include "imap/commands/registry.h"
#include "metrics/metrics.h"
#include "net/server.h"

namespace petrel::net {

using asio::use_awaitable;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoDeadline = std::chrono::steady_clock::time_point::max();
constexpr std::size_t kReadChunk = 8192;
// Output is flushed once this much is pending even if more commands are queued.
constexpr std::size_t kFlushThreshold = 64 * 1024;
}  // namespace

Connection::Connection(Server& server, asio::ip::tcp::socket socket, imap::ConnectionInfo info,
                       bool implicit_tls)
    : server_(server),
      transport_(std::move(socket)),
      implicit_tls_(implicit_tls),
      session_(server.context(), std::move(info)),
      reader_(session_.reader_limits()),
      deadline_(transport_.socket().get_executor()) {
  deadline_.expires_at(kNoDeadline);
}

Connection::~Connection() = default;

void Connection::request_shutdown() {
  asio::post(executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    // Only a connection waiting for input is interrupted; one running a
    // command finishes it first and then says BYE.
    if (self->deadline_.expiry() != kNoDeadline) self->transport_.cancel();
  });
}

void Connection::arm_deadline(std::chrono::steady_clock::duration timeout) {
  deadline_.expires_after(timeout);
}

asio::awaitable<void> Connection::watchdog() {
  while (!done_) {
    co_await deadline_.async_wait(asio::experimental::as_tuple(use_awaitable));
    if (done_) break;
    if (deadline_.expiry() <= std::chrono::steady_clock::now()) {
      timed_out_ = true;
      deadline_.expires_at(kNoDeadline);
      transport_.cancel();
    }
  }
}

void Connection::wake_for_changes() {
  // Only IDLE gets pushed changes; between commands they wait for the next
  // command (an EXPUNGE must not come while no command is in progress,
  // RFC 9051 7.4.1). A read cancelled here is restarted by serve().
  if (reading_ && session_.push_due()) transport_.cancel();
}

asio::awaitable<void> Connection::run() {
  auto self = shared_from_this();
  // Called on a store thread right after a commit: hop to the strand. The
  // weak pointer lets a notice arrive after the connection is gone.
  session_.set_change_waker([weak = std::weak_ptr<Connection>(self), strand = executor()] {
    asio::post(strand, [weak] {
      if (auto connection = weak.lock()) connection->wake_for_changes();
    });
  });
  co_await (serve() || watchdog());
  transport_.close();
}

asio::awaitable<void> Connection::flush(std::string_view extra) {
  std::string& out = session_.output();
  if (out.empty() && extra.empty()) co_return;
  std::string pending;
  pending.swap(out);
  arm_deadline(session_.inactivity_timeout());
  if (extra.empty())
    co_await transport_.write(pending);
  else
    co_await transport_.write(pending, extra);
  deadline_.expires_at(kNoDeadline);
  bytes_out_ += pending.size() + extra.size();
  metrics::bytes_sent().inc(pending.size() + extra.size());
}

asio::awaitable<imap::Outcome> Connection::on_worker(bool use_worker,
                                                     std::function<imap::Outcome()> step) {
  auto guarded = [this, &step]() -> imap::Outcome {
    try {
      return step();
    } catch (const std::exception& e) {
      // A handler fault must not take the server down: log it in full, tell
      // the client in one line, and end this connection.
      spdlog::error("serverbug peer={} error={}", session_.connection().peer_address, e.what());
      session_.untagged("BYE [SERVERBUG] Internal error; closing the connection");
      return {imap::Next::Close};
    }
  };
  if (!use_worker) co_return guarded();
  co_return co_await asio::co_spawn(
      server_.workers(), [&]() -> asio::awaitable<imap::Outcome> { co_return guarded(); },
      use_awaitable);
}

asio::awaitable<bool> Connection::finish(imap::Outcome outcome) {
  next_ = outcome.next;
  reader_.set_limits(session_.reader_limits());
  if (outcome.delay.count() > 0) {
    asio::steady_timer pause(executor(), outcome.delay);
    co_await pause.async_wait(asio::experimental::as_tuple(use_awaitable));
  }
  switch (next_) {
    case imap::Next::Close:
      co_await flush();
      co_return false;
    case imap::Next::StartTls:
      co_await flush();
      // RFC 9051 6.2.1: whatever the client pipelined after STARTTLS was sent
      // in the clear and may be an injection; it is dropped, never executed.
      reader_.discard_buffered();
      arm_deadline(session_.inactivity_timeout());
      co_await transport_.start_tls(server_.tls_context());
      deadline_.expires_at(kNoDeadline);
      session_.tls_started();
      next_ = imap::Next::Read;
      co_return true;
    case imap::Next::ReadLine:
      co_await flush();  // the client waits for our continuation
      co_return true;
    case imap::Next::Read:
      if (session_.output().size() >= kFlushThreshold) co_await flush();
      co_return true;
  }
  co_return true;
}

imap::Session::Drain Connection::drain_from_worker(std::string_view extra) {
  using Drain = imap::Session::Drain;
  // The strand is free while the handler runs (serve() waits for it), so
  // the write goes there; this worker waits for it, never the I/O thread.
  // `extra` stays valid meanwhile: the handler waits for this call.
  if (!server_.try_begin_output_wait()) return Drain::Busy;  // keep buffering
  struct Permit {
    Server& server;
    ~Permit() { server.end_output_wait(); }
  } permit{server_};
  // The promise belongs to the write: if the I/O threads stop (shutdown)
  // before it runs, destroying it breaks the promise and frees this worker.
  auto sent = std::make_shared<std::promise<bool>>();
  auto done = sent->get_future();
  asio::co_spawn(
      executor(),
      [this, sent, extra]() -> asio::awaitable<void> {
        bool ok = true;
        try {
          co_await flush(extra);
        } catch (const std::exception&) {
          ok = false;  // the client is gone or too slow; serve() ends later
        }
        sent->set_value(ok);
      },
      asio::detached);
  try {
    return done.get() ? Drain::Sent : Drain::Failed;
  } catch (const std::future_error&) {
    return Drain::Failed;
  }
}

asio::awaitable<bool> Connection::handle_command(imap::Command command) {
  bool worker = session_.runs_on_worker(command);
  auto start = std::chrono::steady_clock::now();
  if (worker)
    session_.set_output_drain([this](std::string_view extra) { return drain_from_worker(extra); });
  auto outcome = co_await on_worker(worker, [&] { return session_.execute(command); });
  session_.set_output_drain(nullptr);
  ++commands_;
  // Only the registry's names label the series: a client cannot invent new ones.
  const imap::CommandSpec* spec = imap::find_command(command.name);
  std::string name = spec ? std::string(spec->name) : "unknown";
  if (spec && command.uid) name = "UID " + name;
  metrics::observe_command(
      name, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  co_return co_await finish(outcome);
}

asio::awaitable<bool> Connection::handle_line(std::string line) {
  bool worker = session_.line_runs_on_worker();
  auto outcome = co_await on_worker(worker, [&] { return session_.continue_line(line); });
  co_return co_await finish(outcome);
}

asio::awaitable<void> Connection::serve() {
  try {
    if (implicit_tls_) {
      arm_deadline(session_.inactivity_timeout());
      co_await transport_.start_tls(server_.tls_context());
      deadline_.expires_at(kNoDeadline);
      session_.tls_started();
    }
    session_.greet();
    co_await flush();
    std::array<char, kReadChunk> buffer;
    for (;;) {
      // Execute everything already buffered, in order (pipelining).
      bool keep_going = true;
      bool need_input = false;
      while (keep_going && !need_input && !shutting_down_) {
        if (next_ == imap::Next::ReadLine) {
          imap::LineEvent event = reader_.next_line();
          if (auto* line = std::get_if<imap::RawLine>(&event)) {
            keep_going = co_await handle_line(std::move(line->line));
          } else if (auto* error = std::get_if<imap::CommandError>(&event)) {
            // A client line we cannot take ends the exchange and the connection.
            session_.bye(error->text);
            keep_going = false;
          } else {
            need_input = true;
          }
          continue;
        }
        imap::ReaderEvent event = reader_.next();
        if (auto* ready = std::get_if<imap::ReadyCommand>(&event)) {
          keep_going = co_await handle_command(std::move(ready->command));
        } else if (auto* cont = std::get_if<imap::SendContinuation>(&event)) {
          session_.output() += cont->text;
          co_await flush();
        } else if (auto* error = std::get_if<imap::CommandError>(&event)) {
          ++commands_;
          metrics::commands_rejected().inc();
          keep_going = co_await finish(session_.reject(*error));
        } else {
          need_input = true;
        }
      }
      if (!keep_going) break;
      if (shutting_down_) {
        session_.bye("Server shutting down");
        break;
      }
      co_await flush();
      if (next_ == imap::Next::ReadLine && session_.push_due()) {
        // IDLE with changes to tell (RFC 2177): report them, then wait again.
        auto outcome = co_await on_worker(true, [&] { return session_.push_changes(); });
        if (!co_await finish(outcome)) break;
        continue;
      }
      // A shutdown asked for while the flush above was writing found no
      // read to cancel: check again before waiting for input.
      if (shutting_down_) {
        session_.bye("Server shutting down");
        break;
      }
      arm_deadline(session_.inactivity_timeout());
      std::size_t n = 0;
      bool interrupted = false;
      reading_ = true;
      try {
        n = co_await transport_.read_some(asio::buffer(buffer));
      } catch (const asio::system_error& e) {
        reading_ = false;
        if (e.code() != asio::error::operation_aborted) throw;
        interrupted = true;
      }
      reading_ = false;
      deadline_.expires_at(kNoDeadline);
      if (timed_out_) {
        session_.bye("Autologout; idle for too long");
        break;
      }
      if (interrupted) continue;  // shutdown or a change to push: the loop decides
      if (n == 0) {
        if (shutting_down_) continue;  // loop around to say BYE
        break;
      }
      bytes_in_ += n;
      metrics::bytes_received().inc(n);
      reader_.feed(std::string_view(buffer.data(), n));
    }
    co_await flush();
  } catch (const std::exception& e) {
    // The peer went away or the stream broke: nothing to tell it.
    spdlog::debug("connection-end peer={} reason={}", session_.connection().peer_address, e.what());
  }
  // One line per session with its totals (docs/operations.md, "Logs").
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const std::string& user = session_.user();
  spdlog::info("session-end peer={} user={} commands={} bytes_in={} bytes_out={} seconds={:.3f}",
               session_.connection().peer_address, user.empty() ? "-" : user, commands_, bytes_in_,
               bytes_out_, seconds);
  done_ = true;
  deadline_.cancel();
}

}  // namespace petrel::net
