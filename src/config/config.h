#pragma once
// Server configuration: the embedded default, optionally overridden by a TOML
// file. Every limit and timeout the server enforces is a field here.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

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
  bool allow_plaintext_auth = false;      // loopback clients may always log in without TLS
  std::chrono::seconds login_cache{300};  // remember successful logins; 0 disables
  std::vector<std::string> admins;        // may SETQUOTA (RFC 9208 4.1.3) for any user
};

// LMTP (RFC 2033): where the MTA hands mail over.
struct LmtpSettings {
  ListenAddress listen{"127.0.0.1", 1024};          // host empty: no TCP listener
  std::filesystem::path socket;                     // a unix socket path; empty: none
  std::size_t max_message_size = 64 * 1024 * 1024;  // SIZE (RFC 1870)
  std::size_t max_recipients = 100;                 // RFC 5321 4.5.3.1.8: at least 100
  std::size_t max_command_line = 2048;              // RFC 5321 4.5.3.1.4: at least 512
  std::size_t max_data_line = 64 * 1024;            // RFC 5321 4.5.3.1.6: at least 1000
  std::chrono::seconds timeout{300};                // RFC 5321 4.5.3.2.7: at least 5 minutes
  bool enabled() const { return listen.enabled() || !socket.empty(); }
};

// Per-user limits (RFC 9208). 0 in the file means unlimited.
struct QuotaSettings {
  uint64_t storage = 0;  // bytes
  uint64_t messages = 0;
  // Over quota, LMTP answers 452 4.2.2 and `petrel deliver` exits 75 (the
  // MTA retries) instead of 552 5.2.2 and 77 (the MTA bounces).
  bool full_tempfail = false;
};

// When the store writes the full-text index of new mail (docs/configuration.md).
struct SearchSettings {
  std::chrono::milliseconds index_delay{1000};      // quiet time after the last write
  std::chrono::milliseconds index_max_wait{10000};  // at the latest, under steady writes
  std::size_t index_batch = 50;                     // messages per transaction
};

// The HTTP endpoint for /metrics and /health (docs/operations.md).
struct MetricsSettings {
  ListenAddress listen{"127.0.0.1", 9143};  // disabled when the host is empty
  std::size_t max_request = 8 * 1024;       // bytes of one request's line and headers
  std::chrono::seconds timeout{10};         // to receive a request and send the reply
};

// The SQLite store keeps a user's store open for a while after the user's
// last session ends, so a reconnecting client does not reopen it
// (docs/architecture.md, "Store lifetime").
struct StoreSettings {
  std::size_t idle_stores = 128;              // stores kept open unused; 0: none
  std::chrono::seconds idle_store_time{300};  // how long one stays open unused; 0: none
  // Bytes of WAL file an open store keeps after a checkpoint; a burst of
  // writes grows the file beyond it, and the next reset cuts it back.
  std::uint64_t wal_size_limit = 64 << 20;
  // Bytes per database page of a user store created from now on (existing
  // stores keep theirs). Larger pages mean fewer reads per message and a
  // denser metadata table; each small commit writes a few whole pages.
  std::uint32_t page_size = 4096;
  // Threads that read the rows of a large FETCH (4,000 messages or more,
  // with ENVELOPE, BODY or BODYSTRUCTURE) ahead of it, so that a cold sync
  // has several disk reads in flight; 0: none.
  std::size_t read_ahead_threads = 8;
  // Bytes at the start of a store file that the connection streaming large
  // messages from it maps into memory (PRAGMA mmap_size): a read of a mapped
  // page is a copy, not a system call and two copies. 0 reads with pread
  // only. SQLite caps it at 2 GiB (its build's SQLITE_MAX_MMAP_SIZE).
  std::uint64_t mmap_size = std::uint64_t{1} << 30;
  // The summary rows a full sync reads are rewritten into consecutive pages
  // once those written since the last rewrite number this many and this
  // percentage of the messages (sqlite/summary_layout.h); percent 0: never.
  std::uint32_t summary_rewrite_percent = 25;
  std::uint64_t summary_rewrite_min_rows = 2000;
  // WAL checkpoints run on a thread of their own, not on a store's writer:
  // asked for once the WAL holds this many pages (frames) ...
  std::uint64_t checkpoint_pages = 1000;
  // ... and past this many the writer copies the rest that thread left
  // (writes that never pause keep it from catching up by itself).
  std::uint64_t checkpoint_fallback_pages = 4000;
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
  LmtpSettings lmtp;
  QuotaSettings quota;
  SearchSettings search;
  MetricsSettings metrics;
  StoreSettings store;

  std::filesystem::path cert_path() const;
  std::filesystem::path key_path() const;
};

// Reads a TOML file over the embedded default. Unknown keys are errors, so a
// typo does not silently leave a default in place.
Result<Config> load_config(const std::filesystem::path& file);

Result<ListenAddress> parse_listen_address(std::string_view text);

}  // namespace petrel
