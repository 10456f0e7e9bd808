// libFuzzer target for the IMAP command reader and parser.
//
// Properties checked on every input (any failure aborts):
//  1. Splitting: feeding the input in chunks (sizes derived from the input)
//     gives exactly the events of feeding it at once, NeedMore aside.
//  2. Round trip: each parsed command, written back by format_command and
//     fed one byte at a time to a fresh reader, parses to an equal command.
//  3. Raw-line mode never crashes and returns the same lines however split.
//  4. mUTF-7: decode(x) == y implies encode(y) == x (canonical forms only),
//     and decode(encode(s)) == s for valid UTF-8 without NUL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "imap/proto/command_format.h"
#include "imap/proto/command_reader.h"
#include "imap/proto/mutf7.h"
#include "imap/proto/utf8.h"

namespace {

using petrel::imap::CommandReader;
using petrel::imap::NeedMore;
using petrel::imap::ReaderEvent;
using petrel::imap::ReaderLimits;
using petrel::imap::ReadyCommand;
using petrel::imap::SendContinuation;

void check(bool ok) {
  if (!ok) std::abort();
}

// Small limits so that the limit paths are reachable with short inputs;
// one input in four gets roomy ones so that long commands parse.
ReaderLimits limits_for(std::uint8_t selector) {
  ReaderLimits l;
  if (selector < 64) {
    l.max_literal = l.max_other_literal = 1 << 16;
    return l;
  }
  l.max_line = 64 + (selector & 7) * 97;
  l.max_literal = 16 + ((selector >> 3) & 3) * 500;
  l.max_other_literal = 8 + ((selector >> 5) & 3) * 100;
  l.max_command = 4096;
  l.max_depth = 4 + (selector & 15);
  l.max_tag = 8 + (selector & 31);
  l.max_sequence_ranges = 3 + (selector & 63);
  return l;
}

void drain(CommandReader& r, std::vector<ReaderEvent>& out) {
  while (true) {
    ReaderEvent e = r.next();
    if (std::holds_alternative<NeedMore>(e)) return;
    check(r.buffered() <= 1u << 20);
    out.push_back(std::move(e));
  }
}

std::vector<ReaderEvent> read_chunked(std::string_view in, const ReaderLimits& l,
                                      std::uint32_t seed) {
  CommandReader r(l);
  std::vector<ReaderEvent> events;
  std::size_t i = 0;
  std::uint32_t x = seed | 1;
  while (i < in.size()) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    std::size_t n = seed == 0 ? in.size() : 1 + x % 23;
    n = std::min(n, in.size() - i);
    r.feed(in.substr(i, n));
    i += n;
    drain(r, events);
  }
  return events;
}

void check_round_trip(const petrel::imap::Command& cmd, const ReaderLimits& original) {
  ReaderLimits l = original;
  l.max_line = 1 << 20;  // canonical strings may be longer than the sent form
  l.max_literal = l.max_other_literal = 1 << 20;
  l.max_command = 1 << 22;
  std::string wire = petrel::imap::format_command(cmd);
  CommandReader r(l);
  std::vector<ReaderEvent> events;
  for (char c : wire) {
    r.feed(std::string_view(&c, 1));
    drain(r, events);
  }
  check(!events.empty());
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    check(std::holds_alternative<SendContinuation>(events[i]));
  }
  const auto* ready = std::get_if<ReadyCommand>(&events.back());
  check(ready != nullptr);
  check(ready->command == cmd);
}

void check_lines(std::string_view in, const ReaderLimits& l) {
  CommandReader whole(l);
  CommandReader bytes(l);
  whole.feed(in);
  std::vector<petrel::imap::LineEvent> a, b;
  for (auto e = whole.next_line(); !std::holds_alternative<NeedMore>(e); e = whole.next_line()) {
    a.push_back(std::move(e));
  }
  for (char c : in) {
    bytes.feed(std::string_view(&c, 1));
    for (auto e = bytes.next_line(); !std::holds_alternative<NeedMore>(e); e = bytes.next_line()) {
      b.push_back(std::move(e));
    }
  }
  check(a == b);
}

void check_mutf7(std::string_view in) {
  if (auto decoded = petrel::imap::mutf7_decode(in)) {
    check(petrel::imap::is_valid_utf8(*decoded));
    check(petrel::imap::mutf7_encode(*decoded) == in);
  }
  if (petrel::imap::is_valid_utf8(in) && in.find('\0') == std::string_view::npos) {
    std::string encoded = petrel::imap::mutf7_encode(in);
    auto back = petrel::imap::mutf7_decode(encoded);
    check(back.has_value() && *back == in);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The input is the byte stream itself (seeds are plain commands); the
  // limits and the chunking are derived from a hash of it.
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::uint32_t hash = 2166136261u;
  for (char c : in) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  ReaderLimits limits = limits_for(static_cast<std::uint8_t>(hash));

  std::vector<ReaderEvent> at_once = read_chunked(in, limits, 0);
  std::vector<ReaderEvent> split = read_chunked(in, limits, (hash >> 8) | 1u);
  check(at_once == split);

  for (const ReaderEvent& e : at_once) {
    if (const auto* ready = std::get_if<ReadyCommand>(&e)) check_round_trip(ready->command, limits);
    if (const auto* err = std::get_if<petrel::imap::CommandError>(&e)) {
      check(err->text.find_first_of("\r\n") == std::string::npos);
    }
  }
  if (in.size() <= 512) check_lines(in, limits);
  check_mutf7(in);
  return 0;
}
