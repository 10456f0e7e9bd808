#include "imap/commands/login_common.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "auth/login_throttle.h"
#include "auth/user_directory.h"
#include "auth/user_name.h"
#include "metrics/metrics.h"
#include "store/store.h"

namespace petrel::imap {

bool refuse_without_privacy(Session& session, const std::string& tag) {
  if (session.plaintext_auth_allowed()) return false;
  session.tagged(tag, Status::No, "PRIVACYREQUIRED",
                 "Plaintext authentication is disabled; use STARTTLS or the TLS port");
  return true;
}

Outcome fail_login(Session& session, const std::string& tag, std::string_view user,
                   std::string_view reason) {
  const std::string& address = session.connection().peer_address;
  auto delay = session.context().throttle.record_failure(address);
  metrics::auth_failures().inc();
  spdlog::warn("auth-failure peer={} user={} reason={}", address, user, reason);
  session.tagged(tag, Status::No, "AUTHENTICATIONFAILED", "Authentication failed.");
  return {Next::Read, delay};
}

Outcome finish_login(Session& session, const std::string& tag, std::string_view user,
                     std::string_view password) {
  ServerContext& context = session.context();
  const std::string& address = session.connection().peer_address;
  if (context.throttle.blocked(address)) {
    // Too many recent failures from this address: do not even verify.
    spdlog::warn("auth-blocked peer={} user={}", address, user);
    metrics::auth_failures().inc();
    auto delay = context.throttle.record_failure(address);
    session.tagged(tag, Status::No, "UNAVAILABLE", "Too many failed logins; try again later");
    return {Next::Read, delay};
  }
  if (!context.users.verify(user, password)) return fail_login(session, tag, user, "bad-credentials");
  context.throttle.record_success(address);
  auto canonical = auth::normalize_user_name(user);
  auto mail = context.store.open_user(canonical ? *canonical : std::string(user));
  if (!mail) {
    spdlog::error("store-open-failed user={} error={}", user, mail.error().message);
    session.tagged(tag, Status::No, "UNAVAILABLE", "Mail storage is unavailable; try again later");
    return {};
  }
  session.set_mail(std::move(mail.value()));
  session.set_user(canonical ? *canonical : std::string(user));
  session.set_state(State::Authenticated);
  metrics::logins().inc();
  spdlog::info("login peer={} user={} tls={}", address, user, session.connection().tls);
  session.tagged(tag, Status::Ok, fmt::format("CAPABILITY {}", session.capabilities()),
                 "Logged in");
  return {};
}

}  // namespace petrel::imap
