// imap_bulk: the `bulk` scenario's load generator (issue 7). Logs in,
// selects a mailbox and downloads one message R times with
// FETCH n (BODY.PEEK[]), each literal read with large reads into one reused
// buffer, and prints one JSON line:
//   {"tls":false,"rounds":5,"literal_bytes":20971520,"bytes":104857600,
//    "seconds":0.081,"mb_s":1294.5,"best_round_mb_s":1402.1}
// MB is 10^6 bytes; "bytes" counts literal bytes only. Every round must
// return the same literal size (--expect-bytes, when given) or it fails.
//
// With --command C (the `sync` scenario) it runs C instead, once, after
// SELECT, and prints {"seconds":0.61,"untagged":100002,"literal_bytes":0}:
// a Python client reading a full sync's 100,000 responses spent more CPU
// than the server writing them, and timed itself.
//
//   imap_bulk --port P [--host H] [--tls] --user U --password W
//             [--mailbox M] [--message N] [--rounds R] [--warmup W] [--expect-bytes B]
//             [--command C]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "byte_stream.h"
#include "imap_connection.h"

namespace {

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  bool tls = false;
  std::string user;
  std::string password;
  std::string mailbox = "INBOX";
  unsigned message = 1;
  unsigned rounds = 5;
  unsigned warmup = 1;  // untimed rounds first: page cache and allocator settle
  long long expect_bytes = -1;
  std::string command;  // timed once instead of the FETCH of one message
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (key == "--tls") {
      o.tls = true;
      continue;
    }
    if (i + 1 >= argc) throw std::runtime_error("missing value after " + key);
    const std::string value = argv[++i];
    if (key == "--host")
      o.host = value;
    else if (key == "--port")
      o.port = std::stoi(value);
    else if (key == "--user")
      o.user = value;
    else if (key == "--password")
      o.password = value;
    else if (key == "--mailbox")
      o.mailbox = value;
    else if (key == "--message")
      o.message = static_cast<unsigned>(std::stoul(value));
    else if (key == "--rounds")
      o.rounds = static_cast<unsigned>(std::stoul(value));
    else if (key == "--warmup")
      o.warmup = static_cast<unsigned>(std::stoul(value));
    else if (key == "--expect-bytes")
      o.expect_bytes = std::stoll(value);
    else if (key == "--command")
      o.command = value;
    else
      throw std::runtime_error("unknown option " + key);
  }
  if (o.port <= 0 || o.user.empty() || o.rounds == 0)
    throw std::runtime_error("usage: imap_bulk --port P --user U --password W [--tls] ...");
  return o;
}

// An IMAP quoted string (RFC 9051 4.3).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

int run(const Options& o) {
  bench::ByteStream stream(o.host, o.port, o.tls);
  bench::ImapConnection imap(stream);
  std::vector<char> literal;
  imap.run("LOGIN " + quoted(o.user) + ' ' + quoted(o.password), literal);
  imap.run("SELECT " + quoted(o.mailbox), literal);
  if (!o.command.empty()) {
    const auto start = std::chrono::steady_clock::now();
    const std::uint64_t literal_bytes = imap.run(o.command, literal);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::uint64_t untagged = imap.untagged();
    imap.run("LOGOUT", literal);
    std::printf("{\"seconds\":%.6f,\"untagged\":%llu,\"literal_bytes\":%llu}\n", seconds,
                static_cast<unsigned long long>(untagged),
                static_cast<unsigned long long>(literal_bytes));
    return 0;
  }
  const std::string fetch = "FETCH " + std::to_string(o.message) + " (BODY.PEEK[])";

  long long size = o.expect_bytes;
  auto fetch_once = [&] {
    const auto got = static_cast<long long>(imap.run(fetch, literal));
    if (size < 0 && got > 0) size = got;
    if (got != size)
      throw std::runtime_error("fetched " + std::to_string(got) + " bytes, expected " +
                               std::to_string(size));
  };
  for (unsigned i = 0; i < o.warmup; ++i) fetch_once();

  using Clock = std::chrono::steady_clock;
  double total = 0;
  double best = 1e300;
  for (unsigned i = 0; i < o.rounds; ++i) {
    const auto start = Clock::now();
    fetch_once();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    total += seconds;
    best = std::min(best, seconds);
  }
  imap.run("LOGOUT", literal);
  const double bytes = static_cast<double>(size) * o.rounds;
  std::printf(
      "{\"tls\":%s,\"rounds\":%u,\"literal_bytes\":%lld,\"bytes\":%.0f,\"seconds\":%.6f,"
      "\"mb_s\":%.1f,\"best_round_mb_s\":%.1f}\n",
      o.tls ? "true" : "false", o.rounds, size, bytes, total, bytes / total / 1e6,
      static_cast<double>(size) / best / 1e6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "imap_bulk: %s\n", e.what());
    return 1;
  }
}
