// SqliteUserStore: APPEND, SELECT, FETCH metadata and message bytes.
#include <algorithm>
#include <set>

#include "store/flags.h"
#include "store/mailbox_path.h"
#include "store/object_id.h"
#include "store/sqlite/content.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/message_blob.h"
#include "store/sqlite/quota_rows.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sort_key_table.h"
#include "store/sqlite/user_store.h"

namespace petrel::store::sqlite {

Result<AppendResult> SqliteUserStore::append(std::string_view mailbox,
                                             std::vector<NewMessage> messages) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  if (messages.empty()) return Error{"nothing to append", ErrorCode::InvalidArgument};
  size_t weight = 0;
  for (const auto& m : messages) weight += m.bytes.size();
  int64_t now = now_seconds();
  return write<AppendResult>(
      [&](WriteContext& ctx) -> Result<AppendResult> {
        auto box = selectable_mailbox(ctx.db, *name);
        if (!box) return box.error();
        if (UINT32_MAX - box->uidnext < messages.size()) {
          return Error{"mailbox has used up its UIDs", ErrorCode::Forbidden};
        }
        if (auto r = check_quota(ctx.db, default_quota_, messages.size(), weight); !r) {
          return r.error();
        }
        AppendResult result;
        result.mailbox = box->id;
        result.uidvalidity = box->uidvalidity;
        result.modseq = box->highest_modseq + 1;
        Uid uid = box->uidnext;
        for (const auto& m : messages) {
          auto keywords = canonical_keywords(ctx.db, m.keywords, true);
          if (!keywords) return keywords.error();
          auto content = insert_content(ctx.db, m);
          if (!content) return content.error();
          if (result.uids.empty()) {
            if (auto r = note_unindexed(ctx.db, *content); !r) return r.error();
          }
          auto insert = ctx.db.prepare(
              "INSERT INTO message (mailbox_id, uid, modseq, flags, keywords, content_id, size, "
              "internal_date, internal_date_tz, save_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
          if (!insert) return insert.error();
          SystemFlags flags = m.flags & kAllSystemFlags;
          auto r = insert
                       ->bind_all(box->id, uid, result.modseq, flags, join_keywords(*keywords),
                                  *content, static_cast<int64_t>(m.bytes.size()), m.internal_date,
                                  m.internal_date_tz, now)
                       .run();
          if (!r) return r.error();
          result.uids.push_back(uid++);
        }
        if (auto r = save_counters(ctx.db, box->id, uid, result.modseq); !r) return r.error();
        ctx.notify({box->id, result.modseq, ChangeNotice::Kind::Messages});
        ctx.defer_work();  // the full-text entries
        return result;
      },
      weight);
}

Result<MailboxSnapshot> SqliteUserStore::select(std::string_view mailbox) {
  auto name = canonical_mailbox_name(mailbox);
  if (!name) return name.error();
  auto lease = read();
  if (!lease) return lease.error();
  auto row = selectable_mailbox(lease->db(), *name);
  if (!row) return row.error();

  MailboxSnapshot snap;
  snap.special_use = row->special_use;
  MailboxStatus& status = snap.status;
  status.id = row->id;
  status.name = row->name;
  status.object_id = object_id('F', salt_, row->id);
  status.uidvalidity = row->uidvalidity;
  status.uidnext = row->uidnext;
  status.highest_modseq = row->highest_modseq;
  // One pass gives the messages and the counts, in the same snapshot.
  auto stmt = lease->db().prepare(std::string("SELECT ") + kStateColumns +
                                  ", size FROM message WHERE mailbox_id = ? ORDER BY uid");
  if (!stmt) return stmt.error();
  stmt->bind(1, row->id);
  std::set<std::string> keywords;
  while (true) {
    auto r = stmt->step();
    if (!r) return r.error();
    if (!*r) break;
    MessageState state = read_state(*stmt, 0);
    if (!(state.flags & kSeen)) ++status.unseen;
    if (state.flags & kDeleted) ++status.deleted;
    status.size += static_cast<uint64_t>(stmt->int64(4));
    if (state.flags & kDeleted) status.deleted_size += static_cast<uint64_t>(stmt->int64(4));
    keywords.insert(state.keywords.begin(), state.keywords.end());
    snap.messages.push_back(std::move(state));
  }
  status.messages = static_cast<uint32_t>(snap.messages.size());
  snap.keywords.assign(keywords.begin(), keywords.end());
  return snap;
}

namespace {

// The SELECT for fetch(): the message row, joined to content_summary or
// content only when one of their columns is wanted (a sync of metadata
// never reads the wide content rows).
std::string fetch_sql(FetchFields fields) {
  std::string sql = "SELECT m.uid, m.modseq, m.flags, m.keywords";
  if (fields & kFetchInternalDate) sql += ", m.internal_date, m.internal_date_tz";
  if (fields & kFetchSize) sql += ", m.size";
  if (fields & kFetchSaveDate) sql += ", m.save_date";
  if (fields & kFetchEmailId) sql += ", m.content_id";
  if (fields & kFetchThreadId) sql += ", s.thread_id";
  if (fields & kFetchEnvelope) sql += ", s.envelope";
  if (fields & kFetchBody) sql += ", s.body";
  if (fields & kFetchBodyStructure) sql += ", s.bodystructure";
  if (fields & kFetchPartTree) sql += ", s.part_tree";
  if (fields & kFetchPreview) sql += ", s.preview";
  if (fields & kFetchHeaders) {
    sql += ", c.header_date";
    for (const auto& h : header_columns()) sql += std::string(", c.") + h.raw + ", c." + h.text;
  }
  if (fields & kFetchSearchText) sql += std::string(", ") + kFulltextColumns;
  if (fields & kFetchSortKeys) sql += std::string(", ") + kSortKeyColumns;
  constexpr FetchFields kSummary = kFetchThreadId | kFetchEnvelope | kFetchBody |
                                   kFetchBodyStructure | kFetchPartTree | kFetchPreview;
  constexpr FetchFields kContent = kFetchHeaders;
  sql += " FROM message m";
  if (fields & kSummary) sql += " JOIN content_summary s ON s.content_id = m.content_id";
  if (fields & kContent) sql += " JOIN content c ON c.id = m.content_id";
  if (fields & kFetchSearchText) sql += " LEFT JOIN content_fts f ON f.rowid = m.content_id";
  if (fields & kFetchSortKeys) sql += " LEFT JOIN sort_key k ON k.content_id = m.content_id";
  sql += " WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid";
  return sql;
}

MessageMeta read_meta(const Statement& stmt, FetchFields fields, uint32_t salt) {
  MessageMeta meta;
  meta.state = read_state(stmt, 0);
  int c = 4;
  if (fields & kFetchInternalDate) {
    meta.internal_date = stmt.int64(c++);
    meta.internal_date_tz = static_cast<int32_t>(stmt.int64(c++));
  }
  if (fields & kFetchSize) meta.size = static_cast<uint64_t>(stmt.int64(c++));
  if (fields & kFetchSaveDate) meta.save_date = stmt.int64(c++);
  if (fields & kFetchEmailId) meta.email_id = object_id('M', salt, stmt.int64(c++));
  if (fields & kFetchThreadId) meta.thread_id = object_id('T', salt, stmt.int64(c++));
  ParsedMessage& p = meta.parsed;
  if (fields & kFetchEnvelope) p.envelope = stmt.string(c++);
  if (fields & kFetchBody) p.body = stmt.string(c++);
  if (fields & kFetchBodyStructure) p.bodystructure = stmt.string(c++);
  if (fields & kFetchPartTree) p.part_tree = stmt.string(c++);
  if (fields & kFetchPreview) p.preview = stmt.string(c++);
  if (fields & kFetchHeaders) {
    p.headers.date = stmt.int64(c++);
    for (const auto& h : header_columns()) {
      (p.headers.*h.member).raw = stmt.string(c++);
      (p.headers.*h.member).decoded = stmt.string(c++);
    }
  }
  if (fields & kFetchSearchText) {
    SearchText& t = meta.search;
    for (std::string* s : {&t.subject, &t.from, &t.to, &t.cc, &t.bcc, &t.body, &t.header}) {
      *s = stmt.string(c++);
    }
  }
  if (fields & kFetchSortKeys) meta.sort = read_sort_keys(stmt, c);
  return meta;
}

}  // namespace

Result<std::vector<MessageMeta>> SqliteUserStore::fetch(MailboxId mailbox, const UidSet& uids,
                                                        FetchFields fields) {
  auto lease = read();
  if (!lease) return lease.error();
  if (auto box = selectable_mailbox(lease->db(), mailbox); !box) return box.error();
  auto stmt = lease->db().prepare(fetch_sql(fields));
  if (!stmt) return stmt.error();
  std::vector<MessageMeta> out;
  out.reserve(reserve_for(uids, 4096));  // MessageMeta is large
  auto read = for_each_row_in(
      *stmt, mailbox, uids, [&](Statement& row) { out.push_back(read_meta(row, fields, salt_)); });
  if (!read) return read.error();
  if (fields & kFetchSearchText) {
    // Imported messages whose index entries are not written yet.
    if (auto r = fill_unindexed_search_text(lease->db(), mailbox, out); !r) return r.error();
  }
  return out;
}

namespace {

// Below this many messages a FETCH's reads are few enough one after another.
constexpr uint64_t kReadAheadFrom = 3000;
// The messages are split in about this many parts (read_ahead.h takes them
// in order) of at least kReadAheadPart messages.
constexpr uint64_t kReadAheadParts = 16;
constexpr uint64_t kReadAheadPart = 2000;

}  // namespace

void SqliteUserStore::will_fetch(MailboxId mailbox, const UidSet& uids, FetchFields fields) {
  constexpr FetchFields kSummary = kFetchEnvelope | kFetchBody | kFetchBodyStructure;
  if (read_ahead_ == nullptr || !(fields & kSummary)) return;
  uint64_t total = 0;
  for (const auto& r : uids.ranges()) total += uint64_t{r.last} - r.first + 1;
  if (total < kReadAheadFrom) return;
  const uint64_t part = std::max(kReadAheadPart, total / kReadAheadParts + 1);
  // A part's span may take in UIDs between two ranges: BETWEEN reads their
  // rows too, which a hint may.
  for (auto [first, last] : read_ahead_parts(uids, 0, part)) {
    if (!read_ahead_->request(db_path_, mailbox, first, last)) return;
  }
}

Result<std::string> SqliteUserStore::read_message(MailboxId mailbox, Uid uid, uint64_t offset,
                                                  uint64_t length) {
  auto lease = read();
  if (!lease) return lease.error();
  auto blob = open_message_blob(lease->db(), mailbox, uid);
  if (!blob) return blob.error();
  auto size = static_cast<uint64_t>(sqlite3_blob_bytes(blob->get()));
  std::string out;
  if (offset < size) {
    uint64_t n = std::min(length, size - offset);
    out.resize(n);
    int rc =
        sqlite3_blob_read(blob->get(), out.data(), static_cast<int>(n), static_cast<int>(offset));
    if (rc != SQLITE_OK) return sqlite_error(lease->db().handle(), rc, "read message bytes");
  }
  return out;
}

}  // namespace petrel::store::sqlite
