// The [metrics] table: the HTTP endpoint for /metrics and /health.
#include <gtest/gtest.h>

#include <fstream>

#include "config/config.h"

namespace petrel {
namespace {

Result<Config> load_text(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("petrel-metrics-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  auto c = load_config(path);
  std::filesystem::remove(path);
  return c;
}

TEST(MetricsConfig, DefaultIsLoopback9143) {
  Config c;
  EXPECT_EQ(c.metrics.listen.host, "127.0.0.1");
  EXPECT_EQ(c.metrics.listen.port, 9143);
  EXPECT_EQ(c.metrics.max_request, 8192u);
  EXPECT_EQ(c.metrics.timeout.count(), 10);
}

TEST(MetricsConfig, KeysAreReadAndCanDisable) {
  auto c = load_text(
      "[metrics]\nlisten = \"127.0.0.1:9999\"\nmax_request = 4096\ntimeout_seconds = 3\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->metrics.listen.port, 9999);
  EXPECT_EQ(c->metrics.max_request, 4096u);
  EXPECT_EQ(c->metrics.timeout.count(), 3);
  auto off = load_text("[metrics]\nlisten = \"\"\n");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->metrics.listen.enabled());
}

TEST(MetricsConfig, BadValuesAreErrors) {
  EXPECT_FALSE(load_text("[metrics]\nlisten = \"x\"\n").ok());
  EXPECT_FALSE(load_text("[metrics]\nmax_request = 10\n").ok());
  EXPECT_FALSE(load_text("[metrics]\ntimeout_seconds = 0\n").ok());
  auto unknown = load_text("[metrics]\nport = 1\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("metrics.port"), std::string::npos);
}

}  // namespace
}  // namespace petrel
