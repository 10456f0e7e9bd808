#pragma once
// Final delivery into the store, shared by the LMTP server and
// `petrel deliver`: recipient lookup, the quota pre-check at RCPT time, and
// the store write with its mailbox fallback. Blocking (disk): call it off
// the I/O threads.
#include <optional>
#include <string>
#include <string_view>

#include "lmtp/prepared_message.h"
#include "lmtp/recipient.h"

namespace petrel::auth {
class UserDirectory;
}
namespace petrel::store {
class Store;
}

namespace petrel::lmtp {

enum class DeliveryResult {
  Delivered,
  UnknownUser,
  OverQuota,
  TemporaryFailure,  // storage busy or failing: try again later
  CannotCreate,      // the requested mailbox is missing and cannot be created
  PermanentFailure,  // the store refuses the message itself
};

struct DeliveryStatus {
  DeliveryResult result = DeliveryResult::Delivered;
  std::string text;     // one line, for the log and the client
  std::string mailbox;  // where it went, when delivered
};

class Deliverer {
 public:
  Deliverer(const auth::UserDirectory& users, store::Store& store) : users_(users), store_(store) {}

  std::optional<Recipient> resolve(std::string_view address) const;

  // Before the message is sent (RCPT TO): OverQuota when the user is already
  // at a limit, or when `size` more bytes (SIZE=, 0 when not announced)
  // would not fit. Everything else is Delivered ("go ahead").
  DeliveryStatus precheck(const Recipient& recipient, uint64_t size);

  // Stores the message for `recipient`: into its +detail folder when that
  // exists, else INBOX. With `create_folder` (petrel deliver --mailbox) a
  // missing folder is created instead, and CannotCreate is the answer when
  // that fails. A Delivered result means committed and synced.
  DeliveryStatus deliver(const Recipient& recipient, const PreparedMessage& message,
                         bool create_folder = false);

 private:
  DeliveryStatus deliver_once(const Recipient& recipient, const PreparedMessage& message,
                              bool create_folder);

  const auth::UserDirectory& users_;
  store::Store& store_;
};

}  // namespace petrel::lmtp
