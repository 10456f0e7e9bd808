#pragma once
// CommandReader: the sans-I/O framing layer. The connection feeds it the
// bytes it reads; it finds command lines and literals (RFC 9051 sections
// 2.2 and 4.3, LITERAL+ RFC 7888, literal8 RFC 3516), asks for literal data
// with a continuation request, enforces ReaderLimits, and hands each
// complete command to the grammar parser.
//
// Events depend only on the byte sequence, never on how it was split into
// feed() calls. Memory is bounded by the limits: an over-long line is
// skipped without being buffered.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "imap/proto/command.h"
#include "imap/proto/limits.h"

namespace petrel::imap {

struct NeedMore {
  bool operator==(const NeedMore&) const = default;
};
// The session writes `text` now ("+ ..."): the client waits for it before
// sending a synchronizing literal.
struct SendContinuation {
  std::string text;
  bool operator==(const SendContinuation&) const = default;
};
struct ReadyCommand {
  Command command;
  bool operator==(const ReadyCommand&) const = default;
};
using ReaderEvent = std::variant<NeedMore, SendContinuation, ReadyCommand, CommandError>;

struct RawLine {
  std::string line;  // without CRLF
  bool operator==(const RawLine&) const = default;
};
using LineEvent = std::variant<NeedMore, RawLine, CommandError>;

class CommandReader {
 public:
  explicit CommandReader(ReaderLimits limits = {});

  void feed(std::string_view bytes);
  // The next event; call repeatedly until NeedMore.
  ReaderEvent next();
  // Raw-line mode for AUTHENTICATE client responses and IDLE's "DONE": the
  // next line as sent. Call it only between commands; a partly read
  // command is re-read as lines.
  LineEvent next_line();
  // STARTTLS: drop every byte received but not yet consumed (RFC 9051 6.2.1).
  void discard_buffered();
  // Bytes received and not yet consumed.
  std::size_t buffered() const { return buf_.size() - start_; }
  // E.g. tighter limits before login; applies from the next check on.
  void set_limits(const ReaderLimits& limits) { limits_ = limits; }

 private:
  enum class State : std::uint8_t {
    kLine,         // reading a line of the current command
    kLiteral,      // collecting literal bytes of the current command
    kSkipLine,     // a refused command: dropping bytes up to the end of line
    kSkipLiteral,  // a refused command: dropping a non-synchronizing literal
    kFatal,        // the stream cannot be resynchronised
  };
  enum class Scan : std::uint8_t { kNeedMore, kTooLong, kLine };

  Scan scan_line(std::size_t used, std::size_t& lf);
  // Handles a complete line of a command; false when there is no event yet.
  bool command_line(std::size_t lf, ReaderEvent& event);
  bool skip_line();
  bool skip_literal();
  void start_skipping(bool raw);
  void finish_command(std::size_t next);
  void rewind_partial_command();
  void compact(std::size_t incoming);
  std::string current_tag() const;
  CommandError error(ErrorKind kind, std::string_view code, std::string_view text,
                     bool fatal = false) const;

  ReaderLimits limits_;
  std::string buf_;
  std::size_t start_ = 0;        // first byte of the current command
  std::size_t seg_ = 0;          // first byte of the current line segment
  std::size_t pos_ = 0;          // scan cursor: no LF in [seg_, pos_)
  std::size_t line_bytes_ = 0;   // line bytes of earlier segments of this command
  std::uint64_t cmd_bytes_ = 0;  // all bytes of this command so far
  std::uint64_t literal_left_ = 0;
  State state_ = State::kLine;
  bool skip_raw_ = false;  // skipping a raw line: no literal can follow it
  // The last bytes of a line being skipped, to spot a literal marker at its
  // end without buffering the line.
  std::array<char, 32> tail_{};
  std::size_t tail_len_ = 0;
};

}  // namespace petrel::imap
