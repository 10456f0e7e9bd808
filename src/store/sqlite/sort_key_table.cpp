#include "store/sqlite/sort_key_table.h"

#include <string>

#include "store/sort_keys.h"
#include "store/sqlite/content.h"

namespace petrel::store::sqlite {
namespace {

// content_id is the rowid: a fetch joins by it with one b-tree probe, and a
// row is a few dozen bytes, so 100,000 messages' keys fit in a few MB.
constexpr const char* kCreate = R"sql(
CREATE TABLE sort_key (
  content_id INTEGER PRIMARY KEY,
  date INTEGER NOT NULL,
  subject TEXT NOT NULL,
  subject_is_reply INTEGER NOT NULL,
  addr_from TEXT NOT NULL,
  addr_to TEXT NOT NULL,
  addr_cc TEXT NOT NULL,
  display_from TEXT NOT NULL,
  display_to TEXT NOT NULL,
  message_id TEXT NOT NULL,
  parents TEXT NOT NULL
);
CREATE TRIGGER sort_key_delete AFTER DELETE ON content BEGIN
  DELETE FROM sort_key WHERE content_id = old.id;
END;
)sql";

}  // namespace

Result<void> insert_sort_keys(Connection& db, int64_t content_id, const SortKeys& k) {
  auto insert = db.prepare(
      "INSERT OR REPLACE INTO sort_key (content_id, date, subject, subject_is_reply, addr_from, "
      "addr_to, addr_cc, display_from, display_to, message_id, parents) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  return insert
      ->bind_all(content_id, k.date, k.subject, int64_t{k.subject_is_reply}, k.from, k.to, k.cc,
                 k.display_from, k.display_to, k.message_id, k.parents)
      .run();
}

Result<void> rebuild_sort_keys(Connection& db) {
  if (auto r = db.exec("DELETE FROM sort_key"); !r) return r;
  std::string sql = "SELECT id, header_date";
  for (const auto& h : header_columns()) sql += std::string(", ") + h.raw + ", " + h.text;
  sql += " FROM content ORDER BY id";
  auto rows = db.prepare(sql);
  if (!rows) return rows.error();
  while (true) {
    auto more = rows->step();
    if (!more) return more.error();
    if (!*more) break;
    HeaderFields headers;
    headers.date = rows->int64(1);
    int c = 2;
    for (const auto& h : header_columns()) {
      (headers.*h.member).raw = rows->string(c++);
      (headers.*h.member).decoded = rows->string(c++);
    }
    if (auto r = insert_sort_keys(db, rows->int64(0), make_sort_keys(headers)); !r) return r;
  }
  return Ok{};
}

Result<void> create_sort_key_table(Connection& db) {
  if (auto r = db.exec(kCreate); !r) return r;
  return rebuild_sort_keys(db);
}

SortKeys read_sort_keys(const Statement& stmt, int& c) {
  SortKeys k;
  k.date = stmt.int64(c++);
  k.subject = stmt.string(c++);
  k.subject_is_reply = stmt.int64(c++) != 0;
  for (std::string* s :
       {&k.from, &k.to, &k.cc, &k.display_from, &k.display_to, &k.message_id, &k.parents}) {
    *s = stmt.string(c++);
  }
  return k;
}

}  // namespace petrel::store::sqlite
