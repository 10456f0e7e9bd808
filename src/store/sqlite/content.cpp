#include "store/sqlite/content.h"

#include <algorithm>
#include <string>

#include "store/object_id.h"
#include "store/sort_keys.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/sort_key_table.h"

namespace petrel::store::sqlite {
namespace {

std::string insert_sql() {
  std::string columns =
      "id, size, thread_id, header_date, envelope, body, bodystructure, part_tree, preview";
  std::string values = "?, ?, ?, ?, ?, ?, ?, ?, ?";
  for (const auto& h : header_columns()) {
    columns += std::string(", ") + h.raw + ", " + h.text;
    values += ", ?, ?";
  }
  columns += ", body_text, data";
  values += ", ?, ?";
  return "INSERT INTO content (" + columns + ") VALUES (" + values + ")";
}

// The thread of the first link already known, or 0 for a new thread.
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

// The id the next content row gets. The id is chosen before the insert so
// that a message starting a thread is stored with its thread id at once:
// updating the row afterwards would rewrite all of it, message bytes
// included. AUTOINCREMENT never reuses an id, so the next one is above both
// the highest ever given (sqlite_sequence) and the highest present.
Result<int64_t> next_content_id(Connection& db) {
  auto next = db.prepare(
      "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'content'), 0), "
      "coalesce((SELECT max(id) FROM content), 0)) + 1");
  if (!next) return next.error();
  auto row = next->step();
  if (!row) return row.error();
  return next->int64(0);
}

}  // namespace

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

Result<int64_t> insert_content(Connection& db, const NewMessage& message) {
  const ParsedMessage& parsed = message.parsed;
  std::vector<std::string> links = thread_links(parsed.headers);
  auto thread = known_thread(db, links);
  if (!thread) return thread.error();
  auto id = next_content_id(db);
  if (!id) return id.error();
  if (*thread == 0) *thread = *id;  // a new thread is named after its first message

  static const std::string kInsert = insert_sql();
  auto insert = db.prepare(kInsert);
  if (!insert) return insert.error();
  int i = 0;
  insert->bind(++i, *id);
  insert->bind(++i, static_cast<int64_t>(message.bytes.size()));
  insert->bind(++i, *thread);
  insert->bind(++i, parsed.headers.date);
  insert->bind(++i, parsed.envelope);
  insert->bind(++i, parsed.body);
  insert->bind(++i, parsed.bodystructure);
  insert->bind_blob(++i, parsed.part_tree);
  insert->bind(++i, parsed.preview);
  for (const auto& h : header_columns()) {
    insert->bind(++i, (parsed.headers.*h.member).raw);
    insert->bind(++i, (parsed.headers.*h.member).decoded);
  }
  insert->bind(++i, parsed.text);
  insert->bind_blob(++i, message.bytes);
  if (auto r = insert->run(); !r) return r.error();
  if (auto r = insert_sort_keys(db, *id, make_sort_keys(parsed.headers)); !r) return r.error();
  for (const auto& link : links) {
    auto remember =
        db.prepare("INSERT OR IGNORE INTO thread_link (message_id, thread_id) VALUES (?, ?)");
    if (!remember) return remember.error();
    if (auto r = remember->bind_all(link, *thread).run(); !r) return r.error();
  }
  return *id;
}

}  // namespace petrel::store::sqlite
