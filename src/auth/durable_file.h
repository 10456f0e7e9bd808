#pragma once
// Small POSIX file helpers for the users file: an exclusive writer lock,
// atomic and durable replacement, and reads that report which version of the
// file they saw, so readers can cache it and notice changes.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace petrel::auth {

// Identifies one version of a file. A rewrite by rename changes the inode; an
// in-place edit changes the size or the modification time.
struct FileStamp {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

struct FileSnapshot {
  std::string contents;
  FileStamp stamp;  // of the very file descriptor the contents were read from
};

// nullopt when the file does not exist.
Result<std::optional<FileStamp>> stat_file(const std::filesystem::path& path);
Result<std::optional<FileSnapshot>> read_file(const std::filesystem::path& path);

// Creates `dir` with mode 0700 if it is missing (its parents with the
// default mode). An existing directory is left as it is.
Result<void> ensure_private_dir(const std::filesystem::path& dir);

// Holds an exclusive flock(2) on a lock file until destroyed. flock locks
// belong to the open file, so they exclude other processes (the CLI against
// a running server) and other descriptors in this process alike.
class FileLock {
 public:
  static Result<FileLock> acquire(const std::filesystem::path& lock_path);
  FileLock(FileLock&& other) noexcept;
  FileLock& operator=(FileLock&&) = delete;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// Writes `contents` to "<target>.tmp" (mode 0600), fsyncs it, renames it over
// `target` and fsyncs the directory: readers see the old or the new file,
// never a mix, and after a crash the new file is there or the old one is.
// The caller must hold the writer lock, since the temporary name is fixed.
Result<void> replace_file_durably(const std::filesystem::path& target, std::string_view contents);

}  // namespace petrel::auth
