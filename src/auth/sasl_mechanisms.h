#pragma once
// Constructors of the individual SASL mechanisms, for SaslExchange::create.
#include <memory>

#include "auth/sasl.h"

namespace petrel::auth {

std::unique_ptr<SaslExchange> make_plain_exchange();
std::unique_ptr<SaslExchange> make_login_exchange();

}  // namespace petrel::auth
