#include "store/sqlite/summary_layout.h"

#include <algorithm>
#include <optional>
#include <string>

#include "store/sqlite/meta.h"
#include "store/sqlite/summary_table.h"

namespace petrel::store::sqlite {
namespace {

// The highest content id whose summary row the last rewrite laid out.
constexpr const char* kLaidOutKey = "summary_laid_out";
// During a rewrite: the highest content id copied so far.
constexpr const char* kCopiedKey = "summary_copied";
constexpr const char* kCopy = "content_summary_copy";

// While the rows are copied, inserts and deletes on the table are made on
// the copy too (nothing updates a summary row). An insert above the copied
// mark is left to a later chunk, which would otherwise find it there.
std::string mirror_triggers() {
  std::string columns = kSummaryColumns;
  std::string values = "new." + columns;
  for (size_t at = values.find(", "); at != std::string::npos; at = values.find(", ", at + 6)) {
    values.replace(at, 2, ", new.");
  }
  return std::string(
             "CREATE TRIGGER content_summary_copy_insert AFTER INSERT ON content_summary ") +
         "WHEN new.content_id <= (SELECT value FROM meta WHERE key = '" + kCopiedKey +
         "') BEGIN INSERT OR REPLACE INTO " + kCopy + " (" + columns + ") VALUES (" + values +
         "); END;\n" +
         "CREATE TRIGGER content_summary_copy_delete AFTER DELETE ON content_summary BEGIN "
         "DELETE FROM " +
         kCopy + " WHERE content_id = old.content_id; END;\n";
}

Result<void> start_rewrite(Connection& db) {
  if (auto r = db.exec(("DROP TABLE IF EXISTS " + std::string(kCopy)).c_str()); !r) return r;
  if (auto r = db.exec(summary_table_sql(kCopy).c_str()); !r) return r;
  if (auto r = write_meta(db, kCopiedKey, 0); !r) return r;
  return db.exec(mirror_triggers().c_str());
}

// Copies up to `limit` rows above `after` in content id order; returns the
// highest id copied (`after` when none was left).
Result<int64_t> copy_chunk(Connection& db, int64_t after, size_t limit) {
  auto copy = db.prepare(std::string("INSERT OR IGNORE INTO ") + kCopy + " (" + kSummaryColumns +
                         ") SELECT " + kSummaryColumns +
                         " FROM content_summary WHERE content_id > ? ORDER BY content_id LIMIT ?");
  if (!copy) return copy.error();
  if (auto r = copy->bind_all(after, static_cast<int64_t>(limit)).run(); !r) return r.error();
  // The chunk's last id: the limit-th row above `after`, or the last row.
  auto last = db.prepare(
      "SELECT max(content_id) FROM (SELECT content_id FROM content_summary WHERE content_id > ? "
      "ORDER BY content_id LIMIT ?)");
  if (!last) return last.error();
  auto row = last->bind_all(after, static_cast<int64_t>(limit)).step();
  if (!row) return row.error();
  if (!*row || last->is_null(0)) return after;
  return last->int64(0);
}

// The copy holds every row: it takes the table's place.
Result<void> finish_rewrite(Connection& db, int64_t copied) {
  std::string swap = std::string("DROP TRIGGER content_summary_delete;\n") +
                     "DROP TABLE content_summary;\n" +  // its mirror triggers with it
                     "ALTER TABLE " + kCopy + " RENAME TO content_summary;\n" +
                     kSummaryDeleteTrigger;
  if (auto r = db.exec(swap.c_str()); !r) return r;
  if (auto r = erase_meta(db, kCopiedKey); !r) return r;
  return write_meta(db, kLaidOutKey, copied);
}

}  // namespace

Result<bool> summary_rewrite_due(Connection& db, const SummaryLayoutPolicy& policy) {
  auto copied = read_meta(db, kCopiedKey);
  if (!copied) return copied.error();
  if (*copied) return true;  // under way
  auto laid_out = read_meta(db, kLaidOutKey);
  if (!laid_out) return laid_out.error();
  // Upper bounds from the primary key and the quota counter alone: a count
  // of the rows would read every page this is about.
  auto max_id = db.query_int("SELECT coalesce(max(content_id), 0) FROM content_summary");
  if (!max_id) return max_id.error();
  auto messages = db.query_int("SELECT coalesce(max(messages), 0) FROM quota_usage");
  if (!messages) return messages.error();
  const int64_t written_since = *max_id - laid_out->value_or(0);
  return written_since >= policy.min_rows &&
         static_cast<double>(written_since) >= policy.share * static_cast<double>(*messages);
}

Result<bool> rewrite_summary_step(Connection& db, const SummaryLayoutPolicy& policy,
                                  const std::function<bool()>* give_way) {
  auto copied = read_meta(db, kCopiedKey);
  if (!copied) return copied.error();
  if (!*copied) {
    auto due = summary_rewrite_due(db, policy);
    if (!due) return due.error();
    if (!*due) return false;
    if (auto r = start_rewrite(db); !r) return r.error();
    copied = std::optional<int64_t>(0);
  }
  // Chunks of a tenth of a step, so that a step asked to give way stops
  // soon after it was asked.
  const size_t chunk = std::max<size_t>(1, policy.rows_per_step / 10);
  int64_t mark = **copied;
  for (size_t done = 0; done < policy.rows_per_step; done += chunk) {
    auto last = copy_chunk(db, mark, chunk);
    if (!last) return last.error();
    if (*last == mark) {  // nothing above the mark is left
      if (auto r = finish_rewrite(db, mark); !r) return r.error();
      return false;
    }
    mark = *last;
    if (give_way && (*give_way)()) break;
  }
  if (auto r = write_meta(db, kCopiedKey, mark); !r) return r.error();
  return true;
}

}  // namespace petrel::store::sqlite
