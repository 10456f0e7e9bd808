#pragma once
// Helpers shared by the proto unit tests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "imap/proto/command_format.h"
#include "imap/proto/command_reader.h"
#include "imap/proto/parser.h"

namespace petrel::imap::testing {

// Parses a framed command (no final CRLF); records a test failure when the
// parser refuses it.
inline Command parse_ok(std::string_view framed, const ReaderLimits& limits = {}) {
  ParseOutcome out = parse_command(framed, limits);
  if (auto* err = std::get_if<CommandError>(&out)) {
    ADD_FAILURE() << "refused: " << framed << "\n  error: " << err->text;
    return Command{};
  }
  return std::get<Command>(std::move(out));
}

inline CommandError parse_err(std::string_view framed, const ReaderLimits& limits = {}) {
  ParseOutcome out = parse_command(framed, limits);
  if (auto* cmd = std::get_if<Command>(&out)) {
    ADD_FAILURE() << "accepted: " << framed << "\n  as: " << format_command(*cmd);
    return CommandError{};
  }
  return std::get<CommandError>(std::move(out));
}

// The canonical form of a command, without its CRLF; also checks that the
// canonical form parses back to the same command.
inline std::string canon(std::string_view framed) {
  ParseOutcome out = parse_command(framed);
  if (auto* err = std::get_if<CommandError>(&out)) return "ERROR: " + err->text;
  const Command& cmd = std::get<Command>(out);
  std::string wire = format_command(cmd);
  std::string_view again(wire);
  again.remove_suffix(2);
  ParseOutcome back = parse_command(again);
  EXPECT_TRUE(std::holds_alternative<Command>(back) && std::get<Command>(back) == cmd)
      << "canonical form does not round-trip: " << wire;
  return std::string(again);
}

template <class T>
const T& args_of(const Command& c) {
  static const T empty{};
  const T* a = std::get_if<T>(&c.args);
  if (a == nullptr) {
    ADD_FAILURE() << "unexpected argument type for " << c.name;
    return empty;
  }
  return *a;
}

inline std::string describe(const ReaderEvent& e) {
  if (std::holds_alternative<NeedMore>(e)) return "NeedMore";
  if (auto* c = std::get_if<SendContinuation>(&e)) return "Continue:" + c->text;
  if (auto* r = std::get_if<ReadyCommand>(&e)) return "Command:" + format_command(r->command);
  const auto& err = std::get<CommandError>(e);
  std::string s = std::string(err.kind == ErrorKind::Bad ? "BAD" : "NO") + " tag=" + err.tag +
                  " code=" + err.code + " text=" + err.text;
  if (err.fatal) s += " FATAL";
  return s;
}

// Drains the reader's events, NeedMore excluded.
inline void drain(CommandReader& r, std::vector<ReaderEvent>& out) {
  for (ReaderEvent e = r.next(); !std::holds_alternative<NeedMore>(e); e = r.next()) {
    out.push_back(std::move(e));
  }
}

inline std::vector<ReaderEvent> read_all(std::string_view bytes, const ReaderLimits& l = {}) {
  CommandReader r(l);
  std::vector<ReaderEvent> events;
  r.feed(bytes);
  drain(r, events);
  return events;
}

inline std::vector<ReaderEvent> read_bytewise(std::string_view bytes, const ReaderLimits& l = {}) {
  CommandReader r(l);
  std::vector<ReaderEvent> events;
  for (char c : bytes) {
    r.feed(std::string_view(&c, 1));
    drain(r, events);
  }
  return events;
}

inline std::vector<std::string> describe_all(const std::vector<ReaderEvent>& events) {
  std::vector<std::string> out;
  for (const ReaderEvent& e : events) out.push_back(describe(e));
  return out;
}

}  // namespace petrel::imap::testing
