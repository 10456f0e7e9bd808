#include "auth/sasl_plain.h"

#include "auth/sasl_mechanisms.h"
#include "auth/user_name.h"

namespace petrel::auth {

std::optional<PlainCredentials> parse_sasl_plain(std::string_view decoded) {
  size_t first = decoded.find('\0');
  if (first == std::string_view::npos) return std::nullopt;
  size_t second = decoded.find('\0', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  if (decoded.find('\0', second + 1) != std::string_view::npos) return std::nullopt;
  PlainCredentials c{std::string(decoded.substr(0, first)),
                     std::string(decoded.substr(first + 1, second - first - 1)),
                     std::string(decoded.substr(second + 1))};
  if (c.authcid.empty() || c.password.empty()) return std::nullopt;
  return c;
}

namespace {

// PLAIN: one message carries everything; without an initial response the
// server first sends an empty challenge (RFC 4616 section 2, RFC 4422 5).
class PlainExchange final : public SaslExchange {
 public:
  Step start(std::optional<std::string> initial_response) override {
    if (initial_response) return finish(*initial_response);
    waiting_ = true;
    return {Step::Challenge, "", ""};
  }

  Step respond(std::string_view decoded_response) override {
    if (!waiting_) return {Step::Fail, "", "unexpected-response"};
    return finish(decoded_response);
  }

  const std::string& user() const override { return user_; }
  const std::string& password() const override { return password_; }
  const std::string& authzid() const override { return authzid_; }

 private:
  Step finish(std::string_view message) {
    waiting_ = false;
    auto credentials = parse_sasl_plain(message);
    if (!credentials) return {Step::Fail, "", "malformed-plain-message"};
    user_ = std::move(credentials->authcid);
    if (!credentials->authzid.empty()) {
      // Acting as another user (proxy authorization) is not supported. Names
      // are case-insensitive, so compare their canonical forms; an invalid
      // name will fail verification anyway.
      auto authz = normalize_user_name(credentials->authzid);
      auto authc = normalize_user_name(user_);
      if (!authz || !authc || *authz != *authc) return {Step::Fail, "", "authzid-not-permitted"};
    }
    authzid_ = std::move(credentials->authzid);
    password_ = std::move(credentials->password);
    return {Step::Done, "", ""};
  }

  bool waiting_ = false;
  std::string user_;
  std::string password_;
  std::string authzid_;
};

}  // namespace

std::unique_ptr<SaslExchange> make_plain_exchange() { return std::make_unique<PlainExchange>(); }

}  // namespace petrel::auth
