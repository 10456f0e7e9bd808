#pragma once
// The sort_key table (schema version 4): each content row's SortKeys
// (store/sort_keys.h), a few short columns keyed by content id, so SORT and
// THREAD on a large mailbox read one small row per message instead of the
// header fields of the wide `content` rows. A trigger drops a content row's
// keys with the row.
#include <cstdint>

#include "store/message.h"
#include "store/sqlite/connection.h"

namespace petrel::store::sqlite {

// The schema step that adds the table (version 4) and fills it.
Result<void> create_sort_key_table(Connection& db);

// Stores the keys of one content row.
Result<void> insert_sort_keys(Connection& db, int64_t content_id, const SortKeys& keys);

// Derives the keys of every content row again (petrel check --reindex).
Result<void> rebuild_sort_keys(Connection& db);

// The columns of sort_key (alias k) in read_sort_keys() order, for fetch().
inline constexpr const char* kSortKeyColumns =
    "k.date, k.subject, k.subject_is_reply, k.addr_from, k.addr_to, k.addr_cc, k.display_from, "
    "k.display_to, k.message_id, k.parents";

// Reads kSortKeyColumns from `stmt` starting at `column`; advances it.
SortKeys read_sort_keys(const Statement& stmt, int& column);

}  // namespace petrel::store::sqlite
