#include "auth/login_cache.h"

#include <gtest/gtest.h>

#include "auth/password_hash.h"
#include "auth/user_directory.h"
#include "temp_dir.h"

namespace petrel::auth {
namespace {

using namespace std::chrono_literals;

TEST(LoginCache, RemembersOnlyTheVerifiedPasswordForTheSameHash) {
  LoginCache cache(60s, 10);
  auto now = LoginCache::Clock::now();
  EXPECT_FALSE(cache.hit("alice", "$y$h1", "secret", now));
  cache.remember("alice", "$y$h1", "secret", now);
  EXPECT_TRUE(cache.hit("alice", "$y$h1", "secret", now + 1s));
  EXPECT_FALSE(cache.hit("alice", "$y$h1", "Secret", now + 1s));  // another password
  EXPECT_FALSE(cache.hit("bob", "$y$h1", "secret", now + 1s));    // another user
  EXPECT_FALSE(cache.hit("alice", "$y$h2", "secret", now + 1s));  // password changed
  // The changed hash dropped the entry: the old hash no longer hits either.
  EXPECT_FALSE(cache.hit("alice", "$y$h1", "secret", now + 1s));
}

TEST(LoginCache, EntriesExpire) {
  LoginCache cache(10s, 10);
  auto now = LoginCache::Clock::now();
  cache.remember("alice", "h", "pw", now);
  EXPECT_TRUE(cache.hit("alice", "h", "pw", now + 9s));
  EXPECT_FALSE(cache.hit("alice", "h", "pw", now + 10s));
}

TEST(LoginCache, ZeroTtlDisables) {
  LoginCache cache(0s, 10);
  cache.remember("alice", "h", "pw");
  EXPECT_FALSE(cache.hit("alice", "h", "pw"));
  EXPECT_EQ(cache.size(), 0u);
}

TEST(LoginCache, StaysWithinItsSize) {
  LoginCache cache(60s, 3);
  for (int i = 0; i < 10; ++i) cache.remember("user" + std::to_string(i), "h", "pw");
  EXPECT_LE(cache.size(), 3u);
  EXPECT_TRUE(cache.hit("user9", "h", "pw"));  // the newest always fits
}

TEST(LoginCache, UserDirectorySeesPasswordChangesAtOnce) {
  testing::TempDir dir;
  UserDirectory users(dir.path());
  users.enable_login_cache(300s);
  ASSERT_TRUE(users.add("alice", "old-password").ok());
  EXPECT_TRUE(users.verify("alice", "old-password"));
  EXPECT_TRUE(users.verify("alice", "old-password"));  // from the cache
  ASSERT_TRUE(users.set_password("alice", "new-password").ok());
  EXPECT_FALSE(users.verify("alice", "old-password"));
  EXPECT_TRUE(users.verify("alice", "new-password"));
  ASSERT_TRUE(users.remove("alice").ok());
  EXPECT_FALSE(users.verify("alice", "new-password"));
}

}  // namespace
}  // namespace petrel::auth
