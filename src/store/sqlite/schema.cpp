#include "store/sqlite/schema.h"

#include <random>
#include <string>

#include "store/mailbox_path.h"
#include "store/sqlite/fulltext.h"
#include "store/sqlite/rows.h"
#include "store/sqlite/sort_key_table.h"
#include "store/sqlite/summary_table.h"

namespace petrel::store::sqlite {
namespace {

// Version 1. Notes on the choices:
// - mailbox.id is AUTOINCREMENT so a deleted mailbox's id is never given to
//   another one: a session still holding it gets NotFound, not other mail.
// - uidnext and highest_modseq are stored, never derived from the messages,
//   so an expunged highest UID is not reused after a restart.
// - message and tombstone are WITHOUT ROWID tables keyed by (mailbox, uid):
//   SELECT reads one mailbox's rows as one contiguous range.
// - content holds each message's bytes once (copies share the row) with the
//   parse results of delivery (header fields raw and decoded, "_text", for
//   SEARCH and SORT); `data` is the last column so reading the
//   others never walks the blob's overflow pages. AUTOINCREMENT keeps
//   EMAILIDs from being reused.
// - thread_link maps every message-id seen to its THREADID.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE mailbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  uidvalidity INTEGER NOT NULL,
  uidnext INTEGER NOT NULL,
  highest_modseq INTEGER NOT NULL,
  special_use INTEGER NOT NULL DEFAULT 0,
  noselect INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subscription (
  name TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE keyword (
  folded TEXT PRIMARY KEY,
  name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE content (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  size INTEGER NOT NULL,
  thread_id INTEGER NOT NULL,
  header_date INTEGER NOT NULL DEFAULT 0,
  envelope TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  bodystructure TEXT NOT NULL DEFAULT '',
  part_tree BLOB NOT NULL DEFAULT '',
  preview TEXT NOT NULL DEFAULT '',
  subject_raw TEXT NOT NULL DEFAULT '',
  subject_text TEXT NOT NULL DEFAULT '',
  from_raw TEXT NOT NULL DEFAULT '',
  from_text TEXT NOT NULL DEFAULT '',
  to_raw TEXT NOT NULL DEFAULT '',
  to_text TEXT NOT NULL DEFAULT '',
  cc_raw TEXT NOT NULL DEFAULT '',
  cc_text TEXT NOT NULL DEFAULT '',
  bcc_raw TEXT NOT NULL DEFAULT '',
  bcc_text TEXT NOT NULL DEFAULT '',
  message_id_raw TEXT NOT NULL DEFAULT '',
  message_id_text TEXT NOT NULL DEFAULT '',
  in_reply_to_raw TEXT NOT NULL DEFAULT '',
  in_reply_to_text TEXT NOT NULL DEFAULT '',
  references_raw TEXT NOT NULL DEFAULT '',
  references_text TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  data BLOB NOT NULL
);

CREATE TABLE message (
  mailbox_id INTEGER NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  modseq INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  keywords TEXT NOT NULL DEFAULT '',
  content_id INTEGER NOT NULL REFERENCES content(id),
  size INTEGER NOT NULL,
  internal_date INTEGER NOT NULL,
  internal_date_tz INTEGER NOT NULL,
  save_date INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX message_modseq ON message (mailbox_id, modseq);
CREATE INDEX message_content ON message (content_id);

CREATE TABLE tombstone (
  mailbox_id INTEGER NOT NULL REFERENCES mailbox(id) ON DELETE CASCADE,
  uid INTEGER NOT NULL,
  modseq INTEGER NOT NULL,
  PRIMARY KEY (mailbox_id, uid)
) WITHOUT ROWID;
CREATE INDEX tombstone_modseq ON tombstone (mailbox_id, modseq);

CREATE TABLE thread_link (
  message_id TEXT PRIMARY KEY,
  thread_id INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

Result<void> create_v1(Connection& db) {
  if (auto r = db.exec(kSchemaV1); !r) return r;
  std::random_device random;
  auto salt = static_cast<uint32_t>(random());
  auto meta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
  if (!meta) return meta.error();
  if (auto r = meta->bind_all("object_salt", salt).run(); !r) return r;
  for (const auto& mailbox : default_mailboxes()) {
    auto id = insert_mailbox(db, mailbox.name, mailbox.special_use);
    if (!id) return id.error();
    if (auto r = set_subscribed(db, mailbox.name, true); !r) return r;
  }
  return Ok{};
}

// Version 3: quota (RFC 9208). Usage is a single row of counters kept by
// triggers on `message`, so every path that adds or removes a message
// (APPEND, COPY, MOVE, EXPUNGE, DELETE, RENAME INBOX, repair) keeps it right
// without a scan, in the same transaction. The user's own limits live in
// `quota_limit` (resource -> limit; -1 means unlimited; no row: the default).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE quota_usage (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  storage INTEGER NOT NULL,
  messages INTEGER NOT NULL
);
INSERT INTO quota_usage (id, storage, messages)
  SELECT 1, coalesce(sum(size), 0), count(*) FROM message;
CREATE TRIGGER quota_message_insert AFTER INSERT ON message BEGIN
  UPDATE quota_usage SET storage = storage + NEW.size, messages = messages + 1 WHERE id = 1;
END;
CREATE TRIGGER quota_message_delete AFTER DELETE ON message BEGIN
  UPDATE quota_usage SET storage = storage - OLD.size, messages = messages - 1 WHERE id = 1;
END;
CREATE TABLE quota_limit (
  resource TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

Result<void> add_quota(Connection& db) { return db.exec(kSchemaV3); }

// Version 8 changes no table: from here on `content.body_text` is left ''
// and the body text is derived from `data` whenever the index or a search
// needs it (content.h, search_text_of_row()). Existing rows keep their text
// (rewriting every row of a large store at upgrade is what this avoids);
// nothing reads it. The version number is raised so that an older program,
// which would index and search the new rows' empty body_text, refuses the
// store instead.
Result<void> stop_storing_body_text(Connection&) { return Ok{}; }

// migrations[v] brings a database from version v to v + 1. Add a step here
// and raise kSchemaVersion when the schema changes; never edit a shipped step.
using Migration = Result<void> (*)(Connection&);
// Version 2 adds the full-text index (fulltext.h) and fills it from the
// stored messages; version 3 adds quota usage counters and per-user limits;
// version 4 adds the compact SORT/THREAD keys (sort_key_table.h), derived
// from the header fields already stored; version 5 indexed distinct
// trigrams without positions; version 6 indexes trigrams with positions
// again, now written after delivery (fulltext_backlog.h); version 7 moves
// the columns a FETCH of metadata reads out of `content` into
// content_summary (summary_table.h); version 8 stops writing
// content.body_text (stop_storing_body_text()); version 9 indexes runs of
// word and separator characters instead of trigrams (word_tokens.h).
// Steps 2, 5, 6 and 9
// create the index in the current form, empty, and leave its entries to
// the writer's background work, so an upgrade opens at once.
constexpr Migration kMigrations[kSchemaVersion] = {create_v1,
                                                   create_fulltext_index,
                                                   add_quota,
                                                   create_sort_key_table,
                                                   upgrade_fulltext_index,
                                                   upgrade_fulltext_index,
                                                   create_summary_table,
                                                   stop_storing_body_text,
                                                   upgrade_fulltext_index};

Result<void> migrate(Connection& db) {
  auto version = db.query_int("PRAGMA user_version");
  if (!version) return version.error();
  if (*version > kSchemaVersion) {
    return Error{
        "store schema version " + std::to_string(*version) + " is newer than this program supports",
        ErrorCode::Corrupt};
  }
  for (int64_t v = *version; v < kSchemaVersion; ++v) {
    if (auto r = kMigrations[v](db); !r) return r;
  }
  if (*version != kSchemaVersion) {
    return db.exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
  }
  return Ok{};
}

}  // namespace

Result<void> prepare_database(Connection& db) {
  // WAL: readers never wait for the writer. synchronous=FULL: each commit
  // fsyncs the WAL, so an acknowledged write survives power loss, not only
  // kill -9. Both are set before the first transaction.
  for (const char* pragma :
       {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
    if (auto r = db.exec(pragma); !r) return r;
  }
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r;
  auto migrated = migrate(db);
  if (!migrated) {
    (void)db.exec("ROLLBACK");
    return migrated;
  }
  return db.exec("COMMIT");
}

Result<void> configure_reader(Connection& db, uint64_t mmap_size) {
  // A reader never writes; query_only turns a slip into an error.
  if (auto r = db.exec("PRAGMA query_only = ON"); !r) return r;
  // Pages of the database file (not of the WAL) are then read from the
  // mapping. Where mmap fails SQLite falls back to reads by itself.
  return db.exec(("PRAGMA mmap_size = " + std::to_string(mmap_size)).c_str());
}

}  // namespace petrel::store::sqlite
