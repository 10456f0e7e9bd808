#pragma once
// A small process-wide metrics registry, rendered in the Prometheus text
// format by the /metrics endpoint (net/http_server.h). Cheap to include: no
// Asio, no spdlog. Any code may count something:
//
//   petrel::metrics::deliveries().inc();
//   static auto& c = petrel::metrics::counter("petrel_x_total", "What x counts");
//   c.inc();
//
// Counters, gauges and histograms are created on first use and live for the
// whole process, so a reference may be kept (in a static) and used from any
// thread without locking; updating them is a relaxed atomic add. Label
// values must come from a small fixed set (command names, results), never
// from client input, so the number of series stays bounded.
#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace petrel::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Cumulative buckets with upper bounds in seconds (or any unit).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void observe(double value);
  const std::vector<double>& bounds() const { return bounds_; }
  // Non-cumulative count of bucket i (i == bounds().size(): +Inf).
  uint64_t bucket(size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  double sum() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micro_{0};  // sum in millionths, so it stays atomic
};

// The series `name` with `labels`, created on first use. A name is always
// the same kind; asking for it as another kind is a programming error
// (asserted).
Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
// Default buckets suit command latencies: 100 us to 10 s.
Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                     std::vector<double> bounds = {});

// Every series in the Prometheus text exposition format (version 0.0.4).
std::string render();

// ---- The server's well-known series ------------------------------------

Gauge& connections_current();
Counter& connections_total();
Counter& bytes_received();
Counter& bytes_sent();
Counter& logins();
Counter& auth_failures();
// Messages delivered (LMTP, petrel deliver); `ok` false for refused ones.
Counter& deliveries(bool ok = true);
// Commands refused before running: syntax errors, unknown commands.
Counter& commands_rejected();
// Creates every series above, so a scrape shows them at 0 before first use.
void register_well_known();
// One IMAP command completed, by registry name ("FETCH", "UID FETCH").
void observe_command(std::string_view name, double seconds);

}  // namespace petrel::metrics
