#include "lmtp/recipient.h"

#include "auth/user_name.h"

namespace petrel::lmtp {
namespace {

// "local+detail" -> ("local", "detail"); no '+' (or nothing before it): nullopt.
std::optional<std::pair<std::string, std::string>> split_detail(std::string_view local) {
  auto plus = local.find('+');
  if (plus == std::string_view::npos || plus == 0) return std::nullopt;
  return std::pair{std::string(local.substr(0, plus)), std::string(local.substr(plus + 1))};
}

}  // namespace

std::optional<Recipient> resolve_recipient(std::string_view address,
                                           const std::function<bool(const std::string&)>& exists) {
  auto at = address.rfind('@');
  std::string_view local = at == std::string_view::npos ? address : address.substr(0, at);
  std::string_view domain = at == std::string_view::npos ? "" : address.substr(at);
  std::vector<std::pair<std::string, std::string>> candidates;  // (user, folder)
  candidates.emplace_back(std::string(address), "");
  auto detail = split_detail(local);
  if (detail) candidates.emplace_back(detail->first + std::string(domain), detail->second);
  if (!domain.empty()) {
    candidates.emplace_back(std::string(local), "");
    if (detail) candidates.emplace_back(detail->first, detail->second);
  }
  for (auto& [name, folder] : candidates) {
    auto canonical = auth::normalize_user_name(name);
    if (canonical && exists(*canonical)) {
      return Recipient{std::string(address), std::move(*canonical), std::move(folder)};
    }
  }
  return std::nullopt;
}

}  // namespace petrel::lmtp
