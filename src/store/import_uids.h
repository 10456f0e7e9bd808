#pragma once
// append_with_uids() with every UID 0: the messages take the UIDs from
// UIDNEXT on, in order (the contract is in store.h). Shared by the backends.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "store/types.h"

namespace petrel::store {

// The UIDs from `uidnext` on for `given` when every one of them is 0; empty
// otherwise (the given UIDs stand). Past the UID space the values stay at
// UINT32_MAX, which the caller refuses.
inline std::vector<Uid> numbered_from(Uid uidnext, const std::vector<Uid>& given) {
  if (given.empty() || !std::all_of(given.begin(), given.end(), [](Uid u) { return u == 0; })) {
    return {};
  }
  std::vector<Uid> out;
  out.reserve(given.size());
  uint64_t next = uidnext;
  for (size_t i = 0; i < given.size(); ++i) {
    out.push_back(static_cast<Uid>(std::min<uint64_t>(next++, UINT32_MAX)));
  }
  return out;
}

}  // namespace petrel::store
