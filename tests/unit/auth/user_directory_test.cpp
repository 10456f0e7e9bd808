#include "auth/user_directory.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <time.h>

#include <chrono>
#include <fstream>

#include "auth/password_hash.h"
#include "temp_dir.h"

namespace petrel::auth {
namespace {

using testing::TempDir;

constexpr const char* kSha512 =
    "$6$Petrel.salt.0001$7KQH39Mj2Vn2EKsrXxlIDRe00KoPglefFmNhM/"
    "9JJdR5D6b9EkftHXZ3Sgi77MgRdbxEy3ktOCZtO1nWofQua/";  // "Tr0ub4dor&3"
constexpr const char* kBcrypt =
    "$2b$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";  // "Tr0ub4dor&3"

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st;
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::trunc);
  out << text;
}

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(UserDirectory, EmptyWhenNothingExists) {
  TempDir tmp;
  UserDirectory users(tmp.path() / "data");
  auto names = users.list();
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_TRUE(names->empty());
  EXPECT_FALSE(users.exists("alice"));
  EXPECT_FALSE(users.verify("alice", "x"));
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "data"));  // reading creates nothing
}

TEST(UserDirectory, AddVerifyPasswdRemove) {
  TempDir tmp;
  std::filesystem::path data = tmp.path() / "nested" / "data";
  UserDirectory users(data);
  ASSERT_TRUE(users.add("Alice", "wonderland").ok());
  EXPECT_EQ(mode_of(data), 0700u);
  EXPECT_EQ(mode_of(data / "users"), 0600u);
  EXPECT_FALSE(std::filesystem::exists(data / "users.tmp"));

  EXPECT_TRUE(users.exists("alice"));
  EXPECT_TRUE(users.exists("ALICE"));  // names are case-insensitive
  EXPECT_TRUE(users.verify("alice", "wonderland"));
  EXPECT_TRUE(users.verify("aLiCe", "wonderland"));
  EXPECT_FALSE(users.verify("alice", "Wonderland"));
  EXPECT_FALSE(users.verify("alice", ""));

  ASSERT_TRUE(users.set_password("ALICE", "looking-glass").ok());
  EXPECT_FALSE(users.verify("alice", "wonderland"));
  EXPECT_TRUE(users.verify("alice", "looking-glass"));

  ASSERT_TRUE(users.add_hashed("bob", kSha512).ok());
  auto names = users.list();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"alice", "bob"}));
  EXPECT_TRUE(users.verify("bob", "Tr0ub4dor&3"));

  ASSERT_TRUE(users.remove("Alice").ok());
  EXPECT_FALSE(users.exists("alice"));
  EXPECT_FALSE(users.verify("alice", "looking-glass"));
  EXPECT_TRUE(users.exists("bob"));
}

TEST(UserDirectory, Errors) {
  TempDir tmp;
  UserDirectory users(tmp.path());
  ASSERT_TRUE(users.add_hashed("alice", kBcrypt).ok());

  auto dup = users.add_hashed("ALICE", kSha512);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.error().message.find("exists"), std::string::npos);
  EXPECT_FALSE(users.add("alice", "pw").ok());

  EXPECT_FALSE(users.add("bob", "").ok());
  EXPECT_FALSE(users.add("bob", std::string_view("a\0b", 3)).ok());
  EXPECT_FALSE(users.add_hashed("bob", "{PLAIN}secret").ok());
  EXPECT_FALSE(users.add_hashed("bob", "$6$").ok());
  EXPECT_FALSE(users.add_hashed("bob", "$1$abc$def").ok());
  EXPECT_FALSE(users.add_hashed("bob", std::string(kSha512) + "\nroot:x").ok());
  for (const char* bad : {"", ".dot", "a:b", "a b", "tab\t", "new\nline", "x/../y"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(users.add_hashed(bad, kSha512).ok());
    EXPECT_FALSE(users.exists(bad));
    EXPECT_FALSE(users.verify(bad, "Tr0ub4dor&3"));
  }
  EXPECT_FALSE(users.add_hashed(std::string(65, 'a'), kSha512).ok());

  EXPECT_FALSE(users.remove("bob").ok());
  EXPECT_FALSE(users.set_password("bob", "pw").ok());
  EXPECT_FALSE(users.set_password("alice", "").ok());
  EXPECT_TRUE(users.verify("alice", "Tr0ub4dor&3"));  // untouched by the failures

  auto names = users.list();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"alice"});
}

TEST(UserDirectory, ReloadsAfterExternalChange) {
  TempDir tmp;
  UserDirectory server(tmp.path());
  EXPECT_FALSE(server.exists("alice"));

  // Another process (the CLI) adds a user.
  UserDirectory cli(tmp.path());
  ASSERT_TRUE(cli.add_hashed("alice", kSha512).ok());
  EXPECT_TRUE(server.exists("alice"));
  EXPECT_TRUE(server.verify("alice", "Tr0ub4dor&3"));

  // An administrator edits the file by hand, in place.
  write_text(tmp.path() / "users", "# edited\nalice:" + std::string(kBcrypt) + "\n");
  EXPECT_TRUE(server.verify("alice", "Tr0ub4dor&3"));
  write_text(tmp.path() / "users", "carol:" + std::string(kSha512) + "\n");
  EXPECT_FALSE(server.exists("alice"));
  EXPECT_TRUE(server.exists("carol"));

  // ... and deletes it.
  std::filesystem::remove(tmp.path() / "users");
  EXPECT_FALSE(server.exists("carol"));
  auto names = server.list();
  ASSERT_TRUE(names.ok());
  EXPECT_TRUE(names->empty());
}

// Sets the modification time well in the past, so the reader does not treat
// the file as "racy" (just written) and relies on its stamp alone.
void age_file(const std::filesystem::path& p, std::chrono::seconds age) {
  std::filesystem::last_write_time(p, std::filesystem::file_time_type::clock::now() - age);
}

TEST(UserDirectory, CachesUntilTheStampChanges) {
  TempDir tmp;
  std::filesystem::path file = tmp.path() / "users";
  write_text(file, "alice:" + std::string(kSha512) + "\n");
  age_file(file, std::chrono::hours(1));
  auto mtime = std::filesystem::last_write_time(file);
  UserDirectory users(tmp.path());
  EXPECT_TRUE(users.exists("alice"));

  // Same inode, same size, same mtime: the cached copy is still served,
  // which shows verify() does not re-read the file every time.
  write_text(file, "alicf:" + std::string(kSha512) + "\n");
  std::filesystem::last_write_time(file, mtime);
  EXPECT_TRUE(users.exists("alice"));
  EXPECT_FALSE(users.exists("alicf"));

  // A different mtime is noticed even with the same inode and size.
  age_file(file, std::chrono::minutes(30));
  EXPECT_FALSE(users.exists("alice"));
  EXPECT_TRUE(users.exists("alicf"));
}

TEST(UserDirectory, RecentlyWrittenFileIsNotTrustedByStamp) {
  TempDir tmp;
  std::filesystem::path file = tmp.path() / "users";
  write_text(file, "alice:" + std::string(kSha512) + "\n");
  auto mtime = std::filesystem::last_write_time(file);  // "now"
  UserDirectory users(tmp.path());
  EXPECT_TRUE(users.exists("alice"));

  // A second edit within the filesystem's timestamp granularity can leave
  // inode, size and mtime all unchanged; a file this fresh is re-read.
  write_text(file, "alicf:" + std::string(kSha512) + "\n");
  std::filesystem::last_write_time(file, mtime);
  EXPECT_FALSE(users.exists("alice"));
  EXPECT_TRUE(users.exists("alicf"));
}

// CPU time of this thread: unlike wall time it does not grow while other
// processes hold the CPU, so the comparison below survives a loaded machine.
std::chrono::nanoseconds thread_cpu_time() {
  timespec ts;
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

TEST(UserDirectory, UnknownUserCostsAHashToo) {
  TempDir tmp;
  UserDirectory users(tmp.path());
  ASSERT_TRUE(users.add("alice", "wonderland").ok());
  auto fastest = [&](std::string_view name) {
    auto best = std::chrono::nanoseconds::max();
    for (int i = 0; i < 3; ++i) {
      auto start = thread_cpu_time();
      EXPECT_FALSE(users.verify(name, "wrong password"));
      best = std::min(best, thread_cpu_time() - start);
    }
    return best;
  };
  (void)users.verify("nobody", "warm-up");  // the dummy hash is made once, lazily
  auto known = fastest("alice");
  // Loose bounds: a skipped hash would be thousands of times cheaper.
  EXPECT_GT(fastest("nobody") * 4, known);
  EXPECT_GT(fastest("bad name!") * 4, known);
}

TEST(UserDirectory, ToleratesCorruptLinesAndKeepsThemOnRewrite) {
  TempDir tmp;
  std::string original =
      "# users\ngarbage without colon\n\x01\x02:\xff\nalice:" + std::string(kSha512) +
      "\nbroken:\n";
  write_text(tmp.path() / "users", original);
  UserDirectory users(tmp.path());
  EXPECT_TRUE(users.verify("alice", "Tr0ub4dor&3"));
  EXPECT_FALSE(users.exists("broken"));
  auto names = users.list();
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, std::vector<std::string>{"alice"});

  ASSERT_TRUE(users.add_hashed("bob", kBcrypt).ok());
  // Comments and lines we could not read are the administrator's; keep them.
  EXPECT_EQ(read_text(tmp.path() / "users"), original + "bob:" + kBcrypt + "\n");
}

TEST(UserDirectory, UnknownHashNamesAUserWhoCannotLogIn) {
  TempDir tmp;
  write_text(tmp.path() / "users", "locked:!" + std::string(kSha512) + "\n");
  UserDirectory users(tmp.path());
  EXPECT_TRUE(users.exists("locked"));
  EXPECT_FALSE(users.verify("locked", "Tr0ub4dor&3"));
}

TEST(UserDirectory, FilesAreCreatedPrivateEvenUnderLooseUmask) {
  TempDir tmp;
  mode_t old = ::umask(0);
  UserDirectory users(tmp.path() / "d");
  auto r = users.add_hashed("alice", kSha512);
  ::umask(old);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(mode_of(tmp.path() / "d"), 0700u);
  EXPECT_EQ(mode_of(tmp.path() / "d" / "users"), 0600u);
  EXPECT_EQ(mode_of(tmp.path() / "d" / "users.lock"), 0600u);
}

TEST(UserDirectory, WriteErrorIsReported) {
  TempDir tmp;
  // The data directory path is taken by a regular file.
  write_text(tmp.path() / "file", "x");
  UserDirectory users(tmp.path() / "file");
  EXPECT_FALSE(users.add_hashed("alice", kSha512).ok());
}

}  // namespace
}  // namespace petrel::auth
