// GETQUOTA, GETQUOTAROOT and SETQUOTA (RFC 9208) with the STORAGE and
// MESSAGE resources.
//
// Each user's mail is one quota root named "" (RFC 9208 4.2.2's own
// example). Administrators (auth.admins) may also name another user's root
// as "user/NAME", and only they may SETQUOTA. STORAGE is in units of 1024
// octets: usage rounded up, limits kept in bytes and shown rounded down.
#include <algorithm>
#include <optional>

#include "auth/user_directory.h"
#include "auth/user_name.h"
#include "imap/commands/registry.h"
#include "imap/proto/writer.h"
#include "imap/session/mailbox_name.h"
#include "imap/session/store_errors.h"
#include "store/store.h"

namespace petrel::imap {
namespace {

constexpr std::string_view kUserRootPrefix = "user/";

// The user store a quota root names, or nullptr after answering NO.
std::shared_ptr<store::UserStore> root_store(Session& session, const std::string& tag,
                                             const std::string& root) {
  if (root.empty()) {
    auto own = session.context().store.open_user(session.user());
    if (own) return *own;
    reply_store_error(session, tag, own.error());
    return nullptr;
  }
  if (session.is_admin() && root.rfind(kUserRootPrefix, 0) == 0) {
    auto name = auth::normalize_user_name(std::string_view(root).substr(kUserRootPrefix.size()));
    if (name && session.context().users.exists(*name)) {
      auto other = session.context().store.open_user(*name);
      if (other) return *other;
      reply_store_error(session, tag, other.error());
      return nullptr;
    }
  }
  session.tagged(tag, Status::No, "NONEXISTENT", "No such quota root");
  return nullptr;
}

// "* QUOTA root (STORAGE used limit MESSAGE used limit)": only the limited
// resources (RFC 9208 4.2.1: those not listed are not limited).
void write_quota(Session& session, std::string_view root, const store::QuotaInfo& q) {
  std::string& out = session.output();
  out += "* QUOTA ";
  write_astring(out, root);
  out += " (";
  bool first = true;
  if (q.limits.storage != store::kUnlimited) {
    out += "STORAGE ";
    write_number(out, q.usage.storage / 1024 + (q.usage.storage % 1024 != 0));
    out += ' ';
    write_number(out, q.limits.storage / 1024);
    first = false;
  }
  if (q.limits.messages != store::kUnlimited) {
    if (!first) out += ' ';
    out += "MESSAGE ";
    write_number(out, q.usage.messages);
    out += ' ';
    write_number(out, q.limits.messages);
  }
  out += ")\r\n";
}

bool answer_quota(Session& session, const std::string& tag, store::UserStore& mail,
                  std::string_view root) {
  auto q = mail.quota();
  if (!q) {
    reply_store_error(session, tag, q.error());
    return false;
  }
  write_quota(session, root, *q);
  return true;
}

}  // namespace

Outcome handle_getquota(Session& session, const Command& command) {
  const auto& args = std::get<QuotaRootArgs>(command.args);
  auto mail = root_store(session, command.tag, args.root);
  if (!mail) return {};
  if (answer_quota(session, command.tag, *mail, args.root))
    session.tagged(command.tag, Status::Ok, "", "GETQUOTA completed");
  return {};
}

// RFC 9208 4.1.2: the mailbox need not exist; every mailbox of the user is
// under the user's root.
Outcome handle_getquotaroot(Session& session, const Command& command) {
  const auto& args = std::get<MailboxArgs>(command.args);
  auto name = decode_mailbox_name(args.mailbox, session.utf8_names());
  if (!name) {
    reply_store_error(session, command.tag, name.error());
    return {};
  }
  std::string& out = session.output();
  out += "* QUOTAROOT ";
  write_mailbox_name(out, *name, session.utf8_names());
  out += " \"\"\r\n";
  if (answer_quota(session, command.tag, session.mail(), ""))
    session.tagged(command.tag, Status::Ok, "", "GETQUOTAROOT completed");
  return {};
}

// RFC 9208 4.1.3: the new limits replace all previous ones; a resource not
// listed is no longer limited.
Outcome handle_setquota(Session& session, const Command& command) {
  const auto& args = std::get<SetQuotaArgs>(command.args);
  if (!session.is_admin()) {
    session.tagged(command.tag, Status::No, "NOPERM", "Only administrators may change quotas");
    return {};
  }
  store::QuotaOverride limits{store::kUnlimited, store::kUnlimited};
  for (const QuotaLimit& l : args.limits) {
    if (l.resource == "STORAGE") {
      limits.storage =
          l.limit > store::kUnlimited / 1024 - 1 ? store::kUnlimited - 1 : l.limit * 1024;
    } else if (l.resource == "MESSAGE") {
      limits.messages = std::min<uint64_t>(l.limit, store::kUnlimited - 1);
    } else {
      session.tagged(command.tag, Status::No, "CANNOT", "Only STORAGE and MESSAGE can be limited");
      return {};
    }
  }
  auto mail = root_store(session, command.tag, args.root);
  if (!mail) return {};
  if (auto r = mail->set_quota(limits); !r) {
    reply_store_error(session, command.tag, r.error());
    return {};
  }
  if (answer_quota(session, command.tag, *mail, args.root))
    session.tagged(command.tag, Status::Ok, "", "SETQUOTA completed");
  return {};
}

}  // namespace petrel::imap
