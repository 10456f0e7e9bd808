#include "mime/base64.h"

#include <gtest/gtest.h>

namespace petrel::mime {
namespace {

TEST(Base64Test, DecodesTable) {
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {
      {"", ""},
      {"Zg==", "f"},
      {"Zm8=", "fo"},
      {"Zm9v", "foo"},
      {"Zm9vYg==", "foob"},
      {"Zm9vYmE=", "fooba"},
      {"Zm9vYmFy", "foobar"},
      // Line breaks and whitespace inside the data (RFC 2045 6.8).
      {"Zm9v\r\nYmFy\r\n", "foobar"},
      {" Z m 9 v\tYmFy ", "foobar"},
      // Bytes outside the alphabet are skipped.
      {"aGVs!!bG8g\r\nd29y*bGQ=", "hello world"},
      // Padding ends the data: trailing junk after it is ignored.
      {"aGVsbG8gd29ybGQ=extra==", "hello world"},
      {"aGVsbG8=aGVsbG8=", "hello"},
      // Missing padding: the partial group still yields its bytes.
      {"Zm8", "fo"},
      {"Zg", "f"},
      // A single dangling character carries no whole byte.
      {"Zm9vY", "foo"},
      // '=' before a group has two characters is ignored.
      {"=Zm9v", "foo"},
      {"Z=m9v", "foo"},
      {"\xff\xfe"
       "AAEC",
       std::string("\x00\x01\x02", 3)},
  };
  for (const auto& c : cases) EXPECT_EQ(base64_decode(c.in), c.out) << c.in;
}

TEST(Base64Test, DecodesAllByteValues) {
  // Every byte value through a known encoding of 0..255.
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  const char* encoded =
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4\r\n"
      "OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3Bx\r\n"
      "cnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmq\r\n"
      "q6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj\r\n"
      "5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w==\r\n";
  EXPECT_EQ(base64_decode(encoded), bytes);
}

TEST(Base64Test, AppendsToExistingOutput) {
  std::string out = "x";
  base64_decode("eQ==", out);
  EXPECT_EQ(out, "xy");
}

}  // namespace
}  // namespace petrel::mime
