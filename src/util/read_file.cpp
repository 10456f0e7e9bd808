#include "util/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "util/fd.h"

namespace petrel {

std::optional<std::string> read_file(const std::filesystem::path& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid()) return std::nullopt;
  return read_open_file(file.get());
}

std::optional<std::string> read_open_file(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  // The size is a hint: the file may grow or shrink while it is read.
  std::string bytes(static_cast<size_t>(st.st_size > 0 ? st.st_size : 0) + 1, '\0');
  size_t used = 0;
  while (true) {
    if (used == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t n = ::pread(fd, bytes.data() + used, bytes.size() - used, static_cast<off_t>(used));
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
  }
  bytes.resize(used);
  return bytes;
}

}  // namespace petrel
