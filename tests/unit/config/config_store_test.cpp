// The [store] table: how many user stores stay open unused, and how long.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "config/config.h"

namespace petrel {
namespace {

Result<Config> load_text(const std::string& text) {
  auto path = std::filesystem::temp_directory_path() /
              ("petrel-store-config-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(path) << text;
  auto c = load_config(path);
  std::filesystem::remove(path);
  return c;
}

TEST(StoreConfig, DefaultKeeps128StoresFor300Seconds) {
  Config c;
  EXPECT_EQ(c.store.idle_stores, 128u);
  EXPECT_EQ(c.store.idle_store_time, std::chrono::seconds(300));
  auto empty = load_text("");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->store.idle_stores, 128u);
  EXPECT_EQ(empty->store.wal_size_limit, 64u << 20);
  EXPECT_EQ(empty->store.page_size, 4096u);
}

TEST(StoreConfig, PageSizeIsAPowerOfTwoSQLiteAccepts) {
  for (const char* size : {"512", "4096", "65536"}) {
    auto c = load_text(std::string("[store]\npage_size = ") + size + "\n");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->store.page_size, static_cast<uint32_t>(std::stoul(size)));
  }
}

TEST(StoreConfig, MmapSizeDefaultsToOneGibAndZeroTurnsItOff) {
  auto empty = load_text("");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->store.mmap_size, uint64_t{1} << 30);
  for (const char* size : {"0", "268435456", "1099511627776"}) {
    auto c = load_text(std::string("[store]\nmmap_size = ") + size + "\n");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->store.mmap_size, std::stoull(size));
  }
  EXPECT_FALSE(load_text("[store]\nmmap_size = -1\n").ok());
  EXPECT_FALSE(load_text("[store]\nmmap_size = \"big\"\n").ok());
}

TEST(StoreConfig, ReadAheadThreadsDefaultToEightAndAreBounded) {
  auto empty = load_text("");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->store.read_ahead_threads, 8u);
  for (const char* n : {"0", "1", "64"}) {
    auto c = load_text(std::string("[store]\nread_ahead_threads = ") + n + "\n");
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->store.read_ahead_threads, std::stoul(n));
  }
  auto big = load_text("[store]\nread_ahead_threads = 65\n");
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("store.read_ahead_threads must be between 0 and 64"),
            std::string::npos);
  EXPECT_FALSE(load_text("[store]\nread_ahead_threads = -1\n").ok());
}

TEST(StoreConfig, SummaryRewriteThresholdsAreReadAndBounded) {
  auto empty = load_text("");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(empty->store.summary_rewrite_percent, 25u);
  EXPECT_EQ(empty->store.summary_rewrite_min_rows, 2000u);
  auto c = load_text("[store]\nsummary_rewrite_percent = 0\nsummary_rewrite_min_rows = 1\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->store.summary_rewrite_percent, 0u);
  EXPECT_EQ(c->store.summary_rewrite_min_rows, 1u);
  auto percent = load_text("[store]\nsummary_rewrite_percent = 101\n");
  ASSERT_FALSE(percent.ok());
  EXPECT_NE(percent.error().message.find("store.summary_rewrite_percent must be between 0 and 100"),
            std::string::npos);
  auto rows = load_text("[store]\nsummary_rewrite_min_rows = 0\n");
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.error().message.find("store.summary_rewrite_min_rows must be between 1"),
            std::string::npos);
  EXPECT_FALSE(load_text("[store]\nsummary_rewrite_percent = -1\n").ok());
}

TEST(StoreConfig, WalSizeLimitIsReadAndBounded) {
  auto c = load_text("[store]\nwal_size_limit = 0\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->store.wal_size_limit, 0u);
  auto big = load_text("[store]\nwal_size_limit = 1099511627776\n");
  ASSERT_TRUE(big.ok()) << big.error().message;
  EXPECT_EQ(big->store.wal_size_limit, uint64_t{1} << 40);
}

TEST(StoreConfig, CheckpointThresholdsAreReadAndBounded) {
  Config d;
  EXPECT_EQ(d.store.checkpoint_pages, 1000u);
  EXPECT_EQ(d.store.checkpoint_fallback_pages, 4000u);
  auto c = load_text("[store]\ncheckpoint_pages = 1\ncheckpoint_fallback_pages = 1\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->store.checkpoint_pages, 1u);
  EXPECT_EQ(c->store.checkpoint_fallback_pages, 1u);
  auto big =
      load_text("[store]\ncheckpoint_pages = 1073741824\ncheckpoint_fallback_pages = 1073741824\n");
  ASSERT_TRUE(big.ok()) << big.error().message;
  EXPECT_EQ(big->store.checkpoint_fallback_pages, 1u << 30);
}

TEST(StoreConfig, KeysAreReadAndZeroDisables) {
  auto c = load_text("[store]\nidle_stores = 7\nidle_store_seconds = 42\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->store.idle_stores, 7u);
  EXPECT_EQ(c->store.idle_store_time, std::chrono::seconds(42));
  auto off = load_text("[store]\nidle_store_seconds = 0\n");
  ASSERT_TRUE(off.ok()) << off.error().message;
  EXPECT_EQ(off->store.idle_store_time.count(), 0);
  auto none = load_text("[store]\nidle_stores = 0\n");
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_EQ(none->store.idle_stores, 0u);
  auto limits = load_text("[store]\nidle_stores = 100000\nidle_store_seconds = 86400\n");
  EXPECT_TRUE(limits.ok()) << limits.error().message;
}

TEST(StoreConfig, BadValuesAreOneLineErrors) {
  struct Case {
    const char* text;
    const char* expect;
  } cases[] = {
      {"[store]\nidle_stores = -1\n", "'store.idle_stores' has the wrong type"},
      {"[store]\nidle_stores = \"many\"\n", "'store.idle_stores' has the wrong type"},
      {"[store]\nidle_store_seconds = 1.5\n", "'store.idle_store_seconds' has the wrong type"},
      {"[store]\nidle_stores = 100001\n", "store.idle_stores must be at most 100000"},
      {"[store]\nidle_store_seconds = 86401\n", "store.idle_store_seconds must be at most 86400"},
      {"[store]\nidle_store_seconds = 9223372036854775807\n", "at most 86400"},
      {"[store]\nidle = 1\n", "unknown config key 'store.idle'"},
      {"[store]\nwal_size_limit = -1\n", "'store.wal_size_limit' has the wrong type"},
      {"[store]\nwal_size_limit = 1099511627777\n", "store.wal_size_limit must be at most"},
      {"[store]\npage_size = 256\n", "store.page_size must be a power of two from 512 to 65536"},
      {"[store]\npage_size = 131072\n", "store.page_size must be a power of two"},
      {"[store]\npage_size = 10000\n", "store.page_size must be a power of two"},
      {"[store]\npage_size = -4096\n", "'store.page_size' has the wrong type"},
      {"[store]\ncheckpoint_pages = 0\n", "store.checkpoint_pages must be between 1 and"},
      {"[store]\ncheckpoint_pages = 1073741825\ncheckpoint_fallback_pages = 1073741825\n",
       "store.checkpoint_pages must be between 1 and"},
      {"[store]\ncheckpoint_pages = -5\n", "'store.checkpoint_pages' has the wrong type"},
      {"[store]\ncheckpoint_pages = 5000\n",
       "store.checkpoint_fallback_pages must be between store.checkpoint_pages"},
      {"[store]\ncheckpoint_fallback_pages = 1073741825\n",
       "store.checkpoint_fallback_pages must be between"},
      {"store = 1\n", "'store' must be a table"},
  };
  for (const auto& c : cases) {
    auto r = load_text(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_NE(r.error().message.find(c.expect), std::string::npos)
        << c.text << " -> " << r.error().message;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace petrel
