#pragma once
// Server configuration: the embedded default, optionally overridden by a TOML
// file. Every limit and timeout the server enforces is a field here.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "util/result.h"

namespace petrel {

struct ListenAddress {
  std::string host;  // numeric IPv4/IPv6 address
  unsigned short port = 0;
  bool enabled() const { return !host.empty(); }
};

struct Limits {
  std::size_t max_line = 64 * 1024;
  std::size_t max_literal = 64 * 1024 * 1024;  // APPEND (APPENDLIMIT)
  std::size_t max_other_literal = 1024 * 1024;
  std::size_t max_command = 128 * 1024 * 1024;  // one (MULTI)APPEND, all literals together
  std::size_t max_depth = 64;
  std::size_t max_tag = 64;
  // Before login a client is unknown: lines and literals are bounded tighter.
  std::size_t preauth_max_line = 8 * 1024;
  std::size_t preauth_max_literal = 8 * 1024;
  std::size_t max_bad_commands = 50;  // consecutive BADs before BYE
  std::size_t max_connections = 10000;
  std::size_t max_connections_per_address = 100;
};

struct Timeouts {
  std::chrono::seconds preauth{60};
  // RFC 9051 5.4: the autologout timer is at least 30 minutes once authenticated.
  std::chrono::seconds authenticated{1800};
  std::chrono::seconds idle{1800};
  std::chrono::seconds shutdown_grace{10};
};

struct AuthSettings {
  unsigned max_failures = 10;
  std::chrono::seconds failure_window{300};
  std::chrono::milliseconds failure_base_delay{500};
  std::chrono::milliseconds failure_max_delay{5000};
  bool allow_plaintext_auth = false;  // loopback clients may always log in without TLS
};

// The HTTP endpoint for /metrics and /health (docs/operations.md).
struct MetricsSettings {
  ListenAddress listen{"127.0.0.1", 9143};  // disabled when the host is empty
  std::size_t max_request = 8 * 1024;       // bytes of one request's line and headers
  std::chrono::seconds timeout{10};         // to receive a request and send the reply
};

struct Config {
  std::filesystem::path data_dir = "petrel-data";
  std::string log_level = "info";
  std::string log_file;  // empty: stderr
  ListenAddress imap{"127.0.0.1", 1143};
  ListenAddress imap_tls{"127.0.0.1", 1993};
  std::filesystem::path tls_cert;  // empty: <data_dir>/tls/cert.pem, generated
  std::filesystem::path tls_key;
  unsigned io_threads = 0;  // 0: one per core
  Limits limits;
  Timeouts timeouts;
  AuthSettings auth;
  MetricsSettings metrics;

  std::filesystem::path cert_path() const;
  std::filesystem::path key_path() const;
};

// Reads a TOML file over the embedded default. Unknown keys are errors, so a
// typo does not silently leave a default in place.
Result<Config> load_config(const std::filesystem::path& file);

Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace petrel
