#include "store/sqlite/fulltext.h"

#include <algorithm>
#include <string>
#include <vector>

#include "store/search_text.h"
#include "store/sqlite/fulltext_backlog.h"
#include "store/sqlite/word_tokens.h"

namespace petrel::store::sqlite {
namespace {

// Each text's runs of word and separator characters with their suffixes,
// by position (word_tokens.h; the texts are casefolded already), which
// makes a phrase query an exact substring test. Entries are written in
// batches after delivery (fulltext_backlog.h), not in APPEND's transaction,
// and an exact answer spares SEARCH reading the candidates' texts: on
// 100,000 messages that was seconds for a common word. columnsize=0:
// nothing ranks by length. The texts are stored for kFetchSearchText.
// (Until schema version 9 the tokens were trigrams, SQLite's own
// tokenizer; a phrase of common trigrams was 60-150 ms at 100,000.)
constexpr const char* kCreate = R"sql(
DROP TRIGGER IF EXISTS content_fts_delete;
DROP TABLE IF EXISTS content_fts;
CREATE VIRTUAL TABLE content_fts USING fts5(
  subject, addr_from, addr_to, addr_cc, addr_bcc, body, header,
  tokenize = 'petrel_words', columnsize = 0
);
CREATE TRIGGER content_fts_delete AFTER DELETE ON content BEGIN
  DELETE FROM content_fts WHERE rowid = old.id;
END;
)sql";

// What marks the current form in the table's CREATE statement.
constexpr const char* kCurrentForm = "petrel_words', columnsize = 0";

const char* column_filter(TextField field) {
  switch (field) {
    case TextField::Subject:
      return "{subject}";
    case TextField::From:
      return "{addr_from}";
    case TextField::To:
      return "{addr_to}";
    case TextField::Cc:
      return "{addr_cc}";
    case TextField::Bcc:
      return "{addr_bcc}";
    case TextField::Body:
      return "{body}";
    case TextField::Header:
      return "{header}";
    case TextField::Text:
      break;
  }
  return "{header body}";
}

size_t code_points(std::string_view s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// An FTS5 phrase of the string (its trigrams, each after the other): in
// double quotes, inner quotes doubled.
std::string phrase(std::string_view folded) {
  std::string out = "\"";
  for (char c : folded) {
    out += c;
    if (c == '"') out += '"';
  }
  out += '"';
  return out;
}

// Drops the old index without overwriting its pages with zeros. Debian's
// SQLite is built with secure_delete on, which zeroes every page a
// statement frees: for an index of 2.7 GB that was 2.7 GB more written to
// the WAL (3.95 GB in all) before the first message was indexed again.
// What those pages hold is the text of messages still stored, and tokens
// of expunged ones that FTS5 had not merged away yet (their rows were
// zeroed when they went); the latter stay in free pages until reused.
// FAST still clears the freed parts of pages that stay in use.
Result<void> drop_old_index(Connection& db) {
  auto secure = db.query_int("PRAGMA secure_delete");
  if (!secure) return secure.error();
  if (auto r = db.exec("PRAGMA secure_delete = FAST"); !r) return r;
  auto dropped = db.exec(kCreate);
  auto restored =
      db.exec((std::string("PRAGMA secure_delete = ") + std::to_string(*secure)).c_str());
  if (!dropped) return dropped;
  return restored;
}

// An empty index in the current form; every content row is left to
// index_backlog(), which the writer runs in the background.
Result<void> create_empty_index(Connection& db) {
  if (auto r = drop_old_index(db); !r) return r;
  auto first = db.query_int("SELECT coalesce(min(id), 0) FROM content");
  if (!first) return first.error();
  if (*first == 0) return clear_backlog(db);
  return note_unindexed(db, *first);
}

// The content ids whose index entry matches `query`, ascending (FTS5
// gives its rows in rowid order).
Result<std::vector<int64_t>> matching_content_ids(Connection& db, const std::string& query) {
  auto stmt = db.prepare("SELECT rowid FROM content_fts WHERE content_fts MATCH ?");
  if (!stmt) return stmt.error();
  stmt->bind(1, query);
  std::vector<int64_t> ids;
  while (true) {
    auto more = stmt->step();
    if (!more) return more.error();
    if (!*more) return ids;
    ids.push_back(stmt->int64(0));
  }
}

// Whether to read the messages of the ids' whole range in one pass of the
// message_content index, merged with them, rather than look each id up: a
// lookup costs about as much as reading 16 index entries in order. A
// common word matches most of a mailbox: at 100,000 messages, 57,000
// lookups made most of a 56-71 ms SEARCH TEXT network (36-53 ms with the
// pass); FROM david, 5,000 lookups, took 9 ms, and 17 ms with the pass.
bool scan_range(const std::vector<int64_t>& ids) {
  const auto range = static_cast<uint64_t>(ids.back() - ids.front()) + 1;
  return uint64_t{ids.size()} * 16 >= range;
}

// The UIDs in `mailbox` of the messages whose content is one of `ids`
// (ascending).
Result<UidSet> uids_of_content(Connection& db, MailboxId mailbox, const std::vector<int64_t>& ids) {
  std::vector<Uid> uids;
  if (ids.empty()) return UidSet{};
  if (!scan_range(ids)) {
    auto stmt = db.prepare(
        "SELECT uid FROM message INDEXED BY message_content WHERE content_id = ? AND "
        "mailbox_id = ?");
    if (!stmt) return stmt.error();
    for (int64_t id : ids) {
      stmt->reset();
      stmt->bind(1, id).bind(2, mailbox);
      while (true) {
        auto more = stmt->step();
        if (!more) return more.error();
        if (!*more) break;
        uids.push_back(static_cast<Uid>(stmt->int64(0)));
      }
    }
  } else {
    // The index holds (content_id, mailbox_id, uid): a covering scan in
    // content id order, merged with the sorted ids.
    auto stmt = db.prepare(
        "SELECT content_id, uid FROM message INDEXED BY message_content WHERE content_id "
        "BETWEEN ? AND ? AND mailbox_id = ?");
    if (!stmt) return stmt.error();
    stmt->bind(1, ids.front()).bind(2, ids.back()).bind(3, mailbox);
    auto next = ids.begin();
    while (true) {
      auto more = stmt->step();
      if (!more) return more.error();
      if (!*more) break;
      const int64_t content = stmt->int64(0);
      while (next != ids.end() && *next < content) ++next;
      if (next == ids.end()) break;
      if (*next == content) uids.push_back(static_cast<Uid>(stmt->int64(1)));
    }
  }
  std::sort(uids.begin(), uids.end());
  return UidSet::of(uids);
}

}  // namespace

Result<void> index_content(Connection& db, int64_t content_id, const SearchText& text) {
  auto insert = db.prepare(
      "INSERT INTO content_fts (rowid, subject, addr_from, addr_to, addr_cc, addr_bcc, body, "
      "header) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return insert.error();
  return insert
      ->bind_all(content_id, text.subject, text.from, text.to, text.cc, text.bcc, text.body,
                 text.header)
      .run();
}

Result<void> create_fulltext_index(Connection& db) { return create_empty_index(db); }

Result<void> upgrade_fulltext_index(Connection& db) {
  auto stmt = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'content_fts'");
  if (!stmt) return stmt.error();
  auto row = stmt->step();
  if (!row) return row.error();
  bool current = *row && stmt->string(0).find(kCurrentForm) != std::string::npos;
  stmt->reset();
  if (current) return Ok{};
  return create_empty_index(db);
}

Result<std::optional<TextCandidates>> fulltext_candidates(Connection& db, MailboxId mailbox,
                                                          TextField field,
                                                          std::string_view folded) {
  // Strings under three characters are every message's (a prefix query
  // of one or two would merge the lists of a great many tokens).
  if (code_points(folded) < 3) return std::optional<TextCandidates>();
  // A prefix query: the phrase's last token starts a run (word_tokens.h).
  std::string query = std::string(column_filter(field)) + " : " + phrase(folded) + " *";
  auto rows = matching_content_ids(db, query);
  if (!rows) return rows.error();
  auto uids = uids_of_content(db, mailbox, *rows);
  if (!uids) return uids.error();
  // Exact but for HEADER, whose string must be in one named field while the
  // index only knows the whole header section, and for strings with a run
  // longer than a token.
  return std::optional<TextCandidates>(
      TextCandidates{std::move(*uids), field != TextField::Header && words_answer_exactly(folded)});
}

}  // namespace petrel::store::sqlite
