// `petrel user quota USER [--storage N] [--messages N]`: shows a user's
// usage and limits, or sets the user's own limits. A value is a number
// (storage may end in K, M, G or T: powers of 1024), "unlimited", or
// "default" (follow the [quota] configuration again).
#include <charconv>
#include <iostream>

#include "app/commands.h"
#include "auth/user_directory.h"
#include "auth/user_name.h"
#include "net/open_store.h"

namespace petrel::app {
namespace {

// nullopt inside: "default". Error for anything unreadable.
Result<std::optional<uint64_t>> parse_limit(const std::string& text, bool with_units,
                                            const char* what) {
  if (text == "default") return std::optional<uint64_t>();
  if (text == "unlimited") return std::optional<uint64_t>(store::kUnlimited);
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  uint64_t scale = 1;
  if (with_units && unit.size() == 1) {
    switch (unit[0]) {
      case 'K':
      case 'k':
        scale = 1ull << 10;
        break;
      case 'M':
      case 'm':
        scale = 1ull << 20;
        break;
      case 'G':
      case 'g':
        scale = 1ull << 30;
        break;
      case 'T':
      case 't':
        scale = 1ull << 40;
        break;
      default:
        scale = 0;
    }
    unit = {};
  }
  if (ec != std::errc{} || !unit.empty() || scale == 0 || end == text.data() ||
      n > (store::kUnlimited - 1) / scale) {
    return Error{std::string("invalid ") + what + " limit '" + text +
                 "': use a number, 'unlimited' or 'default'"};
  }
  return std::optional<uint64_t>(n * scale);
}

std::string limit_text(uint64_t limit) {
  return limit == store::kUnlimited ? "unlimited" : std::to_string(limit);
}

std::string source(const std::optional<uint64_t>& own) { return own ? "user" : "default"; }

void print(const std::string& user, const store::QuotaInfo& q) {
  std::cout << "user " << user << '\n'
            << "storage " << q.usage.storage << " of " << limit_text(q.limits.storage) << " bytes ("
            << source(q.own.storage) << ")\n"
            << "messages " << q.usage.messages << " of " << limit_text(q.limits.messages) << " ("
            << source(q.own.messages) << ")\n";
}

}  // namespace

int user_quota(const CommonOptions& options, const QuotaOptions& quota) {
  auto config = resolve_config(options);
  if (!config) return fail(config.error().message);
  auth::UserDirectory users(config->data_dir);
  auto name = auth::normalize_user_name(quota.name);
  if (!name || !users.exists(*name)) return fail("no such user '" + quota.name + "'");
  std::optional<std::optional<uint64_t>> storage, messages;
  if (quota.storage) {
    auto v = parse_limit(*quota.storage, true, "storage");
    if (!v) return fail(v.error().message);
    storage = *v;
  }
  if (quota.messages) {
    auto v = parse_limit(*quota.messages, false, "message");
    if (!v) return fail(v.error().message);
    messages = *v;
  }
  auto opened = net::open_configured_store(*config);
  if (!opened) return fail("cannot open the mail store: " + opened.error().message);
  auto mail = (*opened)->open_user(*name);
  if (!mail) return fail(mail.error().message);
  auto current = (*mail)->quota();
  if (!current) return fail(current.error().message);
  if (storage || messages) {
    store::QuotaOverride own = current->own;
    if (storage) own.storage = *storage;
    if (messages) own.messages = *messages;
    if (auto r = (*mail)->set_quota(own); !r) return fail(r.error().message);
    current = (*mail)->quota();
    if (!current) return fail(current.error().message);
  }
  print(*name, *current);
  mail->reset();
  (*opened)->close();
  return 0;
}

}  // namespace petrel::app
