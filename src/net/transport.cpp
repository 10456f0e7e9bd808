#include "net/transport.h"

#include <array>
#include <asio/read.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace petrel::net {

asio::awaitable<std::size_t> Transport::read_some(asio::mutable_buffer buffer) {
  if (tls_) co_return co_await tls_->async_read_some(buffer, asio::use_awaitable);
  co_return co_await socket_.async_read_some(buffer, asio::use_awaitable);
}

asio::awaitable<void> Transport::write(std::string_view data) {
  if (tls_)
    co_await asio::async_write(*tls_, asio::buffer(data), asio::use_awaitable);
  else
    co_await asio::async_write(socket_, asio::buffer(data), asio::use_awaitable);
}

asio::awaitable<void> Transport::write(std::string_view first, std::string_view second) {
  const std::array<asio::const_buffer, 2> buffers{asio::buffer(first), asio::buffer(second)};
  if (tls_)
    co_await asio::async_write(*tls_, buffers, asio::use_awaitable);
  else
    co_await asio::async_write(socket_, buffers, asio::use_awaitable);
}

asio::awaitable<void> Transport::start_tls(asio::ssl::context& context) {
  tls_.emplace(socket_, context);
  co_await tls_->async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
}

void Transport::cancel() {
  asio::error_code ignored;
  socket_.cancel(ignored);
}

void Transport::close() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace petrel::net
