#include "imap/proto/command_reader.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "imap/proto/chars.h"
#include "imap/proto/parser.h"

namespace petrel::imap {
namespace {

constexpr std::string_view kContinuation = "+ Ready for literal data\r\n";
// After a command this large, give the buffer's memory back: an idle
// connection should cost kilobytes, not the size of its last APPEND.
constexpr std::size_t kShrinkAbove = 1024 * 1024;

struct Marker {
  bool found = false;
  bool sync = true;
  std::uint64_t size = 0;  // saturates at UINT64_MAX
};

// A literal marker ends the line: "{" number64 ["+"] "}", optionally
// preceded by "~" (literal8); `line` has no CR/LF.
Marker find_marker(std::string_view line) {
  Marker m;
  if (line.empty() || line.back() != '}') return m;
  std::size_t end = line.size() - 1;
  bool plus = end > 0 && line[end - 1] == '+';
  if (plus) --end;
  std::size_t begin = end;
  while (begin > 0 && chars::is_digit(line[begin - 1])) --begin;
  if (begin == end || begin == 0 || line[begin - 1] != '{') return m;
  std::uint64_t v = 0;
  for (std::size_t i = begin; i < end; ++i) {
    auto d = static_cast<std::uint64_t>(line[i] - '0');
    if (v > (std::numeric_limits<std::uint64_t>::max() - d) / 10) {
      v = std::numeric_limits<std::uint64_t>::max();
      break;
    }
    v = v * 10 + d;
  }
  m.found = true;
  m.sync = !plus;
  m.size = v;
  return m;
}

// The tag at the start of a command, or "" when there is no usable one.
std::string_view tag_of(std::string_view line, std::size_t max_tag) {
  std::size_t n = 0;
  while (n < line.size() && n <= max_tag && chars::is_tag_char(line[n])) ++n;
  if (n == 0 || n > max_tag || n == line.size() || line[n] != ' ') return {};
  return line.substr(0, n);
}

// tag SP ["UID" SP] name: the command name, for the literal size limit.
std::string_view name_of(std::string_view line, bool& uid) {
  std::size_t i = line.find(' ');
  uid = false;
  if (i == std::string_view::npos) return {};
  auto atom_at = [&](std::size_t from) {
    std::size_t e = from;
    while (e < line.size() && chars::is_atom_char(line[e])) ++e;
    return line.substr(from, e - from);
  };
  std::string_view name = atom_at(i + 1);
  std::size_t after = i + 1 + name.size();
  if (chars::iequals(name, "UID") && after < line.size() && line[after] == ' ') {
    uid = true;
    name = atom_at(after + 1);
  }
  return name;
}

}  // namespace

CommandReader::CommandReader(ReaderLimits limits) : limits_(limits) {}

void CommandReader::compact(std::size_t incoming) {
  if (start_ == 0) return;
  if (start_ >= buf_.size()) {
    buf_.clear();
  } else if (start_ >= buf_.size() / 2 || buf_.size() + incoming > buf_.capacity()) {
    // Moving the unconsumed tail costs no more than the reallocation the
    // append would do anyway, so compaction stays amortised O(1) per byte.
    buf_.erase(0, start_);
  } else {
    return;
  }
  pos_ -= start_;
  seg_ -= start_;
  start_ = 0;
}

void CommandReader::feed(std::string_view bytes) {
  if (state_ == State::kFatal || bytes.empty()) return;
  compact(bytes.size());
  buf_.append(bytes);
}

void CommandReader::discard_buffered() {
  buf_.clear();
  start_ = seg_ = pos_ = 0;
  line_bytes_ = 0;
  cmd_bytes_ = 0;
  literal_left_ = 0;
  tail_len_ = 0;
  if (state_ != State::kFatal) state_ = State::kLine;
}

std::string CommandReader::current_tag() const {
  std::string_view line(buf_.data() + start_, std::min(buf_.size() - start_, limits_.max_tag + 1));
  return std::string(tag_of(line, limits_.max_tag));
}

CommandError CommandReader::error(ErrorKind kind, std::string_view code, std::string_view text,
                                  bool fatal) const {
  CommandError e;
  e.tag = current_tag();
  e.kind = kind;
  e.code.assign(code);
  e.text.assign(text);
  e.fatal = fatal;
  return e;
}

void CommandReader::finish_command(std::size_t next) {
  start_ = seg_ = pos_ = next;
  line_bytes_ = 0;
  cmd_bytes_ = 0;
  literal_left_ = 0;
  state_ = State::kLine;
  if (buf_.capacity() > kShrinkAbove && buf_.size() - start_ < kShrinkAbove / 4) {
    buf_.erase(0, start_);
    start_ = seg_ = pos_ = 0;
    buf_.shrink_to_fit();
  }
}

void CommandReader::rewind_partial_command() {
  seg_ = pos_ = start_;
  line_bytes_ = 0;
  cmd_bytes_ = 0;
  literal_left_ = 0;
  state_ = State::kLine;
}

void CommandReader::start_skipping(bool raw) {
  // Drop what was buffered of the refused command and re-scan its current
  // line in skip mode, which only keeps the line's last bytes.
  start_ = pos_ = seg_;
  tail_len_ = 0;
  skip_raw_ = raw;
  state_ = State::kSkipLine;
}

CommandReader::Scan CommandReader::scan_line(std::size_t used, std::size_t& lf) {
  std::size_t allowance = limits_.max_line > used ? limits_.max_line - used : 0;
  // The line may hold `allowance` bytes, then CR LF: look no further.
  std::size_t reach = allowance > std::numeric_limits<std::size_t>::max() - seg_ - 2
                          ? std::numeric_limits<std::size_t>::max()
                          : seg_ + allowance + 2;
  std::size_t window_end = std::min(buf_.size(), reach);
  if (pos_ < window_end) {
    const void* p = std::memchr(buf_.data() + pos_, '\n', window_end - pos_);
    if (p != nullptr) {
      lf = static_cast<std::size_t>(static_cast<const char*>(p) - buf_.data());
      std::size_t end = (lf > seg_ && buf_[lf - 1] == '\r') ? lf - 1 : lf;
      return end - seg_ > allowance ? Scan::kTooLong : Scan::kLine;
    }
  }
  if (window_end == reach) return Scan::kTooLong;
  pos_ = buf_.size();
  return Scan::kNeedMore;
}

bool CommandReader::skip_line() {
  const char* data = buf_.data();
  const void* p = std::memchr(data + pos_, '\n', buf_.size() - pos_);
  std::size_t end =
      p != nullptr ? static_cast<std::size_t>(static_cast<const char*>(p) - data) : buf_.size();
  // Keep the last tail_.size() bytes of the line.
  std::size_t n = end - pos_;
  if (n >= tail_.size()) {
    std::memcpy(tail_.data(), data + end - tail_.size(), tail_.size());
    tail_len_ = tail_.size();
  } else if (n > 0) {
    std::size_t keep = std::min(tail_len_, tail_.size() - n);
    std::memmove(tail_.data(), tail_.data() + tail_len_ - keep, keep);
    std::memcpy(tail_.data() + keep, data + pos_, n);
    tail_len_ = keep + n;
  }
  if (p == nullptr) {
    start_ = pos_ = buf_.size();
    return false;
  }
  std::string_view tail(tail_.data(), tail_len_);
  if (!tail.empty() && tail.back() == '\r') tail.remove_suffix(1);
  Marker m = find_marker(tail);
  tail_len_ = 0;
  if (!skip_raw_ && m.found && !m.sync) {
    // The client sends this literal without waiting: drop it too, then the
    // rest of the command.
    start_ = seg_ = pos_ = end + 1;
    literal_left_ = m.size;
    state_ = State::kSkipLiteral;
  } else {
    // No literal, or a synchronizing one the client will not send since it
    // gets our error instead of a continuation: the command is over.
    finish_command(end + 1);
  }
  return true;
}

bool CommandReader::skip_literal() {
  std::uint64_t avail = buf_.size() - pos_;
  if (avail < literal_left_) {
    literal_left_ -= avail;
    start_ = pos_ = buf_.size();
    return false;
  }
  pos_ += static_cast<std::size_t>(literal_left_);
  literal_left_ = 0;
  start_ = seg_ = pos_;
  tail_len_ = 0;
  skip_raw_ = false;
  state_ = State::kSkipLine;
  return true;
}

bool CommandReader::command_line(std::size_t lf, ReaderEvent& event) {
  std::size_t end = (lf > seg_ && buf_[lf - 1] == '\r') ? lf - 1 : lf;
  std::string_view line(buf_.data() + seg_, end - seg_);
  bool first = seg_ == start_;
  if (first && line.empty()) {
    finish_command(lf + 1);  // blank lines between commands are ignored
    return false;
  }
  Marker m = find_marker(line);
  if (std::memchr(line.data(), 0, line.size()) != nullptr) {
    // RFC 9051 section 9 note 3: NUL only inside literal8.
    event = error(ErrorKind::Bad, "", "NUL byte in command line");
    tail_len_ = 0;
    if (m.found && !m.sync) {
      start_ = seg_ = pos_ = lf + 1;
      literal_left_ = m.size;
      state_ = State::kSkipLiteral;
    } else {
      finish_command(lf + 1);
    }
    return true;
  }
  if (!m.found) {
    ParseOutcome out = parse_command(std::string_view(buf_.data() + start_, end - start_), limits_);
    if (auto* cmd = std::get_if<Command>(&out)) {
      event = ReadyCommand{std::move(*cmd)};
    } else {
      event = std::move(std::get<CommandError>(out));
    }
    finish_command(lf + 1);
    return true;
  }
  line_bytes_ += line.size();
  cmd_bytes_ += line.size();
  bool uid;
  std::string_view head(buf_.data() + start_, (first ? end : buf_.size()) - start_);
  std::string_view name = name_of(head, uid);
  // RFC 7888 section 4 and RFC 7889: APPEND may carry big literals; other
  // commands get a much lower bound.
  bool append = !uid && chars::iequals(name, "APPEND");
  std::uint64_t limit = append ? limits_.max_literal : limits_.max_other_literal;
  // Only (MULTI)APPEND carries message bodies: every other command is bounded
  // as a whole, so many small literals cannot add up to gigabytes.
  std::uint64_t cap = append
                          ? limits_.max_command
                          : std::min<std::uint64_t>(limits_.max_command,
                                                    limits_.max_line + limits_.max_other_literal);
  std::uint64_t room = cap > cmd_bytes_ ? cap - cmd_bytes_ : 0;
  if (m.size > limit || m.size > room) {
    if (!m.sync) {
      // A non-synchronizing literal is already on its way. Rather than read
      // and discard it, close the connection (RFC 7888 section 4, choice 2).
      state_ = State::kFatal;
      event = error(ErrorKind::Bad, "TOOBIG", "Literal too big", true);
      start_ = pos_ = seg_ = buf_.size();
      return true;
    }
    // No continuation: the client abandons the command (RFC 9051 7.5).
    event = error(ErrorKind::No, "TOOBIG", "Literal too big");
    finish_command(lf + 1);
    return true;
  }
  if (first) {
    std::string_view problem;
    if (tag_of(head, limits_.max_tag).empty()) {
      problem = "Missing or invalid tag";
    } else if (!is_known_command(name, uid)) {
      problem = "Unknown command";
    }
    if (!problem.empty()) {
      event = error(ErrorKind::Bad, "", problem);
      if (!m.sync) {
        start_ = seg_ = pos_ = lf + 1;
        literal_left_ = m.size;
        state_ = State::kSkipLiteral;
      } else {
        finish_command(lf + 1);
      }
      return true;
    }
  }
  cmd_bytes_ += m.size;
  literal_left_ = m.size;
  pos_ = lf + 1;
  state_ = State::kLiteral;
  if (m.sync) {
    event = SendContinuation{std::string(kContinuation)};
    return true;
  }
  return false;
}

ReaderEvent CommandReader::next() {
  while (true) {
    switch (state_) {
      case State::kFatal:
        start_ = seg_ = pos_ = buf_.size();
        return NeedMore{};
      case State::kSkipLine:
        if (!skip_line()) return NeedMore{};
        break;
      case State::kSkipLiteral:
        if (!skip_literal()) return NeedMore{};
        break;
      case State::kLiteral: {
        std::uint64_t avail = buf_.size() - pos_;
        if (avail < literal_left_) {
          literal_left_ -= avail;
          pos_ = buf_.size();
          return NeedMore{};
        }
        pos_ += static_cast<std::size_t>(literal_left_);
        literal_left_ = 0;
        seg_ = pos_;
        state_ = State::kLine;
        break;
      }
      case State::kLine: {
        std::size_t lf = 0;
        Scan scan = scan_line(line_bytes_, lf);
        if (scan == Scan::kNeedMore) return NeedMore{};
        if (scan == Scan::kTooLong) {
          CommandError e = error(ErrorKind::Bad, "TOOBIG", "Command line too long");
          start_skipping(false);
          return e;
        }
        ReaderEvent event;
        if (command_line(lf, event)) return event;
        break;
      }
    }
  }
}

LineEvent CommandReader::next_line() {
  while (true) {
    switch (state_) {
      case State::kFatal:
        start_ = seg_ = pos_ = buf_.size();
        return NeedMore{};
      case State::kSkipLine:
        if (!skip_line()) return NeedMore{};
        continue;
      case State::kSkipLiteral:
        if (!skip_literal()) return NeedMore{};
        continue;
      case State::kLiteral:
      case State::kLine:
        if (state_ == State::kLiteral || seg_ != start_) rewind_partial_command();
        break;
    }
    std::size_t lf = 0;
    Scan scan = scan_line(0, lf);
    if (scan == Scan::kNeedMore) return NeedMore{};
    if (scan == Scan::kTooLong) {
      CommandError e;
      e.kind = ErrorKind::Bad;
      e.code = "TOOBIG";
      e.text = "Line too long";
      start_skipping(true);
      return e;
    }
    std::size_t end = (lf > seg_ && buf_[lf - 1] == '\r') ? lf - 1 : lf;
    std::string_view line(buf_.data() + seg_, end - seg_);
    LineEvent event;
    if (std::memchr(line.data(), 0, line.size()) != nullptr) {
      CommandError e;
      e.kind = ErrorKind::Bad;
      e.text = "NUL byte in line";
      event = std::move(e);
    } else {
      event = RawLine{std::string(line)};
    }
    finish_command(lf + 1);
    return event;
  }
}

}  // namespace petrel::imap
