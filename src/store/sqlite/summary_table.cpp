#include "store/sqlite/summary_table.h"

#include <string>

#include "mime/analysis.h"
#include "store/object_id.h"
#include "store/sqlite/content.h"

namespace petrel::store::sqlite {
namespace {

// content_id is the rowid: fetch() joins by it with one b-tree probe, and
// ids grow with delivery, so a mailbox's rows are read in file order.
// ENVELOPE and BODYSTRUCTURE, which every sync asks for, come first: a row
// too long for one page keeps them in its first page.
constexpr const char* kColumns = R"sql((
  content_id INTEGER PRIMARY KEY,
  thread_id INTEGER NOT NULL,
  envelope TEXT NOT NULL,
  bodystructure TEXT NOT NULL,
  body TEXT NOT NULL,
  preview TEXT NOT NULL,
  part_tree BLOB NOT NULL
))sql";

constexpr const char* kFill = R"sql(
INSERT INTO content_summary
  (content_id, thread_id, envelope, bodystructure, body, preview, part_tree)
  SELECT id, thread_id, envelope, bodystructure, body, preview, part_tree
  FROM content ORDER BY id;
)sql";

}  // namespace

const char* const kSummaryDeleteTrigger = R"sql(
CREATE TRIGGER content_summary_delete AFTER DELETE ON content BEGIN
  DELETE FROM content_summary WHERE content_id = old.id;
END;
)sql";

std::string summary_table_sql(std::string_view name) {
  return "CREATE TABLE " + std::string(name) + " " + kColumns + ";";
}

Result<void> create_summary_table(Connection& db) {
  if (auto r = db.exec(summary_table_sql("content_summary").c_str()); !r) return r;
  if (auto r = db.exec(kSummaryDeleteTrigger); !r) return r;
  return db.exec(kFill);
}

Result<void> insert_summary(Connection& db, int64_t content_id, int64_t thread_id,
                            const ParsedMessage& parsed) {
  auto insert = db.prepare(
      "INSERT INTO content_summary (content_id, thread_id, envelope, bodystructure, body, "
      "preview, part_tree) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  insert->bind_all(content_id, thread_id, parsed.envelope, parsed.bodystructure, parsed.body,
                   parsed.preview);
  insert->bind_blob(7, parsed.part_tree);
  return insert->run();
}

Result<void> rebuild_summary(Connection& db, int64_t content_id) {
  auto row = db.prepare(
      "SELECT data, message_id_raw, in_reply_to_raw, references_raw FROM content WHERE id = ?");
  if (!row) return row.error();
  auto found = row->bind(1, content_id).step();
  if (!found) return found.error();
  if (!*found) return Error{"no such content row", ErrorCode::NotFound};
  mime::Analysis analysis = mime::analyze(row->text(0));
  HeaderFields headers;
  headers.message_id.raw = row->string(1);
  headers.in_reply_to.raw = row->string(2);
  headers.references.raw = row->string(3);
  row->reset();
  auto thread = known_thread(db, thread_links(headers));
  if (!thread) return thread.error();
  ParsedMessage parsed;
  parsed.envelope = std::move(analysis.envelope);
  parsed.body = std::move(analysis.body);
  parsed.bodystructure = std::move(analysis.bodystructure);
  parsed.part_tree = std::move(analysis.part_tree);
  parsed.preview = std::move(analysis.preview);
  return insert_summary(db, content_id, *thread != 0 ? *thread : content_id, parsed);
}

}  // namespace petrel::store::sqlite
