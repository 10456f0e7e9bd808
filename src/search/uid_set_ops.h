#pragma once
// Intersection and union of store::UidSet, for combining index candidates.
#include "store/uid_set.h"

namespace petrel::search {

store::UidSet intersect(const store::UidSet& a, const store::UidSet& b);
store::UidSet unite(const store::UidSet& a, const store::UidSet& b);

}  // namespace petrel::search
