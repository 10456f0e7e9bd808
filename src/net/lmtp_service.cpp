#include "net/lmtp_service.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/ip/host_name.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/use_awaitable.hpp>
#include <filesystem>

#include "net/lmtp_connection.h"

namespace petrel::net {

using asio::use_awaitable;
using asio::experimental::as_tuple;

LmtpService::LmtpService(const Config& config, asio::io_context& io, asio::thread_pool& workers,
                         lmtp::Deliverer& deliverer)
    : config_(config), io_(io), workers_(workers), deliverer_(deliverer) {
  asio::error_code ec;
  hostname_ = asio::ip::host_name(ec);
  if (ec || hostname_.empty()) hostname_ = "localhost";
}

LmtpService::~LmtpService() = default;

Result<void> LmtpService::listen() {
  const LmtpSettings& s = config_.lmtp;
  asio::error_code ec;
  if (s.listen.enabled()) {
    std::string name = fmt::format("{}:{}", s.listen.host, s.listen.port);
    auto address = asio::ip::make_address(s.listen.host, ec);
    if (ec) return Error{fmt::format("cannot listen on {} (LMTP): invalid address", name)};
    asio::ip::tcp::endpoint endpoint(address, s.listen.port);
    asio::ip::tcp::acceptor acceptor(io_);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return Error{fmt::format("cannot listen on {} (LMTP): {}", name, ec.message())};
    tcp_.emplace(std::move(acceptor));
    spdlog::info("listening on {} (LMTP)", name);
  }
  if (!s.socket.empty()) {
    // A stale socket file from an earlier run would make bind fail; a path
    // that is something else is left alone (bind then reports it).
    std::error_code fs_ec;
    if (std::filesystem::is_socket(s.socket, fs_ec)) std::filesystem::remove(s.socket, fs_ec);
    asio::local::stream_protocol::endpoint endpoint(s.socket.string());
    asio::local::stream_protocol::acceptor acceptor(io_);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Error{fmt::format("cannot listen on {} (LMTP): {}", s.socket.string(), ec.message())};
    // The MTA usually runs as another user; the socket is no more open than
    // the loopback port (local processes only).
    ::chmod(s.socket.c_str(), 0666);
    unix_.emplace(std::move(acceptor));
    spdlog::info("listening on {} (LMTP)", s.socket.string());
  }
  return Ok{};
}

void LmtpService::start(const asio::any_io_executor& executor) {
  if (tcp_) asio::co_spawn(executor, accept_loop(*tcp_), asio::detached);
  if (unix_) asio::co_spawn(executor, accept_loop(*unix_), asio::detached);
}

namespace {

template <class Socket>
std::string peer_name(Socket& socket) {
  if constexpr (std::is_same_v<typename Socket::protocol_type, asio::ip::tcp>) {
    asio::error_code ec;
    auto peer = socket.remote_endpoint(ec);
    return ec ? "unknown" : peer.address().to_string();
  } else {
    return "unix";
  }
}

}  // namespace

template <class Acceptor>
asio::awaitable<void> LmtpService::accept_loop(Acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] =
        co_await acceptor.async_accept(asio::make_strand(io_), as_tuple(use_awaitable));
    if (ec) {
      if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("LMTP accept failed: {}", ec.message());
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(as_tuple(use_awaitable));
      continue;
    }
    std::string peer = peer_name(socket);
    launch(std::make_shared<LmtpConnection>(*this, LmtpConnection::Socket(std::move(socket)),
                                            std::move(peer)));
  }
}

void LmtpService::launch(std::shared_ptr<LmtpConnection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (shutting_down_ || connections_.size() >= config_.limits.max_connections) {
      spdlog::warn("LMTP connection refused reason=limit");
      return;  // destroying the connection closes the socket
    }
    connections_.emplace(connection.get(), connection);
  }
  asio::co_spawn(
      connection->executor(),
      [this, connection]() -> asio::awaitable<void> {
        co_await connection->run();
        std::lock_guard lock(mutex_);
        connections_.erase(connection.get());
      },
      asio::detached);
}

void LmtpService::shutdown() {
  std::vector<std::shared_ptr<LmtpConnection>> live;
  {
    std::lock_guard lock(mutex_);
    shutting_down_ = true;
    for (auto& [raw, weak] : connections_)
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
  }
  asio::error_code ignored;
  if (tcp_) tcp_->close(ignored);
  if (unix_) {
    unix_->close(ignored);
    std::error_code fs_ec;
    std::filesystem::remove(config_.lmtp.socket, fs_ec);
  }
  for (auto& connection : live) connection->request_shutdown();
}

std::size_t LmtpService::live_connections() {
  std::lock_guard lock(mutex_);
  return connections_.size();
}

}  // namespace petrel::net
