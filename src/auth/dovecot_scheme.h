#pragma once
// Importing password hashes from a Dovecot passwd-file, so that users can
// move to Petrel without resetting their passwords.
#include <optional>
#include <string>
#include <string_view>

namespace petrel::auth {

// Turns the password field of a Dovecot passwd-file line ("{SCHEME}data")
// into a hash that verify_password() accepts:
//   {SHA512-CRYPT}$6$..., {SHA256-CRYPT}$5$..., {BLF-CRYPT}$2y$/$2b$/$2a$...,
//   {ARGON2ID}$argon2id$..., {ARGON2I}$argon2i$..., {CRYPT}<any supported
//   crypt hash> are kept as they are; {PLAIN}secret (also {CLEAR},
//   {CLEARTEXT}) is hashed with yescrypt. Scheme names are case-insensitive,
//   as in Dovecot. A field without "{SCHEME}" is read as {CRYPT}, Dovecot's
// default scheme. Returns nullopt for unknown or weak schemes (MD5, SSHA,
// ...) and for data that does not match its scheme.
std::optional<std::string> import_dovecot_scheme(std::string_view field);

}  // namespace petrel::auth
