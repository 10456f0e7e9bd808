#include "store/sort_rows.h"

namespace petrel::store {

void SortRows::reserve(size_t n) {
  uids.reserve(n);
  if (columns & kSortInternalDate) internal_dates.reserve(n);
  if (columns & kSortSize) sizes.reserve(n);
  if (columns & kSortDate) dates.reserve(n);
  if (columns & kSortSubject) {
    subjects.reserve(n);
    subject_is_reply.reserve(n);
  }
  if (columns & kSortFrom) from.reserve(n);
  if (columns & kSortTo) to.reserve(n);
  if (columns & kSortCc) cc.reserve(n);
  if (columns & kSortDisplayFrom) display_from.reserve(n);
  if (columns & kSortDisplayTo) display_to.reserve(n);
  if (columns & kSortMessageId) message_ids.reserve(n);
  if (columns & kSortParents) parents.reserve(n);
}

void append_sort_row(SortRows& rows, Uid uid, int64_t internal_date, uint64_t size,
                     const SortKeys& keys) {
  const SortColumns c = rows.columns;
  rows.uids.push_back(uid);
  if (c & kSortInternalDate) rows.internal_dates.push_back(internal_date);
  if (c & kSortSize) rows.sizes.push_back(size);
  if (c & kSortDate) rows.dates.push_back(keys.date);
  if (c & kSortSubject) {
    rows.subjects.push_back(keys.subject);
    rows.subject_is_reply.push_back(keys.subject_is_reply ? 1 : 0);
  }
  if (c & kSortFrom) rows.from.push_back(keys.from);
  if (c & kSortTo) rows.to.push_back(keys.to);
  if (c & kSortCc) rows.cc.push_back(keys.cc);
  if (c & kSortDisplayFrom) rows.display_from.push_back(keys.display_from);
  if (c & kSortDisplayTo) rows.display_to.push_back(keys.display_to);
  if (c & kSortMessageId) rows.message_ids.push_back(keys.message_id);
  if (c & kSortParents) rows.parents.push_back(keys.parents);
}

}  // namespace petrel::store
