#include "metrics/metrics.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <variant>

namespace petrel::metrics {
namespace {

enum class Kind { Counter, Gauge, Histogram };

struct Family {
  Kind kind;
  std::string help;
  // Rendered label set ("" or `a="b",c="d"`) -> series.
  std::map<std::string, std::unique_ptr<Counter>> counters;
  std::map<std::string, std::unique_ptr<Gauge>> gauges;
  std::map<std::string, std::unique_ptr<Histogram>> histograms;
};

struct Registry {
  std::mutex mutex;
  std::map<std::string, Family, std::less<>> families;
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: usable during exit
  return *r;
}

std::string escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string render_labels(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k + "=\"" + escape(v) + "\"";
  }
  return out;
}

Family& family(std::string_view name, std::string_view help, Kind kind) {
  Registry& r = registry();
  auto it = r.families.find(name);
  if (it == r.families.end()) {
    it = r.families.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}}).first;
  }
  assert(it->second.kind == kind);
  return it->second;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

std::string with(const std::string& labels, const std::string& extra) {
  if (labels.empty()) return "{" + extra + "}";
  return "{" + labels + "," + extra + "}";
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::observe(double value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) {
    sum_micro_.fetch_add(static_cast<uint64_t>(value * 1e6), std::memory_order_relaxed);
  }
}

double Histogram::sum() const {
  return static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6;
}

Counter& counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(registry().mutex);
  auto& slot = family(name, help, Kind::Counter).counters[render_labels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(registry().mutex);
  auto& slot = family(name, help, Kind::Gauge).gauges[render_labels(labels)];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels,
                     std::vector<double> bounds) {
  if (bounds.empty()) bounds = {0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10};
  std::lock_guard lock(registry().mutex);
  auto& slot = family(name, help, Kind::Histogram).histograms[render_labels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(std::move(bounds));
  return *slot;
}

std::string render() {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  std::string out;
  for (const auto& [name, f] : r.families) {
    static constexpr const char* kTypes[] = {"counter", "gauge", "histogram"};
    out += "# HELP " + name + " " + f.help + "\n";
    out += "# TYPE " + name + " " + kTypes[static_cast<int>(f.kind)] + "\n";
    auto braces = [](const std::string& labels) {
      return labels.empty() ? std::string() : "{" + labels + "}";
    };
    for (const auto& [labels, c] : f.counters) {
      out += name + braces(labels) + " " + std::to_string(c->value()) + "\n";
    }
    for (const auto& [labels, g] : f.gauges) {
      out += name + braces(labels) + " " + std::to_string(g->value()) + "\n";
    }
    for (const auto& [labels, h] : f.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= h->bounds().size(); ++i) {
        cumulative += h->bucket(i);
        double le = i < h->bounds().size() ? h->bounds()[i] : INFINITY;
        out += name + "_bucket" + with(labels, "le=\"" + number(le) + "\"") + " " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_sum" + braces(labels) + " " + number(h->sum()) + "\n";
      out += name + "_count" + braces(labels) + " " + std::to_string(h->count()) + "\n";
    }
  }
  return out;
}

Gauge& connections_current() {
  static Gauge& g = gauge("petrel_connections_current", "IMAP connections open now");
  return g;
}
Counter& connections_total() {
  static Counter& c = counter("petrel_connections_total", "IMAP connections accepted");
  return c;
}
Counter& bytes_received() {
  static Counter& c = counter("petrel_bytes_received_total", "Bytes read from IMAP clients");
  return c;
}
Counter& bytes_sent() {
  static Counter& c = counter("petrel_bytes_sent_total", "Bytes written to IMAP clients");
  return c;
}
Counter& logins() {
  static Counter& c = counter("petrel_logins_total", "Successful logins");
  return c;
}
Counter& auth_failures() {
  static Counter& c = counter("petrel_auth_failures_total", "Failed or refused logins");
  return c;
}
Counter& deliveries(bool ok) {
  static Counter& delivered =
      counter("petrel_deliveries_total", "Messages delivered or refused", {{"result", "ok"}});
  static Counter& refused =
      counter("petrel_deliveries_total", "Messages delivered or refused", {{"result", "refused"}});
  return ok ? delivered : refused;
}

Counter& commands_rejected() {
  static Counter& c = counter("petrel_commands_rejected_total",
                              "Commands refused by the parser (syntax, unknown command)");
  return c;
}

void register_well_known() {
  connections_current();
  connections_total();
  bytes_received();
  bytes_sent();
  logins();
  auth_failures();
  deliveries(true);
  deliveries(false);
  commands_rejected();
}

void observe_command(std::string_view name, double seconds) {
  // Few distinct names (the registry's), so the lookups stay cheap.
  Labels labels{{"command", std::string(name)}};
  counter("petrel_commands_total", "IMAP commands completed", labels).inc();
  histogram("petrel_command_duration_seconds", "IMAP command latency", labels).observe(seconds);
}

}  // namespace petrel::metrics
