#pragma once
// A minimal HTTP/1.1 server for /metrics and /health: GET (and HEAD) only,
// one request per connection, the request line and headers bounded by
// metrics.max_request, the whole exchange by metrics.timeout_seconds.
// Meant for a loopback address scraped by Prometheus, not for the internet.
#include <asio/awaitable.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <string>

#include "config/config.h"
#include "util/result.h"

namespace petrel::net {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Parses the request head (up to the blank line) and answers it; pure, so
// it is tested without sockets. `route` maps a path to a response.
HttpResponse answer_http_request(std::string_view head,
                                 const std::function<HttpResponse(std::string_view)>& route,
                                 bool* head_only);
// The bytes of `response` on the wire (Connection: close).
std::string render_http_response(const HttpResponse& response, bool head_only);

class HttpServer {
 public:
  using Route = std::function<HttpResponse(std::string_view path)>;
  HttpServer(asio::io_context& io, MetricsSettings settings, Route route);
  ~HttpServer();

  // Binds and starts accepting; an error names the address.
  Result<void> start();
  // Closes the listener; requests in flight end by their deadline.
  void stop();
  unsigned short port() const;

 private:
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(asio::ip::tcp::socket socket);

  asio::io_context& io_;
  MetricsSettings settings_;
  Route route_;
  asio::ip::tcp::acceptor acceptor_;
};

}  // namespace petrel::net
