#include "mime/base64.h"

#include <array>
#include <cstdint>

namespace petrel::mime {

namespace {

constexpr std::array<int8_t, 256> make_table() {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
  return t;
}

constexpr std::array<int8_t, 256> kTable = make_table();

}  // namespace

void base64_decode(std::string_view in, std::string& out) {
  const std::size_t old = out.size();
  out.resize(old + in.size() / 4 * 3 + 3);
  char* o = out.data() + old;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t size = in.size();
  uint32_t acc = 0;
  int n = 0;  // characters in the current group
  std::size_t i = 0;
  while (i < size) {
    // Fast path: whole groups of four alphabet characters (most of a line).
    while (n == 0 && i + 4 <= size) {
      const int a = kTable[p[i]], b = kTable[p[i + 1]], c = kTable[p[i + 2]], d = kTable[p[i + 3]];
      if ((a | b | c | d) < 0) break;
      const uint32_t v =
          (uint32_t(a) << 18) | (uint32_t(b) << 12) | (uint32_t(c) << 6) | uint32_t(d);
      *o++ = static_cast<char>(v >> 16);
      *o++ = static_cast<char>(v >> 8);
      *o++ = static_cast<char>(v);
      i += 4;
    }
    if (i >= size) break;
    const unsigned char ch = p[i++];
    const int8_t v = kTable[ch];
    if (v >= 0) {
      acc = (acc << 6) | static_cast<uint32_t>(v);
      if (++n == 4) {
        *o++ = static_cast<char>(acc >> 16);
        *o++ = static_cast<char>(acc >> 8);
        *o++ = static_cast<char>(acc);
        acc = 0;
        n = 0;
      }
    } else if (ch == '=' && n >= 2) {
      break;  // padding ends the data
    }
  }
  // A final partial group (padded or not): 2 chars -> 1 byte, 3 -> 2 bytes.
  if (n == 2) {
    *o++ = static_cast<char>(acc >> 4);
  } else if (n == 3) {
    *o++ = static_cast<char>(acc >> 10);
    *o++ = static_cast<char>(acc >> 2);
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
}

std::string base64_decode(std::string_view in) {
  std::string out;
  base64_decode(in, out);
  return out;
}

}  // namespace petrel::mime
