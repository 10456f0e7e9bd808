#pragma once
// read_file() for a file read once and not again soon, such as a message
// during an import: taken from the page cache when it is all there, and
// otherwise straight from the disk (O_DIRECT). On this VM a buffered read
// from disk costs about 1.6 s of system CPU per GB against 0.16 s direct,
// and on two cores that CPU was the import's bound with a cold source.
#include <filesystem>
#include <optional>
#include <string>

namespace petrel {

// The file's bytes, or nullopt when it cannot be opened or read. Falls back
// to a buffered read where O_DIRECT is refused (tmpfs, some network file
// systems).
std::optional<std::string> read_file_direct(const std::filesystem::path& path);

}  // namespace petrel
