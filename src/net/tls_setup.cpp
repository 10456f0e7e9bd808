#include "net/tls_setup.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace petrel::net {

namespace {

template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

std::string openssl_error() {
  unsigned long code = ERR_get_error();
  if (!code) return "unknown OpenSSL error";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

// Writes through a temporary file and a rename, so a crash never leaves half a key.
Result<void> write_pem(const std::filesystem::path& path, mode_t mode,
                       const std::function<bool(FILE*)>& write) {
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  mode_t old = umask(077);
  FILE* file = std::fopen(tmp.c_str(), "w");
  umask(old);
  if (!file) return Error{fmt::format("cannot write {}: {}", tmp.string(), std::strerror(errno))};
  bool ok = write(file);
  ok = std::fflush(file) == 0 && fsync(fileno(file)) == 0 && ok;
  std::fclose(file);
  if (!ok || chmod(tmp.c_str(), mode) != 0) return Error{"cannot write " + tmp.string()};
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Error{fmt::format("cannot rename {}: {}", tmp.string(), ec.message())};
  return Ok{};
}

}  // namespace

Result<void> make_self_signed_certificate(const std::filesystem::path& cert_path,
                                          const std::filesystem::path& key_path) {
  PkeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr cert(X509_new());
  if (!key || !cert) return Error{"cannot make a key: " + openssl_error()};
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Petrel"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  if (!add_extension(cert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1") ||
      !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !X509_sign(cert.get(), key.get(), EVP_sha256()))
    return Error{"cannot sign the certificate: " + openssl_error()};

  std::error_code ec;
  std::filesystem::create_directories(cert_path.parent_path(), ec);
  std::filesystem::create_directories(key_path.parent_path(), ec);
  if (auto r = write_pem(key_path, 0600, [&](FILE* f) {
        return PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1;
      });
      !r)
    return r;
  return write_pem(cert_path, 0644, [&](FILE* f) { return PEM_write_X509(f, cert.get()) == 1; });
}

Result<void> configure_tls(asio::ssl::context& context, const Config& config) {
  auto cert = config.cert_path();
  auto key = config.key_path();
  bool defaults = config.tls_cert.empty() && config.tls_key.empty();
  if (defaults && (!std::filesystem::exists(cert) || !std::filesystem::exists(key))) {
    if (auto r = make_self_signed_certificate(cert, key); !r) return r;
    spdlog::info("made a self-signed certificate at {}", cert.string());
  }
  SSL_CTX* ctx = context.native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1)
    return Error{fmt::format("cannot load certificate {}: {}", cert.string(), openssl_error())};
  if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
    return Error{fmt::format("cannot load key {}: {}", key.string(), openssl_error())};
  if (SSL_CTX_check_private_key(ctx) != 1)
    return Error{fmt::format("key {} does not match certificate {}", key.string(), cert.string())};
  return Ok{};
}

}  // namespace petrel::net
