#include "store/uid_set.h"

#include <algorithm>

namespace petrel::store {

UidSet::UidSet(std::initializer_list<UidRange> ranges) {
  for (const auto& r : ranges) add(r.first, r.last);
}

UidSet UidSet::of(const std::vector<Uid>& uids) {
  UidSet set;
  for (Uid uid : uids) set.add(uid);
  return set;
}

void UidSet::add(Uid first, Uid last) {
  if (first > last) std::swap(first, last);
  if (first == 0) first = 1;
  if (last == 0) return;
  // Insert in order, then merge with overlapping or adjacent neighbours.
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), first,
                             [](const UidRange& r, Uid v) { return r.last < v; });
  if (it != ranges_.begin() && std::prev(it)->last != UINT32_MAX &&
      std::prev(it)->last + 1 == first) {
    --it;
  }
  auto end = it;
  UidRange merged{first, last};
  while (end != ranges_.end() && (end->first <= merged.last ||
                                  (merged.last != UINT32_MAX && end->first == merged.last + 1))) {
    merged.first = std::min(merged.first, end->first);
    merged.last = std::max(merged.last, end->last);
    ++end;
  }
  it = ranges_.erase(it, end);
  ranges_.insert(it, merged);
}

bool UidSet::contains(Uid uid) const {
  auto it = std::lower_bound(ranges_.begin(), ranges_.end(), uid,
                             [](const UidRange& r, Uid v) { return r.last < v; });
  return it != ranges_.end() && it->first <= uid;
}

}  // namespace petrel::store
