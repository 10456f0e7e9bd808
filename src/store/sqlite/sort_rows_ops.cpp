// SqliteUserStore::sort_rows: SORT and THREAD's read of many messages. One
// statement walks the message primary key (mailbox_id, uid) in order, so
// SQLite needs no temporary b-tree, and joins sort_key only when a key of
// it is wanted; each value goes straight from the row into its column.
#include <algorithm>
#include <string>

#include "store/sqlite/rows.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {
namespace {

struct TextKey {
  SortColumn column;
  const char* sql;
  TextColumn SortRows::*member;
};

// The sort_key text columns in SELECT order.
constexpr TextKey kTextKeys[] = {
    {kSortFrom, "k.addr_from", &SortRows::from},
    {kSortTo, "k.addr_to", &SortRows::to},
    {kSortCc, "k.addr_cc", &SortRows::cc},
    {kSortDisplayFrom, "k.display_from", &SortRows::display_from},
    {kSortDisplayTo, "k.display_to", &SortRows::display_to},
    {kSortMessageId, "k.message_id", &SortRows::message_ids},
    {kSortParents, "k.parents", &SortRows::parents},
};

constexpr SortColumns kKeyColumns = kSortDate | kSortSubject | kSortFrom | kSortTo | kSortCc |
                                    kSortDisplayFrom | kSortDisplayTo | kSortMessageId |
                                    kSortParents;

// A mailbox of a million messages reserves at most this up front.
constexpr uint64_t kMaxReservedRows = 1 << 20;

std::string sort_rows_sql(SortColumns columns) {
  std::string sql = "SELECT m.uid";
  if (columns & kSortInternalDate) sql += ", m.internal_date";
  if (columns & kSortSize) sql += ", m.size";
  if (columns & kSortDate) sql += ", k.date";
  if (columns & kSortSubject) sql += ", k.subject, k.subject_is_reply";
  for (const TextKey& key : kTextKeys) {
    if (columns & key.column) sql += std::string(", ") + key.sql;
  }
  sql += " FROM message m";
  // LEFT: a message without a sort_key row sorts with empty keys, as fetch()
  // gives them.
  if (columns & kKeyColumns) sql += " LEFT JOIN sort_key k ON k.content_id = m.content_id";
  sql += " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid";
  return sql;
}

void read_row(const Statement& stmt, SortRows& rows) {
  const SortColumns columns = rows.columns;
  int c = 0;
  rows.uids.push_back(static_cast<Uid>(stmt.int64(c++)));
  if (columns & kSortInternalDate) rows.internal_dates.push_back(stmt.int64(c++));
  if (columns & kSortSize) rows.sizes.push_back(static_cast<uint64_t>(stmt.int64(c++)));
  if (columns & kSortDate) rows.dates.push_back(stmt.int64(c++));
  if (columns & kSortSubject) {
    rows.subjects.push_back(stmt.text(c++));
    rows.subject_is_reply.push_back(stmt.int64(c++) != 0 ? 1 : 0);
  }
  for (const TextKey& key : kTextKeys) {
    if (columns & key.column) (rows.*key.member).push_back(stmt.text(c++));
  }
}

}  // namespace

Result<SortRows> SqliteUserStore::sort_rows(MailboxId mailbox, const UidSet& uids,
                                            SortColumns columns) {
  auto lease = read();
  if (!lease) return lease.error();
  if (auto box = selectable_mailbox(lease->db(), mailbox); !box) return box.error();
  auto stmt = lease->db().prepare(sort_rows_sql(columns));
  if (!stmt) return stmt.error();
  SortRows rows;
  rows.columns = columns;
  rows.reserve(reserve_for(uids, kMaxReservedRows));
  auto read = for_each_row_in(*stmt, mailbox, uids, [&](Statement& row) { read_row(row, rows); });
  if (!read) return read.error();
  return rows;
}

}  // namespace petrel::store::sqlite
