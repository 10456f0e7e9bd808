#pragma once
// The LMTP listeners (TCP and/or a unix socket) and their connections: one
// coroutine per connection on its own strand, like the IMAP side, sharing
// the server's io_context, worker pool and store.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/local/stream_protocol.hpp>
#include <asio/thread_pool.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "config/config.h"
#include "lmtp/delivery.h"
#include "util/result.h"

namespace petrel::net {

class LmtpConnection;

class LmtpService {
 public:
  LmtpService(const Config& config, asio::io_context& io, asio::thread_pool& workers,
              lmtp::Deliverer& deliverer);
  ~LmtpService();

  // Binds what the configuration asks for; errors are for the operator.
  Result<void> listen();
  // Starts the accept loops on `executor` (the server's control strand).
  void start(const asio::any_io_executor& executor);
  // Closes the listeners and asks every connection to end (421).
  void shutdown();
  std::size_t live_connections();

  // For connections.
  asio::thread_pool& workers() { return workers_; }
  lmtp::Deliverer& deliverer() { return deliverer_; }
  const Config& config() const { return config_; }
  const std::string& hostname() const { return hostname_; }

 private:
  template <class Acceptor>
  asio::awaitable<void> accept_loop(Acceptor& acceptor);
  void launch(std::shared_ptr<LmtpConnection> connection);

  const Config& config_;
  asio::io_context& io_;
  asio::thread_pool& workers_;
  lmtp::Deliverer& deliverer_;
  std::string hostname_;
  std::optional<asio::ip::tcp::acceptor> tcp_;
  std::optional<asio::local::stream_protocol::acceptor> unix_;

  std::mutex mutex_;
  std::map<LmtpConnection*, std::weak_ptr<LmtpConnection>> connections_;
  bool shutting_down_ = false;
};

}  // namespace petrel::net
