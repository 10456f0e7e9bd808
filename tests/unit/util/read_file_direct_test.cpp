#include "util/read_file_direct.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <fstream>
#include <vector>

#include "../auth/temp_dir.h"

namespace petrel {
namespace {

using auth::testing::TempDir;

std::string pattern(size_t size) {
  std::string bytes;
  bytes.reserve(size);
  for (size_t i = 0; i < size; ++i) bytes += static_cast<char>((i * 7 + i / 4096) % 256);
  return bytes;
}

// Written, synced, and dropped from the page cache (clean pages go at once).
void write_uncached(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  int fd = ::open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  ::fsync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

size_t cached_pages(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  off_t size = ::lseek(fd, 0, SEEK_END);
  void* map = ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd, 0);
  std::vector<unsigned char> resident((static_cast<size_t>(size) + 4095) / 4096);
  ::mincore(map, static_cast<size_t>(size), resident.data());
  ::munmap(map, static_cast<size_t>(size));
  ::close(fd);
  size_t n = 0;
  for (unsigned char r : resident) n += r & 1;
  return n;
}

bool direct_io_allowed(const std::filesystem::path& dir) {
  int fd = ::open((dir / "probe").c_str(), O_CREAT | O_WRONLY | O_DIRECT, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

TEST(ReadFileDirectTest, EverySizeAroundTheBlockSizeReadsExactly) {
  TempDir dir;
  for (size_t size : {size_t{1}, size_t{4095}, size_t{4096}, size_t{4097}, size_t{8192},
                      size_t{3 * 1024 * 1024 + 5}}) {
    auto path = dir.path() / ("m" + std::to_string(size));
    write_uncached(path, pattern(size));
    EXPECT_EQ(read_file_direct(path), pattern(size)) << size;
    EXPECT_EQ(read_file_direct(path), pattern(size)) << size << " again";
  }
}

TEST(ReadFileDirectTest, AFileOnDiskIsReadWithoutFillingThePageCache) {
  TempDir dir;
  auto path = dir.path() / "cold";
  write_uncached(path, pattern(256 * 1024));
  ASSERT_EQ(read_file_direct(path), pattern(256 * 1024));
  if (direct_io_allowed(dir.path())) {
    EXPECT_EQ(cached_pages(path), 0u);
  }
}

TEST(ReadFileDirectTest, ACachedFileIsReadFromTheCache) {
  TempDir dir;
  auto path = dir.path() / "warm";
  std::ofstream(path, std::ios::binary) << pattern(64 * 1024);
  EXPECT_EQ(read_file_direct(path), pattern(64 * 1024));
  EXPECT_EQ(cached_pages(path), 16u);
}

TEST(ReadFileDirectTest, EmptyMissingAndSpecialFiles) {
  TempDir dir;
  std::ofstream(dir.path() / "empty");
  EXPECT_EQ(read_file_direct(dir.path() / "empty"), std::string());
  EXPECT_EQ(read_file_direct(dir.path() / "missing"), std::nullopt);
  EXPECT_EQ(read_file_direct(dir.path()), std::nullopt);  // a directory
  auto status = read_file_direct("/proc/self/status");    // size 0, has content
  ASSERT_TRUE(status.has_value());
  EXPECT_NE(status->find("Name:"), std::string::npos);
}

}  // namespace
}  // namespace petrel
