// `petrel deliver USER [--mailbox M] [--from ADDR]`: local delivery (LDA) of
// the message on stdin, with sendmail's exit codes (sysexits.h) so an MTA
// knows whether to bounce, retry or give up.
#include <sysexits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "app/commands.h"
#include "auth/user_directory.h"
#include "lmtp/delivery.h"
#include "net/open_store.h"

namespace petrel::app {
namespace {

// All of stdin, at most `limit` bytes; nullopt when there is more.
Result<std::optional<std::string>> read_stdin(std::size_t limit) {
  std::string data;
  char buffer[65536];
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{std::string("cannot read the message: ") + std::strerror(errno)};
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > limit) return std::optional<std::string>();
    data.append(buffer, static_cast<std::size_t>(n));
  }
  return std::optional<std::string>(std::move(data));
}

int local_zone_minutes(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return static_cast<int>(tm.tm_gmtoff / 60);
}

}  // namespace

int deliver(const CommonOptions& options, const DeliverOptions& deliver) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message, EX_CONFIG);
  auth::UserDirectory users(config->data_dir);
  auto opened = net::open_configured_store(*config);
  if (!opened) return fail("cannot open the mail store: " + opened.error().message, EX_TEMPFAIL);
  store::Store& store = **opened;
  lmtp::Deliverer deliverer(users, store);
  auto recipient = deliverer.resolve(deliver.user);
  if (!recipient) {
    store.close();
    return fail("no such user '" + deliver.user + "'", EX_NOUSER);
  }
  if (!deliver.mailbox.empty()) recipient->folder = deliver.mailbox;

  auto input = read_stdin(config->lmtp.max_message_size);
  if (!input) return fail(input.error().message, EX_TEMPFAIL);
  if (!*input) {
    store.close();
    return fail("message exceeds lmtp.max_message_size", EX_DATAERR);
  }
  if ((*input)->empty()) {
    store.close();
    return fail("empty message on stdin", EX_DATAERR);
  }
  // The envelope sender: --from, else $SENDER as Postfix's local(8) sets
  // it for a mailbox_command; unknown: no Return-Path is added.
  std::optional<std::string> from = deliver.from;
  if (!from) {
    if (const char* sender = std::getenv("SENDER")) from = sender;
  }
  std::time_t now = std::time(nullptr);
  lmtp::PreparedMessage message(from ? std::optional<std::string_view>(*from) : std::nullopt,
                                std::move(**input), static_cast<int64_t>(now),
                                local_zone_minutes(now));
  lmtp::DeliveryStatus status = deliverer.deliver(*recipient, message, !deliver.mailbox.empty());
  store.close();
  switch (status.result) {
    case lmtp::DeliveryResult::Delivered:
      return 0;
    case lmtp::DeliveryResult::UnknownUser:
      return fail("no such user '" + deliver.user + "'", EX_NOUSER);
    case lmtp::DeliveryResult::OverQuota:
      // Permanent (the MTA bounces) unless quota.full_tempfail asks the
      // MTA to keep the message queued and retry.
      return fail("mailbox of " + recipient->user + " is full (quota exceeded)",
                  config->quota.full_tempfail ? EX_TEMPFAIL : EX_NOPERM);
    case lmtp::DeliveryResult::CannotCreate:
      return fail(status.text, EX_CANTCREAT);
    case lmtp::DeliveryResult::PermanentFailure:
      return fail("message refused: " + status.text, EX_DATAERR);
    case lmtp::DeliveryResult::TemporaryFailure:
      return fail(status.text, EX_TEMPFAIL);
  }
  return fail("unexpected delivery result", EX_SOFTWARE);
}

}  // namespace petrel::app
