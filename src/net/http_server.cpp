#include "net/http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/post.hpp>
#include <asio/read_until.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>
#include <asio/streambuf.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace petrel::net {

using asio::use_awaitable;
using asio::experimental::as_tuple;
using namespace asio::experimental::awaitable_operators;

namespace {

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

HttpResponse plain(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace

HttpResponse answer_http_request(std::string_view head,
                                 const std::function<HttpResponse(std::string_view)>& route,
                                 bool* head_only) {
  *head_only = false;
  std::string_view line = head.substr(0, head.find("\r\n"));
  size_t sp1 = line.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp1 == std::string_view::npos || sp2 == std::string_view::npos ||
      line.substr(sp2 + 1, 7) != "HTTP/1.") {
    return plain(400, "bad request\n");
  }
  std::string_view method = line.substr(0, sp1);
  std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (method != "GET" && method != "HEAD") return plain(405, "only GET\n");
  *head_only = method == "HEAD";
  std::string_view path = target.substr(0, target.find('?'));
  return route(path);
}

std::string render_http_response(const HttpResponse& response, bool head_only) {
  std::string out = fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
      response.status, reason(response.status), response.content_type, response.body.size());
  if (response.status == 405) out += "Allow: GET, HEAD\r\n";
  out += "\r\n";
  if (!head_only) out += response.body;
  return out;
}

HttpServer::HttpServer(asio::io_context& io, MetricsSettings settings, Route route)
    : io_(io), settings_(std::move(settings)), route_(std::move(route)), acceptor_(io) {}

HttpServer::~HttpServer() = default;

Result<void> HttpServer::start() {
  const ListenAddress& where = settings_.listen;
  std::string name = fmt::format("{}:{}", where.host, where.port);
  asio::error_code ec;
  auto address = asio::ip::make_address(where.host, ec);
  if (ec) return Error{fmt::format("cannot listen on {}: invalid address", name)};
  asio::ip::tcp::endpoint endpoint(address, where.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    asio::error_code ignored;
    acceptor_.close(ignored);
    return Error{fmt::format("cannot listen on {}: {}", name, ec.message())};
  }
  spdlog::info("listening on {} (HTTP: /metrics, /health)", name);
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
  return Ok{};
}

void HttpServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    asio::error_code ignored;
    acceptor_.close(ignored);
  });
}

unsigned short HttpServer::port() const {
  asio::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

asio::awaitable<void> HttpServer::accept_loop() {
  while (acceptor_.is_open()) {
    auto [ec, socket] =
        co_await acceptor_.async_accept(asio::make_strand(io_), as_tuple(use_awaitable));
    if (ec) {
      if (!acceptor_.is_open() || ec == asio::error::operation_aborted) co_return;
      asio::steady_timer pause(io_, std::chrono::milliseconds(100));
      co_await pause.async_wait(as_tuple(use_awaitable));
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::serve(asio::ip::tcp::socket socket) {
  asio::steady_timer deadline(socket.get_executor(), settings_.timeout);
  auto exchange = [&]() -> asio::awaitable<void> {
    asio::streambuf buffer(settings_.max_request);
    auto [ec, n] =
        co_await asio::async_read_until(socket, buffer, "\r\n\r\n", as_tuple(use_awaitable));
    HttpResponse response;
    bool head_only = false;
    if (ec == asio::error::not_found) {
      response = plain(431, "request too large\n");
    } else if (ec) {
      co_return;  // the client went away
    } else {
      std::string head(asio::buffers_begin(buffer.data()),
                       asio::buffers_begin(buffer.data()) + static_cast<std::ptrdiff_t>(n));
      response = answer_http_request(head, route_, &head_only);
    }
    std::string out = render_http_response(response, head_only);
    co_await asio::async_write(socket, asio::buffer(out), as_tuple(use_awaitable));
    asio::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  };
  // Whichever ends first: the exchange, or the deadline (slow or silent client).
  co_await (exchange() || deadline.async_wait(as_tuple(use_awaitable)));
  asio::error_code ignored;
  socket.close(ignored);
}

}  // namespace petrel::net
