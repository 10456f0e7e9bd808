#include "byte_stream.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace bench {

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

[[noreturn]] void fail_tls(const std::string& what) {
  char text[256];
  ERR_error_string_n(ERR_get_error(), text, sizeof text);
  throw std::runtime_error(what + ": " + text);
}

int connect_tcp(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (int rc = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found); rc != 0)
    throw std::runtime_error("resolve " + host + ": " + gai_strerror(rc));
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) fail("connect " + host + ":" + std::to_string(port));
  int one = 1;  // commands are small and each waits for its answer
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

ByteStream::ByteStream(const std::string& host, int port, bool tls) : fd_(connect_tcp(host, port)) {
  if (!tls) return;
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (!ctx_) fail_tls("SSL_CTX_new");
  SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  ssl_ = SSL_new(ctx_);
  if (!ssl_ || SSL_set_fd(ssl_, fd_) != 1) fail_tls("SSL_new");
  if (SSL_connect(ssl_) != 1) fail_tls("TLS handshake");
}

ByteStream::~ByteStream() {
  if (ssl_) SSL_free(ssl_);
  if (ctx_) SSL_CTX_free(ctx_);
  if (fd_ >= 0) close(fd_);
}

std::size_t ByteStream::read_some(char* data, std::size_t size) {
  if (ssl_) {
    std::size_t n = 0;
    if (SSL_read_ex(ssl_, data, size, &n) != 1) fail_tls("TLS read");
    return n;
  }
  for (;;) {
    ssize_t n = ::read(fd_, data, size);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) throw std::runtime_error("server closed the connection");
    if (errno != EINTR) fail("read");
  }
}

void ByteStream::write_all(std::string_view data) {
  while (!data.empty()) {
    std::size_t n = 0;
    if (ssl_) {
      if (SSL_write_ex(ssl_, data.data(), data.size(), &n) != 1) fail_tls("TLS write");
    } else {
      ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (sent < 0) {
        if (errno == EINTR) continue;
        fail("write");
      }
      n = static_cast<std::size_t>(sent);
    }
    data.remove_prefix(n);
  }
}

}  // namespace bench
