#pragma once
// A set of UIDs as sorted, disjoint, non-adjacent inclusive ranges, so
// "1:100000" costs one range and one range query, not 100,000 entries.
// The store's own type: it does not know IMAP sequence-set syntax ("*" is
// resolved by the caller against its view).
#include <initializer_list>
#include <vector>

#include "store/types.h"

namespace petrel::store {

struct UidRange {
  Uid first = 0;
  Uid last = 0;  // inclusive, >= first
  bool operator==(const UidRange&) const = default;
};

class UidSet {
 public:
  UidSet() = default;
  UidSet(std::initializer_list<UidRange> ranges);
  static UidSet all() { return UidSet{{1, UINT32_MAX}}; }
  static UidSet of(const std::vector<Uid>& uids);

  // Adds [first, last]; ranges with first > last or first == 0 are clamped
  // (UID 0 does not exist).
  void add(Uid first, Uid last);
  void add(Uid uid) { add(uid, uid); }

  bool contains(Uid uid) const;
  bool empty() const { return ranges_.empty(); }
  const std::vector<UidRange>& ranges() const { return ranges_; }
  bool operator==(const UidSet&) const = default;

 private:
  std::vector<UidRange> ranges_;
};

}  // namespace petrel::store
