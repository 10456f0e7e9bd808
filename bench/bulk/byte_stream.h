#pragma once
// A client's byte stream to an IMAP server: a TCP socket, optionally under
// TLS (implicit TLS; the certificate is not verified: a loopback bench talks
// to a self-signed test server). Every failure throws std::runtime_error.
#include <openssl/ssl.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace bench {

class ByteStream {
 public:
  ByteStream(const std::string& host, int port, bool tls);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // Up to `size` bytes into `data`, at least one; throws at end of stream.
  std::size_t read_some(char* data, std::size_t size);
  void write_all(std::string_view data);

 private:
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
};

}  // namespace bench
