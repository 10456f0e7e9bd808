#pragma once
// The little IMAP a bulk download needs: send a tagged command, read the
// response lines up to its tagged status, and take every literal in them
// with large reads straight into a caller's reusable buffer (no per-byte
// scan of literal data, no copy beyond what was read ahead with a line).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "byte_stream.h"

namespace bench {

class ImapConnection {
 public:
  // Reads the greeting.
  explicit ImapConnection(ByteStream& stream);

  // Sends "<tag> <command>" and reads up to its tagged status; throws unless
  // it is OK. Returns the total size of the literals of the response; each
  // literal lands in `literal` (resized as needed, reused across calls).
  std::uint64_t run(std::string_view command, std::vector<char>& literal);

  // How many untagged responses the last run() read.
  std::uint64_t untagged() const { return untagged_; }

 private:
  std::string line();  // the next line without its CRLF
  void read_exact(char* data, std::size_t size);
  void fill();  // reads more into in_

  ByteStream& stream_;
  std::vector<char> in_ = std::vector<char>(64 * 1024);
  std::size_t begin_ = 0;  // unread bytes are in_[begin_, end_)
  std::size_t end_ = 0;
  unsigned next_tag_ = 1;
  std::uint64_t untagged_ = 0;
};

}  // namespace bench
