#include "auth/password_hash.h"

#include <argon2.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <memory>

namespace petrel::auth {

namespace {

// Prefixes libxcrypt computes for us. Older or weaker crypt methods (DES,
// MD5-crypt, ...) are deliberately absent: they are not worth accepting.
constexpr std::array<std::string_view, 6> kCryptPrefixes = {"$y$",  "$6$",  "$5$",
                                                            "$2b$", "$2y$", "$2a$"};
constexpr std::string_view kArgon2id = "$argon2id$";
constexpr std::string_view kArgon2i = "$argon2i$";

// A cheap shape check: enough '$'-separated fields and a non-empty digest
// after the last one. It rejects truncated entries such as "$6$" without
// running the (deliberately slow) hash.
bool has_fields(std::string_view stored, size_t min_dollars) {
  size_t dollars = 0;
  for (char c : stored) dollars += c == '$';
  return dollars >= min_dollars && !stored.ends_with('$');
}

bool has_crypt_prefix(std::string_view stored) {
  for (std::string_view p : kCryptPrefixes) {
    if (stored.starts_with(p)) return true;
  }
  return false;
}

// Wipes a copy of a secret when it goes out of scope, so passwords do not
// linger in freed heap memory.
class Cleanser {
 public:
  Cleanser(void* p, size_t n) : p_(p), n_(n) {}
  ~Cleanser() { OPENSSL_cleanse(p_, n_); }
  Cleanser(const Cleanser&) = delete;
  Cleanser& operator=(const Cleanser&) = delete;

 private:
  void* p_;
  size_t n_;
};

// struct crypt_data is ~32 KiB: too large for the small stacks of coroutine
// or worker threads, so it lives on the heap.
std::unique_ptr<crypt_data> new_crypt_data() { return std::make_unique<crypt_data>(); }

bool verify_crypt(const std::string& password, const std::string& stored) {
  auto data = new_crypt_data();
  Cleanser wipe(data.get(), sizeof(crypt_data));
  const char* out = crypt_rn(password.c_str(), stored.c_str(), data.get(), sizeof(crypt_data));
  if (out == nullptr || out[0] == '*') return false;
  size_t n = std::strlen(out);
  // The length is fixed by the scheme and parameters, which are public in
  // `stored`; only the digest bytes need a constant-time comparison.
  return n == stored.size() && CRYPTO_memcmp(out, stored.data(), n) == 0;
}

bool verify_argon2(const std::string& password, const std::string& stored, argon2_type type) {
  // argon2_verify recomputes the tag and compares it in constant time itself.
  return argon2_verify(stored.c_str(), password.data(), password.size(), type) == ARGON2_OK;
}

}  // namespace

std::string hash_password(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) return {};
  std::array<unsigned char, 16> salt_bytes;
  if (getentropy(salt_bytes.data(), salt_bytes.size()) != 0) return {};
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> setting;
  // Count 0 asks libxcrypt for its recommended default cost.
  if (crypt_gensalt_rn("$y$", 0, reinterpret_cast<const char*>(salt_bytes.data()),
                       static_cast<int>(salt_bytes.size()), setting.data(),
                       static_cast<int>(setting.size())) == nullptr) {
    return {};
  }
  std::string pw(password);
  Cleanser wipe_pw(pw.data(), pw.size());
  auto data = new_crypt_data();
  Cleanser wipe_data(data.get(), sizeof(crypt_data));
  const char* out = crypt_rn(pw.c_str(), setting.data(), data.get(), sizeof(crypt_data));
  if (out == nullptr || out[0] == '*') return {};
  return std::string(out);
}

bool verify_password(std::string_view password, std::string_view stored) {
  // crypt(3) stops at the first NUL, so such a password could match a hash
  // of its prefix; hash_password never stores one, so refuse outright.
  if (password.find('\0') != std::string_view::npos) return false;
  if (!is_supported_hash(stored)) return false;
  std::string pw(password);
  Cleanser wipe_pw(pw.data(), pw.size());
  std::string hash(stored);
  if (stored.starts_with(kArgon2id)) return verify_argon2(pw, hash, Argon2_id);
  if (stored.starts_with(kArgon2i)) return verify_argon2(pw, hash, Argon2_i);
  return verify_crypt(pw, hash);
}

bool is_supported_hash(std::string_view stored) {
  for (char c : stored) {
    // Control characters, spaces and ':' would corrupt a "name:hash" line;
    // none of the supported formats uses them.
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == ':') return false;
  }
  if (stored.starts_with(kArgon2id) || stored.starts_with(kArgon2i)) {
    return has_fields(stored, 4);  // $type[$v=..]$params$salt$digest
  }
  if (!has_crypt_prefix(stored) || !has_fields(stored, 3)) return false;
  std::string s(stored);
  // SHA256-CRYPT is reported as "legacy" but is still enabled and safe to verify.
  int status = crypt_checksalt(s.c_str());
  return status == CRYPT_SALT_OK || status == CRYPT_SALT_METHOD_LEGACY;
}

}  // namespace petrel::auth
