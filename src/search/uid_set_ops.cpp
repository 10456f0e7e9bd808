#include "search/uid_set_ops.h"

#include <algorithm>

namespace petrel::search {

store::UidSet intersect(const store::UidSet& a, const store::UidSet& b) {
  store::UidSet out;
  const auto& x = a.ranges();
  const auto& y = b.ranges();
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    store::Uid lo = std::max(x[i].first, y[j].first);
    store::Uid hi = std::min(x[i].last, y[j].last);
    if (lo <= hi) out.add(lo, hi);
    if (x[i].last < y[j].last) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

store::UidSet unite(const store::UidSet& a, const store::UidSet& b) {
  store::UidSet out = a;
  for (const auto& r : b.ranges()) out.add(r.first, r.last);
  return out;
}

}  // namespace petrel::search
