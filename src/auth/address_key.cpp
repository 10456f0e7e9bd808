#include "auth/address_key.h"

#include <arpa/inet.h>

#include <array>
#include <cstring>

namespace petrel::auth {

std::string throttle_key(std::string_view address) {
  std::string text(address.substr(0, address.find('%')));
  std::array<unsigned char, 16> v6;
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) != 1) return std::string(address);

  std::array<char, INET6_ADDRSTRLEN> out;
  constexpr std::array<unsigned char, 12> kMappedPrefix = {0, 0, 0, 0, 0,    0,
                                                           0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6.data(), kMappedPrefix.data(), kMappedPrefix.size()) == 0) {
    if (inet_ntop(AF_INET, v6.data() + 12, out.data(), out.size()) == nullptr) {
      return std::string(address);
    }
    return std::string(out.data());
  }
  std::fill(v6.begin() + 8, v6.end(), 0);
  if (inet_ntop(AF_INET6, v6.data(), out.data(), out.size()) == nullptr) {
    return std::string(address);
  }
  return std::string(out.data()) + "/64";
}

}  // namespace petrel::auth
