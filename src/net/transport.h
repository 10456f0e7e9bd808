#pragma once
// A connection's byte stream: plain TCP, or TLS over it after an implicit-TLS
// accept or STARTTLS. The connection loop does not care which.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <optional>
#include <string_view>

namespace petrel::net {

class Transport {
 public:
  explicit Transport(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}

  // Each throws asio::system_error when the stream fails or is cancelled.
  asio::awaitable<std::size_t> read_some(asio::mutable_buffer buffer);
  asio::awaitable<void> write(std::string_view data);
  // `first` then `second`, gathered into as few system calls as the stream allows.
  asio::awaitable<void> write(std::string_view first, std::string_view second);
  asio::awaitable<void> start_tls(asio::ssl::context& context);

  bool tls() const { return tls_.has_value(); }
  // Aborts pending reads and writes (deadlines, shutdown); the stream stays open.
  void cancel();
  void close();
  asio::ip::tcp::socket& socket() { return socket_; }

 private:
  asio::ip::tcp::socket socket_;
  std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
};

}  // namespace petrel::net
