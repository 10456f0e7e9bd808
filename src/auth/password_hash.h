#pragma once
// Password hashes in the standard crypt(3) / PHC string formats, so that a
// users file can be moved to or from Dovecot, shadow(5) or other tools.
#include <string>
#include <string_view>

namespace petrel::auth {

// Hashes a new password with yescrypt ("$y$", libxcrypt's default cost) and a
// fresh 128-bit salt from the OS. Returns an empty string on failure (the
// password contains a NUL byte, or the OS could not supply randomness); an
// empty string never verifies, so a failure cannot grant access.
std::string hash_password(std::string_view password);

// Checks a password against a stored hash. Supported: "$y$" yescrypt, "$6$"
// SHA512-CRYPT, "$5$" SHA256-CRYPT, "$2b$"/"$2y$"/"$2a$" bcrypt (via libxcrypt)
// and "$argon2id$"/"$argon2i$" (via libargon2). The computed hash is compared
// in constant time. Anything else (including locked entries such as "!..." or
// "*") returns false.
bool verify_password(std::string_view password, std::string_view stored);

// True when `stored` has the shape of a hash verify_password() can check: a
// supported prefix and no characters that would break a "name:hash" line.
bool is_supported_hash(std::string_view stored);

}  // namespace petrel::auth
