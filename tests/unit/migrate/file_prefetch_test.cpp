// FilePrefetcher: files come back in the order given, whatever order the
// threads finish in, within the limits, and an abandoned list stops cleanly.
#include "migrate/file_prefetch.h"

#include <gtest/gtest.h>

#include <fstream>

#include "../auth/temp_dir.h"

namespace petrel::migrate {
namespace {
namespace fs = std::filesystem;
using petrel::auth::testing::TempDir;

std::string content(size_t i) {
  // Sizes vary so reads finish out of order.
  return "file " + std::to_string(i) + "\n" + std::string((i * 7919) % 20000, 'x');
}

std::vector<fs::path> make_files(const TempDir& dir, size_t n) {
  std::vector<fs::path> paths;
  for (size_t i = 0; i < n; ++i) {
    paths.push_back(dir.path() / ("m" + std::to_string(i)));
    std::ofstream(paths.back(), std::ios::binary) << content(i);
  }
  return paths;
}

TEST(FilePrefetchTest, FilesComeInTheOrderGivenForEveryThreadCount) {
  TempDir dir;
  auto paths = make_files(dir, 300);
  for (size_t threads : {0, 1, 3, 8}) {
    FilePrefetcher files(paths, PrefetchLimits{threads, 16, 64 * 1024});
    for (size_t i = 0; i < paths.size(); ++i) {
      ASSERT_EQ(files.take(), content(i)) << "threads " << threads << " file " << i;
    }
    EXPECT_EQ(files.take(), std::nullopt) << "past the end";
  }
}

TEST(FilePrefetchTest, AFileThatCannotBeReadIsNulloptAndTheRestFollow) {
  TempDir dir;
  auto paths = make_files(dir, 5);
  fs::remove(paths[2]);
  FilePrefetcher files(paths, PrefetchLimits{4, 4, 1 << 20});
  EXPECT_EQ(files.take(), content(0));
  EXPECT_EQ(files.take(), content(1));
  EXPECT_EQ(files.take(), std::nullopt);
  EXPECT_EQ(files.take(), content(3));
  EXPECT_EQ(files.take(), content(4));
}

TEST(FilePrefetchTest, AFileLargerThanTheByteBudgetIsStillRead) {
  TempDir dir;
  std::vector<fs::path> paths = {dir.path() / "small", dir.path() / "big", dir.path() / "after"};
  std::string big(3 * 1024 * 1024, 'b');
  std::ofstream(paths[0]) << "s";
  std::ofstream(paths[1], std::ios::binary) << big;
  std::ofstream(paths[2]) << "a";
  FilePrefetcher files(paths, PrefetchLimits{2, 8, 1024});
  EXPECT_EQ(files.take(), "s");
  EXPECT_EQ(files.take(), big);
  EXPECT_EQ(files.take(), "a");
}

TEST(FilePrefetchTest, AListLeftHalfReadStopsItsThreads) {
  TempDir dir;
  auto paths = make_files(dir, 200);
  {
    FilePrefetcher files(paths, PrefetchLimits{4, 8, 1 << 20});
    EXPECT_EQ(files.take(), content(0));
  }  // the destructor must not wait for the other 199
  FilePrefetcher unused(paths, PrefetchLimits{4, 8, 1 << 20});
  FilePrefetcher empty({}, PrefetchLimits{4, 8, 1 << 20});
  EXPECT_EQ(empty.take(), std::nullopt);
}

}  // namespace
}  // namespace petrel::migrate
