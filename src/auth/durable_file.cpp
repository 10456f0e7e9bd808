#include "auth/durable_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "util/fd.h"

namespace petrel::auth {

namespace {

Error os_error(std::string_view what, const std::filesystem::path& path, int err) {
  return Error{std::string(what) + " " + path.string() + ": " +
               std::error_code(err, std::system_category()).message()};
}

FileStamp stamp_of(const struct stat& st) {
  return FileStamp{st.st_dev, st.st_ino, st.st_size,
                   static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

Result<void> write_all(int fd, std::string_view data, const std::filesystem::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("write", path, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Ok{};
}

Result<void> fsync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return os_error("open", dir, errno);
  if (::fsync(fd.get()) != 0) return os_error("fsync", dir, errno);
  return Ok{};
}

}  // namespace

Result<std::optional<FileStamp>> stat_file(const std::filesystem::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<FileStamp>();
    return os_error("stat", path, errno);
  }
  return std::optional<FileStamp>(stamp_of(st));
}

Result<std::optional<FileSnapshot>> read_file(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<FileSnapshot>();
    return os_error("open", path, errno);
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return os_error("stat", path, errno);
  FileSnapshot snap{{}, stamp_of(st)};
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("read", path, errno);
    }
    if (n == 0) break;
    snap.contents.append(buf, static_cast<size_t>(n));
  }
  return std::optional<FileSnapshot>(std::move(snap));
}

Result<void> ensure_private_dir(const std::filesystem::path& dir) {
  std::error_code ec;
  if (dir.has_parent_path()) std::filesystem::create_directories(dir.parent_path(), ec);
  if (ec) return Error{"create " + dir.parent_path().string() + ": " + ec.message()};
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return os_error("mkdir", dir, errno);
  return Ok{};
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& lock_path) {
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return os_error("open", lock_path, errno);
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd);
    return os_error("lock", lock_path, err);
  }
  return FileLock(fd);
}

FileLock::FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

FileLock::~FileLock() {
  // Closing the last descriptor of the open file releases the flock.
  if (fd_ >= 0) ::close(fd_);
}

Result<void> replace_file_durably(const std::filesystem::path& target, std::string_view contents) {
  std::filesystem::path tmp = target;
  tmp += ".tmp";
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (fd.get() < 0) return os_error("open", tmp, errno);
  // A leftover temporary file may have looser permissions than 0600, and the
  // mode given to open() does not apply to an existing file.
  if (::fchmod(fd.get(), 0600) != 0) return os_error("chmod", tmp, errno);
  if (auto r = write_all(fd.get(), contents, tmp); !r) return r;
  if (::fsync(fd.get()) != 0) return os_error("fsync", tmp, errno);
  if (fd.close() != 0) return os_error("close", tmp, errno);
  if (::rename(tmp.c_str(), target.c_str()) != 0) return os_error("rename", tmp, errno);
  std::filesystem::path dir = target.parent_path();
  return fsync_dir(dir.empty() ? std::filesystem::path(".") : dir);
}

}  // namespace petrel::auth
