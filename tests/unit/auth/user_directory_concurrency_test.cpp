// Readers in several threads (the server) while another directory object
// (the CLI) keeps rewriting the file: readers must always see a complete
// file, never a torn or empty one.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth/user_directory.h"
#include "temp_dir.h"

namespace petrel::auth {
namespace {

constexpr const char* kSha512 =
    "$6$Petrel.salt.0001$7KQH39Mj2Vn2EKsrXxlIDRe00KoPglefFmNhM/"
    "9JJdR5D6b9EkftHXZ3Sgi77MgRdbxEy3ktOCZtO1nWofQua/";  // "Tr0ub4dor&3"
constexpr const char* kBcrypt =
    "$2b$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";  // "Tr0ub4dor&3"

TEST(UserDirectoryConcurrency, ReadersSeeConsistentFileWhileWriterRewrites) {
  testing::TempDir tmp;
  UserDirectory writer(tmp.path());
  ASSERT_TRUE(writer.add_hashed("alice", kSha512).ok());
  UserDirectory server(tmp.path());

  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      int i = 0;
      while (!stop.load()) {
        if (!server.exists("alice")) ++failures;
        auto names = server.list();
        if (!names.ok() || names->empty() || names->front() != "alice") ++failures;
        // A few real verifications; each costs a (cheap-parameter) hash.
        if (i++ % 8 == t && !server.verify("alice", "Tr0ub4dor&3")) ++failures;
        ++reads;
      }
    });
  }

  // Two writer threads churn other users, racing for the lock; then alice's
  // hash is replaced (same password, new salt) a few times.
  auto churn = [&](const std::string& prefix) {
    for (int i = 0; i < 40; ++i) {
      std::string name = prefix + std::to_string(i);
      if (!writer.add_hashed(name, i % 2 ? kSha512 : kBcrypt).ok()) ++failures;
      if (i % 3 == 0 && !writer.remove(name).ok()) ++failures;
    }
  };
  std::thread second(churn, "bob");
  churn("carol");
  second.join();
  for (int i = 0; i < 3; ++i) {
    if (!writer.set_password("alice", "Tr0ub4dor&3").ok()) ++failures;
  }
  stop = true;
  for (auto& r : readers) r.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  // 2 writers x 40 added, 14 each removed, plus alice.
  auto names = server.list();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 2u * (40 - 14) + 1);
  EXPECT_TRUE(server.verify("alice", "Tr0ub4dor&3"));
}

}  // namespace
}  // namespace petrel::auth
