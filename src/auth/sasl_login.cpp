// The LOGIN mechanism (draft-murchison-sasl-login): obsolete, but Outlook
// and some phones still offer nothing else.
#include <memory>

#include "auth/sasl_mechanisms.h"

namespace petrel::auth {

namespace {

class LoginExchange final : public SaslExchange {
 public:
  Step start(std::optional<std::string> initial_response) override {
    // With SASL-IR the initial response is the user name.
    if (initial_response) return take_user(*initial_response);
    state_ = State::WantUser;
    return {Step::Challenge, "Username:", ""};
  }

  Step respond(std::string_view decoded_response) override {
    switch (state_) {
      case State::WantUser:
        return take_user(decoded_response);
      case State::WantPassword:
        state_ = State::Finished;
        if (decoded_response.empty()) return {Step::Fail, "", "empty-password"};
        password_ = std::string(decoded_response);
        return {Step::Done, "", ""};
      case State::Finished:
        break;
    }
    return {Step::Fail, "", "unexpected-response"};
  }

  const std::string& user() const override { return user_; }
  const std::string& password() const override { return password_; }
  const std::string& authzid() const override { return authzid_; }

 private:
  enum class State { Finished, WantUser, WantPassword };

  Step take_user(std::string_view name) {
    user_ = std::string(name);
    if (user_.empty()) {
      state_ = State::Finished;
      return {Step::Fail, "", "empty-user"};
    }
    state_ = State::WantPassword;
    return {Step::Challenge, "Password:", ""};
  }

  State state_ = State::Finished;
  std::string user_;
  std::string password_;
  std::string authzid_;  // LOGIN has no authorization identity
};

}  // namespace

std::unique_ptr<SaslExchange> make_login_exchange() { return std::make_unique<LoginExchange>(); }

}  // namespace petrel::auth
