#include "imap_connection.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace bench {

namespace {

// The size of the literal announced at the end of `line` ("... {123}" or
// "~{123}"), or -1 when the line ends without one.
std::int64_t literal_size(std::string_view line) {
  if (line.size() < 3 || line.back() != '}') return -1;
  const std::size_t open = line.rfind('{');
  if (open == std::string_view::npos) return -1;
  std::int64_t n = 0;
  for (std::size_t i = open + 1; i + 1 < line.size(); ++i) {
    const char c = line[i];
    if (c == '+') break;  // a non-synchronizing literal, in case a server echoes one
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

}  // namespace

ImapConnection::ImapConnection(ByteStream& stream) : stream_(stream) {
  const std::string greeting = line();
  if (greeting.rfind("* OK", 0) != 0 && greeting.rfind("* PREAUTH", 0) != 0)
    throw std::runtime_error("unexpected greeting: " + greeting);
}

void ImapConnection::fill() {
  if (begin_ > 0) {  // keep the unread bytes at the front
    std::memmove(in_.data(), in_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == in_.size()) in_.resize(in_.size() * 2);  // a very long line
  end_ += stream_.read_some(in_.data() + end_, in_.size() - end_);
}

std::string ImapConnection::line() {
  std::size_t scanned = begin_;
  for (;;) {
    const char* from = in_.data() + scanned;
    const char* lf = static_cast<const char*>(std::memchr(from, '\n', end_ - scanned));
    if (lf) {
      const std::size_t at = static_cast<std::size_t>(lf - in_.data());
      std::size_t stop = at;
      if (stop > begin_ && in_[stop - 1] == '\r') --stop;
      std::string out(in_.data() + begin_, stop - begin_);
      begin_ = at + 1;
      return out;
    }
    const std::size_t unread = end_ - begin_;
    fill();
    scanned = begin_ + unread;
  }
}

void ImapConnection::read_exact(char* data, std::size_t size) {
  // First what came in with the line, then the rest directly from the stream.
  const std::size_t buffered = std::min(size, end_ - begin_);
  std::memcpy(data, in_.data() + begin_, buffered);
  begin_ += buffered;
  for (std::size_t got = buffered; got < size;) got += stream_.read_some(data + got, size - got);
}

std::uint64_t ImapConnection::run(std::string_view command, std::vector<char>& literal) {
  std::string tag = "b";  // (not "b" + to_string(): GCC 12 warns falsely at -O3)
  tag += std::to_string(next_tag_++);
  std::string request = tag;
  request += ' ';
  request += command;
  request += "\r\n";
  stream_.write_all(request);
  std::uint64_t literal_bytes = 0;
  untagged_ = 0;
  for (;;) {
    std::string text = line();
    if (text.rfind("* ", 0) == 0) ++untagged_;
    for (std::int64_t n = literal_size(text); n >= 0; n = literal_size(text)) {
      if (literal.size() < static_cast<std::size_t>(n)) literal.resize(static_cast<std::size_t>(n));
      read_exact(literal.data(), static_cast<std::size_t>(n));
      literal_bytes += static_cast<std::uint64_t>(n);
      text = line();  // the rest of the response after the literal
    }
    if (text.rfind(tag + ' ', 0) != 0) continue;  // untagged
    if (text.compare(tag.size() + 1, 2, "OK") != 0)
      throw std::runtime_error("command failed: " + text);
    return literal_bytes;
  }
}

}  // namespace bench
