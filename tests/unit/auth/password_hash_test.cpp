#include "auth/password_hash.h"

#include <argon2.h>
#include <crypt.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace petrel::auth {
namespace {

// Fixed vectors for the password "Tr0ub4dor&3", made once outside Petrel:
// SHA-crypt with `openssl passwd -6/-5` (an independent implementation),
// bcrypt and yescrypt with libxcrypt, Argon2 with libargon2's encoder.
constexpr const char* kPassword = "Tr0ub4dor&3";
constexpr const char* kYescrypt =
    "$y$j9T$k2XAnEHBqQ1Ct2aMXFKNa/$0VxDO.DlI1cv6ZUdWxiygkz5y8o8q.hLUmENRJOJVM6";
constexpr const char* kSha512 =
    "$6$Petrel.salt.0001$7KQH39Mj2Vn2EKsrXxlIDRe00KoPglefFmNhM/"
    "9JJdR5D6b9EkftHXZ3Sgi77MgRdbxEy3ktOCZtO1nWofQua/";
constexpr const char* kSha256 = "$5$Petrel.salt.0001$zL6cvEY7TD2aD1PHl//j3RZhiKi4qNrrYCqlUnV4V77";
constexpr const char* kBcrypt2b = "$2b$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";
constexpr const char* kBcrypt2y = "$2y$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";
constexpr const char* kBcrypt2a = "$2a$05$ELLD.Rzq7TNDWhQPH8XA.OnZm.5etixW1pxdjZy7jI3KGIuu8nrbG";
constexpr const char* kArgon2id =
    "$argon2id$v=19$m=64,t=2,p=1$cGV0cmVsc2FsdHZlY3Rvcg$rJ+"
    "f53sR4MoMjOjY0xY6X0YXpaYWhEfYppCoi87MjvU";
constexpr const char* kArgon2i =
    "$argon2i$v=19$m=64,t=3,p=1$cGV0cmVsc2FsdHZlY3Rvcg$51zeOkNFbBS5EHuCl5vHSnrPCqO/8Uj+FPQeGkcOCzc";

TEST(PasswordHash, HashAndVerifyRoundTrip) {
  std::string hash = hash_password("s3cret pass");
  ASSERT_TRUE(hash.starts_with("$y$")) << hash;
  EXPECT_TRUE(verify_password("s3cret pass", hash));
  EXPECT_FALSE(verify_password("s3cret pasS", hash));
  EXPECT_FALSE(verify_password("", hash));
  EXPECT_TRUE(is_supported_hash(hash));
}

TEST(PasswordHash, SaltIsFreshEachTime) { EXPECT_NE(hash_password("same"), hash_password("same")); }

TEST(PasswordHash, RefusesPasswordWithNul) {
  EXPECT_EQ(hash_password(std::string_view("ab\0cd", 5)), "");
  // A NUL would truncate the password inside crypt(3).
  EXPECT_FALSE(verify_password(std::string_view("Tr0ub4dor&3\0x", 13), kSha512));
}

TEST(PasswordHash, FixedVectors) {
  for (const char* stored :
       {kYescrypt, kSha512, kSha256, kBcrypt2b, kBcrypt2y, kBcrypt2a, kArgon2id, kArgon2i}) {
    SCOPED_TRACE(stored);
    EXPECT_TRUE(is_supported_hash(stored));
    EXPECT_TRUE(verify_password(kPassword, stored));
    EXPECT_FALSE(verify_password("Tr0ub4dor&4", stored));
    EXPECT_FALSE(verify_password("", stored));
  }
}

TEST(PasswordHash, TamperedDigestFails) {
  std::string stored = kSha512;
  stored.back() = stored.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(verify_password(kPassword, stored));
  stored = kArgon2id;
  stored[stored.size() - 2] = stored[stored.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password(kPassword, stored));
  // Trailing garbage must not be ignored.
  EXPECT_FALSE(verify_password(kPassword, std::string(kYescrypt) + "x"));
}

// Hashes made by the libraries themselves at test time, with fresh salts.
std::string crypt_with(const char* prefix, unsigned long count, const char* password) {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn(prefix, count, nullptr, 0, setting, sizeof setting) == nullptr) return "";
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_rn(password, setting, data.get(), sizeof(crypt_data));
  return out ? out : "";
}

TEST(PasswordHash, LibxcryptGeneratedHashes) {
  struct Case {
    const char* prefix;
    unsigned long count;
  };
  for (Case c : {Case{"$y$", 0}, Case{"$6$", 1000}, Case{"$5$", 1000}, Case{"$2b$", 4},
                 Case{"$2y$", 4}, Case{"$2a$", 4}}) {
    SCOPED_TRACE(c.prefix);
    std::string stored = crypt_with(c.prefix, c.count, "pässwörd");
    ASSERT_TRUE(stored.starts_with(c.prefix)) << stored;
    EXPECT_TRUE(verify_password("pässwörd", stored));
    EXPECT_FALSE(verify_password("passwort", stored));
  }
}

TEST(PasswordHash, Libargon2GeneratedHashes) {
  const std::string password = "correct horse battery staple";
  const std::string salt = "sixteen byte slt";
  char encoded[256];
  ASSERT_EQ(argon2id_hash_encoded(1, 64, 1, password.data(), password.size(), salt.data(),
                                  salt.size(), 32, encoded, sizeof encoded),
            ARGON2_OK);
  EXPECT_TRUE(verify_password(password, encoded));
  EXPECT_FALSE(verify_password("correct horse battery stapl", encoded));
  ASSERT_EQ(argon2i_hash_encoded(2, 64, 1, password.data(), password.size(), salt.data(),
                                 salt.size(), 32, encoded, sizeof encoded),
            ARGON2_OK);
  EXPECT_TRUE(verify_password(password, encoded));
  EXPECT_FALSE(verify_password("x", encoded));
}

TEST(PasswordHash, UnsupportedOrMalformedHashesNeverVerify) {
  for (const char* stored :
       {"", "*", "!", "!$y$j9T$k2XAnEHBqQ1Ct2aMXFKNa/$0VxDO", "Tr0ub4dor&3", "$1$abc$def",
        "abJnggxhB/yWI",  // DES crypt
        "$6$", "$y$j9T$", "$argon2d$v=19$m=64,t=2,p=1$cGV0cmVs$rJ+f53sR4MoMjOjY0xY6X0Y",
        "$argon2id$", "$6$salt$has space", "$6$salt$has:colon"}) {
    SCOPED_TRACE(stored);
    EXPECT_FALSE(is_supported_hash(stored));
    EXPECT_FALSE(verify_password(kPassword, stored));
  }
}

}  // namespace
}  // namespace petrel::auth
