#pragma once
// One LMTP client connection: moves bytes between the socket (TCP or unix)
// and lmtp::Session, runs the session's blocking steps on the worker pool,
// and enforces the inactivity deadline.
#include <asio/awaitable.hpp>
#include <asio/generic/stream_protocol.hpp>
#include <asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "lmtp/session.h"

namespace petrel::net {

class LmtpService;

class LmtpConnection : public std::enable_shared_from_this<LmtpConnection> {
 public:
  using Socket = asio::generic::stream_protocol::socket;
  LmtpConnection(LmtpService& service, Socket socket, std::string peer);

  // Runs the connection to its end; call once, on the connection's strand.
  asio::awaitable<void> run();
  // Ends the connection after the step in progress (SIGTERM). Thread-safe.
  void request_shutdown();
  asio::any_io_executor executor() { return socket_.get_executor(); }

 private:
  asio::awaitable<void> serve();
  asio::awaitable<void> watchdog();
  asio::awaitable<void> flush();
  asio::awaitable<bool> work();

  LmtpService& service_;
  Socket socket_;
  std::string peer_;
  lmtp::Session session_;
  asio::steady_timer deadline_;
  bool waiting_ = false;  // blocked on a read: shutdown may interrupt it
  bool timed_out_ = false;
  bool shutting_down_ = false;
  bool done_ = false;
};

}  // namespace petrel::net
