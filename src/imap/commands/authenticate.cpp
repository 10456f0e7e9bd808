#include <memory>

#include "auth/base64.h"
#include "auth/sasl.h"
#include "imap/commands/login_common.h"
#include "imap/commands/registry.h"

namespace petrel::imap {

namespace {

// Drives one SASL exchange (RFC 9051 6.2.2, SASL-IR RFC 4959).
class SaslLine : public Session::LineHandler {
 public:
  SaslLine(std::string tag, std::unique_ptr<auth::SaslExchange> exchange)
      : tag_(std::move(tag)), exchange_(std::move(exchange)) {}

  bool runs_on_worker() const override { return true; }
  auth::SaslExchange* exchange() { return exchange_.get(); }

  Outcome on_line(Session& session, std::string_view line) override {
    if (line == "*") {
      session.tagged(tag_, Status::Bad, "", "Authentication cancelled");
      return {};
    }
    auto decoded = auth::base64_decode(line);
    if (!decoded) {
      session.tagged(tag_, Status::Bad, "", "Invalid base64 in authentication response");
      return {};
    }
    return step(session, exchange_->respond(*decoded));
  }

  Outcome step(Session& session, const auth::SaslExchange::Step& step) {
    switch (step.kind) {
      case auth::SaslExchange::Step::Challenge:
        session.continuation(auth::base64_encode(step.challenge));
        return {Next::ReadLine};
      case auth::SaslExchange::Step::Done:
        return finish_login(session, tag_, exchange_->user(), exchange_->password());
      case auth::SaslExchange::Step::Fail:
        break;
    }
    return fail_login(session, tag_, exchange_->user(), step.error);
  }

 private:
  std::string tag_;
  std::unique_ptr<auth::SaslExchange> exchange_;
};

}  // namespace

Outcome handle_authenticate(Session& session, const Command& command) {
  const auto& args = std::get<AuthenticateArgs>(command.args);
  if (refuse_without_privacy(session, command.tag)) return {};
  auto exchange = auth::SaslExchange::create(args.mechanism);
  if (!exchange) {
    session.tagged(command.tag, Status::No, "", "Unsupported authentication mechanism");
    return {};
  }
  std::optional<std::string> initial;
  if (args.initial_response) {
    // RFC 4959: "=" stands for an empty initial response.
    if (*args.initial_response == "=") {
      initial = std::string();
    } else {
      initial = auth::base64_decode(*args.initial_response);
      if (!initial) {
        session.tagged(command.tag, Status::Bad, "", "Invalid base64 in initial response");
        return {};
      }
    }
  }
  auto line = std::make_unique<SaslLine>(command.tag, std::move(exchange));
  auto* raw = line.get();
  auto first = raw->step(session, raw->exchange()->start(std::move(initial)));
  if (first.next == Next::ReadLine) session.expect_line(std::move(line));
  return first;
}

}  // namespace petrel::imap
