// The metrics registry and its Prometheus text rendering; the HTTP request
// handling of the /metrics endpoint.
#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <thread>

#include "net/http_server.h"

namespace petrel::metrics {
namespace {

TEST(Metrics, CountersGaugesAndHistogramsRender) {
  auto& c = counter("test_things_total", "Things counted", {{"kind", "a\"b"}});
  c.inc();
  c.inc(2);
  EXPECT_EQ(&c, &counter("test_things_total", "Things counted", {{"kind", "a\"b"}}));
  gauge("test_level", "A level").set(-4);
  auto& h = histogram("test_latency_seconds", "Latency", {}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.5);
  h.observe(7);
  std::string text = render();
  EXPECT_NE(text.find("# TYPE test_things_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("test_things_total{kind=\"a\\\"b\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("test_level -4\n"), std::string::npos);
  EXPECT_NE(text.find("test_latency_seconds_bucket{le=\"0.10000000000000001\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("test_latency_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("test_latency_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("test_latency_seconds_count 3\n"), std::string::npos);
  EXPECT_NE(text.find("test_latency_seconds_sum 7.5"), std::string::npos);
}

TEST(Metrics, WellKnownSeriesAreThreadSafe) {
  uint64_t before = deliveries().value();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([] {
      for (int i = 0; i < 1000; ++i) {
        deliveries().inc();
        observe_command("NOOP", 0.001);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(deliveries().value(), before + 4000);
  EXPECT_NE(render().find("petrel_deliveries_total{result=\"ok\"}"), std::string::npos);
  EXPECT_NE(render().find("petrel_commands_total{command=\"NOOP\"} 4000"), std::string::npos);
}

TEST(HttpRequest, RoutesGetAndRefusesTheRest) {
  auto route = [](std::string_view path) -> net::HttpResponse {
    if (path == "/health") return {200, "text/plain", "ok\n"};
    return {404, "text/plain", "nope\n"};
  };
  bool head = false;
  auto ok = net::answer_http_request("GET /health?x=1 HTTP/1.1\r\nHost: a\r\n\r\n", route, &head);
  EXPECT_EQ(ok.status, 200);
  EXPECT_FALSE(head);
  EXPECT_EQ(net::render_http_response(ok, false),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
            "Connection: close\r\n\r\nok\n");
  auto h = net::answer_http_request("HEAD /health HTTP/1.0\r\n\r\n", route, &head);
  EXPECT_TRUE(head);
  EXPECT_EQ(net::render_http_response(h, true).find("ok\n"), std::string::npos);
  EXPECT_EQ(net::answer_http_request("GET /x HTTP/1.1\r\n\r\n", route, &head).status, 404);
  EXPECT_EQ(net::answer_http_request("POST /health HTTP/1.1\r\n\r\n", route, &head).status, 405);
  EXPECT_EQ(net::answer_http_request("garbage\r\n\r\n", route, &head).status, 400);
  EXPECT_EQ(net::answer_http_request("GET /health SMTP\r\n\r\n", route, &head).status, 400);
}

}  // namespace
}  // namespace petrel::metrics
