// kill -9 loses nothing acknowledged: a child process appends from several
// threads and reports each acknowledged UID through a pipe; the parent kills
// it with SIGKILL at a random moment, again and again, and then checks that
// every acknowledged message is there, byte-identical, under its UID, that
// no MULTIAPPEND is half-visible, and that check() finds no damage. Run
// twice: in WAL mode, and with the rollback journal of a bulk load (import).
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "store_fixture.h"

namespace petrel::store::testing {
namespace {

// What the child reports per acknowledged message; small enough that one
// write(2) to a pipe is atomic.
struct Ack {
  uint32_t uid;
  uint32_t thread;
  uint32_t seq;
  uint32_t part;
};

std::string body(uint32_t round, uint32_t thread, uint32_t seq, uint32_t part) {
  std::string text = "round " + std::to_string(round) + " thread " + std::to_string(thread) +
                     " seq " + std::to_string(seq) + " part " + std::to_string(part) + "\r\n";
  // Some size, so writes span pages.
  return text + std::string(300 + (seq * 37) % 3000, static_cast<char>('a' + seq % 26));
}

// The child: appends forever (until killed), 1 or 2 messages at a time.
[[noreturn]] void run_child(const std::filesystem::path& dir, int ack_fd, uint32_t round,
                            bool bulk_load) {
  SqliteStoreOptions options;
  options.bulk_load = bulk_load;
  auto store = open_sqlite_store(dir, options);
  if (!store.ok()) _exit(2);
  auto user = store.value()->open_user("alice");
  if (!user.ok()) _exit(3);
  std::vector<std::thread> threads;
  for (uint32_t t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (uint32_t seq = 0;; ++seq) {
        std::vector<NewMessage> batch;
        uint32_t parts = seq % 3 == 0 ? 2 : 1;
        for (uint32_t p = 0; p < parts; ++p) {
          NewMessage m;
          m.bytes = body(round, t, seq, p);
          batch.push_back(std::move(m));
        }
        auto r = user.value()->append("INBOX", std::move(batch));
        if (!r.ok()) _exit(4);
        for (uint32_t p = 0; p < r->uids.size(); ++p) {
          Ack ack{r->uids[p], t, seq, p};
          if (::write(ack_fd, &ack, sizeof ack) != sizeof ack) _exit(5);
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(10));  // never reached in a passing run
  _exit(6);
}

class SqliteDurabilityTest : public ::testing::TestWithParam<bool> {};

TEST_P(SqliteDurabilityTest, KillNineLosesNothingAcknowledged) {
  TempDir dir;
  std::mt19937 random(std::random_device{}());
  std::map<Uid, std::string> acknowledged;  // uid -> expected bytes
  constexpr uint32_t kRounds = 20;
  for (uint32_t round = 1; round <= kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      run_child(dir.path(), fds[1], round, GetParam());
    }
    ::close(fds[1]);
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(30, 150)(random)));
    ASSERT_EQ(::kill(pid, SIGKILL), 0);
    Ack ack;
    while (::read(fds[0], &ack, sizeof ack) == sizeof ack) {
      ASSERT_EQ(acknowledged.count(ack.uid), 0u) << "UID " << ack.uid << " given twice";
      acknowledged[ack.uid] = body(round, ack.thread, ack.seq, ack.part);
    }
    ::close(fds[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  }
  ASSERT_GT(acknowledged.size(), kRounds) << "the children should have got some work done";
  RecordProperty("acknowledged", static_cast<int>(acknowledged.size()));

  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store.ok());
  auto user = store.value()->open_user("alice").value();
  auto snap = user->select("INBOX").value();
  std::map<Uid, bool> present;
  for (const auto& m : snap.messages) present[m.uid] = true;
  for (const auto& [uid, bytes] : acknowledged) {
    ASSERT_TRUE(present.count(uid)) << "acknowledged UID " << uid << " is missing";
    ASSERT_EQ(user->read_message(snap.status.id, uid).value(), bytes) << "UID " << uid;
  }
  ASSERT_GT(snap.status.uidnext, acknowledged.rbegin()->first);
  // Unacknowledged but committed messages may exist; none may be torn: a
  // message whose header says "part 0" of a pair has its "part 1" next.
  for (size_t i = 0; i < snap.messages.size(); ++i) {
    std::string bytes = user->read_message(snap.status.id, snap.messages[i].uid).value();
    auto seq_at = bytes.find(" seq ");
    ASSERT_NE(seq_at, std::string::npos);
    uint32_t seq = static_cast<uint32_t>(std::stoul(bytes.substr(seq_at + 5)));
    if (seq % 3 == 0 && bytes.find(" part 0") != std::string::npos) {
      ASSERT_LT(i + 1, snap.messages.size());
      std::string next = user->read_message(snap.status.id, snap.messages[i + 1].uid).value();
      EXPECT_NE(next.find(" part 1"), std::string::npos)
          << "torn MULTIAPPEND at UID " << snap.messages[i].uid;
    }
  }
  auto report = user->check(false).value();
  EXPECT_TRUE(report.clean()) << ::testing::PrintToString(report.problems);
  store.value()->close();
}

INSTANTIATE_TEST_SUITE_P(JournalModes, SqliteDurabilityTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "BulkLoad" : "Wal"; });

}  // namespace
}  // namespace petrel::store::testing
