#include "util/read_file_direct.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "util/read_file.h"

namespace petrel {
namespace {

// Alignment of O_DIRECT buffers, offsets and lengths: a page covers every
// logical block size in use.
constexpr size_t kAlign = 4096;

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// Whether every page of the file is in the page cache. (A read with
// RWF_NOWAIT would answer too, but it starts readahead of what is missing,
// so the file would then be read twice.)
bool all_cached(int fd, size_t size) {
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return false;
  size_t pages = (size + kAlign - 1) / kAlign;
  std::vector<unsigned char> resident(pages);
  bool cached =
      ::mincore(map, size, resident.data()) == 0 &&
      std::all_of(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; });
  ::munmap(map, size);
  return cached;
}

// Reads with O_DIRECT into an aligned buffer; nullopt when the file system
// refuses it or the file changed size while read.
std::optional<std::string> read_direct(const std::filesystem::path& path, size_t size) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT)};
  if (file.fd < 0) return std::nullopt;
  size_t capacity = (size / kAlign + 1) * kAlign;  // one more block shows EOF
  std::unique_ptr<char, FreeDeleter> buffer(
      static_cast<char*>(std::aligned_alloc(kAlign, capacity)));
  if (!buffer) return std::nullopt;
  size_t used = 0;
  while (used < capacity) {
    ssize_t n = ::pread(file.fd, buffer.get() + used, capacity - used, static_cast<off_t>(used));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (used % kAlign != 0) break;  // a short block: the end of the file
  }
  if (used != size) return std::nullopt;
  return std::string(buffer.get(), used);
}

}  // namespace

std::optional<std::string> read_file_direct(const std::filesystem::path& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) return read_file(path);
  auto size = static_cast<size_t>(st.st_size);
  if (size == 0) return read_file(path);  // empty, or a size the kernel does not know
  if (!all_cached(file.fd, size)) {
    if (auto direct = read_direct(path, size)) return direct;
  }
  return read_file(path);
}

}  // namespace petrel
