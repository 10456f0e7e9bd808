#pragma once
// A whole file into a string with one allocation and few read(2)s: an
// import reads every message of a Maildir, and a stream copy (ifstream into
// an ostringstream) grows and copies the string several times per file.
#include <filesystem>
#include <optional>
#include <string>

namespace petrel {

// The file's bytes, or nullopt when it cannot be opened or read.
std::optional<std::string> read_file(const std::filesystem::path& path);

// The bytes of an open file from offset 0 (the descriptor's position is
// left alone), or nullopt on a read error.
std::optional<std::string> read_open_file(int fd);

}  // namespace petrel
