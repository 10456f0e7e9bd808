#include "auth/dovecot_scheme.h"

#include <gtest/gtest.h>

#include "auth/password_hash.h"

namespace petrel::auth {
namespace {

constexpr const char* kSha512 =
    "$6$Petrel.salt.0001$7KQH39Mj2Vn2EKsrXxlIDRe00KoPglefFmNhM/"
    "9JJdR5D6b9EkftHXZ3Sgi77MgRdbxEy3ktOCZtO1nWofQua/";
constexpr const char* kBcrypt2y = "$2y$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";
constexpr const char* kArgon2id =
    "$argon2id$v=19$m=64,t=2,p=1$cGV0cmVsc2FsdHZlY3Rvcg$rJ+"
    "f53sR4MoMjOjY0xY6X0YXpaYWhEfYppCoi87MjvU";
constexpr const char* kYescrypt =
    "$y$j9T$k2XAnEHBqQ1Ct2aMXFKNa/$0VxDO.DlI1cv6ZUdWxiygkz5y8o8q.hLUmENRJOJVM6";

TEST(DovecotScheme, HashSchemesAreKeptAsTheyAre) {
  EXPECT_EQ(import_dovecot_scheme(std::string("{SHA512-CRYPT}") + kSha512), kSha512);
  EXPECT_EQ(import_dovecot_scheme(std::string("{BLF-CRYPT}") + kBcrypt2y), kBcrypt2y);
  EXPECT_EQ(import_dovecot_scheme(std::string("{ARGON2ID}") + kArgon2id), kArgon2id);
  EXPECT_EQ(import_dovecot_scheme(std::string("{CRYPT}") + kSha512), kSha512);
  EXPECT_EQ(import_dovecot_scheme(std::string("{CRYPT}") + kYescrypt), kYescrypt);
  // Scheme names are case-insensitive in Dovecot.
  EXPECT_EQ(import_dovecot_scheme(std::string("{sha512-crypt}") + kSha512), kSha512);
  // No scheme: Dovecot's default, CRYPT.
  EXPECT_EQ(import_dovecot_scheme(kSha512), kSha512);
  EXPECT_TRUE(verify_password("Tr0ub4dor&3",
                              *import_dovecot_scheme(std::string("{BLF-CRYPT}") + kBcrypt2y)));
}

TEST(DovecotScheme, PlainIsHashedOnImport) {
  for (const char* field : {"{PLAIN}open sesame", "{CLEARTEXT}open sesame", "{plain}open sesame"}) {
    SCOPED_TRACE(field);
    auto stored = import_dovecot_scheme(field);
    ASSERT_TRUE(stored);
    EXPECT_TRUE(stored->starts_with("$y$"));
    EXPECT_TRUE(verify_password("open sesame", *stored));
    EXPECT_FALSE(verify_password("{PLAIN}open sesame", *stored));
  }
}

TEST(DovecotScheme, RejectsUnknownOrMismatchedSchemes) {
  for (std::string field :
       {std::string("{MD5-CRYPT}$1$abc$def"), std::string("{SSHA}abcdefgh"),
        std::string("{SHA512-CRYPT}") + kBcrypt2y, std::string("{BLF-CRYPT}") + kSha512,
        std::string("{ARGON2I}") + kArgon2id, std::string("{CRYPT}") + kArgon2id,
        std::string("{PLAIN}"), std::string("{SHA512-CRYPT"), std::string("{SHA512-CRYPT}$6$"),
        std::string("{}") + kSha512, std::string("plaintext")}) {
    SCOPED_TRACE(field);
    EXPECT_FALSE(import_dovecot_scheme(field));
  }
}

}  // namespace
}  // namespace petrel::auth
