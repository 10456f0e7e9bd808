#include "net/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <csignal>
#include <filesystem>
#include <thread>

#include "metrics/metrics.h"
#include "net/connection.h"
#include "net/http_server.h"
#include "net/lmtp_service.h"
#include "net/metrics_route.h"
#include "net/open_store.h"
#include "net/tls_setup.h"

namespace petrel::net {

using asio::use_awaitable;
using asio::experimental::as_tuple;

struct Server::Listener {
  asio::ip::tcp::acceptor acceptor;
  bool implicit_tls;
  std::string name;
};

namespace {

unsigned io_thread_count(const Config& config) {
  if (config.io_threads) return config.io_threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

auth::ThrottleLimits throttle_limits(const AuthSettings& a) {
  auth::ThrottleLimits limits;
  limits.max_failures = a.max_failures;
  limits.window = a.failure_window;
  limits.base_delay = a.failure_base_delay;
  limits.max_delay = a.failure_max_delay;
  return limits;
}

// Many idle connections need many descriptors: take what the hard limit allows.
void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    rlim_t before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) == 0)
      spdlog::info("open-files limit raised from {} to {}", before, limit.rlim_cur);
  }
  if (limit.rlim_cur < 100000)
    spdlog::warn("open-files limit is {} (hard limit); that caps concurrent connections",
                 limit.rlim_cur);
}

// A store kept open unused holds the writer's database, WAL and shared
// memory files plus two per idle reader (docs/configuration.md, [store]).
void check_idle_store_descriptors(const StoreSettings& settings) {
  rlimit limit{};
  if (settings.idle_store_time.count() == 0 || getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  std::size_t per_store = 3 + 2 * store::SqliteStoreOptions{}.max_idle_readers;
  std::size_t needed = settings.idle_stores * per_store;
  if (needed > limit.rlim_cur / 2)
    spdlog::warn(
        "store.idle_stores = {} may hold {} descriptors, over half the open-files limit {}",
        settings.idle_stores, needed, limit.rlim_cur);
}

// How often idle stores are checked for expiry between logins: often enough
// that one outlives store.idle_store_seconds by a quarter at most.
std::chrono::seconds idle_sweep_interval(const StoreSettings& settings) {
  return std::clamp(settings.idle_store_time / 4, std::chrono::seconds(1),
                    std::chrono::seconds(30));
}

}  // namespace

Server::Server(Config config)
    : config_(std::move(config)),
      threads_(io_thread_count(config_)),
      io_(static_cast<int>(threads_)),
      worker_count_(std::max<std::size_t>(4, threads_ * 2)),
      workers_(worker_count_),
      tls_(asio::ssl::context::tls_server),
      users_(config_.data_dir),
      throttle_(throttle_limits(config_.auth)),
      housekeeping_(io_) {}

Server::~Server() = default;

bool Server::try_begin_output_wait() {
  std::size_t limit = worker_count_ / 2;
  std::size_t now = output_waits_.load();
  while (now < limit) {
    if (output_waits_.compare_exchange_weak(now, now + 1)) return true;
  }
  return false;
}

Result<void> Server::start() {
  std::error_code ec;
  std::filesystem::create_directories(config_.data_dir, ec);
  if (ec)
    return Error{"cannot create data directory " + config_.data_dir.string() + ": " + ec.message()};
  std::filesystem::permissions(config_.data_dir, std::filesystem::perms::owner_all, ec);
  if (auto r = configure_tls(tls_, config_); !r) return r;
  users_.enable_login_cache(config_.auth.login_cache);
  auto opened = open_configured_store(config_);
  if (!opened) return Error{"cannot open the mail store: " + opened.error().message};
  store_ = std::move(opened.value());
  context_ = std::make_unique<imap::ServerContext>(
      imap::ServerContext{config_, users_, throttle_, *store_});
  raise_open_files_limit();
  check_idle_store_descriptors(config_.store);

  auto listen = [&](const ListenAddress& where, bool implicit_tls) -> Result<void> {
    if (!where.enabled()) return Ok{};
    std::string name = fmt::format("{}:{}", where.host, where.port);
    asio::error_code aec;
    auto address = asio::ip::make_address(where.host, aec);
    if (aec) return Error{fmt::format("cannot listen on {}: invalid address", name)};
    asio::ip::tcp::endpoint endpoint(address, where.port);
    asio::ip::tcp::acceptor acceptor(io_);
    acceptor.open(endpoint.protocol(), aec);
    if (!aec) acceptor.set_option(asio::socket_base::reuse_address(true), aec);
    if (!aec) acceptor.bind(endpoint, aec);
    if (!aec) acceptor.listen(asio::socket_base::max_listen_connections, aec);
    if (aec) return Error{fmt::format("cannot listen on {}: {}", name, aec.message())};
    spdlog::info("listening on {} ({})", name,
                 implicit_tls ? "IMAP over TLS" : "IMAP with STARTTLS");
    listeners_.push_back(
        std::make_unique<Listener>(Listener{std::move(acceptor), implicit_tls, name}));
    return Ok{};
  };
  if (auto r = listen(config_.imap, false); !r) return r;
  if (auto r = listen(config_.imap_tls, true); !r) return r;
  deliverer_ = std::make_unique<lmtp::Deliverer>(users_, *store_);
  lmtp_ = std::make_unique<LmtpService>(config_, io_, workers_, *deliverer_);
  if (auto r = lmtp_->listen(); !r) return r;
  metrics::register_well_known();
  if (config_.metrics.listen.enabled()) {
    // Metrics are an aid, not the service: a port already taken is logged
    // and IMAP is served anyway.
    http_ = std::make_unique<HttpServer>(io_, config_.metrics, make_metrics_route(config_));
    if (auto r = http_->start(); !r) {
      spdlog::error("metrics-disabled error=\"{}\"", r.error().message);
      http_.reset();
    }
  }
  return Ok{};
}

int Server::run() {
  // Acceptors and the signal waiter share one strand, so shutdown can close
  // the acceptors without racing their pending accepts.
  auto control = asio::make_strand(io_);
  for (auto& listener : listeners_) asio::co_spawn(control, accept_loop(*listener), asio::detached);
  lmtp_->start(control);
  asio::co_spawn(control, wait_for_signal(), asio::detached);
  if (config_.store.idle_stores > 0 && config_.store.idle_store_time.count() > 0)
    asio::co_spawn(control, close_idle_stores(), asio::detached);

  std::vector<std::thread> threads;
  for (unsigned i = 1; i < threads_; ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
  workers_.join();
  // Every session has ended; queued writes finish, then the databases close.
  store_->close();
  spdlog::info("stopped");
  return 0;
}

asio::awaitable<void> Server::accept_loop(Listener& listener) {
  for (;;) {
    auto [ec, socket] =
        co_await listener.acceptor.async_accept(asio::make_strand(io_), as_tuple(use_awaitable));
    if (ec) {
      if (!listener.acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed on {}: {}", listener.name, ec.message());
      // Out of descriptors: back off instead of spinning.
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(as_tuple(use_awaitable));
      continue;
    }
    asio::error_code peer_ec;
    auto peer = socket.remote_endpoint(peer_ec);
    if (peer_ec) continue;
    socket.set_option(asio::ip::tcp::no_delay(true), peer_ec);
    imap::ConnectionInfo info;
    info.peer_address = peer.address().to_string();
    info.loopback = peer.address().is_loopback();
    info.starttls_offered = !listener.implicit_tls;
    std::string address = info.peer_address;
    auto connection = std::make_shared<Connection>(*this, std::move(socket), std::move(info),
                                                   listener.implicit_tls);
    if (!admit(connection, address)) {
      spdlog::warn("connection refused peer={} reason=limit", address);
      continue;  // destroying the connection closes the socket
    }
    asio::co_spawn(
        connection->executor(),
        [this, connection, address]() -> asio::awaitable<void> {
          co_await connection->run();
          release(connection.get(), address);
        },
        asio::detached);
  }
}

bool Server::admit(const std::shared_ptr<Connection>& connection, const std::string& address) {
  std::lock_guard lock(mutex_);
  if (shutting_down_) return false;
  if (connections_.size() >= config_.limits.max_connections) return false;
  std::size_t& count = per_address_[address];
  if (count >= config_.limits.max_connections_per_address) {
    if (count == 0) per_address_.erase(address);
    return false;
  }
  ++count;
  connections_.emplace(connection.get(), connection);
  metrics::connections_total().inc();
  metrics::connections_current().add(1);
  return true;
}

void Server::release(Connection* connection, const std::string& address) {
  std::lock_guard lock(mutex_);
  if (connections_.erase(connection)) metrics::connections_current().add(-1);
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

asio::awaitable<void> Server::wait_for_signal() {
  asio::signal_set signals(io_, SIGINT, SIGTERM);
  auto [ec, number] = co_await signals.async_wait(as_tuple(use_awaitable));
  if (ec) co_return;
  spdlog::info("signal {} received: shutting down", number);
  begin_shutdown();
  // In-flight commands finish and every client gets BYE; after the grace
  // period whatever is left is cut off.
  auto deadline = std::chrono::steady_clock::now() + config_.timeouts.shutdown_grace;
  asio::steady_timer tick(io_);
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex_);
      if (connections_.empty() && lmtp_->live_connections() == 0) break;
    }
    tick.expires_after(std::chrono::milliseconds(20));
    co_await tick.async_wait(as_tuple(use_awaitable));
  }
  std::size_t left;
  {
    std::lock_guard lock(mutex_);
    left = connections_.size();
  }
  left += lmtp_->live_connections();
  if (left) spdlog::warn("shutdown grace period over; closing {} connections", left);
  io_.stop();
}

asio::awaitable<void> Server::close_idle_stores() {
  std::chrono::seconds interval = idle_sweep_interval(config_.store);
  for (;;) {
    housekeeping_.expires_after(interval);
    auto [ec] = co_await housekeeping_.async_wait(as_tuple(use_awaitable));
    if (ec) co_return;  // cancelled by begin_shutdown()
    // open_user() expires idle stores too, but only when someone logs in.
    // Closing one waits for disk (checkpoint, fsync): not on an I/O thread.
    asio::post(workers_, [this] { store_->close_idle(); });
  }
}

void Server::begin_shutdown() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [raw, weak] : connections_)
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
  }
  for (auto& listener : listeners_) {
    asio::error_code ignored;
    listener->acceptor.close(ignored);
  }
  if (http_) http_->stop();
  housekeeping_.cancel();
  for (auto& connection : live) connection->request_shutdown();
  lmtp_->shutdown();
}

}  // namespace petrel::net
