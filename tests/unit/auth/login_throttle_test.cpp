#include "auth/login_throttle.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "auth/address_key.h"

namespace petrel::auth {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  LoginThrottle::Clock fn() {
    return [this] { return now; };
  }
};

TEST(LoginThrottle, DelayDoublesUpToTheCap) {
  FakeClock clock;
  LoginThrottle throttle({}, clock.fn());
  std::vector<milliseconds> delays;
  for (int i = 0; i < 7; ++i) delays.push_back(throttle.record_failure("192.0.2.1"));
  EXPECT_EQ(delays,
            (std::vector<milliseconds>{milliseconds(500), milliseconds(1000), milliseconds(2000),
                                       milliseconds(4000), milliseconds(5000), milliseconds(5000),
                                       milliseconds(5000)}));
  // Other addresses are unaffected.
  EXPECT_EQ(throttle.record_failure("192.0.2.2"), milliseconds(500));
}

TEST(LoginThrottle, DelayNeverOverflows) {
  FakeClock clock;
  LoginThrottle throttle({.max_failures = 1000, .max_delay = milliseconds(60'000)}, clock.fn());
  milliseconds d{};
  for (int i = 0; i < 200; ++i) d = throttle.record_failure("a");
  EXPECT_EQ(d, milliseconds(60'000));
}

TEST(LoginThrottle, BlocksAfterMaxFailuresWithinWindow) {
  FakeClock clock;
  LoginThrottle throttle({.max_failures = 3, .window = seconds(60)}, clock.fn());
  EXPECT_FALSE(throttle.blocked("192.0.2.1"));
  throttle.record_failure("192.0.2.1");
  throttle.record_failure("192.0.2.1");
  EXPECT_FALSE(throttle.blocked("192.0.2.1"));
  clock.now += seconds(59);
  throttle.record_failure("192.0.2.1");
  EXPECT_TRUE(throttle.blocked("192.0.2.1"));
  EXPECT_FALSE(throttle.blocked("192.0.2.2"));

  // Still guessing while blocked keeps it blocked ...
  clock.now += seconds(50);
  throttle.record_failure("192.0.2.1");
  clock.now += seconds(50);
  EXPECT_TRUE(throttle.blocked("192.0.2.1"));
  // ... until a whole window passes quietly.
  clock.now += seconds(10);
  EXPECT_FALSE(throttle.blocked("192.0.2.1"));
  EXPECT_EQ(throttle.record_failure("192.0.2.1"), milliseconds(500));  // counting restarts
}

TEST(LoginThrottle, SuccessResets) {
  FakeClock clock;
  LoginThrottle throttle({.max_failures = 2}, clock.fn());
  throttle.record_failure("192.0.2.1");
  throttle.record_failure("192.0.2.1");
  EXPECT_TRUE(throttle.blocked("192.0.2.1"));
  throttle.record_success("192.0.2.1");
  EXPECT_FALSE(throttle.blocked("192.0.2.1"));
  EXPECT_EQ(throttle.size(), 0u);
  EXPECT_EQ(throttle.record_failure("192.0.2.1"), milliseconds(500));
  throttle.record_success("198.51.100.1");  // unknown address: no effect
  EXPECT_EQ(throttle.size(), 1u);
}

TEST(LoginThrottle, OldEntriesExpire) {
  FakeClock clock;
  LoginThrottle throttle({.window = seconds(300)}, clock.fn());
  for (int i = 0; i < 100; ++i) throttle.record_failure("10.0.0." + std::to_string(i));
  EXPECT_EQ(throttle.size(), 100u);
  clock.now += seconds(200);
  throttle.record_failure("10.0.1.1");
  EXPECT_EQ(throttle.size(), 101u);
  clock.now += seconds(100);
  throttle.record_failure("10.0.1.2");  // the first 100 are now a window old
  EXPECT_EQ(throttle.size(), 2u);
}

TEST(LoginThrottle, TableSizeIsBoundedEvictingOldest) {
  FakeClock clock;
  LoginThrottle throttle({.max_failures = 2, .max_entries = 3}, clock.fn());
  for (const char* a : {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
    throttle.record_failure(a);
    throttle.record_failure(a);
    clock.now += seconds(1);
  }
  throttle.record_failure("10.0.0.1");  // refreshes .1, so .2 is now the oldest
  throttle.record_failure("10.0.0.4");
  EXPECT_EQ(throttle.size(), 3u);
  EXPECT_TRUE(throttle.blocked("10.0.0.1"));
  EXPECT_FALSE(throttle.blocked("10.0.0.2"));
  EXPECT_TRUE(throttle.blocked("10.0.0.3"));
}

TEST(LoginThrottle, GroupsIpv6By64AndMappedIpv4) {
  FakeClock clock;
  LoginThrottle throttle({.max_failures = 2}, clock.fn());
  throttle.record_failure("2001:db8:1:2::1");
  throttle.record_failure("2001:db8:1:2:ffff:ffff:ffff:ffff");
  EXPECT_TRUE(throttle.blocked("2001:db8:1:2::99"));
  EXPECT_FALSE(throttle.blocked("2001:db8:1:3::1"));

  throttle.record_failure("::ffff:192.0.2.1");
  throttle.record_failure("192.0.2.1");
  EXPECT_TRUE(throttle.blocked("192.0.2.1"));
}

TEST(ThrottleKey, Forms) {
  EXPECT_EQ(throttle_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(throttle_key("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(throttle_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("fe80::1%eth0"), "fe80::/64");
  EXPECT_EQ(throttle_key("::1"), "::/64");
  EXPECT_EQ(throttle_key("not an address"), "not an address");
  EXPECT_EQ(throttle_key(""), "");
}

TEST(LoginThrottle, ThreadSafe) {
  LoginThrottle throttle({.max_failures = 1'000'000, .max_entries = 50});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string a = "10.0." + std::to_string(t) + "." + std::to_string(i % 100);
        throttle.record_failure(a);
        (void)throttle.blocked(a);
        if (i % 7 == 0) throttle.record_success(a);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(throttle.size(), 50u);
}

}  // namespace
}  // namespace petrel::auth
