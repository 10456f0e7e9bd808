#include "net/lmtp_connection.h"

#include <spdlog/spdlog.h>

#include <array>
#include <asio/co_spawn.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

#include "net/lmtp_service.h"

namespace petrel::net {

using asio::use_awaitable;
using asio::experimental::as_tuple;
using namespace asio::experimental::awaitable_operators;

namespace {
constexpr auto kNoDeadline = std::chrono::steady_clock::time_point::max();
constexpr std::size_t kReadChunk = 16384;

lmtp::SessionOptions session_options(const LmtpService& service, std::string peer) {
  lmtp::SessionOptions options;
  options.limits = service.config().lmtp;
  options.quota_tempfail = service.config().quota.full_tempfail;
  options.hostname = service.hostname();
  options.peer = std::move(peer);
  return options;
}
}  // namespace

LmtpConnection::LmtpConnection(LmtpService& service, Socket socket, std::string peer)
    : service_(service),
      socket_(std::move(socket)),
      peer_(std::move(peer)),
      session_(session_options(service, peer_), service.deliverer()),
      deadline_(socket_.get_executor()) {
  deadline_.expires_at(kNoDeadline);
}

void LmtpConnection::request_shutdown() {
  asio::post(executor(), [self = shared_from_this()] {
    self->shutting_down_ = true;
    // A delivery in progress finishes (its replies are due); a connection
    // waiting for input is interrupted now.
    if (self->waiting_) {
      asio::error_code ignored;
      self->socket_.cancel(ignored);
    }
  });
}

asio::awaitable<void> LmtpConnection::watchdog() {
  while (!done_) {
    co_await deadline_.async_wait(as_tuple(use_awaitable));
    if (done_) break;
    if (deadline_.expiry() <= std::chrono::steady_clock::now()) {
      timed_out_ = true;
      deadline_.expires_at(kNoDeadline);
      asio::error_code ignored;
      socket_.cancel(ignored);
    }
  }
}

asio::awaitable<void> LmtpConnection::run() {
  auto self = shared_from_this();
  co_await (serve() || watchdog());
  asio::error_code ignored;
  socket_.shutdown(Socket::shutdown_both, ignored);
  socket_.close(ignored);
}

asio::awaitable<void> LmtpConnection::flush() {
  std::string& out = session_.output();
  if (out.empty()) co_return;
  std::string pending;
  pending.swap(out);
  deadline_.expires_after(session_.timeout());
  co_await asio::async_write(socket_, asio::buffer(pending), use_awaitable);
  deadline_.expires_at(kNoDeadline);
}

// Runs the session's blocking step on the worker pool. False when it failed
// unexpectedly (the connection then ends).
asio::awaitable<bool> LmtpConnection::work() {
  bool ok = co_await asio::co_spawn(
      service_.workers(),
      [this]() -> asio::awaitable<bool> {
        try {
          session_.run_work();
          co_return true;
        } catch (const std::exception& e) {
          spdlog::error("lmtp-serverbug peer={} error={}", peer_, e.what());
          co_return false;
        }
      },
      use_awaitable);
  if (!ok) session_.abort("421 4.3.0 Internal error; closing the connection");
  co_return ok;
}

asio::awaitable<void> LmtpConnection::serve() {
  try {
    session_.greet();
    co_await flush();
    std::array<char, kReadChunk> buffer;
    for (;;) {
      lmtp::Next next = session_.step();
      if (next == lmtp::Next::Work) {
        if (!co_await work()) break;
        continue;
      }
      if (next == lmtp::Next::Close) break;
      if (shutting_down_) {
        session_.abort("421 4.3.2 Server shutting down");
        break;
      }
      co_await flush();
      deadline_.expires_after(session_.timeout());
      waiting_ = true;
      auto [ec, n] =
          co_await socket_.async_read_some(asio::buffer(buffer), as_tuple(use_awaitable));
      waiting_ = false;
      deadline_.expires_at(kNoDeadline);
      if (timed_out_) {
        session_.abort("421 4.4.2 Timeout; closing the connection");
        break;
      }
      if (ec == asio::error::operation_aborted && shutting_down_) continue;  // say 421
      if (ec || n == 0) {
        session_.peer_closed();
        done_ = true;
        deadline_.cancel();
        co_return;
      }
      session_.feed(std::string_view(buffer.data(), n));
    }
    co_await flush();
  } catch (const std::exception& e) {
    spdlog::debug("lmtp-connection-end peer={} reason={}", peer_, e.what());
  }
  done_ = true;
  deadline_.cancel();
}

}  // namespace petrel::net
