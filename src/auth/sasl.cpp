#include "auth/sasl.h"

#include "auth/sasl_mechanisms.h"

namespace petrel::auth {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'a' && a[i] <= 'z' ? static_cast<char>(a[i] - 'a' + 'A') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<SaslExchange> SaslExchange::create(std::string_view mechanism) {
  if (iequals(mechanism, "PLAIN")) return make_plain_exchange();
  if (iequals(mechanism, "LOGIN")) return make_login_exchange();
  return nullptr;
}

}  // namespace petrel::auth
