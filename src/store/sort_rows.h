#pragma once
// What SORT and THREAD read of a whole mailbox at once
// (UserStore::sort_rows): only the keys their criteria compare, as columns,
// with every string of a column end to end in one buffer. 100,000 messages
// thus cost a handful of allocations instead of a MessageMeta (and a dozen
// strings) each.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/message.h"
#include "store/types.h"

namespace petrel::store {

// The columns sort_rows() fills; the others stay empty.
enum SortColumn : uint32_t {
  kSortInternalDate = 1 << 0,  // ARRIVAL, and DATE for messages without Date:
  kSortSize = 1 << 1,
  kSortDate = 1 << 2,     // SortKeys::date
  kSortSubject = 1 << 3,  // SortKeys::subject and subject_is_reply
  kSortFrom = 1 << 4,
  kSortTo = 1 << 5,
  kSortCc = 1 << 6,
  kSortDisplayFrom = 1 << 7,
  kSortDisplayTo = 1 << 8,
  kSortMessageId = 1 << 9,
  kSortParents = 1 << 10,
};
using SortColumns = uint32_t;

// One string per row, stored end to end; row i is [end(i-1), end(i)).
class TextColumn {
 public:
  void push_back(std::string_view text) {
    bytes_.append(text);
    ends_.push_back(bytes_.size());
  }
  void reserve(size_t rows) { ends_.reserve(rows); }
  std::string_view operator[](size_t row) const {
    size_t begin = row == 0 ? 0 : ends_[row - 1];
    return std::string_view(bytes_).substr(begin, ends_[row] - begin);
  }
  size_t size() const { return ends_.size(); }
  bool operator==(const TextColumn&) const = default;

 private:
  std::string bytes_;
  std::vector<size_t> ends_;
};

// The keys of some messages of one mailbox, row i being uids[i] (ascending).
// A column not asked for is empty; one asked for has a value in every row
// (0 or "" for a message without stored keys).
struct SortRows {
  SortColumns columns = 0;
  std::vector<Uid> uids;
  std::vector<int64_t> internal_dates;    // kSortInternalDate
  std::vector<uint64_t> sizes;            // kSortSize
  std::vector<int64_t> dates;             // kSortDate
  TextColumn subjects;                    // kSortSubject
  std::vector<uint8_t> subject_is_reply;  // kSortSubject
  TextColumn from, to, cc;                // kSortFrom, kSortTo, kSortCc
  TextColumn display_from, display_to;    // kSortDisplayFrom, kSortDisplayTo
  TextColumn message_ids, parents;        // kSortMessageId, kSortParents
  size_t size() const { return uids.size(); }
  // Room for `n` rows in the columns asked for.
  void reserve(size_t n);
  bool operator==(const SortRows&) const = default;
};

// Appends one message's row: the columns of `rows.columns` taken from its
// INTERNALDATE, size and stored SortKeys (for backends that keep SortKeys
// whole, and for tests).
void append_sort_row(SortRows& rows, Uid uid, int64_t internal_date, uint64_t size,
                     const SortKeys& keys);

}  // namespace petrel::store
