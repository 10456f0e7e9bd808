#pragma once
// Which client addresses count as "the same client" for login throttling.
#include <string>
#include <string_view>

namespace petrel::auth {

// Maps a textual peer address to the key failures are counted under:
//   IPv4 "192.0.2.7" -> itself;
//   IPv4-mapped IPv6 "::ffff:192.0.2.7" -> "192.0.2.7" (same client either way);
//   IPv6 -> its /64 prefix, e.g. "2001:db8:1:2::/64", since one host usually
//   owns a whole /64 and could otherwise rotate addresses to dodge the limit.
// A zone suffix ("%eth0") is ignored. Anything unparsable is used as it is.
std::string throttle_key(std::string_view address);

}  // namespace petrel::auth
