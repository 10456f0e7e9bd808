#pragma once
// One LMTP connection's protocol state (RFC 2033, with the SMTP of RFC 5321
// it builds on), without any I/O, like imap::Session. The connection loop
// feeds it bytes, writes its output, and runs its blocking steps (recipient
// lookup and quota at RCPT, delivery after DATA) off the I/O threads.
//
// Extensions: PIPELINING (RFC 2920), ENHANCEDSTATUSCODES (RFC 2034),
// 8BITMIME (RFC 6152), SIZE (RFC 1870). After DATA there is one reply per
// accepted recipient, in RCPT order (RFC 2033 4.2).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "lmtp/delivery.h"

namespace petrel::lmtp {

enum class Next {
  Read,   // write the output, then feed more input
  Work,   // call run_work() (it blocks) off the I/O thread, then step() again
  Close,  // write the output and close
};

struct SessionOptions {
  LmtpSettings limits;
  bool quota_tempfail = false;  // over quota: 452 4.2.2 instead of 552 5.2.2
  std::string hostname = "localhost";
  std::string peer;  // for the log
};

class Session {
 public:
  Session(SessionOptions options, Deliverer& deliverer);

  void greet();
  void feed(std::string_view bytes);
  // Handles buffered input until more is needed, blocking work is due or
  // the session ends.
  Next step();
  // The pending blocking step; its replies go to output().
  void run_work();
  // The peer closed the connection: whatever was received of a message is
  // dropped, nothing is stored.
  void peer_closed();
  // Deadline or shutdown: a 421 reply, then the loop closes.
  void abort(std::string_view reply);

  std::string& output() { return out_; }
  std::chrono::seconds timeout() const { return options_.limits.timeout; }

 private:
  enum class State { Start, Ready, Mail, Data };
  struct Work {
    enum class Kind { None, Recipient, Deliver } kind = Kind::None;
    std::string address;
  };

  bool next_line(std::string& line, std::size_t limit, bool& too_long);
  Next command(std::string_view line);
  void lhlo(std::string_view args);
  void mail(std::string_view args);
  Next rcpt(std::string_view args);
  void data(std::string_view args);
  void data_line(std::string_view line);
  void recipient_work(const std::string& address);
  void deliver_work();
  void deliver_all(const PreparedMessage& message);
  void reset_transaction();
  void reply(std::string_view text);

  SessionOptions options_;
  Deliverer& deliverer_;
  State state_ = State::Start;
  std::string in_;
  std::size_t in_pos_ = 0;
  bool discarding_ = false;  // skipping the rest of an over-long line
  std::string out_;
  Work work_;

  // The transaction (MAIL .. end of DATA).
  std::string reverse_path_;
  uint64_t declared_size_ = 0;
  std::vector<Recipient> recipients_;
  std::string message_;
  bool oversize_ = false;
  bool line_too_long_ = false;
};

}  // namespace petrel::lmtp
