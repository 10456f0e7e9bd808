#include "lmtp/delivery.h"

#include <spdlog/spdlog.h>

#include "auth/user_directory.h"
#include "metrics/metrics.h"
#include "store/store.h"

namespace petrel::lmtp {
namespace {

DeliveryStatus from_error(const Error& error) {
  switch (error.code) {
    case ErrorCode::OverQuota:
      return {DeliveryResult::OverQuota, "Mailbox is full (quota exceeded)", ""};
    case ErrorCode::InvalidArgument:
    case ErrorCode::TooBig:
    case ErrorCode::Forbidden:
      return {DeliveryResult::PermanentFailure, error.message, ""};
    default:
      return {DeliveryResult::TemporaryFailure, "Temporary storage failure: " + error.message, ""};
  }
}

}  // namespace

std::optional<Recipient> Deliverer::resolve(std::string_view address) const {
  return resolve_recipient(address,
                           [this](const std::string& user) { return users_.exists(user); });
}

DeliveryStatus Deliverer::precheck(const Recipient& recipient, uint64_t size) {
  auto mail = store_.open_user(recipient.user);
  if (!mail) return from_error(mail.error());
  auto quota = (*mail)->quota();
  if (!quota) return from_error(quota.error());
  // At the limit already (one more message of any size goes over), or the
  // announced size does not fit.
  if (store::exceeds(quota->usage, quota->limits, 1, std::max<uint64_t>(size, 1))) {
    return from_error(Error{"", ErrorCode::OverQuota});
  }
  return {};
}

DeliveryStatus Deliverer::deliver(const Recipient& recipient, const PreparedMessage& message,
                                  bool create_folder) {
  DeliveryStatus status = deliver_once(recipient, message, create_folder);
  const bool ok = status.result == DeliveryResult::Delivered;
  metrics::deliveries(ok).inc();
  if (ok) spdlog::info("delivery user={} mailbox=\"{}\"", recipient.user, status.mailbox);
  return status;
}

DeliveryStatus Deliverer::deliver_once(const Recipient& recipient, const PreparedMessage& message,
                                       bool create_folder) {
  auto mail = store_.open_user(recipient.user);
  if (!mail) return from_error(mail.error());
  store::UserStore& box = **mail;
  auto append = [&](const std::string& mailbox) {
    std::vector<store::NewMessage> one;
    one.push_back(message.for_recipient(recipient.address));
    return box.append(mailbox, std::move(one));
  };
  std::string mailbox = recipient.folder.empty() ? "INBOX" : recipient.folder;
  auto stored = append(mailbox);
  if (!stored && mailbox != "INBOX") {
    const Error& e = stored.error();
    if (create_folder && e.code == ErrorCode::NotFound) {
      auto created = box.create_mailbox(mailbox);
      if (!created && created.error().code != ErrorCode::AlreadyExists) {
        return {DeliveryResult::CannotCreate,
                "Cannot create mailbox " + mailbox + ": " + created.error().message, ""};
      }
      stored = append(mailbox);
    } else if (create_folder && e.code == ErrorCode::InvalidArgument) {
      return {DeliveryResult::CannotCreate, "Cannot create mailbox " + mailbox + ": " + e.message,
              ""};
    } else if (!create_folder &&
               (e.code == ErrorCode::NotFound || e.code == ErrorCode::InvalidArgument)) {
      // A +detail naming no usable mailbox: the mail still reaches the user.
      mailbox = "INBOX";
      stored = append(mailbox);
    }
  }
  if (!stored) {
    DeliveryStatus status = from_error(stored.error());
    if (status.result == DeliveryResult::TemporaryFailure) {
      spdlog::error("delivery-failed user={} error={}", recipient.user, stored.error().message);
    }
    return status;
  }
  return {DeliveryResult::Delivered, "Saved", mailbox};
}

}  // namespace petrel::lmtp
