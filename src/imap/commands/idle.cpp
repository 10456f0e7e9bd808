#include <cctype>
#include <memory>

#include "imap/commands/registry.h"

namespace petrel::imap {

namespace {

// Waits for the client's DONE (RFC 2177, RFC 9051 6.3.13).
class IdleLine : public Session::LineHandler {
 public:
  explicit IdleLine(std::string tag) : tag_(std::move(tag)) {}
  bool runs_on_worker() const override { return false; }
  // The connection pushes changes of the selected mailbox while we wait.
  bool reports_changes() const override { return true; }
  Outcome on_line(Session& session, std::string_view line) override {
    auto upper = [](char c) {
      return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    };
    bool done = line.size() == 4 && upper(line[0]) == 'D' && upper(line[1]) == 'O' &&
                upper(line[2]) == 'N' && upper(line[3]) == 'E';
    if (done)
      session.tagged(tag_, Status::Ok, "", "IDLE terminated");
    else
      session.tagged(tag_, Status::Bad, "", "Expected DONE to end IDLE");
    return {};
  }

 private:
  std::string tag_;
};

}  // namespace

Outcome handle_idle(Session& session, const Command& command) {
  // What changed before IDLE comes first (when the command runs on a
  // worker, i.e. when there is something); later changes are pushed.
  session.catch_up();
  if (session.state() == State::Logout) return {Next::Close};
  session.continuation("idling");
  session.expect_line(std::make_unique<IdleLine>(command.tag));
  return {Next::ReadLine};
}

}  // namespace petrel::imap
