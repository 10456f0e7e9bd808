#include "store/sqlite/content.h"

#include <algorithm>
#include <string>

#include "store/object_id.h"
#include "store/search_text.h"
#include "store/sort_keys.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/sort_key_table.h"
#include "store/sqlite/summary_table.h"

namespace petrel::store::sqlite {
namespace {

std::string insert_sql() {
  // thread_id, envelope, body, bodystructure, part_tree and preview live in
  // content_summary (summary_table.h) since version 7; here they keep their
  // defaults ('', and 0 for thread_id). body_text keeps its '' too since
  // version 8: the text is derived from `data` when needed (search_text.h).
  std::string columns = "size, thread_id, header_date";
  std::string values = "?, 0, ?";
  for (const auto& h : header_columns()) {
    columns += std::string(", ") + h.raw + ", " + h.text;
    values += ", ?, ?";
  }
  columns += ", data";
  values += ", ?";
  return "INSERT INTO content (" + columns + ") VALUES (" + values + ")";
}

}  // namespace

Result<int64_t> known_thread(Connection& db, const std::vector<std::string>& links) {
  int64_t thread = 0;
  for (const auto& link : links) {
    auto find = db.prepare("SELECT thread_id FROM thread_link WHERE message_id = ?");
    if (!find) return find.error();
    auto row = find->bind(1, link).step();
    if (!row) return row.error();
    // The oldest thread wins when a message links two of them.
    if (*row && (thread == 0 || find->int64(0) < thread)) thread = find->int64(0);
  }
  return thread;
}

const std::vector<HeaderColumn>& header_columns() {
  static const std::vector<HeaderColumn> kColumns = {
      {"subject_raw", "subject_text", &HeaderFields::subject},
      {"from_raw", "from_text", &HeaderFields::from},
      {"to_raw", "to_text", &HeaderFields::to},
      {"cc_raw", "cc_text", &HeaderFields::cc},
      {"bcc_raw", "bcc_text", &HeaderFields::bcc},
      {"message_id_raw", "message_id_text", &HeaderFields::message_id},
      {"in_reply_to_raw", "in_reply_to_text", &HeaderFields::in_reply_to},
      {"references_raw", "references_text", &HeaderFields::references},
  };
  return kColumns;
}

std::string search_text_columns(std::string_view prefix) {
  std::string sql;
  for (const auto& h : header_columns()) {
    sql.append(prefix).append(h.text).append(", ");
  }
  return sql.append(prefix).append("data");
}

SearchText search_text_of_row(const Statement& stmt, int first) {
  HeaderFields headers;
  int c = first;
  for (const auto& h : header_columns()) (headers.*h.member).decoded = stmt.string(c++);
  return make_search_text(headers, stmt.text(c));
}

Result<int64_t> insert_content(Connection& db, const NewMessage& message) {
  const ParsedMessage& parsed = message.parsed;
  std::vector<std::string> links = thread_links(parsed.headers);
  auto thread = known_thread(db, links);
  if (!thread) return thread.error();

  static const std::string kInsert = insert_sql();
  auto insert = db.prepare(kInsert);
  if (!insert) return insert.error();
  int i = 0;
  insert->bind(++i, static_cast<int64_t>(message.bytes.size()));
  insert->bind(++i, parsed.headers.date);
  for (const auto& h : header_columns()) {
    insert->bind(++i, (parsed.headers.*h.member).raw);
    insert->bind(++i, (parsed.headers.*h.member).decoded);
  }
  insert->bind_blob(++i, message.bytes);
  if (auto r = insert->run(); !r) return r.error();
  int64_t id = db.last_insert_rowid();
  if (auto r = insert_sort_keys(db, id, make_sort_keys(parsed.headers)); !r) return r.error();
  // A new thread is named after its first message.
  if (*thread == 0) *thread = id;
  if (auto r = insert_summary(db, id, *thread, parsed); !r) return r.error();
  for (const auto& link : links) {
    auto remember =
        db.prepare("INSERT OR IGNORE INTO thread_link (message_id, thread_id) VALUES (?, ?)");
    if (!remember) return remember.error();
    if (auto r = remember->bind_all(link, *thread).run(); !r) return r.error();
  }
  return id;
}

}  // namespace petrel::store::sqlite
