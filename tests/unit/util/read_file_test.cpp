#include "util/read_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "../auth/temp_dir.h"
#include "util/fd.h"

namespace petrel {
namespace {

using auth::testing::TempDir;

void write(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

TEST(ReadFileTest, ReadsEveryByteIncludingNul) {
  TempDir dir;
  std::string bytes("a\0b\r\n", 5);
  for (int i = 0; i < 20000; ++i) bytes += static_cast<char>(i % 251);
  write(dir.path() / "m", bytes);
  EXPECT_EQ(read_file(dir.path() / "m"), bytes);
}

TEST(ReadFileTest, AnEmptyFileIsAnEmptyString) {
  TempDir dir;
  write(dir.path() / "empty", "");
  EXPECT_EQ(read_file(dir.path() / "empty"), std::string());
}

TEST(ReadFileTest, AFileWhoseSizeTheKernelDoesNotKnowIsReadToTheEnd) {
  // /proc files report size 0 but have content.
  auto status = read_file("/proc/self/status");
  ASSERT_TRUE(status.has_value());
  EXPECT_NE(status->find("Name:"), std::string::npos);
}

TEST(ReadFileTest, MissingOrUnreadableIsNullopt) {
  TempDir dir;
  EXPECT_FALSE(read_file(dir.path() / "missing").has_value());
  EXPECT_FALSE(read_file(dir.path()).has_value());  // a directory: read() fails
}

TEST(ReadFileTest, AnOpenFileIsReadFromItsStartWithoutMovingItsPosition) {
  TempDir dir;
  write(dir.path() / "m", "0123456789");
  Fd file(::open((dir.path() / "m").c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(file.valid());
  ASSERT_EQ(::lseek(file.get(), 4, SEEK_SET), 4);
  EXPECT_EQ(read_open_file(file.get()), "0123456789");
  EXPECT_EQ(::lseek(file.get(), 0, SEEK_CUR), 4);
  EXPECT_FALSE(read_open_file(-1).has_value());
}

}  // namespace
}  // namespace petrel
