#include "auth/dovecot_scheme.h"

#include <array>

#include "auth/password_hash.h"

namespace petrel::auth {

namespace {

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

struct Scheme {
  std::string_view name;
  // Hash prefixes the scheme's data may carry; empty = any supported crypt hash.
  std::array<std::string_view, 3> prefixes;
};

// Schemes whose data is already in a format verify_password() understands.
constexpr std::array<Scheme, 6> kStoredAsIs = {{
    {"SHA512-CRYPT", {"$6$"}},
    {"SHA256-CRYPT", {"$5$"}},
    {"BLF-CRYPT", {"$2y$", "$2b$", "$2a$"}},
    {"ARGON2ID", {"$argon2id$"}},
    {"ARGON2I", {"$argon2i$"}},
    {"CRYPT", {}},
}};

bool matches_prefix(const Scheme& scheme, std::string_view data) {
  bool any = false;
  for (std::string_view p : scheme.prefixes) {
    if (p.empty()) continue;
    any = true;
    if (data.starts_with(p)) return true;
  }
  // {CRYPT} is whatever crypt(3) computes, but libxcrypt cannot compute
  // Argon2, so an Argon2 string under {CRYPT} would be a mislabelled entry.
  return !any && !data.starts_with("$argon2");
}

}  // namespace

std::optional<std::string> import_dovecot_scheme(std::string_view field) {
  std::string scheme = "CRYPT";
  std::string_view data = field;
  if (field.starts_with('{')) {
    size_t close = field.find('}');
    if (close == std::string_view::npos) return std::nullopt;
    scheme = ascii_upper(field.substr(1, close - 1));
    data = field.substr(close + 1);
  }
  if (scheme == "PLAIN" || scheme == "CLEAR" || scheme == "CLEARTEXT") {
    if (data.empty()) return std::nullopt;
    std::string hashed = hash_password(data);
    if (hashed.empty()) return std::nullopt;
    return hashed;
  }
  for (const Scheme& s : kStoredAsIs) {
    if (s.name != scheme) continue;
    if (!matches_prefix(s, data) || !is_supported_hash(data)) return std::nullopt;
    return std::string(data);
  }
  return std::nullopt;
}

}  // namespace petrel::auth
