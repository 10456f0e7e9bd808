// Append throughput of the SQLite store with durability on (every append
// acknowledged only once synced): 10,000 small messages from 1 thread and
// from 10 threads, into an empty mailbox and into one holding 100,000.
//
//   bench_store_append [--dir DIR] [--messages N] [--prefill N] [--threads 1,10]
//
// DIR defaults to a fresh directory under $TMPDIR (removed afterwards); put
// it on the disk you mean to measure.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_store.h"

namespace {

using namespace petrel::store;
using Clock = std::chrono::steady_clock;

struct Options {
  std::filesystem::path dir;
  int messages = 10'000;
  int prefill = 100'000;
  std::vector<int> threads = {1, 10};
};

NewMessage small_message(int n) {
  NewMessage m;
  std::string id = std::to_string(n);
  m.bytes =
      "From: Alice <alice@example.org>\r\nTo: Bob <bob@example.org>\r\n"
      "Subject: benchmark message " +
      id +
      "\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
      "Message-ID: <" +
      id + "@bench.example.org>\r\n\r\n" + std::string(800, 'x') + "\r\n";
  m.internal_date = 1'704'103'200;
  m.parsed.envelope = "(\"Mon, 1 Jan 2024 10:00:00 +0000\" \"benchmark message " + id + "\")";
  m.parsed.bodystructure = "(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 802 1)";
  m.parsed.body = m.parsed.bodystructure;
  m.parsed.headers.subject = {"benchmark message " + id, "benchmark message " + id};
  m.parsed.headers.message_id = {"<" + id + "@bench.example.org>", ""};
  return m;
}

// Appends `total` messages, one per append, spread over `threads` threads;
// prints throughput and latency percentiles.
void run(UserStore& user, const std::string& label, int total, int threads) {
  std::vector<std::vector<double>> latencies(threads);
  std::vector<std::thread> workers;
  auto start = Clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = t; i < total; i += threads) {
        auto begin = Clock::now();
        std::vector<NewMessage> one;
        one.push_back(small_message(i));
        auto r = user.append("INBOX", std::move(one));
        if (!r.ok()) {
          std::fprintf(stderr, "append failed: %s\n", r.error().message.c_str());
          std::exit(1);
        }
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - begin).count());
      }
    });
  }
  for (auto& w : workers) w.join();
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) { return all[static_cast<size_t>(p * (all.size() - 1))]; };
  std::printf("%-28s threads=%2d  %6d msgs  %7.2f s  %8.0f msgs/s  p50 %6.2f ms  p99 %6.2f ms\n",
              label.c_str(), threads, total, seconds, total / seconds, pct(0.5), pct(0.99));
  std::fflush(stdout);
}

void prefill(UserStore& user, int count) {
  auto start = Clock::now();
  for (int done = 0; done < count;) {
    std::vector<NewMessage> batch;
    for (int i = 0; i < 1000 && done < count; ++i, ++done) batch.push_back(small_message(done));
    if (!user.append("INBOX", std::move(batch)).ok()) std::exit(1);
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("prefilled %d messages in %.1f s (MULTIAPPEND of 1000)\n", count, seconds);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--dir")
      o.dir = value;
    else if (flag == "--messages")
      o.messages = std::stoi(value);
    else if (flag == "--prefill")
      o.prefill = std::stoi(value);
    else if (flag == "--threads") {
      o.threads.clear();
      for (size_t pos = 0; pos < value.size();) {
        size_t comma = value.find(',', pos);
        o.threads.push_back(std::stoi(value.substr(pos, comma - pos)));
        pos = comma == std::string::npos ? value.size() : comma + 1;
      }
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  bool temporary = options.dir.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "petrel-bench-XXXXXX").string();
    options.dir = ::mkdtemp(pattern.data());
  }
  std::printf("data in %s; synchronous=FULL, WAL, one fsync per group commit\n",
              options.dir.c_str());
  auto store = open_sqlite_store(options.dir);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  for (int threads : options.threads) {
    auto user = store.value()->open_user("empty" + std::to_string(threads)).value();
    run(*user, "empty mailbox", options.messages, threads);
  }
  auto big = store.value()->open_user("big").value();
  prefill(*big, options.prefill);
  for (int threads : options.threads) {
    run(*big, std::to_string(options.prefill / 1000) + "k-message mailbox", options.messages,
        threads);
  }
  for (int i = 0; i < 3; ++i) {
    auto snapshot_start = Clock::now();
    auto snap = big->select("INBOX");
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - snapshot_start).count();
    std::printf("SELECT snapshot of %zu messages: %.1f ms\n", snap->messages.size(), ms);
  }
  store.value()->close();
  if (temporary) std::filesystem::remove_all(options.dir);
  return 0;
}
