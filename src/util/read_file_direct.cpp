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

#include "util/fd.h"
#include "util/read_file.h"

namespace petrel {
namespace {

// Alignment of O_DIRECT buffers, offsets and lengths: a page covers every
// logical block size in use.
constexpr size_t kAlign = 4096;

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

// Reads the open file with O_DIRECT into an aligned buffer, and clears the
// flag again; nullopt when the file system refuses it or the file changed
// size while read.
std::optional<std::string> read_direct(int fd, size_t size) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_DIRECT) != 0) return std::nullopt;
  size_t capacity = (size / kAlign + 1) * kAlign;  // one more block shows EOF
  std::unique_ptr<char, FreeDeleter> buffer(
      static_cast<char*>(std::aligned_alloc(kAlign, capacity)));
  size_t used = 0;
  bool failed = !buffer;
  while (!failed && used < capacity) {
    ssize_t n = ::pread(fd, buffer.get() + used, capacity - used, static_cast<off_t>(used));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) failed = true;
    if (n <= 0) break;
    used += static_cast<size_t>(n);
    if (used % kAlign != 0) break;  // a short block: the end of the file
  }
  ::fcntl(fd, F_SETFL, flags);
  if (failed || used != size) return std::nullopt;
  return std::string(buffer.get(), used);
}

}  // namespace

std::optional<std::string> read_file_direct(const std::filesystem::path& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!file.valid()) return std::nullopt;
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) return std::nullopt;
  auto size = static_cast<size_t>(st.st_size);
  // An empty file may be one whose size the kernel does not know (procfs).
  if (S_ISREG(st.st_mode) && size > 0 && !all_cached(file.get(), size)) {
    if (auto direct = read_direct(file.get(), size)) return direct;
  }
  return read_open_file(file.get());
}

}  // namespace petrel
