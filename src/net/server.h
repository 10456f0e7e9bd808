#pragma once
// The IMAP server process: listeners, I/O threads, the worker pool for
// blocking work, connection limits and structured shutdown on SIGTERM.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ssl/context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/thread_pool.hpp>
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "auth/login_throttle.h"
#include "auth/user_directory.h"
#include "config/config.h"
#include "imap/session/session.h"
#include "lmtp/delivery.h"
#include "store/store.h"
#include "util/result.h"

namespace petrel::store {
class SqliteStore;
}

namespace petrel::net {

class Connection;
class LmtpService;
class HttpServer;

class Server {
 public:
  explicit Server(Config config);
  ~Server();

  // Binds the listeners and prepares TLS; errors are for the operator.
  Result<void> start();
  // Serves until SIGTERM/SIGINT, then shuts down cleanly. Returns the exit code.
  int run();

  imap::ServerContext& context() { return *context_; }
  asio::ssl::context& tls_context() { return tls_; }
  asio::thread_pool& workers() { return workers_; }

  // A worker that would wait for a slow client to take a large response
  // asks first: at most half the workers may wait at once, so slow readers
  // cannot stall every other session's commands. Without a permit the
  // response keeps growing in memory instead. Thread-safe.
  bool try_begin_output_wait();
  void end_output_wait() { --output_waits_; }

  // Bookkeeping of live connections (limits, shutdown). Thread-safe.
  bool admit(const std::shared_ptr<Connection>& connection, const std::string& address);
  void release(Connection* connection, const std::string& address);

 private:
  struct Listener;
  asio::awaitable<void> accept_loop(Listener& listener);
  asio::awaitable<void> wait_for_signal();
  asio::awaitable<void> close_idle_stores();
  void begin_shutdown();

  Config config_;
  unsigned threads_;
  asio::io_context io_;
  std::size_t worker_count_;
  asio::thread_pool workers_;
  std::atomic<std::size_t> output_waits_{0};
  asio::ssl::context tls_;
  auth::UserDirectory users_;
  auth::LoginThrottle throttle_;
  std::unique_ptr<store::SqliteStore> store_;
  asio::steady_timer housekeeping_;  // wakes close_idle_stores()
  std::unique_ptr<imap::ServerContext> context_;
  std::unique_ptr<lmtp::Deliverer> deliverer_;
  std::unique_ptr<LmtpService> lmtp_;
  std::vector<std::unique_ptr<Listener>> listeners_;
  std::unique_ptr<HttpServer> http_;  // /metrics and /health; null when disabled

  std::mutex mutex_;
  std::map<Connection*, std::weak_ptr<Connection>> connections_;
  std::map<std::string, std::size_t> per_address_;
  bool shutting_down_ = false;
};

}  // namespace petrel::net
