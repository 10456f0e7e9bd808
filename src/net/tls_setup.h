#pragma once
// TLS for both listeners: TLS 1.2 or newer, the configured certificate, or a
// self-signed one made on first start so the embedded default just works.
#include <asio/ssl/context.hpp>

#include "config/config.h"
#include "util/result.h"

namespace petrel::net {

Result<void> configure_tls(asio::ssl::context& context, const Config& config);

// Writes a new self-signed certificate and key (for localhost and 127.0.0.1).
Result<void> make_self_signed_certificate(const std::filesystem::path& cert,
                                          const std::filesystem::path& key);

}  // namespace petrel::net
