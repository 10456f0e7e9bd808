#include "auth/base64.h"

#include <gtest/gtest.h>

namespace petrel::auth {
namespace {

TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
}

TEST(Base64, BinaryRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (size_t n = 0; n <= all.size(); n += 37) {
    std::string data = all.substr(0, n);
    EXPECT_EQ(base64_decode(base64_encode(data)), data);
  }
  EXPECT_EQ(base64_encode(std::string("\0user\0pass", 10)), "AHVzZXIAcGFzcw==");
  EXPECT_EQ(base64_decode("+/+/"), "\xfb\xff\xbf");
}

TEST(Base64, StrictDecodingRejects) {
  for (const char* bad : {
           "Zg",        // missing padding
           "Zg=",       // short padding
           "Zm9",       // length not a multiple of 4
           "Zg===",     // too much padding
           "====",      // nothing but padding
           "Z===",      // three '='
           "Zg==Zg==",  // padding in the middle
           "Z=g=",      // '=' inside a group
           "Zm9v\r\n",  // line break
           " Zm9v",     // whitespace
           "Zm 9v",     //
           "Zm9v!A==",  // character outside the alphabet
           "Zm9-",      // URL-safe alphabet is not base64
           "Zh==",      // non-zero bits under the padding ("Zg==" is canonical)
           "Zm9=",      // same, one '='
       }) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(base64_decode(bad));
  }
  EXPECT_FALSE(base64_decode(std::string_view("Zm9v\0\0\0\0", 8)));
}

}  // namespace
}  // namespace petrel::auth
